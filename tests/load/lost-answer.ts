/**
 * A save whose answer is lost: the server writes the draft, but the connection drops before the reply
 * reaches the learner (a proxy timeout, a mobile network switching, an overloaded server the client
 * gave up on, a crash right after the commit). The learner's page (src/lib/autosave.ts) retries the
 * same save with the same base revision. The server then sees revision base+1 stored and answers
 * 409 `stale` with its own save as `current`, and the page shows "This draft was changed in another
 * tab or on another device" although nothing else changed it: a false conflict.
 *
 * This probe reproduces it deterministically on the built server (SQLite): save revision 1; send a
 * save based on 1 and cut the connection as soon as the request is out; wait until revision 2 is
 * stored; resend the same save. It passes (exit 0) when the resend is answered 200 with revision 2
 * (an idempotent resend), and fails (exit 1) on the 409 the app gives now.
 *
 * Run:  npx tsx tests/load/lost-answer.ts
 */
import http from 'node:http';
import { freshDatabase, openDirect } from './lib/direct';
import { main, sleep } from './lib/run';
import { appServer } from './lib/server';
import { SESSION_COOKIE, learnerClient, setUpClass } from './lib/setup';
import { DraftPlan, candidateRanges, spanKey } from './lib/spans';

main(async () => {
	const db = await freshDatabase('sqlite');
	const server = await appServer('server', db.url);
	await server.start();
	const direct = openDirect(db.url);
	const cls = await setUpClass(server.url, direct, 1);
	const learner = cls.learners[0];
	const path = `/api/assignments/${cls.assignmentId}/draft`;
	const plan = new DraftPlan(cls.articleText, candidateRanges(cls.articleText), 7);
	const client = learnerClient(server.url, learner);

	const first = await client.json('PUT', path, { revision: 0, spans: plan.draft(0) });
	if (first.status !== 200) throw new Error(`first save: ${first.status} ${first.text}`);

	// The save based on revision 1, with the connection cut before any answer can arrive.
	const body = JSON.stringify({ revision: 1, spans: plan.draft(1) });
	await new Promise<void>((resolve) => {
		const req = http.request({
			host: '127.0.0.1',
			port: server.port,
			method: 'PUT',
			path,
			headers: {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(body),
				cookie: `${SESSION_COOKIE}=${learner.token}`
			}
		});
		req.on('error', () => resolve());
		req.on('response', () => resolve());
		req.end(body, () => setTimeout(() => req.destroy(), 5));
	});
	let stored = 0;
	for (let i = 0; i < 100 && stored < 2; i++) {
		const [row] = await direct.all<{ revision: number }>(
			'select revision from drafts where assignment_id = ? and user_id = ?',
			[cls.assignmentId, learner.id]
		);
		stored = Number(row?.revision ?? 0);
		if (stored < 2) await sleep(50);
	}
	await direct.close();
	if (stored !== 2) {
		console.log(
			`the cut save was not written (stored revision ${stored}): nothing to show, try again`
		);
		return 2;
	}
	console.log('a save based on revision 1 was written as revision 2, its answer lost');

	// The page's retry: the same spans on the same base.
	const again = await client.json('PUT', path, JSON.parse(body));
	const reply = JSON.parse(again.text);
	if (again.status === 200 && reply.revision === 2) {
		console.log('✓ the resend was answered 200 with revision 2: no false conflict');
		return 0;
	}
	const own =
		again.status === 409 &&
		reply.current?.revision === 2 &&
		spanKey(reply.current.spans) === spanKey(JSON.parse(body).spans);
	console.log(
		`✗ the resend got ${again.status} ${reply.code ?? ''}` +
			(own
				? ': the "current" draft it reports is this very save, so the page shows a conflict with itself'
				: `: ${again.text.slice(0, 300)}`)
	);
	return 1;
}, 120_000);
