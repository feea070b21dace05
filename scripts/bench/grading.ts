// Benchmark: the instructor's submissions table and class insights for an assignment with 1,000
// submissions (target: each loads in at most 1 s). Seeds a fresh SQLite database behind the built
// server (`npx vite build` first), then times the pages over HTTP. Prints figures; never fails on time.
import { hash } from '@node-rs/argon2';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sample from '../../src/lib/fixtures/g20-syria.json' with { type: 'json' };
import { Client } from '../../tests/helpers/http';
import { DEMO_PASSWORD, startServer } from '../../tests/helpers/server';

const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 1000);
const RUNS = 5;

if (!existsSync('build/index.js')) {
	console.error('build/index.js is missing: run `npx vite build` first.');
	process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'newsmark-bench-'));
const db = {
	url: join(dir, 'newsmark.db'),
	drop: async () => rmSync(dir, { recursive: true, force: true })
};
const server = await startServer(db);
try {
	const sqlite = new Database(db.url);
	const { id: assignmentId, class_id: classId } = sqlite
		.prepare("select id, class_id from assignments where title like 'Who says so%'")
		.get() as { id: string; class_id: string };
	const passwordHash = await hash('not used for logging in', {
		memoryCost: 19456,
		timeCost: 2,
		outputLen: 32,
		parallelism: 1
	});
	const reference = sample.reference.spans as { start: number; end: number; tag: string }[];
	const tags = ['quote', 'claim', 'opinion', 'unclear_sourcing'];
	let seed = 42;
	const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	const now = new Date().toISOString();
	const insertUser = sqlite.prepare(
		'insert into users (id, email, name, password_hash, must_change_password, created_at) values (?, ?, ?, ?, 0, ?)'
	);
	const insertMember = sqlite.prepare(
		"insert into memberships (class_id, user_id, role, joined_at, removed_at) values (?, ?, 'learner', ?, null)"
	);
	const insertSub = sqlite.prepare(
		'insert into submissions (id, assignment_id, user_id, attempt, spans, submitted_at, late) values (?, ?, ?, 1, ?, ?, 0)'
	);
	sqlite.transaction(() => {
		for (let i = 0; i < LEARNERS; i++) {
			const id = `bench${i}`;
			insertUser.run(
				id,
				`bench${i}@example.com`,
				`Learner ${String(i).padStart(4, '0')}`,
				passwordHash,
				now
			);
			insertMember.run(classId, id, now);
			// Plausible work: most reference spans found, some retagged, a few missed.
			const spans = reference
				.filter(() => random() > 0.25)
				.map((s) => ({
					start: s.start,
					end: s.end,
					tag: random() > 0.2 ? s.tag : tags[Math.floor(random() * 4)],
					exact: sample.text.slice(s.start, s.end),
					prefix: sample.text.slice(Math.max(0, s.start - 32), s.start),
					suffix: sample.text.slice(s.end, s.end + 32)
				}));
			insertSub.run(`sub${i}`, assignmentId, id, JSON.stringify(spans), now);
		}
	})();
	sqlite.close();

	const teacher = new Client(server.url);
	await teacher.login('teacher@example.com', DEMO_PASSWORD);
	const time = async (path: string) => {
		const ms: number[] = [];
		for (let r = 0; r < RUNS + 1; r++) {
			const t = performance.now();
			const res = await teacher.get(path);
			if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
			if (r > 0) ms.push(performance.now() - t); // the first run warms up
		}
		ms.sort((a, b) => a - b);
		return { median: ms[Math.floor(ms.length / 2)], best: ms[0] };
	};
	const rows = [
		['Submissions table (page)', await time(`/assignments/${assignmentId}`)],
		['Submissions (JSON API)', await time(`/api/assignments/${assignmentId}/submissions`)],
		['Class insights (page)', await time(`/assignments/${assignmentId}/insights`)],
		['Grades CSV', await time(`/api/assignments/${assignmentId}/grades.csv`)]
	] as const;
	console.log(
		`\nGrading views with ${LEARNERS} submissions (median of ${RUNS}, target ≤ 1000 ms each)`
	);
	for (const [name, t] of rows) {
		console.log(
			`  ${name.padEnd(28)} ${t.median.toFixed(0).padStart(6)} ms   (best ${t.best.toFixed(0)} ms)`
		);
	}
} finally {
	await server.stop();
	await db.drop();
}
