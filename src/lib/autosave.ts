/**
 * Keeps a learner's draft safe between the browser and the server. Every change is written to the
 * browser's storage at once (so a reload, a crash or a lost connection loses nothing), then sent to the
 * server after a short pause with the revision it is based on. A stale revision (another tab, another
 * device) is never overwritten: it becomes a conflict for the learner to settle. Failed sends are retried
 * with back-off and as soon as the browser is back online. Framework-free: the page wires it to the UI.
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

/** What is kept in the browser per draft. */
interface Stored {
	base: number;
	spans: Span[];
	dirty: boolean;
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

/** Synchronises one draft; see the module comment. */
export class DraftSync {
	#o: Required<Omit<DraftSyncOptions, 'server' | 'onchange'>> & Pick<DraftSyncOptions, 'onchange'>;
	#state: SyncState;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#inFlight: Promise<void> | null = null;
	#backoff = 0;
	/** Bumped on every local change, to know whether a save sent the latest spans. */
	#version = 0;

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
		if (stored?.dirty) {
			if (stored.base === options.server.revision) {
				// Unsent changes from an earlier visit, made on top of what the server has: send them.
				this.#state.spans = stored.spans;
				this.#state.status = 'pending';
				this.#schedule(0);
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
			return raw ? (JSON.parse(raw) as Stored) : null;
		} catch {
			return null;
		}
	}

	#write(stored: Stored) {
		try {
			this.#o.storage.setItem(this.#o.storageKey, JSON.stringify(stored));
		} catch {
			// Storage full or blocked: the server copy is still the safety net.
		}
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
			if (sameSpans(current.spans, spans)) {
				// Our own earlier send of these very spans was written but its answer was lost: no conflict.
				this.#backoff = 0;
				const newer = this.#version !== sentVersion;
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
