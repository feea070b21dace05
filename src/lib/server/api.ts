/**
 * JSON API plumbing: reading a JSON body with a size limit, and error replies that name the problem
 * and, where there is one, the field: `{ "message", "field" }`, the same shape as SvelteKit's own
 * `error()` replies.
 */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';

/**
 * The largest JSON body the API accepts: 500 spans with 2,000-character notes in any script fit
 * (≈3.1 MB in CJK). adapter-node's own BODY_SIZE_LIMIT must be at least this (scripts/start.js sets it).
 */
export const MAX_JSON_BYTES = 4_000_000;

/** An API error reply. */
export function apiError(status: number, message: string, field?: string, extra?: object) {
	return json({ message, ...(field ? { field } : {}), ...extra }, { status });
}

/** A failed read of a request body: already a reply. */
export class BodyError extends Error {
	constructor(readonly response: Response) {
		super('bad body');
	}
}

/** Reads a JSON body: 415 when it is not JSON, 413 when too large, 400 when malformed. */
export async function readJson(request: Request): Promise<unknown> {
	const type = request.headers.get('content-type') ?? '';
	if (!type.toLowerCase().includes('application/json')) {
		throw new BodyError(apiError(415, 'Send the body as JSON (Content-Type: application/json).'));
	}
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_JSON_BYTES) {
		throw new BodyError(apiError(413, `The body is too large (over ${MAX_JSON_BYTES} bytes).`));
	}
	const text = await request.text();
	if (text.length > MAX_JSON_BYTES) {
		throw new BodyError(apiError(413, `The body is too large (over ${MAX_JSON_BYTES} bytes).`));
	}
	try {
		return JSON.parse(text);
	} catch {
		throw new BodyError(apiError(400, 'The body is not valid JSON.'));
	}
}

/** The dotted path of a valibot issue, e.g. `spans[3].tag`. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
	let out = '';
	for (const p of issue.path ?? []) {
		out += typeof p.key === 'number' ? `[${p.key}]` : `${out ? '.' : ''}${String(p.key)}`;
	}
	return out;
}

/** Parses with valibot; on failure a 422 naming the first bad field. */
export function parseBody<T extends v.GenericSchema>(schema: T, body: unknown): v.InferOutput<T> {
	const r = v.safeParse(schema, body, { abortPipeEarly: true });
	if (r.success) return r.output;
	const issue = r.issues[0];
	const field = issuePath(issue);
	// A key that is not there at all reads better as "missing" than as the object's type message.
	const message = field && issue.input === undefined ? 'is missing' : issue.message;
	throw new BodyError(apiError(422, field ? `${field}: ${message}` : message, field || undefined));
}
