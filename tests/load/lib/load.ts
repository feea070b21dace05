/**
 * The autosave load: simulated learners, each saving a growing draft through
 * `PUT /api/assignments/:id/draft` every `intervalMs` on its own keep-alive connection (one per server
 * it talks to, like a browser tab), starts staggered over `staggerMs`; and the check that what the
 * learners were told is what the database holds.
 *
 * A learner keeps the last state the server confirmed (a 200's revision and spans, or a 409's
 * `current`) and, while a save has had no answer (connection reset, timeout, server killed), that
 * save as "uncertain": it may or may not have been written. After the run every learner's stored row
 * must be the confirmed state, or, only when a save was left uncertain, that save; anything else is a
 * lost write (a confirmed save missing or replaced) or an unexpected row.
 */
import http from 'node:http';
import type { Span } from '../../../src/lib/annotation/types';
import type { Direct } from './direct';
import { SESSION_COOKIE, type LearnerAccount } from './setup';
import { DraftPlan, candidateRanges, spanKey } from './spans';

export interface Target {
	url: string;
	port: number;
}

export interface DraftState {
	revision: number;
	spans: Span[];
}

export class Learner {
	/** Index of the next draft in the plan (moves on after each acknowledged save). */
	k = 0;
	/** The revision the next save is based on. */
	base = 0;
	/** The last state the server confirmed. */
	confirmed: DraftState | null = null;
	/** A save sent without an answer: maybe written, maybe not. */
	uncertain: DraftState | null = null;
	acks = 0;
	readonly agents: http.Agent[];

	constructor(
		readonly account: LearnerAccount,
		readonly plan: DraftPlan,
		targets: number
	) {
		this.agents = Array.from(
			{ length: targets },
			() => new http.Agent({ keepAlive: true, maxSockets: 1 })
		);
	}

	/** Takes the stored row as the truth (after a crash and its check). */
	resync(row: DraftState | null): void {
		this.confirmed = row;
		this.base = row?.revision ?? 0;
		this.uncertain = null;
	}

	closeConnections(): void {
		for (const a of this.agents) a.destroy();
	}
}

export function makeLearners(
	accounts: LearnerAccount[],
	articleText: string,
	targets = 1
): Learner[] {
	const ranges = candidateRanges(articleText);
	return accounts.map(
		(a) => new Learner(a, new DraftPlan(articleText, ranges, 0x5eed + a.index * 7919), targets)
	);
}

/** Lets learners be stopped early (the crash script kills the server under them). */
export class Stop {
	stopped = false;
	readonly #waiters = new Set<() => void>();

	stop(): void {
		this.stopped = true;
		for (const w of [...this.#waiters]) w();
	}

	/** Sleeps `ms`, or less when stopped meanwhile. */
	sleep(ms: number): Promise<void> {
		if (this.stopped) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				this.#waiters.delete(done);
				resolve();
			};
			const timer = setTimeout(done, ms);
			this.#waiters.add(done);
		});
	}
}

export interface ErrorRecord {
	at: number;
	kind: string;
	learner: number;
	detail: string;
}

export class Stats {
	readonly latencies: number[] = [];
	/** When each acknowledged save started (ms since the run began), beside its latency. */
	readonly startedAt: number[] = [];
	t0 = performance.now();
	readonly errors: ErrorRecord[] = [];
	readonly okPerTarget: number[];
	firstStart = Infinity;
	lastEnd = 0;

	constructor(targets: number) {
		this.okPerTarget = Array(targets).fill(0);
	}

	get ok(): number {
		return this.latencies.length;
	}

	error(kind: string, learner: Learner, detail = ''): void {
		this.errors.push({ at: performance.now(), kind, learner: learner.account.index, detail });
	}

	/** Errors by kind, e.g. `{ "409 stale": 2, ECONNRESET: 1 }`. */
	errorCounts(errors = this.errors): Record<string, number> {
		const out: Record<string, number> = {};
		for (const e of errors) out[e.kind] = (out[e.kind] ?? 0) + 1;
		return out;
	}

	/** p50/p99/max per `bucketMs` of the run (by start time), to see when slow saves happened. */
	timeline(bucketMs = 5000): string {
		const buckets = new Map<number, { ms: number[]; errors: number }>();
		const at = (b: number) => {
			if (!buckets.has(b)) buckets.set(b, { ms: [], errors: 0 });
			return buckets.get(b)!;
		};
		this.latencies.forEach((ms, i) => at(Math.floor(this.startedAt[i] / bucketMs)).ms.push(ms));
		for (const e of this.errors) at(Math.floor((e.at - this.t0) / bucketMs)).errors++;
		return [...buckets.entries()]
			.sort((a, b) => a[0] - b[0])
			.map(([b, { ms, errors }]) => {
				ms.sort((x, y) => x - y);
				const q = (p: number) =>
					ms.length ? ms[Math.max(0, Math.ceil(p * ms.length) - 1)].toFixed(0) : '-';
				return (
					`  ${String((b * bucketMs) / 1000).padStart(4)} s: ${String(ms.length).padStart(6)} saves, ` +
					`p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms` +
					(errors ? `, ${errors} errors` : '')
				);
			})
			.join('\n');
	}

	/** Latency quantiles of the saves started `fromMs` or later into the run (e.g. past the ramp-up). */
	latencyAfter(fromMs: number): { saves: number; p50: number; p99: number; max: number } {
		const xs = Float64Array.from(
			this.latencies.filter((_, i) => this.startedAt[i] >= fromMs)
		).sort();
		const q = (p: number) => (xs.length ? xs[Math.max(0, Math.ceil(p * xs.length) - 1)] : NaN);
		return {
			saves: xs.length,
			p50: q(0.5),
			p99: q(0.99),
			max: xs.length ? xs[xs.length - 1] : NaN
		};
	}

	summary(): Summary {
		const sorted = Float64Array.from(this.latencies).sort();
		const q = (p: number) =>
			sorted.length ? sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] : NaN;
		const steady = this.latencyAfter(STEADY_AFTER_MS);
		const seconds = this.lastEnd > this.firstStart ? (this.lastEnd - this.firstStart) / 1000 : NaN;
		return {
			saves: sorted.length,
			seconds,
			savesPerSecond: sorted.length / seconds,
			p50: q(0.5),
			p99: q(0.99),
			max: sorted.length ? sorted[sorted.length - 1] : NaN,
			errors: this.errors.length,
			errorKinds: this.errorCounts(),
			steady: steady.saves ? steady : null
		};
	}
}

export interface Summary {
	saves: number;
	seconds: number;
	savesPerSecond: number;
	p50: number;
	p99: number;
	max: number;
	errors: number;
	errorKinds: Record<string, number>;
	/** The saves started 10 s or more into the run (connections open, server warm), when there are any. */
	steady: { saves: number; p50: number; p99: number; max: number } | null;
}

/** Where "steady state" starts: past the 2 s ramp-up of connections and the server's warm-up. */
export const STEADY_AFTER_MS = 10_000;

export function formatSummary(s: Summary): string {
	const kinds = Object.entries(s.errorKinds)
		.map(([k, n]) => `${k}: ${n}`)
		.join(', ');
	return (
		`${s.saves} saves acknowledged in ${s.seconds.toFixed(1)} s = ${s.savesPerSecond.toFixed(1)} saves/s; ` +
		`latency p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, max ${s.max.toFixed(1)} ms; ` +
		`errors (any non-200) ${s.errors}${kinds ? ` (${kinds})` : ''}` +
		(s.steady
			? `; from ${STEADY_AFTER_MS / 1000} s on: p50 ${s.steady.p50.toFixed(1)} ms, p99 ${s.steady.p99.toFixed(1)} ms, max ${s.steady.max.toFixed(1)} ms`
			: '')
	);
}

interface Answer {
	status: number;
	text: string;
}

function put(
	agent: http.Agent,
	target: Target,
	path: string,
	token: string,
	body: string,
	timeoutMs: number
): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{
				agent,
				host: '127.0.0.1',
				port: target.port,
				method: 'PUT',
				path,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					accept: 'application/json',
					origin: target.url,
					cookie: `${SESSION_COOKIE}=${token}`
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				let ended = false;
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					ended = true;
					resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() });
				});
				res.on('error', reject);
				res.on('close', () => {
					if (!ended) reject(Object.assign(new Error('response cut off'), { code: 'ECUTOFF' }));
				});
			}
		);
		req.setTimeout(timeoutMs, () =>
			req.destroy(Object.assign(new Error('no answer in time'), { code: 'TIMEOUT' }))
		);
		req.on('error', reject);
		req.end(body);
	});
}

export interface LoadOptions {
	targets: Target[];
	learners: Learner[];
	assignmentId: string;
	seconds: number;
	intervalMs?: number;
	staggerMs?: number;
	/** Which target a learner's save number `k` goes to (default: the first). */
	pick?: (learner: Learner, k: number) => number;
	stop?: Stop;
	requestTimeoutMs?: number;
}

async function saveOnce(
	L: Learner,
	o: LoadOptions,
	stats: Stats,
	path: string,
	timeoutMs: number
): Promise<void> {
	const spans = L.plan.draft(L.k);
	const base = L.base;
	const t = o.pick ? o.pick(L, L.k) : 0;
	const body = JSON.stringify({ revision: base, spans });
	const started = performance.now();
	stats.firstStart = Math.min(stats.firstStart, started);
	L.uncertain = { revision: base + 1, spans };
	let answer: Answer;
	try {
		answer = await put(L.agents[t], o.targets[t], path, L.account.token, body, timeoutMs);
	} catch (e) {
		const err = e as NodeJS.ErrnoException;
		stats.error(err.code ?? err.message, L, err.message);
		return;
	}
	const ms = performance.now() - started;
	stats.lastEnd = Math.max(stats.lastEnd, performance.now());
	let parsed: {
		revision?: number;
		spans?: Span[];
		code?: string;
		current?: DraftState;
	} = {};
	try {
		parsed = JSON.parse(answer.text);
	} catch {
		// reported below by status
	}
	if (answer.status === 200) {
		if (parsed.revision !== base + 1) {
			stats.error('200 with a wrong revision', L, answer.text.slice(0, 200));
		} else if (parsed.spans && spanKey(parsed.spans) !== spanKey(spans)) {
			stats.error('200 with other spans', L, answer.text.slice(0, 200));
		}
		L.confirmed = { revision: Number(parsed.revision), spans: parsed.spans ?? spans };
		L.base = L.confirmed.revision;
		L.uncertain = null;
		L.k++;
		L.acks++;
		stats.latencies.push(ms);
		stats.startedAt.push(started - stats.t0);
		stats.okPerTarget[t]++;
		return;
	}
	if (answer.status === 409 && parsed.code === 'stale' && parsed.current) {
		// The stored draft is this very save, written earlier when its answer never came (a timeout):
		// the server cannot tell a resend from another device's save (see tests/load/lost-answer.ts).
		const own =
			parsed.current.revision === base + 1 && spanKey(parsed.current.spans) === spanKey(spans);
		stats.error(
			own ? '409 stale (own earlier save)' : '409 stale',
			L,
			`based on ${base}, current ${parsed.current.revision}`
		);
		L.confirmed = { revision: Number(parsed.current.revision), spans: parsed.current.spans };
		L.base = L.confirmed.revision;
		L.uncertain = null;
		return;
	}
	stats.error(`HTTP ${answer.status}`, L, answer.text.slice(0, 300));
	// A 4xx wrote nothing; after a 5xx the save may or may not be stored, so it stays uncertain.
	if (answer.status < 500) L.uncertain = null;
}

/** Runs the load until `seconds` have passed (or `stop`); resolves when every learner is idle. */
export async function runLoad(o: LoadOptions): Promise<Stats> {
	const interval = o.intervalMs ?? 2000;
	const stagger = o.staggerMs ?? 2000;
	const timeoutMs = o.requestTimeoutMs ?? 15_000;
	const stop = o.stop ?? new Stop();
	const path = `/api/assignments/${o.assignmentId}/draft`;
	const stats = new Stats(o.targets.length);
	const t0 = stats.t0;
	const endAt = t0 + o.seconds * 1000;
	const n = o.learners.length;
	await Promise.all(
		o.learners.map(async (L, i) => {
			let next = t0 + (stagger * i) / n;
			while (next < endAt && !stop.stopped) {
				const wait = next - performance.now();
				if (wait > 0) await stop.sleep(wait);
				if (stop.stopped) break;
				await saveOnce(L, o, stats, path, timeoutMs);
				// Like the page's autosave: at most one save per interval, never a burst to catch up
				// after a slow answer (ticks that passed meanwhile are skipped; the next save carries
				// the latest draft anyway).
				next += interval;
				while (next < performance.now()) next += interval;
			}
		})
	);
	return stats;
}

export interface Verification {
	learners: number;
	/** Learners whose confirmed (acknowledged) state is exactly the stored row. */
	intact: number;
	/** Learners with a save left uncertain whose stored row is that save (written, never acknowledged). */
	committedUnacknowledged: number;
	/** Confirmed state missing, older or replaced in the database. */
	lost: number;
	/** A stored row that matches neither the confirmed state nor an uncertain save. */
	unexpected: number;
	samples: string[];
	rows: Map<string, DraftState>;
}

/** Compares every learner's confirmed state with its stored draft row. */
export async function verifyDrafts(
	direct: Direct,
	assignmentId: string,
	learners: Learner[]
): Promise<Verification> {
	const stored = await direct.all<{ user_id: string; revision: number | string; spans: string }>(
		'select user_id, revision, spans from drafts where assignment_id = ?',
		[assignmentId]
	);
	const rows = new Map<string, DraftState>(
		stored.map((r) => [r.user_id, { revision: Number(r.revision), spans: JSON.parse(r.spans) }])
	);
	const v: Verification = {
		learners: learners.length,
		intact: 0,
		committedUnacknowledged: 0,
		lost: 0,
		unexpected: 0,
		samples: [],
		rows
	};
	const same = (a: DraftState | undefined | null, b: DraftState | null) =>
		!!a && !!b && a.revision === b.revision && spanKey(a.spans) === spanKey(b.spans);
	for (const L of learners) {
		const row = rows.get(L.account.id);
		const want = L.confirmed;
		if ((!want && !row) || same(row, want)) {
			v.intact++;
		} else if (L.uncertain && same(row, L.uncertain)) {
			v.committedUnacknowledged++;
		} else if (want && (!row || row.revision <= want.revision)) {
			v.lost++;
			if (v.samples.length < 5) {
				v.samples.push(
					`learner ${L.account.index}: acknowledged revision ${want.revision} (${want.spans.length} spans), stored ${row ? `revision ${row.revision} (${row.spans.length} spans)` : 'nothing'}`
				);
			}
		} else {
			v.unexpected++;
			if (v.samples.length < 5) {
				v.samples.push(
					`learner ${L.account.index}: stored revision ${row?.revision} matches no save (acknowledged ${want?.revision ?? 'none'}, pending ${L.uncertain?.revision ?? 'none'})`
				);
			}
		}
	}
	return v;
}

export function formatVerification(v: Verification): string {
	return (
		`${v.learners} learners checked in the database: ${v.intact} exactly as acknowledged, ` +
		`${v.committedUnacknowledged} hold a save that was written but never acknowledged, ` +
		`lost writes ${v.lost}, unexpected rows ${v.unexpected}` +
		(v.samples.length ? `\n  ${v.samples.join('\n  ')}` : '')
	);
}
