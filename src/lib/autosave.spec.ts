import { describe, expect, it, vi, afterEach } from 'vitest';
import type { Span } from './annotation/types';
import { DraftSync, sameSpans, spanDiff, type SyncState } from './autosave';

/** A stand-in for the draft endpoint with the server's revision rule, and a switch to go offline. */
function fakeServer(start: { revision: number; spans: Span[] }) {
	const srv = { ...start, offline: false, puts: 0 };
	const fetchFn = (async (_url: string, init?: RequestInit) => {
		if (srv.offline) throw new TypeError('Failed to fetch');
		srv.puts++;
		const body = JSON.parse(String(init?.body));
		if (body.revision !== srv.revision) {
			return Response.json(
				{ code: 'stale', current: { revision: srv.revision, spans: srv.spans } },
				{ status: 409 }
			);
		}
		srv.revision++;
		srv.spans = body.spans;
		return Response.json({ revision: srv.revision });
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
});
