import { describe, expect, it, vi, afterEach } from 'vitest';
import type { Span } from './annotation/types';
import { DraftSync, sameSpans, spanDiff, type SyncState } from './autosave';

/**
 * A stand-in for the draft endpoint with the server's revision rule, a switch to go offline, and a count
 * of answers to lose (the server handles the request, then the connection drops before the answer).
 */
function fakeServer(start: { revision: number; spans: Span[] }) {
	const srv = {
		...start,
		offline: false,
		lose: 0,
		puts: 0,
		sent: [] as { revision: number; spans: Span[] }[]
	};
	const answer = (res: Response) => {
		if (srv.lose > 0) {
			srv.lose--;
			throw new TypeError('Failed to fetch');
		}
		return res;
	};
	const fetchFn = (async (_url: string, init?: RequestInit) => {
		if (srv.offline) throw new TypeError('Failed to fetch');
		srv.puts++;
		const body = JSON.parse(String(init?.body));
		srv.sent.push(body);
		if (body.revision !== srv.revision) {
			return answer(
				Response.json(
					{ code: 'stale', current: { revision: srv.revision, spans: srv.spans } },
					{ status: 409 }
				)
			);
		}
		srv.revision++;
		srv.spans = body.spans;
		return answer(Response.json({ revision: srv.revision }));
	}) as typeof fetch;
	return { srv, fetchFn };
}

function memoryStorage() {
	const m = new Map<string, string>();
	return {
		getItem: (k: string) => m.get(k) ?? null,
		setItem: (k: string, v: string) => void m.set(k, v),
		removeItem: (k: string) => void m.delete(k)
	};
}

const a: Span = { start: 0, end: 5, tag: 'claim' };
const b: Span = { start: 10, end: 20, tag: 'quote' };
const c: Span = { start: 30, end: 40, tag: 'claim' };
const d: Span = { start: 50, end: 60, tag: 'quote', note: 'who said it?' };

afterEach(() => vi.useRealTimers());

describe('draft autosave', () => {
	it('keeps a change in the browser at once and saves it after the pause', async () => {
		vi.useFakeTimers();
		const { srv, fetchFn } = fakeServer({ revision: 0, spans: [] });
		const storage = memoryStorage();
		const states: SyncState[] = [];
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 0, spans: [] },
			onchange: (s) => states.push(s),
			storage,
			fetch: fetchFn
		});
		sync.update([a]);
		expect(JSON.parse(storage.getItem('k')!)).toMatchObject({ dirty: true, spans: [a] });
		expect(sync.state.status).toBe('pending');
		await vi.advanceTimersByTimeAsync(1000);
		expect(srv.spans).toEqual([a]);
		expect(sync.state).toMatchObject({ status: 'saved', revision: 1 });
		expect(JSON.parse(storage.getItem('k')!)).toMatchObject({ dirty: false, base: 1 });
	});

	it('goes offline, keeps the change, and sends it on reconnect', async () => {
		vi.useFakeTimers();
		const { srv, fetchFn } = fakeServer({ revision: 0, spans: [] });
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 0, spans: [] },
			onchange: () => {},
			storage: memoryStorage(),
			fetch: fetchFn,
			online: () => !srv.offline
		});
		srv.offline = true;
		sync.update([a, b]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sync.state.status).toBe('offline');
		expect(sync.dirty).toBe(true);
		srv.offline = false;
		sync.reconnected();
		await vi.advanceTimersByTimeAsync(10);
		expect(srv.spans).toEqual([a, b]);
		expect(sync.state.status).toBe('saved');
	});

	it('turns a stale save into a conflict and never overwrites the newer draft', async () => {
		vi.useFakeTimers();
		const { srv, fetchFn } = fakeServer({ revision: 3, spans: [b] });
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 2, spans: [] },
			onchange: () => {},
			storage: memoryStorage(),
			fetch: fetchFn
		});
		sync.update([a]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sync.state.status).toBe('conflict');
		expect(sync.state.conflict).toEqual({ mine: [a], theirs: [b], theirsRevision: 3 });
		expect(srv.spans).toEqual([b]);
		sync.resolve('mine');
		await vi.advanceTimersByTimeAsync(10);
		expect(srv.spans).toEqual([a]);
		expect(srv.revision).toBe(4);
	});

	it('picks up unsent changes after a reload', async () => {
		vi.useFakeTimers();
		const storage = memoryStorage();
		storage.setItem('k', JSON.stringify({ base: 1, spans: [a, b], dirty: true }));
		const { srv, fetchFn } = fakeServer({ revision: 1, spans: [a] });
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 1, spans: [a] },
			onchange: () => {},
			storage,
			fetch: fetchFn
		});
		expect(sync.state.spans).toEqual([a, b]);
		await vi.advanceTimersByTimeAsync(10);
		expect(srv.spans).toEqual([a, b]);
	});

	it('compares and diffs span lists regardless of order', () => {
		expect(sameSpans([a, b], [b, a])).toBe(true);
		expect(sameSpans([a], [{ ...a, note: 'x' }])).toBe(false);
		expect(spanDiff([a, b], [b])).toEqual({ onlyMine: [a], onlyTheirs: [] });
	});
});

describe('a save whose answer was lost', () => {
	it('is not a conflict when the server already holds exactly these spans', async () => {
		vi.useFakeTimers();
		// The server wrote revision 1 with [a], but the browser never heard back and resends on revision 0.
		const { srv, fetchFn } = fakeServer({ revision: 1, spans: [a] });
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 0, spans: [] },
			onchange: () => {},
			storage: memoryStorage(),
			fetch: fetchFn
		});
		sync.update([a]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sync.state).toMatchObject({ status: 'saved', revision: 1, conflict: null });
		sync.update([a, b]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(srv).toMatchObject({ revision: 2, spans: [a, b] });
	});

	/** A learner at revision 1 ([a] saved), whose next save is written but its answer lost. */
	async function afterLostAnswer(storage = memoryStorage()) {
		const { srv, fetchFn } = fakeServer({ revision: 0, spans: [] });
		const states: SyncState[] = [];
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 0, spans: [] },
			onchange: (s) => states.push(s),
			storage,
			fetch: fetchFn,
			online: () => !srv.offline
		});
		sync.update([a]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sync.state).toMatchObject({ status: 'saved', revision: 1 });
		srv.lose = 1;
		sync.update([a, b]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(srv).toMatchObject({ revision: 2, spans: [a, b] });
		expect(sync.state).toMatchObject({ status: 'error', revision: 1 });
		return { srv, sync, states, storage };
	}

	it('is not a conflict when the learner edited before the retry: the latest spans go on top', async () => {
		vi.useFakeTimers();
		const { srv, sync, states } = await afterLostAnswer();
		sync.update([a, b, c]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(states.map((s) => s.status)).not.toContain('conflict');
		expect(sync.state).toMatchObject({ status: 'saved', revision: 3, conflict: null });
		expect(srv).toMatchObject({ revision: 3, spans: [a, b, c] });
		// The retry on the old base met the lost save, then the latest spans were sent on top of it.
		expect(srv.sent.slice(-2)).toEqual([
			{ revision: 1, spans: [a, b, c] },
			{ revision: 2, spans: [a, b, c] }
		]);
		expect(sync.dirty).toBe(false);
	});

	it('is not a conflict when the retry’s answer is lost too', async () => {
		vi.useFakeTimers();
		const { srv, sync, states } = await afterLostAnswer();
		srv.lose = 1;
		sync.update([a, b, c]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sync.state.status).toBe('error');
		sync.update([a, b, c, d]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(states.map((s) => s.status)).not.toContain('conflict');
		expect(sync.state).toMatchObject({ status: 'saved', revision: 3 });
		expect(srv).toMatchObject({ revision: 3, spans: [a, b, c, d] });
	});

	it.each([
		['another device wrote over the lost save', 3],
		['another device wrote first, so the lost save was never stored', 2]
	])('is still a conflict when %s', async (_case, revision) => {
		vi.useFakeTimers();
		const { srv, sync } = await afterLostAnswer();
		Object.assign(srv, { revision, spans: [d] });
		sync.update([a, b, c]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(sync.state.status).toBe('conflict');
		expect(sync.state.conflict).toEqual({ mine: [a, b, c], theirs: [d], theirsRevision: revision });
		expect(srv).toMatchObject({ revision, spans: [d] });
	});

	it('is remembered in the browser until a save is acknowledged', async () => {
		vi.useFakeTimers();
		const { sync, storage } = await afterLostAnswer();
		expect(JSON.parse(storage.getItem('k')!)).toEqual({
			base: 1,
			spans: [a, b],
			dirty: true,
			unanswered: [{ base: 1, spans: [a, b] }]
		});
		sync.update([a, b, c]);
		await vi.advanceTimersByTimeAsync(1000);
		expect(JSON.parse(storage.getItem('k')!)).toEqual({ base: 3, spans: [a, b, c], dirty: false });
	});

	it('is remembered by the next DraftSync on the same storage (a reload before the retry)', async () => {
		vi.useFakeTimers();
		const { srv, fetchFn } = fakeServer({ revision: 0, spans: [] });
		const storage = memoryStorage();
		const { sync } = await afterLostAnswer(storage);
		sync.update([a, b, c]);
		sync.destroy();
		// The reloaded page is built on a copy of the draft from before the lost save was written.
		Object.assign(srv, { revision: 2, spans: [a, b] });
		const states: SyncState[] = [];
		const again = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 1, spans: [a] },
			onchange: (s) => states.push(s),
			storage,
			fetch: fetchFn
		});
		await vi.advanceTimersByTimeAsync(1000);
		expect(states.map((s) => s.status)).not.toContain('conflict');
		expect(again.state).toMatchObject({ status: 'saved', revision: 3 });
		expect(srv).toMatchObject({ revision: 3, spans: [a, b, c] });
	});

	it('is recognised on reload when the page comes with it (the page was closed mid-send)', async () => {
		vi.useFakeTimers();
		const storage = memoryStorage();
		storage.setItem('k', JSON.stringify({ base: 1, spans: [a], dirty: false }));
		const { srv, fetchFn } = fakeServer({ revision: 1, spans: [a] });
		// The first page's save is written, and the page is gone before the answer comes.
		const hanging = (async (url: string, init?: RequestInit) => {
			await fetchFn(url, init);
			return new Promise<Response>(() => {});
		}) as typeof fetch;
		const first = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 1, spans: [a] },
			onchange: () => {},
			storage,
			fetch: hanging
		});
		first.update([a, b]);
		await vi.advanceTimersByTimeAsync(1000);
		first.update([a, b, c]);
		first.destroy();
		expect(srv).toMatchObject({ revision: 2, spans: [a, b] });
		const again = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 2, spans: [a, b] },
			onchange: () => {},
			storage,
			fetch: fetchFn
		});
		expect(again.state).toMatchObject({ status: 'pending', revision: 2, spans: [a, b, c] });
		await vi.advanceTimersByTimeAsync(10);
		expect(again.state).toMatchObject({ status: 'saved', revision: 3, conflict: null });
		expect(srv).toMatchObject({ revision: 3, spans: [a, b, c] });
	});

	it('tolerates a damaged list in the browser', async () => {
		vi.useFakeTimers();
		const storage = memoryStorage();
		storage.setItem(
			'k',
			JSON.stringify({ base: 1, spans: [a, b], dirty: true, unanswered: [null, { base: 'x' }] })
		);
		const { srv, fetchFn } = fakeServer({ revision: 1, spans: [a] });
		const sync = new DraftSync({
			url: '/x',
			storageKey: 'k',
			server: { revision: 1, spans: [a] },
			onchange: () => {},
			storage,
			fetch: fetchFn
		});
		await vi.advanceTimersByTimeAsync(10);
		expect(sync.state).toMatchObject({ status: 'saved', revision: 2 });
		expect(srv.spans).toEqual([a, b]);
	});

	it('keeps the first and the latest few unanswered saves, and none sent while offline', async () => {
		vi.useFakeTimers();
		const { srv, sync, storage } = await afterLostAnswer();
		const more = [[c], [d], [c, d], [b, c], [b, d], [a, c]];
		for (const spans of more) {
			srv.lose = 1;
			sync.update(spans);
			await vi.advanceTimersByTimeAsync(1000);
		}
		srv.offline = true;
		sync.update([a, d]);
		await vi.advanceTimersByTimeAsync(1000);
		const kept = JSON.parse(storage.getItem('k')!).unanswered;
		expect(kept.map((u: { spans: Span[] }) => u.spans)).toEqual([[a, b], ...more.slice(-4)]);
		// The server comes back: the first of them was the one written, so no conflict.
		srv.offline = false;
		sync.reconnected();
		await vi.advanceTimersByTimeAsync(10);
		expect(sync.state).toMatchObject({ status: 'saved', revision: 3, conflict: null });
		expect(srv.spans).toEqual([a, d]);
	});
});
