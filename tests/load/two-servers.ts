/**
 * Two app servers on one PostgreSQL database (TEST_DATABASE_URL's server, a fresh database), started
 * together (migrations and the seed must cope), the autosave load split between them:
 * - sessions: an account signed up on B joins the class through A; the instructor's session from A
 *   makes the assignment through B; a log-in on A reads the draft through B; a log-out on B ends the
 *   session on A too;
 * - the load: every learner's saves alternate between A and B (each save is based on the revision the
 *   other server acknowledged), then no acknowledged write is missing from the database;
 * - conflicts across servers: save revision r on one server, then a save based on r-1 on the other
 *   gets 409 `stale` with revision r as current; and the same base sent to both at once is accepted
 *   exactly once (updates of existing drafts, and first saves of fresh learners that race to insert).
 *
 * Run:  TEST_DATABASE_URL=postgres://newsmark:newsmark@127.0.0.1:5432/newsmark \
 *         npx tsx tests/load/two-servers.ts [--learners 300] [--seconds 30] [--conflicts 200]
 *
 * The default 300 learners (≈ 150 saves/s) fit two servers and PostgreSQL on a 2-core machine; this
 * script is about correctness across servers, tests/load/autosave.ts --db postgres about capacity.
 *
 * Exits 0 when every check passed, 1 when one failed, 2 when it could not run (no TEST_DATABASE_URL),
 * 3 on its time limit.
 */
import { parseArgs } from 'node:util';
import type { Span } from '../../src/lib/annotation/types';
import { Client } from '../helpers/http';
import { cpuSince, cpuSnapshot, formatCpu } from './lib/cpu';
import { freshDatabase, openDirect } from './lib/direct';
import {
	formatSummary,
	formatVerification,
	makeLearners,
	runLoad,
	verifyDrafts,
	type Learner
} from './lib/load';
import { machineLoad, main } from './lib/run';
import { appServer, type AppServer } from './lib/server';
import {
	PASSWORD,
	addLearners,
	checkSetUp,
	learnerClient,
	setUpClass,
	type LearnerAccount
} from './lib/setup';
import { spanKey } from './lib/spans';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '300' },
		seconds: { type: 'string', default: '30' },
		conflicts: { type: 'string', default: '200' }
	}
});
const learnerCount = Number(values.learners);
const seconds = Number(values.seconds);
const conflicts = Number(values.conflicts);
if (
	!(learnerCount >= 2 && learnerCount <= 20_000) ||
	!(seconds > 0 && seconds <= 3600) ||
	!(conflicts >= 1 && conflicts <= learnerCount)
) {
	console.error('--learners 2 to 20000, --seconds 1 to 3600, --conflicts 1 to the learner count');
	process.exit(2);
}
if (!process.env.TEST_DATABASE_URL) {
	console.error(
		'two-servers needs PostgreSQL: set TEST_DATABASE_URL (e.g. postgres://newsmark:newsmark@127.0.0.1:5432/newsmark; the role must be allowed to create databases)'
	);
	process.exit(2);
}

type Check = (ok: boolean, what: string) => void;

interface PutReply {
	status: number;
	body: { revision?: number; code?: string; current?: { revision: number; spans: Span[] } };
}

async function putDraft(
	server: AppServer,
	who: LearnerAccount,
	assignmentId: string,
	revision: number,
	spans: Span[]
): Promise<PutReply> {
	const r = await learnerClient(server.url, who).json(
		'PUT',
		`/api/assignments/${assignmentId}/draft`,
		{ revision, spans }
	);
	let body = {};
	try {
		body = JSON.parse(r.text);
	} catch {
		// status tells
	}
	return { status: r.status, body };
}

async function sessionChecks(
	A: AppServer,
	B: AppServer,
	cls: Awaited<ReturnType<typeof setUpClass>>,
	check: Check
) {
	// An account signed up on B joins the class through A, and sees the assignment on both.
	const x = new Client(B.url);
	const signup = await x.form('/signup', {
		name: 'Cross Server',
		email: 'cross-server@example.test',
		password: PASSWORD
	});
	check(signup.status === 303, `sign-up on B (${signup.status})`);
	const onA = new Client(A.url);
	x.cookies.forEach((v, k) => onA.cookies.set(k, v));
	const join = await onA.form('/?/join', { code: cls.joinCode });
	check(
		join.status === 303 && join.location === `/classes/${cls.classId}`,
		`a session made on B joins the class through A (${join.status} ${join.location})`
	);
	for (const [name, c] of [
		['A', onA],
		['B', x]
	] as const) {
		const list = await c.get('/api/assignments');
		const ids =
			list.status === 200 ? (JSON.parse(list.text) as { id: string }[]).map((a) => a.id) : [];
		check(ids.includes(cls.assignmentId), `the joined learner lists the assignment on ${name}`);
	}
	// A log-in on A reads the draft through B; a log-out on B ends the session on A.
	const who = cls.learners[1];
	const y = new Client(A.url);
	const login = await y.login(who.email, PASSWORD);
	check(login.status === 303, `log-in on A (${login.status})`);
	const yB = new Client(B.url);
	y.cookies.forEach((v, k) => yB.cookies.set(k, v));
	const draft = await yB.get(`/api/assignments/${cls.assignmentId}/draft`);
	check(draft.status === 200, `a session made on A reads its draft through B (${draft.status})`);
	const logout = await yB.form('/logout', {});
	check(logout.status === 303, `log-out on B (${logout.status})`);
	const after = await y.get('/api/assignments');
	check(after.status === 401, `after a log-out on B the session is refused on A (${after.status})`);
}

async function conflictChecks(
	A: AppServer,
	B: AppServer,
	assignmentId: string,
	learners: Learner[],
	fresh: LearnerAccount[],
	check: Check
) {
	const servers = [A, B];
	// 1. Sequential: revision r saved on one server; a save based on r-1 on the other is refused.
	let sequentialOk = 0;
	for (const [i, L] of learners.entries()) {
		const [first, second] = i % 2 ? [B, A] : [A, B];
		const base = L.base;
		const spans = L.plan.draft(L.k);
		const saved = await putDraft(first, L.account, assignmentId, base, spans);
		const r = base + 1;
		if (saved.status !== 200 || saved.body.revision !== r) {
			check(false, `save of revision ${r} on ${first.name}: ${saved.status}`);
			continue;
		}
		L.resync({ revision: r, spans });
		L.k++;
		const stale = await putDraft(second, L.account, assignmentId, r - 1, L.plan.draft(L.k));
		const ok =
			stale.status === 409 &&
			stale.body.code === 'stale' &&
			stale.body.current?.revision === r &&
			spanKey(stale.body.current.spans) === spanKey(spans);
		if (ok) sequentialOk++;
		else
			check(
				false,
				`learner ${L.account.index}: a save based on ${r - 1} on ${second.name} got ${stale.status} ${JSON.stringify(stale.body).slice(0, 200)}`
			);
	}
	check(
		sequentialOk === learners.length,
		`revision r saved on one server, then a save based on r-1 on the other: ${sequentialOk}/${learners.length} refused with 409 stale (current = r)`
	);

	// 2. Races: the same base sent to A and B at once; exactly one wins, and it is what is stored.
	const race = async (who: LearnerAccount, base: number, a: Span[], b: Span[]) => {
		const [ra, rb] = await Promise.all([
			putDraft(A, who, assignmentId, base, a),
			putDraft(B, who, assignmentId, base, b)
		]);
		const wins = [ra, rb].filter((r) => r.status === 200 && r.body.revision === base + 1).length;
		const losses = [ra, rb].filter((r) => r.status === 409 && r.body.code === 'stale').length;
		return { ok: wins === 1 && losses === 1, winner: ra.status === 200 ? a : b, ra, rb };
	};
	const direct = openDirect(A.databaseUrl);
	try {
		let updates = 0;
		for (const L of learners) {
			const a = L.plan.draft(L.k);
			const b = L.plan.draft(L.k + 1);
			const r = await race(L.account, L.base, a, b);
			const [row] = await direct.all<{ revision: number; spans: string }>(
				'select revision, spans from drafts where assignment_id = ? and user_id = ?',
				[assignmentId, L.account.id]
			);
			if (
				r.ok &&
				Number(row?.revision) === L.base + 1 &&
				spanKey(JSON.parse(row.spans)) === spanKey(r.winner)
			) {
				updates++;
			} else {
				check(
					false,
					`update race of learner ${L.account.index}: A ${r.ra.status}, B ${r.rb.status}, stored revision ${row?.revision}`
				);
			}
			L.resync({ revision: L.base + 1, spans: r.winner });
			L.k += 2;
		}
		check(
			updates === learners.length,
			`the same revision sent to A and B at once (update): exactly one accepted and stored in ${updates}/${learners.length}`
		);
		let inserts = 0;
		const plans = makeLearners(fresh, learners[0].plan.text, servers.length);
		for (const F of plans) {
			const r = await race(F.account, 0, F.plan.draft(0), F.plan.draft(1));
			const [row] = await direct.all<{ revision: number; spans: string }>(
				'select revision, spans from drafts where assignment_id = ? and user_id = ?',
				[assignmentId, F.account.id]
			);
			if (
				r.ok &&
				Number(row?.revision) === 1 &&
				spanKey(JSON.parse(row.spans)) === spanKey(r.winner)
			) {
				inserts++;
			} else {
				check(
					false,
					`first-save race of learner ${F.account.index}: A ${r.ra.status}, B ${r.rb.status}, stored revision ${row?.revision}`
				);
			}
		}
		check(
			inserts === plans.length,
			`first saves (revision 0) sent to A and B at once: exactly one accepted and stored in ${inserts}/${plans.length}`
		);
	} finally {
		await direct.close();
	}
}

main(
	async () => {
		const failures: string[] = [];
		const check: Check = (ok, what) => {
			if (!ok) failures.push(what);
			console.log(`${ok ? '✓' : '✗'} ${what}`);
		};
		const db = await freshDatabase('postgres');
		const A = await appServer('A', db.url);
		const B = await appServer('B', db.url);
		// Started together on an empty database: both run the migrations and the seed at once.
		await Promise.all([A.start(), B.start()]);
		console.log(`servers A ${A.url} and B ${B.url} on one PostgreSQL database; ${machineLoad()}`);
		const direct = openDirect(db.url);
		const articles = await direct.all<{ n: string }>(
			"select count(*) as n from articles where slug = 'g20-syria-talks' and superseded_at is null"
		);
		check(
			Number(articles[0].n) === 1,
			`both servers seeded one practice library (sample article rows: ${articles[0].n})`
		);
		const cls = await setUpClass(A.url, direct, learnerCount, B.url);
		check(true, "the instructor's session from A made the assignment through B");
		const fresh = await addLearners(direct, cls.classId, conflicts, learnerCount);
		await direct.close();
		await checkSetUp(B.url, cls);
		await sessionChecks(A, B, cls, check);

		const learners = makeLearners(cls.learners, cls.articleText, 2);
		console.log(
			`${learnerCount} learners, each saving every 2 s for ${seconds} s, alternating between A and B (≈ ${learnerCount / 2} saves/s)`
		);
		const cpu0 = cpuSnapshot([A.pid(), B.pid()]);
		const stats = await runLoad({
			targets: [A, B],
			learners,
			assignmentId: cls.assignmentId,
			seconds,
			pick: (L, k) => (L.account.index + k) % 2
		});
		const cpu = cpuSince(cpu0, [A.pid(), B.pid()]);
		learners.forEach((L) => L.closeConnections());
		const summary = stats.summary();
		console.log(
			`${formatSummary(summary)}; acknowledged by A ${stats.okPerTarget[0]}, by B ${stats.okPerTarget[1]}`
		);
		console.log(
			formatCpu(cpu, summary.saves + summary.errors).replace('app server', 'app servers')
		);
		for (const e of stats.errors.slice(0, 5))
			console.log(`  e.g. learner ${e.learner}: ${e.kind} ${e.detail}`);
		check(summary.errors === 0, `no save failed under the split load (${summary.errors} non-200)`);
		const verifyWith = openDirect(db.url);
		const v = await verifyDrafts(verifyWith, cls.assignmentId, learners);
		await verifyWith.close();
		console.log(formatVerification(v));
		// Go on from what is stored (a save that timed out may have been written without an answer).
		for (const L of learners) L.resync(v.rows.get(L.account.id) ?? null);
		check(
			v.lost === 0 && v.unexpected === 0,
			`no write lost across the two servers (lost ${v.lost}, unexpected ${v.unexpected})`
		);

		await conflictChecks(A, B, cls.assignmentId, learners.slice(0, conflicts), fresh, check);
		const serverErrors = [...A.errorLines(), ...B.errorLines()];
		check(serverErrors.length === 0, `no server logged an error (${serverErrors.length})`);
		if (serverErrors.length) console.log(serverErrors.slice(0, 3).join('\n'));
		console.log(machineLoad());
		console.log(failures.length ? `✗ ${failures.length} checks failed` : '✓ every check passed');
		return failures.length ? 1 : 0;
	},
	(seconds + 300) * 1000
);
