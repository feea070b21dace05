/**
 * Property-based fuzzing of the real server (fast-check): hostile values and payload shapes, requests
 * described as plain data (so a counterexample prints readably and replays with the same seed), a sender
 * that turns them into HTTP, the checks every reply must pass, and cheap database snapshots to prove a
 * rejected request changed nothing.
 *
 * Requests name the ids they need as `$tokens` (`$assignment`, `$article`, …) that are resolved when they
 * are sent, so the generated cases do not depend on the random ids of one run.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import * as fc from 'fast-check';
import { sql } from 'kysely';
import type { Db } from '../../src/lib/server/db/connect';
import { Client, type Reply } from './http';

// ---------------------------------------------------------------------------------------------------
// Seed and budget.

/** The seed every fuzz property runs with (FUZZ_SEED overrides it). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);

/** Cases per run over all properties: FUZZ_RUNS, else 10,000 on SQLite and 1,000 on PostgreSQL. */
export function fuzzTotal(kind: 'sqlite' | 'postgres'): number {
	if (process.env.FUZZ_RUNS) return Math.max(1, Number(process.env.FUZZ_RUNS));
	return kind === 'sqlite' ? 10_000 : 1_000;
}

/** Splits `total` cases over named groups by weight (every group gets at least one). */
export function splitBudget<K extends string>(
	total: number,
	weights: Record<K, number>
): Record<K, number> {
	const keys = Object.keys(weights) as K[];
	const sum = keys.reduce((s, k) => s + weights[k], 0);
	const out = {} as Record<K, number>;
	let given = 0;
	for (const k of keys) {
		out[k] = Math.max(1, Math.floor((total * weights[k]) / sum));
		given += out[k];
	}
	const largest = keys.reduce((a, b) => (weights[a] >= weights[b] ? a : b));
	out[largest] = Math.max(1, out[largest] + total - given);
	return out;
}

// ---------------------------------------------------------------------------------------------------
// Hostile values.

/** Strings that have broken parsers, databases, templates and renderers somewhere. */
export const HOSTILE_STRINGS: readonly string[] = [
	'',
	' ',
	'\t\n ',
	'null',
	'undefined',
	'true',
	'NaN',
	'-NaN',
	'-1',
	'-0',
	'0',
	'1e309',
	'-1e309',
	'Infinity',
	'-Infinity',
	'0x1F',
	'0b101',
	'1_000',
	' 1 ',
	'1.5',
	'٣',
	'１２',
	'9007199254740993',
	'-9007199254740993',
	'123456789012345678901234567890',
	'1e-400',
	"' OR '1'='1",
	"'; DROP TABLE users; --",
	'" OR ""="',
	"1' AND pg_sleep(0) IS NULL --",
	"admin'--",
	"' UNION SELECT password_hash, id FROM users --",
	'%',
	'_',
	'\\',
	"\\'",
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'javascript:alert(1)',
	'"><svg onload=alert(1)>',
	"'-alert(1)-'",
	'</textarea><script>alert(1)</script>',
	'</script><script>alert(1)</script>',
	'{{7*7}}',
	'${7*7}',
	'<!--',
	']]>',
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'hasOwnProperty',
	'__defineGetter__',
	'\u0000',
	'a\u0000b',
	'\u0001\u0002\u0007\u001b[31m',
	'\uD800',
	'\uDFFF',
	'a\uDBFFb',
	'\u202Eevil\u202C',
	'\u200F\u200E\u061C',
	'\u200B\u200C\u200D',
	'\uFEFF',
	'\u2028\u2029',
	'\r\n\r\n',
	'\r',
	'e\u0301\u0301\u0301',
	'👩‍👩‍👧‍👦',
	'𝕳𝖊𝖑𝖑𝖔',
	'Z\u0364\u0351\u0313a\u0308\u0356l\u036e\u0312g\u030c\u0317o\u0319',
	'ﷺ',
	'\u0085',
	'\u00A0',
	'\u3000',
	'\uFFFD',
	'\uFFFF',
	'../../../../etc/passwd',
	'..\\..\\windows\\win.ini',
	'%2e%2e%2f',
	'%00',
	'//evil.example',
	'http://evil.example/',
	'file:///etc/passwd',
	'A'.repeat(121),
	'B'.repeat(257),
	'C'.repeat(2001),
	'D'.repeat(5001),
	'E'.repeat(20_000)
];

/** A hostile string: a known troublemaker, random code points (any plane), graphemes, or a mix. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
	{ weight: 5, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
	{ weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
	{
		weight: 2,
		arbitrary: fc
			.tuple(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 10 }))
			.map(([a, b]) => `${b}${a}${b}`)
	}
);

/** Numbers at and beyond every edge: zero signs, 32/53-bit limits, huge, tiny, fractional. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
	fc.constantFrom(
		0,
		-0,
		-1,
		1,
		0.5,
		-0.5,
		1.5,
		2 ** 31 - 2,
		2 ** 31 - 1,
		2 ** 31,
		2 ** 32,
		2 ** 53 - 1,
		2 ** 53 + 2,
		-(2 ** 53),
		1e21,
		1e308,
		-1e308,
		Number.MAX_VALUE,
		Number.MIN_VALUE,
		1e-300
	),
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true })
);

/** Keys that poke at object prototypes when code copies or merges objects carelessly. */
export const PROTO_KEYS = [
	'__proto__',
	'constructor',
	'prototype',
	'toString',
	'valueOf',
	'hasOwnProperty'
] as const;

/** An object built with own prototype-polluting keys (as JSON.parse would make it). */
export const protoObject: fc.Arbitrary<Record<string, unknown>> = fc
	.tuple(fc.constantFrom(...PROTO_KEYS), fc.jsonValue({ maxDepth: 2 }))
	.map(([k, v]) => {
		const o: Record<string, unknown> = {};
		Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
		o.isAdmin = true;
		return o;
	});

/** Nested arrays or objects, `depth` deep. */
export function nested(depth: number, kind: 'array' | 'object'): unknown {
	let v: unknown = 1;
	for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { a: v };
	return v;
}

/** A value of any type where a field expected one type: the wrong-type and hostile-value pool. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: hostileString },
	{ weight: 3, arbitrary: hostileNumber },
	{ weight: 1, arbitrary: fc.boolean() },
	{ weight: 1, arbitrary: fc.constant(null) },
	{ weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
	{ weight: 1, arbitrary: protoObject },
	{
		weight: 1,
		arbitrary: fc
			.tuple(
				fc.constantFrom(10, 100, 1000),
				fc.constantFrom('array', 'object') as fc.Arbitrary<'array' | 'object'>
			)
			.map(([d, k]) => nested(d, k))
	},
	{ weight: 1, arbitrary: fc.array(hostileString, { maxLength: 5 }) }
);

// ---------------------------------------------------------------------------------------------------
// JSON templates and their mutations.

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One change to a JSON body: at the `at`-th path (mod the number of paths), do `op` with `value`. */
export interface Mutation {
	at: number;
	op: 'replace' | 'delete' | 'add' | 'wrap';
	key: string;
	value: unknown;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
	at: fc.nat(),
	op: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'add', 'wrap') as fc.Arbitrary<
		Mutation['op']
	>,
	key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 8 }), hostileString),
	value: hostileValue
});

function paths(v: unknown, here: (string | number)[] = [], out: (string | number)[][] = []) {
	out.push(here);
	if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...here, i], out));
	else if (v && typeof v === 'object') {
		for (const k of Object.keys(v)) paths((v as Record<string, unknown>)[k], [...here, k], out);
	}
	return out;
}

function setOwn(o: object, k: string | number, v: unknown) {
	Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Applies mutations to a deep copy of a JSON value. */
export function mutate(template: unknown, mutations: Mutation[]): unknown {
	let root: unknown = structuredClone(template);
	for (const m of mutations) {
		const all = paths(root);
		const path = all[m.at % all.length];
		if (path.length === 0) {
			root = m.op === 'wrap' ? [root] : m.op === 'delete' ? undefined : m.value;
			continue;
		}
		let parent = root as Record<string | number, unknown>;
		for (const p of path.slice(0, -1)) parent = parent[p] as Record<string | number, unknown>;
		const last = path[path.length - 1];
		if (m.op === 'replace') setOwn(parent, last, m.value);
		else if (m.op === 'wrap') setOwn(parent, last, [parent[last]]);
		else if (m.op === 'delete') {
			if (Array.isArray(parent)) parent.splice(Number(last), 1);
			else delete parent[last];
		} else {
			const target = parent[last];
			if (Array.isArray(target)) target.push(m.value);
			else if (target && typeof target === 'object') setOwn(target, m.key, m.value);
			else setOwn(parent, m.key, m.value);
		}
	}
	return root;
}

// ---------------------------------------------------------------------------------------------------
// Requests as data.

/** Who sends a request: a signed-in actor, or nobody (a fresh client each time). */
export type Actor = 'anon' | 'learner' | 'teacher' | 'other' | 'submitter';

export type Body =
	| { type: 'none' }
	/** JSON.stringify(value); `$tokens` in strings are resolved first. */
	| { type: 'json'; value: unknown; contentType?: string }
	/** Sent as it is, with this content type (none when null). */
	| { type: 'raw'; text: string; contentType: string | null }
	/** A body of `bytes` bytes, made when sent (so a counterexample prints small). */
	| { type: 'big'; bytes: number; contentType: string; form?: boolean }
	/** A form; files only in multipart. */
	| {
			type: 'form';
			encoding: 'urlencoded' | 'multipart';
			fields: [string, string][];
			files?: { field: string; name: string; content: string; type: string }[];
	  };

export interface FuzzRequest {
	/** The route as the catalogue names it, e.g. `PUT /api/assignments/[id]/draft`. */
	route: string;
	/** The payload kind, for the coverage table. */
	kind: string;
	actor: Actor;
	method: string;
	/** Path and query, with `$tokens`. */
	path: string;
	body: Body;
	/** Accept header (none: fetch's default `*\/*`). */
	accept?: string;
	/** The Origin header: the server's own (default), none, or another site. */
	origin?: 'same' | 'none' | 'evil';
	/** Posts as `use:enhance` does (`x-sveltekit-action`, JSON reply). */
	enhanced?: boolean;
	/** The client address (x-forwarded-for; the fuzz server trusts it). */
	address?: string;
	/** A cookie header for an anonymous request (a forged or junk session). */
	cookie?: string;
	/** Extra headers. */
	headers?: Record<string, string>;
}

/** Resolves `$tokens` in a string. */
export function resolveTokens(s: string, ids: Record<string, string>): string {
	return s.replace(/\$([a-zA-Z]+)/g, (m, name: string) => ids[name] ?? m);
}

function resolveDeep(
	v: unknown,
	ids: Record<string, string>,
	numbers: Record<string, number>
): unknown {
	if (typeof v === 'string') {
		if (v.startsWith('#') && v.slice(1) in numbers) return numbers[v.slice(1)];
		return resolveTokens(v, ids);
	}
	if (Array.isArray(v)) return v.map((x) => resolveDeep(x, ids, numbers));
	if (v && typeof v === 'object') {
		const o: Record<string, unknown> = {};
		for (const k of Object.keys(v)) setOwn(o, k, resolveDeep((v as never)[k], ids, numbers));
		return o;
	}
	return v;
}

const bigBodies = new Map<string, string>();

function bigBody(bytes: number, form: boolean): string {
	const key = `${bytes}:${form}`;
	let b = bigBodies.get(key);
	if (!b) {
		b = form ? `name=${'x'.repeat(bytes - 5)}` : `{"text":"${'x'.repeat(bytes - 11)}"}`;
		bigBodies.set(key, b);
	}
	return b;
}

/** Percent-encodes a path segment (lone surrogates become U+FFFD, as a browser would send them). */
export function segment(s: string): string {
	return encodeURIComponent(s.toWellFormed());
}

export interface SendContext {
	base: string;
	clients: Record<Exclude<Actor, 'anon'>, Client>;
	ids: Record<string, string>;
	numbers: Record<string, number>;
}

/** The request as sent (for messages) and the reply. */
export interface Sent {
	url: string;
	reply: Reply;
}

/** Sends a fuzz request the way its fields describe. */
export async function send(ctx: SendContext, req: FuzzRequest): Promise<Sent> {
	const path = resolveTokens(req.path, ctx.ids);
	const headers = new Headers();
	const origin =
		req.origin === 'none' ? null : req.origin === 'evil' ? 'http://evil.example' : ctx.base;
	if (origin) headers.set('origin', origin);
	if (req.accept) headers.set('accept', req.accept);
	if (req.enhanced) {
		headers.set('accept', 'application/json');
		headers.set('x-sveltekit-action', 'true');
	}
	headers.set('x-forwarded-for', req.address ?? '127.0.0.1');
	for (const [k, v] of Object.entries(req.headers ?? {})) headers.set(k, v);
	let body: BodyInit | undefined;
	const b = req.body;
	if (b.type === 'json') {
		const value = resolveDeep(b.value, ctx.ids, ctx.numbers);
		body = value === undefined ? '' : JSON.stringify(value);
		headers.set('content-type', b.contentType ?? 'application/json');
	} else if (b.type === 'raw') {
		body = resolveTokens(b.text, ctx.ids).replace(/#([a-zA-Z]+)/g, (m, name: string) =>
			name in ctx.numbers ? String(ctx.numbers[name]) : m
		);
		if (b.contentType !== null) headers.set('content-type', b.contentType);
	} else if (b.type === 'big') {
		body = bigBody(b.bytes, !!b.form);
		headers.set('content-type', b.contentType);
	} else if (b.type === 'form') {
		const fields = b.fields.map(([k, v]) => [k, resolveTokens(v, ctx.ids)] as [string, string]);
		if (b.encoding === 'urlencoded') {
			body = new URLSearchParams(fields);
			headers.set('content-type', 'application/x-www-form-urlencoded');
		} else {
			const form = new FormData();
			for (const [k, v] of fields) form.append(k, v);
			for (const f of b.files ?? []) {
				form.append(f.field, new File([f.content], f.name, { type: f.type }));
			}
			body = form; // multipart/form-data with a boundary, set below
		}
	}
	const client =
		req.actor === 'anon' ? new Client(ctx.base) : (ctx.clients[req.actor] as Client | undefined);
	if (!client) throw new Error(`no client for ${req.actor}`);
	if (req.actor === 'anon' && req.cookie) headers.set('cookie', req.cookie);
	// Bodies over 64 kB go on a socket of their own: the server may answer before reading them and
	// close the connection, which would break the next request on a shared keep-alive socket.
	if (body !== undefined && typeof body !== 'string') {
		const r = new Response(body);
		const type = r.headers.get('content-type');
		if (type && !headers.has('content-type')) headers.set('content-type', type);
		body = Buffer.from(await r.arrayBuffer());
	}
	if (body !== undefined && Buffer.byteLength(body as string | Buffer) > 64_000) {
		if (!headers.has('accept')) headers.set('accept', '*/*'); // as fetch sends it
		if (client.cookies.size) headers.set('cookie', client.cookieHeader());
		const reply = await ownSocket(ctx.base + path, req.method, headers, body as string | Buffer);
		return { url: path, reply };
	}
	const reply = await client.request(req.method, path, { body, headers });
	return { url: path, reply };
}

/** One request on a fresh connection (node:http, no agent); a reset after the reply is not an error. */
function ownSocket(
	url: string,
	method: string,
	headers: Headers,
	body: string | Buffer
): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			url,
			{ method, agent: false, headers: Object.fromEntries(headers) },
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => {
					const h = new Headers();
					for (const [k, v] of Object.entries(res.headers)) {
						if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
					}
					resolve({
						status: res.statusCode ?? 0,
						headers: h,
						text: Buffer.concat(chunks).toString('utf8'),
						location: h.get('location')
					});
				});
			}
		);
		req.on('error', (e: NodeJS.ErrnoException) => {
			// The server may close the connection on a body it refuses before we finish sending it: status
			// 0, counted as a refusal (the database must not have changed).
			if (e.code === 'EPIPE' || e.code === 'ECONNRESET') {
				resolve({ status: 0, headers: new Headers(), text: '', location: null });
			} else reject(e);
		});
		req.end(body);
	});
}

// ---------------------------------------------------------------------------------------------------
// Database snapshots.

/**
 * Every table, with the columns that order its rows. All but `limit_attempts`: a refused log-in is
 * written there on purpose (the log-in limit counts it), and it holds nothing anyone's work depends on.
 */
export const TABLES: Record<string, string> = {
	users: 'id',
	sessions: 'id',
	classes: 'id',
	memberships: 'class_id, user_id',
	articles: 'id',
	article_references: 'article_id',
	assignments: 'id',
	drafts: 'assignment_id, user_id',
	submissions: 'id',
	practice_attempts: 'id'
};

export interface TableState {
	count: number;
	hash: string;
	rows: string[];
}

export interface Snapshot {
	/** SQLite's data_version when taken (it changes whenever another connection commits). */
	version: number | null;
	tables: Record<string, TableState>;
}

/**
 * Counts and a content hash (SHA-1 of every row, in key order) of every table. On SQLite, when nothing
 * was committed since `previous` (PRAGMA data_version unchanged) the previous snapshot is returned as it
 * is: no commit, no change.
 */
export async function snapshot(direct: Db, previous?: Snapshot | null): Promise<Snapshot> {
	const version =
		direct.sqlite !== undefined
			? (direct.sqlite.pragma('data_version', { simple: true }) as number)
			: null;
	if (previous && version !== null && previous.version === version) return previous;
	const entries = await Promise.all(
		Object.entries(TABLES).map(async ([table, order]) => {
			const { rows } = await sql
				.raw<Record<string, unknown>>(`select * from ${table} order by ${order}`)
				.execute(direct.db);
			const lines = rows.map((r) => JSON.stringify(r));
			const hash = createHash('sha1').update(lines.join('\n')).digest('hex');
			return [table, { count: rows.length, hash, rows: lines }] as const;
		})
	);
	return { version, tables: Object.fromEntries(entries) };
}

/** What changed between two snapshots, table by table (empty when nothing did). */
export function snapshotDiff(a: Snapshot, b: Snapshot): string[] {
	const out: string[] = [];
	for (const table of Object.keys(TABLES)) {
		const x = a.tables[table];
		const y = b.tables[table];
		if (x.hash === y.hash && x.count === y.count) continue;
		const before = new Set(x.rows);
		const after = new Set(y.rows);
		const gone = x.rows.filter((r) => !after.has(r)).map((r) => `- ${r.slice(0, 300)}`);
		const added = y.rows.filter((r) => !before.has(r)).map((r) => `+ ${r.slice(0, 300)}`);
		out.push(`${table}: ${x.count} → ${y.count} rows`, ...gone.slice(0, 3), ...added.slice(0, 3));
	}
	return out;
}

// ---------------------------------------------------------------------------------------------------
// The checks every reply must pass.

/** Signs of an internal error leaking out: stack frames and server paths. */
export const LEAKS: RegExp[] = [
	/at .*\.js:\d+/,
	/\bat .*\.ts:\d+:\d+/,
	/node_modules/,
	/build\/server/,
	/\.svelte-kit\//,
	new RegExp(process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
];

/** Whether a form-action reply refused the request (4xx, an enhanced failure, or sent to log in). */
export function actionRejected(reply: Reply): boolean {
	if (reply.status === 0) return true;
	if (reply.status >= 400 && reply.status < 500) return true;
	if (reply.status >= 300 && reply.status < 400) {
		return /^\/(login|account\?must=1)/.test(reply.location ?? '');
	}
	if ((reply.headers.get('content-type') ?? '').includes('application/json')) {
		try {
			const data = JSON.parse(reply.text) as { type?: string; location?: string };
			if (data.type === 'failure' || data.type === 'error') return true;
			if (data.type === 'redirect') return /^\/(login|account\?must=1)/.test(data.location ?? '');
		} catch {
			return false;
		}
	}
	return false;
}

/** Whether a path is percent-encoded well enough for a router to read it. */
export function wellFormedPath(path: string): boolean {
	try {
		decodeURIComponent(new URL(path, 'http://x').pathname);
		return true;
	} catch {
		return false;
	}
}

/**
 * The problems with one reply (empty: it passed): a 5xx; a leaked stack trace or server path; an API
 * route answering anything but JSON (its CSV/JSON-LD downloads aside); and, for a rejected request, any
 * change in the database.
 */
export function replyProblems(opts: {
	req: FuzzRequest;
	sent: Sent;
	/** The route's path pattern: an API route's replies must be JSON. */
	apiPattern?: RegExp;
	rejected: boolean;
	before: Snapshot;
	after: Snapshot;
}): string[] {
	const { req, sent, rejected, before, after } = opts;
	const { reply } = sent;
	const problems: string[] = [];
	if (reply.status >= 500) problems.push(`answered ${reply.status}`);
	for (const leak of LEAKS) {
		if (leak.test(reply.text)) problems.push(`the body leaks ${leak}`);
	}
	const pathname = new URL(sent.url, 'http://x').pathname;
	const acceptsHtml = /text\/html/.test(req.accept ?? '');
	// Replies without a request id never reached the app's hooks: SvelteKit's own CSRF refusal (text),
	// adapter-node's refusal of an unreadable request. They are counted apart (see Coverage).
	const viaApp = reply.headers.has('x-request-id');
	if (
		viaApp &&
		opts.apiPattern &&
		opts.apiPattern.test(pathname) &&
		wellFormedPath(sent.url) &&
		!acceptsHtml &&
		req.method !== 'HEAD' &&
		reply.status !== 405
	) {
		const type = reply.headers.get('content-type') ?? '';
		const download = reply.status < 300 && /^(text\/csv|application\/ld\+json)/.test(type);
		if (!download) {
			if (!type.startsWith('application/json')) {
				problems.push(`an API reply with content-type "${type}", not JSON`);
			} else {
				try {
					const data = JSON.parse(reply.text) as { message?: unknown };
					if (reply.status >= 400 && typeof data?.message !== 'string') {
						problems.push('an API error without a message');
					}
				} catch {
					problems.push('an API reply that does not parse as JSON');
				}
			}
		}
	}
	if (rejected) {
		const diff = snapshotDiff(before, after);
		if (diff.length) problems.push(`rejected, yet the database changed:\n${diff.join('\n')}`);
	}
	return problems;
}

/** A readable account of a failed case, with the server's own log lines for its request. */
export function describeFailure(
	req: FuzzRequest,
	sent: Sent,
	problems: string[],
	serverOutput: string
): string {
	const id =
		sent.reply.headers.get('x-request-id') ?? /"requestId":"([^"]+)"/.exec(sent.reply.text)?.[1];
	const log = id
		? serverOutput
				.split('\n')
				.filter((l) => l.includes(id) && /"level":"error"/.test(l))
				.map((l) => {
					try {
						const o = JSON.parse(l) as { error?: string; stack?: string };
						return `server: ${o.error}\n${(o.stack ?? '').split('\n').slice(0, 6).join('\n')}`;
					} catch {
						return l.slice(0, 600);
					}
				})
		: [];
	return [
		`${req.method} ${sent.url} as ${req.actor} (${req.route}, ${req.kind}): ${problems.join('; ')}`,
		`status ${sent.reply.status}, request id ${id}, content-type ${sent.reply.headers.get('content-type')}`,
		`body: ${sent.reply.text.slice(0, 400)}`,
		...log
	].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Coverage.

/** Cases per route and payload kind, and the statuses seen. */
export class Coverage {
	cases = 0;
	byRoute = new Map<string, { kinds: Map<string, number>; statuses: Map<number, number> }>();

	record(req: FuzzRequest, status: number) {
		this.cases++;
		let r = this.byRoute.get(req.route);
		if (!r) {
			r = { kinds: new Map(), statuses: new Map() };
			this.byRoute.set(req.route, r);
		}
		r.kinds.set(req.kind, (r.kinds.get(req.kind) ?? 0) + 1);
		r.statuses.set(status, (r.statuses.get(status) ?? 0) + 1);
	}

	/** One line per route: cases, payload kinds, statuses. */
	table(): string {
		const lines = [...this.byRoute.entries()]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([route, r]) => {
				const n = [...r.kinds.values()].reduce((s, x) => s + x, 0);
				const kinds = [...r.kinds.entries()]
					.sort(([a], [b]) => a.localeCompare(b))
					.map(([k, c]) => `${k} ${c}`)
					.join(', ');
				const statuses = [...r.statuses.entries()]
					.sort(([a], [b]) => a - b)
					.map(([s, c]) => `${s}×${c}`)
					.join(' ');
				return `${route.padEnd(58)} ${String(n).padStart(5)}  [${statuses}]  ${kinds}`;
			});
		return [...lines, `total cases: ${this.cases}`].join('\n');
	}
}

// ---------------------------------------------------------------------------------------------------
// Payload arbitraries.

/** A labelled body: the payload kind and what to send. */
export interface Payload {
	kind: string;
	body: Body;
}

const json = (value: unknown, contentType?: string): Body => ({ type: 'json', value, contentType });
const raw = (text: string, contentType: string | null = 'application/json'): Body => ({
	type: 'raw',
	text,
	contentType
});

/** Content types a JSON API must refuse or at least survive. */
export const WRONG_JSON_TYPES = [
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=fuzz',
	'application/xml',
	'text/json',
	'application/javascript',
	'application/octet-stream',
	'application/json; charset=utf-16',
	'application/json; charset=latin1',
	'APPLICATION/JSON',
	'application/json-patch+json',
	'application/*',
	'*/*',
	''
];

/** Depths for nesting attacks (JSON.parse and validators recursing). */
const DEPTHS = [64, 1000, 10_000, 200_000];

/**
 * Every JSON-body payload kind for a route whose valid body `template` makes: valid-ish, mutated (wrong
 * types, hostile values, prototype keys, missing/extra fields), random JSON, malformed, deeply nested,
 * raw prototype keys, huge numbers, lone surrogates and NUL, duplicate keys, a BOM, empty, oversized,
 * and wrong content types.
 */
export function jsonPayload(
	template: fc.Arbitrary<Record<string, unknown>>
): fc.Arbitrary<Payload> {
	const text = (v: unknown) => JSON.stringify(v) ?? '';
	return fc.oneof(
		{ weight: 3, arbitrary: template.map((v) => ({ kind: 'valid-ish', body: json(v) })) },
		{
			weight: 7,
			arbitrary: fc
				.tuple(template, fc.array(mutation, { minLength: 1, maxLength: 3 }))
				.map(([v, ms]) => ({
					kind: 'mutated: wrong types/hostile values',
					body: json(mutate(v, ms))
				}))
		},
		{
			weight: 2,
			arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => ({ kind: 'random JSON', body: json(v) }))
		},
		{
			weight: 1,
			arbitrary: fc
				.tuple(template, fc.nat(), fc.constantFrom('', '}', ',', ']]', '"', '\\', 'garbage'))
				.map(([v, n, tail]) => {
					const t = text(v);
					return { kind: 'malformed JSON', body: raw(t.slice(0, n % (t.length + 1)) + tail) };
				})
		},
		{
			weight: 1,
			arbitrary: fc
				.constantFrom(
					"{'revision': 0}",
					'{revision: 0, spans: []}',
					'[1,]',
					'{"a": NaN}',
					'{"a": Infinity}',
					'{"a": 1} /* comment */',
					'undefined',
					'{"a": 0x10}',
					'{"a": 01}',
					'{"a": "\\x41"}',
					'{"a": "unterminated}',
					'\u0000',
					'null',
					'""',
					'[]'
				)
				.map((t) => ({ kind: 'malformed JSON', body: raw(t) }))
		},
		{
			weight: 1,
			arbitrary: fc
				.tuple(fc.constantFrom(...DEPTHS), fc.constantFrom('array', 'object', 'spans'))
				.map(([n, how]) => {
					const arr = '['.repeat(n) + ']'.repeat(n);
					const t =
						how === 'array'
							? arr
							: how === 'object'
								? '{"a":'.repeat(n) + '1' + '}'.repeat(n)
								: `{"revision":#draftRevision,"spans":${arr},"text":${arr}}`;
					return { kind: 'deep nesting', body: raw(t) };
				})
		},
		{
			weight: 1,
			arbitrary: fc.tuple(template, fc.constantFrom(...PROTO_KEYS)).map(([v, k]) => {
				const t = text(v);
				const inject = `"${k}":{"isAdmin":true,"tag":"claim","revision":0,"public":true},`;
				const spansProto = t.replace(/\{"start"/, `{"${k}":{"start":0,"end":5},"start"`);
				return {
					kind: 'prototype keys (raw)',
					body: raw(t.startsWith('{') ? `{${inject}${spansProto.slice(1)}` : t)
				};
			})
		},
		{
			weight: 1,
			arbitrary: fc
				.tuple(
					template,
					fc.constantFrom(
						'1e999',
						'-1e999',
						'123456789012345678901234567890',
						'-0',
						'1E-400',
						'0.0000000000000000000000001',
						'2147483648',
						'4294967296',
						'9007199254740993',
						'-2147483649'
					)
				)
				.map(([v, n]) => ({
					kind: 'huge numbers (raw)',
					body: raw(text(v).replace(/(":\s*)-?\d+(\.\d+)?([eE][-+]?\d+)?/g, `$1${n}`))
				}))
		},
		{
			weight: 1,
			arbitrary: fc
				.tuple(
					template,
					fc.constantFrom(
						'\\ud800',
						'\\udfff',
						'\\udbff\\udbff',
						'\\u0000',
						'a\\u0000b',
						'\\u202e',
						'\\ufeff',
						'\\u2028'
					)
				)
				.map(([v, s]) => ({
					kind: 'lone surrogates/NUL (raw)',
					body: raw(text(v).replace(/":"([^"]*)"/g, `":"$1${s}"`))
				}))
		},
		{
			weight: 1,
			arbitrary: template.map((v) => {
				const t = text(v);
				const first = /^\{"([^"]+)":/.exec(t)?.[1] ?? 'a';
				return { kind: 'duplicate keys', body: raw(`{"${first}":"duplicate",${t.slice(1)}`) };
			})
		},
		{ weight: 1, arbitrary: template.map((v) => ({ kind: 'BOM', body: raw(`\uFEFF${text(v)}`) })) },
		{
			weight: 1,
			arbitrary: fc.constantFrom(
				{ kind: 'empty body', body: raw('') },
				{ kind: 'empty body', body: raw('   ') },
				{ kind: 'empty body', body: { type: 'none' } as Body }
			)
		},
		{
			weight: 1,
			arbitrary: fc.constantFrom(4_000_100, 5_300_000).map((bytes) => ({
				kind: 'oversized',
				body: { type: 'big', bytes, contentType: 'application/json' } as Body
			}))
		},
		{
			weight: 2,
			arbitrary: fc
				.tuple(template, fc.constantFrom(...WRONG_JSON_TYPES))
				.map(([v, type]) => ({ kind: 'wrong content type', body: json(v, type) }))
		}
	);
}

/** A field value for a form: omitted (null), a valid-ish value, or something hostile. */
export function field(valid: fc.Arbitrary<string>): fc.Arbitrary<string | null> {
	return fc.oneof(
		{ weight: 1, arbitrary: fc.constant(null) },
		{ weight: 4, arbitrary: valid },
		{ weight: 4, arbitrary: hostileString },
		{ weight: 1, arbitrary: hostileNumber.map(String) }
	);
}

/** A file to attach to a multipart form. */
export const fileArb = fc.record({
	field: fc.constantFrom('file', 'file', 'text', 'name', 'title', 'userId', 'grade', '__proto__'),
	name: fc.oneof(
		fc.constantFrom('article.txt', 'a.TXT', '../../etc/passwd', 'x.exe', '', 'ü\u202e.txt'),
		hostileString
	),
	content: fc.oneof(
		fc.constantFrom(
			'Headline\n\nA paragraph.\n\n• Byline',
			'\uFEFFHeadline\r\n\r\nBody\r\n',
			'\u0000\u0001binary',
			'',
			'x'.repeat(400_001)
		),
		hostileString
	),
	type: fc.constantFrom('text/plain', 'application/octet-stream', 'text/html', '')
});

/**
 * Form payloads for an action with these fields: each field omitted, valid-ish or hostile; extra and
 * duplicated fields (prototype keys among them); urlencoded or multipart, with files sometimes.
 */
export function formPayload(
	fields: Record<string, fc.Arbitrary<string>>,
	opts: { files?: boolean } = {}
): fc.Arbitrary<Payload> {
	const names = Object.keys(fields);
	const known =
		names.length === 0
			? fc.constant([] as [string, string][])
			: fc
					.tuple(...names.map((n) => field(fields[n])))
					.map((values) =>
						values.flatMap((v, i) => (v === null ? [] : [[names[i], v] as [string, string]]))
					);
	const extra = fc.array(
		fc.tuple(
			fc.oneof(
				fc.constantFrom(...PROTO_KEYS, ...(names.length ? names : ['x'])),
				fc.string({ maxLength: 12 })
			),
			hostileString
		),
		{ maxLength: 3 }
	);
	return fc
		.record({
			known,
			extra,
			encoding: fc.constantFrom('urlencoded', 'urlencoded', 'multipart') as fc.Arbitrary<
				'urlencoded' | 'multipart'
			>,
			files: fc.array(fileArb, { maxLength: opts.files ? 2 : 1 }),
			withFiles: fc.boolean()
		})
		.map(({ known, extra, encoding, files, withFiles }) => {
			const multipartFiles = encoding === 'multipart' && withFiles ? files : [];
			const kind =
				multipartFiles.length > 0
					? 'multipart with files'
					: extra.length > 0
						? `${encoding}: extra/duplicate fields`
						: `${encoding}: fields`;
			return {
				kind,
				body: {
					type: 'form',
					encoding,
					fields: [...known, ...extra],
					...(multipartFiles.length ? { files: multipartFiles } : {})
				} as Body
			};
		});
}

/** Bodies no form action can read as a form, each with its content type. */
export const badFormEncoding: fc.Arbitrary<Payload> = fc.oneof(
	fc
		.constantFrom(
			{ text: 'name=x&code=y', type: 'text/plain' },
			{ text: 'name=x', type: 'text/plain;charset=UTF-8' },
			{ text: '--fuzz\r\ngarbage', type: 'multipart/form-data; boundary=fuzz' },
			{ text: 'garbage', type: 'multipart/form-data' },
			{
				text: '--fuzz\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n',
				type: 'multipart/form-data; boundary=fuzz'
			},
			{ text: 'garbage', type: 'application/x-sveltekit-formdata' },
			{ text: 'name=%E0%A4%A&x=%zz', type: 'application/x-www-form-urlencoded' },
			{ text: '%%%%', type: 'application/x-www-form-urlencoded; charset=utf-16' }
		)
		.map(({ text, type }) => ({ kind: `unreadable form (${type})`, body: raw(text, type) })),
	fc
		.constantFrom(
			{ text: '{"name":"x"}', type: 'application/json' },
			{ text: 'name=x', type: null },
			{ text: 'name=x', type: 'application/octet-stream' },
			{ text: '<name>x</name>', type: 'application/xml' }
		)
		.map(({ text, type }) => ({ kind: `not a form (${type ?? 'none'})`, body: raw(text, type) })),
	fc.constant({
		kind: 'oversized form',
		body: {
			type: 'big',
			bytes: 5_300_000,
			contentType: 'application/x-www-form-urlencoded',
			form: true
		} as Body
	})
);

/** Path segments: mostly the given `$tokens`, else hostile text or broken percent-encoding. */
export function pathSegment(tokens: string[]): fc.Arbitrary<string> {
	return fc.oneof(
		{ weight: 6, arbitrary: fc.constantFrom(...tokens) },
		{ weight: 3, arbitrary: hostileString.map(segment) },
		{
			weight: 1,
			arbitrary: fc.constantFrom(
				'%zz',
				'%',
				'%ED%A0%80',
				'%00',
				'%2F',
				'%2e%2e',
				'..',
				'a%2Fb',
				';x=1',
				'%20',
				'~',
				'null',
				'0',
				'-1',
				'1e999',
				'A'.repeat(300),
				'%C0%AF',
				'%FF%FE'
			)
		}
	);
}

/** Accept headers an API client might send (HTML rarely). */
export const apiAccept = fc.constantFrom(
	undefined,
	undefined,
	'application/json',
	'*/*',
	'application/json, text/plain, */*',
	'text/html'
);

/** Origins: mostly the server's own. */
export const originArb = fc.constantFrom(
	'same',
	'same',
	'same',
	'same',
	'same',
	'same',
	'none',
	'evil'
) as fc.Arbitrary<'same' | 'none' | 'evil'>;
