/**
 * A save whose answer is lost: the server writes the draft, but the connection drops before the reply
 * reaches the learner's page (a proxy timeout, a mobile network switching, an overloaded server the
 * client gave up on, a crash right after the commit: tests/load/crash.ts sees such saves). The page's
 * autosave (src/lib/autosave.ts, `DraftSync`) retries on top of the same base revision; the server now
 * holds base+1 (the lost save) and answers 409 `stale` with that save as `current`. `DraftSync`
 * remembers every save still waiting for an answer (in memory and in the browser's storage), so it
 * recognises that `current` as the learner's own write: it adopts base+1 and sends the latest spans on
 * top of it, with no conflict shown. This probe checks that against the real server; the unit tests in
 * src/lib/autosave.spec.ts cover chains of lost answers, reloads and genuine conflicts.
 *
 * This probe drives the real `DraftSync` against the built server (SQLite), with a fetch that lets
 * one PUT reach the server and be written, then throws as a dropped connection does:
 * 1. the learner changes nothing before the retry: the retry carries the same spans, and the page must
 *    recognise its own save (status "saved", no conflict);
 * 2. the learner goes on tagging before the retry (the usual case: the retry waits 2 s, edits arrive
 *    every few seconds): the retry carries newer spans, the 409's `current` is the learner's own lost
 *    save, and the page must still not report "changed in another tab or on another device"; the newer
 *    spans must end up stored (revision base+2, on top of the lost save).
 * Exit 0 when both end saved with the latest spans stored (the case since unanswered saves are
 * remembered), 1 when the page shows a conflict with itself or the latest spans are not stored.
 *
 * Run:  npx tsx tests/load/lost-answer.ts
 */
import { DraftSync, type SyncState } from '../../src/lib/autosave';
import type { Span } from '../../src/lib/annotation/types';
import { freshDatabase, openDirect, type Direct } from './lib/direct';
import { main, sleep } from './lib/run';
import { appServer } from './lib/server';
import { SESSION_COOKIE, setUpClass, type LearnerAccount } from './lib/setup';
import { DraftPlan, candidateRanges, spanKey } from './lib/spans';

function memoryStorage() {
	const m = new Map<string, string>();
	return {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v),
		removeItem: (k: string) => void m.delete(k)
	};
}

/** Waits until `sync` settles (saved or conflict) or 15 s pass. */
async function settled(sync: DraftSync): Promise<SyncState> {
	for (let i = 0; i < 300; i++) {
		if (sync.state.status === 'saved' || sync.state.status === 'conflict') return sync.state;
		await sleep(50);
	}
	return sync.state;
}

async function stored(direct: Direct, assignmentId: string, userId: string) {
	const [row] = await direct.all<{ revision: number; spans: string }>(
		'select revision, spans from drafts where assignment_id = ? and user_id = ?',
		[assignmentId, userId]
	);
	return row ? { revision: Number(row.revision), spans: JSON.parse(row.spans) as Span[] } : null;
}

main(async () => {
	const db = await freshDatabase('sqlite');
	const server = await appServer('server', db.url);
	await server.start();
	const direct = openDirect(db.url);
	const cls = await setUpClass(server.url, direct, 2);
	const url = `${server.url}/api/assignments/${cls.assignmentId}/draft`;
	const failures: string[] = [];

	const run = async (learner: LearnerAccount, editBeforeRetry: boolean) => {
		const plan = new DraftPlan(
			cls.articleText,
			candidateRanges(cls.articleText),
			learner.index + 11
		);
		let loseNext = false;
		// The page's fetch, with the session cookie; when asked, the answer is read and then lost.
		const lossy = (async (input: string | URL | Request, init?: RequestInit) => {
			const headers = new Headers(init?.headers);
			headers.set('cookie', `${SESSION_COOKIE}=${learner.token}`);
			headers.set('origin', server.url);
			const res = await fetch(input, { ...init, headers });
			if (loseNext) {
				loseNext = false;
				await res.arrayBuffer();
				throw new TypeError('fetch failed (the connection dropped before the answer)');
			}
			return res;
		}) as typeof fetch;
		const sync = new DraftSync({
			url,
			storageKey: `draft-${learner.id}`,
			server: { revision: 0, spans: [] },
			onchange: () => {},
			debounceMs: 100,
			storage: memoryStorage(),
			fetch: lossy,
			online: () => true
		});
		sync.update(plan.draft(0));
		const first = await settled(sync);
		if (first.status !== 'saved' || first.revision !== 1)
			throw new Error(`first save: ${first.status}`);

		loseNext = true;
		sync.update(plan.draft(1));
		for (
			let i = 0;
			i < 100 && (await stored(direct, cls.assignmentId, learner.id))?.revision !== 2;
			i++
		) {
			await sleep(50);
		}
		const lost = await stored(direct, cls.assignmentId, learner.id);
		if (lost?.revision !== 2) throw new Error('the save whose answer is lost was not written');
		if (editBeforeRetry) sync.update(plan.draft(2));
		const end = await settled(sync);
		const row = await stored(direct, cls.assignmentId, learner.id);
		const latest = plan.draft(editBeforeRetry ? 2 : 1);
		const what = editBeforeRetry
			? 'answer lost, then the learner tags one more span before the retry'
			: 'answer lost, the retry sends the same spans';
		const ok =
			end.status === 'saved' &&
			!!row &&
			row.revision === (editBeforeRetry ? 3 : 2) &&
			spanKey(row.spans) === spanKey(latest);
		console.log(
			`${ok ? '✓' : '✗'} ${what}: the page says "${end.status}"` +
				(end.status === 'conflict'
					? ` ("${end.message}"; "theirs" is revision ${end.conflict?.theirsRevision}, the learner's own lost save: ${spanKey(end.conflict?.theirs ?? []) === spanKey(plan.draft(1))})`
					: '') +
				`; stored: revision ${row?.revision}, ${spanKey(row?.spans ?? []) === spanKey(latest) ? 'the latest spans' : 'not the latest spans'}`
		);
		if (!ok) failures.push(what);
		sync.destroy();
	};

	await run(cls.learners[0], false);
	await run(cls.learners[1], true);
	await direct.close();
	console.log(
		failures.length
			? `✗ a lost answer makes the page report a conflict with the learner's own save (${failures.length} of 2 cases)`
			: "✓ a lost answer never shows as a conflict: the page knows its own unanswered saves and stores the learner's newer spans on top"
	);
	return failures.length ? 1 : 0;
}, 120_000);
