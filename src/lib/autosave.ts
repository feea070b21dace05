/**
 * Keeps a learner's draft safe between the browser and the server. Every change is written to the
 * browser's storage at once (so a reload, a crash or a lost connection loses nothing), then sent to the
 * server after a short pause with the revision it is based on. A stale revision (another tab, another
 * device) is never overwritten: it becomes a conflict for the learner to settle. Failed sends are retried
 * with back-off and as soon as the browser is back online. Framework-free: the page wires it to the UI.
 *
 * A save can be written by the server while its answer is lost (a dropped connection, a proxy timeout,
 * a page closed mid-send). The retry goes out on the same base revision and meets a 409 `stale` whose
 * `current` is that lost save, often with newer spans of the learner's in the retry. So every save is
 * remembered (base and spans, in memory and beside the local copy in the browser's storage, so a reload
 * keeps it) until an answer arrives. A stale `current` at base+1 holding the spans of such an unanswered
 * save is the learner's own write: it becomes the new base and the latest spans are sent on top of it,
 * with no conflict shown. Only a `current` that is none of the learner's saves is a conflict. The memory
 * is dropped whenever the base revision changes (a save acknowledged, a lost save adopted, a conflict
 * settled).
 */
import type { Span } from './annotation/types';

export type SyncStatus =
	'saved' | 'pending' | 'saving' | 'offline' | 'error' | 'conflict' | 'locked';

/** Both sides of a conflict, for the learner to choose. */
export interface Conflict {
	mine: Span[];
	theirs: Span[];
	theirsRevision: number;
}

export interface SyncState {
	status: SyncStatus;
	revision: number;
	spans: Span[];
	message: string | null;
	conflict: Conflict | null;
	/** When the server last acknowledged a save. */
	savedAt: Date | null;
}

/** A save sent on top of `base` whose answer has not arrived (it may or may not have been written). */
interface Unanswered {
	base: number;
	spans: Span[];
}

/** What is kept in the browser per draft. */
interface Stored {
	base: number;
	spans: Span[];
	dirty: boolean;
	/** Absent in entries written before lost answers were remembered. */
	unanswered?: Unanswered[];
}

export interface DraftSyncOptions {
	/** The draft's API address (GET/PUT /api/assignments/:id/draft). */
	url: string;
	/** The browser-storage key (per assignment and learner). */
	storageKey: string;
	/** The draft as the server sent it with the page. */
	server: { revision: number; spans: Span[] };
	onchange: (state: SyncState) => void;
	debounceMs?: number;
	storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
	fetch?: typeof fetch;
	/** Whether the browser thinks it is online. */
	online?: () => boolean;
}

const MAX_BACKOFF_MS = 30_000;
/**
 * How many unanswered saves are remembered. The server writes only on the exact base revision, so of all
 * the saves sent on one base at most one was written; the others never reached it or had their answers
 * lost too. Sends made while the browser knows it is offline cannot reach the server and are not
 * counted; a repeat of remembered spans is not counted twice. When the list is full the first one is
 * kept (the save in flight when the connection failed is the usual lost one) with the latest others.
 */
const MAX_UNANSWERED = 5;

/** Synchronises one draft; see the module comment. */
export class DraftSync {
	#o: Required<Omit<DraftSyncOptions, 'server' | 'onchange'>> & Pick<DraftSyncOptions, 'onchange'>;
	#state: SyncState;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#inFlight: Promise<void> | null = null;
	#backoff = 0;
	/** Bumped on every local change, to know whether a save sent the latest spans. */
	#version = 0;
	/** Saves sent on the current base revision with no answer yet, oldest first. */
	#unanswered: Unanswered[] = [];

	constructor(options: DraftSyncOptions) {
		this.#o = {
			debounceMs: 800,
			storage: globalThis.localStorage,
			fetch: globalThis.fetch?.bind(globalThis),
			online: () => globalThis.navigator?.onLine ?? true,
			...options
		};
		this.#state = {
			status: 'saved',
			revision: options.server.revision,
			spans: options.server.spans,
			message: null,
			conflict: null,
			savedAt: null
		};
		const stored = this.#read();
		this.#unanswered = stored?.unanswered ?? [];
		if (stored?.dirty) {
			if (stored.base === options.server.revision) {
				// Unsent changes from an earlier visit, made on top of what the server has: send them.
				this.#state.spans = stored.spans;
				this.#state.status = 'pending';
				this.#schedule(0);
			} else if (this.#ownLostSave(options.server)) {
				// The page came with a save of ours whose answer never arrived: build on it.
				this.#unanswered = [];
				if (sameSpans(stored.spans, options.server.spans)) {
					this.#write({ base: options.server.revision, spans: options.server.spans, dirty: false });
				} else {
					this.#write({ base: options.server.revision, spans: stored.spans, dirty: true });
					this.#state.spans = stored.spans;
					this.#state.status = 'pending';
					this.#schedule(0);
				}
			} else if (!sameSpans(stored.spans, options.server.spans)) {
				this.#state.status = 'conflict';
				this.#state.conflict = {
					mine: stored.spans,
					theirs: options.server.spans,
					theirsRevision: options.server.revision
				};
				this.#state.message =
					'You have unsaved changes from earlier, but this draft was changed elsewhere since.';
			}
		}
	}

	/** The current state (spans to show, status, conflict). */
	get state(): SyncState {
		return this.#state;
	}

	#emit(patch: Partial<SyncState>) {
		this.#state = { ...this.#state, ...patch };
		this.#o.onchange(this.#state);
	}

	#read(): Stored | null {
		try {
			const raw = this.#o.storage.getItem(this.#o.storageKey);
			if (!raw) return null;
			const stored = JSON.parse(raw) as Stored;
			const list: unknown = stored.unanswered;
			stored.unanswered = Array.isArray(list)
				? list
						.filter(
							(u): u is Unanswered =>
								typeof u?.base === 'number' && u.base === stored.base && Array.isArray(u.spans)
						)
						.slice(0, MAX_UNANSWERED)
				: [];
			return stored;
		} catch {
			return null;
		}
	}

	/** Keeps the draft in the browser, with the saves still waiting for an answer. */
	#write(stored: Omit<Stored, 'unanswered'>) {
		try {
			this.#o.storage.setItem(
				this.#o.storageKey,
				JSON.stringify(
					this.#unanswered.length ? { ...stored, unanswered: this.#unanswered } : stored
				)
			);
		} catch {
			// Storage full or blocked: the server copy is still the safety net.
		}
	}

	/** Whether `current` (newer than our base) is one of our saves whose answer was lost. */
	#ownLostSave(current: { revision: number; spans: Span[] }): boolean {
		return this.#unanswered.some(
			(u) => current.revision === u.base + 1 && sameSpans(current.spans, u.spans)
		);
	}

	/** Records a local change: kept in the browser now, sent to the server after a pause. */
	update(spans: Span[]): void {
		if (this.#state.status === 'locked') return;
		this.#version++;
		this.#write({ base: this.#state.revision, spans, dirty: true });
		const waiting = this.#state.status === 'conflict' ? 'conflict' : 'pending';
		this.#emit({ spans, status: waiting });
		if (waiting === 'pending') this.#schedule(this.#o.debounceMs);
	}

	#schedule(ms: number) {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.flush();
		}, ms);
	}

	/** Called when the browser comes back online: send at once. */
	reconnected(): void {
		if (this.#state.status === 'offline' || this.#state.status === 'error') {
			this.#backoff = 0;
			this.#schedule(0);
		}
	}

	/** Whether there are changes the server has not acknowledged. */
	get dirty(): boolean {
		return this.#read()?.dirty ?? false;
	}

	/** Sends pending changes now; resolves when the server answered (or the send failed). */
	async flush(): Promise<void> {
		if (this.#inFlight) {
			await this.#inFlight;
			if (!this.dirty || this.#state.status !== 'pending') return;
		}
		if (!this.dirty || this.#state.status === 'conflict' || this.#state.status === 'locked') return;
		this.#inFlight = this.#send().finally(() => (this.#inFlight = null));
		return this.#inFlight;
	}

	async #send(): Promise<void> {
		const sentVersion = this.#version;
		const spans = this.#state.spans;
		const base = this.#state.revision;
		// Remembered before sending, so that a page closed mid-send still knows of it after a reload.
		// A browser that knows it is offline cannot reach the server: nothing to remember then.
		let sent: Unanswered | null = null;
		if (this.#o.online() && !this.#unanswered.some((u) => sameSpans(u.spans, spans))) {
			sent = { base, spans };
			const list = [...this.#unanswered, sent];
			if (list.length > MAX_UNANSWERED) list.splice(1, list.length - MAX_UNANSWERED);
			this.#unanswered = list;
			this.#write({ base, spans: this.#state.spans, dirty: true });
		}
		this.#emit({ status: 'saving' });
		let res: Response;
		try {
			res = await this.#o.fetch(this.#o.url, {
				method: 'PUT',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ revision: base, spans })
			});
		} catch {
			return this.#retry(this.#o.online() ? 'error' : 'offline');
		}
		// A server error (or a proxy's, after a timeout) may come after the write: still unanswered.
		if (sent && res.status < 500) {
			this.#unanswered = this.#unanswered.filter((u) => u !== sent);
			if (!res.ok) this.#write({ base, spans: this.#state.spans, dirty: true });
		}
		let body: Record<string, unknown> = {};
		try {
			body = await res.json();
		} catch {
			// a non-JSON error page: handled by status below
		}
		if (res.ok) {
			const revision = Number(body.revision);
			this.#backoff = 0;
			const newer = this.#version !== sentVersion;
			this.#unanswered = [];
			this.#write({ base: revision, spans: this.#state.spans, dirty: newer });
			this.#emit({
				revision,
				status: newer ? 'pending' : 'saved',
				message: null,
				savedAt: new Date()
			});
			if (newer) this.#schedule(0);
			return;
		}
		if (res.status === 409 && body.code === 'stale') {
			const current = body.current as { revision: number; spans: Span[] };
			if (sameSpans(current.spans, spans) || this.#ownLostSave(current)) {
				// Our own earlier send (of these spans, or of older ones) was written but its answer was lost:
				// no conflict; the latest spans go on top of it.
				this.#backoff = 0;
				this.#unanswered = [];
				const newer = !sameSpans(this.#state.spans, current.spans);
				this.#write({ base: current.revision, spans: this.#state.spans, dirty: newer });
				this.#emit({
					revision: current.revision,
					status: newer ? 'pending' : 'saved',
					message: null,
					savedAt: new Date()
				});
				if (newer) this.#schedule(0);
				return;
			}
			this.#emit({
				status: 'conflict',
				conflict: {
					mine: this.#state.spans,
					theirs: current.spans,
					theirsRevision: current.revision
				},
				message: 'This draft was changed in another tab or on another device.'
			});
			return;
		}
		if (res.status === 409) {
			this.#emit({
				status: 'locked',
				message: String(body.message ?? 'This work can no longer change.')
			});
			return;
		}
		if (
			res.status === 401 ||
			res.status === 403 ||
			res.status === 404 ||
			res.status === 422 ||
			res.status === 400
		) {
			// Retrying will not help; the changes stay in the browser.
			this.#emit({
				status: 'error',
				message: String(body.message ?? `The server refused the save (${res.status}).`)
			});
			return;
		}
		return this.#retry(
			'error',
			String(body.message ?? `The server had a problem (${res.status}).`)
		);
	}

	#retry(status: 'offline' | 'error', message?: string) {
		this.#backoff = Math.min(MAX_BACKOFF_MS, this.#backoff ? this.#backoff * 2 : 2000);
		this.#emit({
			status,
			message:
				message ??
				(status === 'offline'
					? 'You are offline. Your changes are kept on this device and will be sent when you reconnect.'
					: 'Could not reach the server. Your changes are kept on this device; retrying.')
		});
		this.#schedule(this.#backoff);
	}

	/** Settles a conflict: keep my version (saved over theirs) or take theirs (mine is discarded). */
	resolve(choice: 'mine' | 'theirs'): void {
		const c = this.#state.conflict;
		if (!c) return;
		this.#unanswered = [];
		if (choice === 'theirs') {
			this.#write({ base: c.theirsRevision, spans: c.theirs, dirty: false });
			this.#emit({
				status: 'saved',
				revision: c.theirsRevision,
				spans: c.theirs,
				conflict: null,
				message: null
			});
			return;
		}
		this.#write({ base: c.theirsRevision, spans: c.mine, dirty: true });
		this.#emit({
			status: 'pending',
			revision: c.theirsRevision,
			spans: c.mine,
			conflict: null,
			message: null
		});
		this.#schedule(0);
	}

	/** Forgets the browser copy (after a submission froze the work). */
	clear(): void {
		if (this.#timer) clearTimeout(this.#timer);
		this.#unanswered = [];
		this.#o.storage.removeItem(this.#o.storageKey);
	}

	/** Stops timers. */
	destroy(): void {
		if (this.#timer) clearTimeout(this.#timer);
	}
}

/** Whether two span lists hold the same (start, end, tag, note) spans, in any order. */
export function sameSpans(a: Span[], b: Span[]): boolean {
	if (a.length !== b.length) return false;
	const key = (s: Span) => `${s.start}:${s.end}:${s.tag}:${s.note ?? ''}`;
	const set = new Set(a.map(key));
	return b.every((s) => set.has(key(s)));
}

/** What differs between two versions: spans only in mine, only in theirs. */
export function spanDiff(mine: Span[], theirs: Span[]): { onlyMine: Span[]; onlyTheirs: Span[] } {
	const key = (s: Span) => `${s.start}:${s.end}:${s.tag}:${s.note ?? ''}`;
	const m = new Set(mine.map(key));
	const t = new Set(theirs.map(key));
	return {
		onlyMine: mine.filter((s) => !t.has(key(s))),
		onlyTheirs: theirs.filter((s) => !m.has(key(s)))
	};
}
