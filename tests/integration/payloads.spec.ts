/**
 * Bad draft payloads through the real server: every one is refused with 400/413/415/422 and a JSON
 * message naming the field (e.g. `spans[0].tag`, `spans[2]`), and the stored draft stays exactly as it
 * was (checked through the API and directly in the database).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../src/lib/annotation/types';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import { SAMPLE, body, demo, draftRow, logIn, type Demo } from '../helpers/classroom';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import type { Client } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('payloads');

const TEXT = SAMPLE.text;
const HEADLINE_END = SAMPLE.blocks[0].length; // 47: the headline, then "\n\n"

/** The learner's draft before every bad save. */
const BASELINE: Span[] = [
	{ start: 0, end: 47, tag: 'claim', note: 'The headline.' },
	{ start: 49, end: 181, tag: 'quote' }
];

const ok = (extra: Partial<Span> = {}): Span => ({ start: 0, end: 47, tag: 'claim', ...extra });

/** Valid, distinct spans: each word of the article with each tag in turn. */
function manySpans(n: number, note?: string): Span[] {
	const words = [...TEXT.matchAll(/\S+/g)].map((m) => ({
		start: m.index!,
		end: m.index! + m[0].length
	}));
	const tags = ['quote', 'claim', 'opinion', 'unclear_sourcing'] as const;
	return Array.from({ length: n }, (_, i) => ({
		...words[i % words.length],
		tag: tags[Math.floor(i / words.length)],
		...(note !== undefined ? { note } : {})
	}));
}

interface BadCase {
	name: string;
	/** The body as sent: an object is JSON-encoded, a string is sent as it is. */
	send: (revision: number) => unknown;
	status: number;
	/** What the message must contain (the field, or the reason when there is no field). */
	says: (string | RegExp)[];
	/** The `field` of the reply, when the problem has one. */
	field?: string | RegExp;
}

const CASES: BadCase[] = [
	{
		name: 'an unknown tag',
		send: (revision) => ({ revision, spans: [ok({ tag: 'fact' as Span['tag'] })] }),
		status: 422,
		says: ['spans[0].tag', 'quote, claim, opinion, unclear_sourcing'],
		field: 'spans[0].tag'
	},
	{
		name: 'an unknown tag on the third span',
		send: (revision) => ({
			revision,
			spans: [ok(), ok({ tag: 'quote' }), ok({ tag: 'Claim' as Span['tag'] })]
		}),
		status: 422,
		says: ['spans[2].tag'],
		field: 'spans[2].tag'
	},
	{
		name: 'an end past the end of the article',
		send: (revision) => ({ revision, spans: [ok(), ok({ start: 3000, end: TEXT.length + 5 })] }),
		status: 422,
		says: ['spans[1]', 'outside the article', String(TEXT.length)],
		field: 'spans[1]'
	},
	{
		name: 'a start past the end of the article',
		send: (revision) => ({
			revision,
			spans: [ok({ start: TEXT.length + 1, end: TEXT.length + 9 })]
		}),
		status: 422,
		says: ['spans[0]', 'outside the article'],
		field: 'spans[0]'
	},
	{
		name: 'a negative start',
		send: (revision) => ({ revision, spans: [ok({ start: -1 })] }),
		status: 422,
		says: ['spans[0].start', 'negative'],
		field: 'spans[0].start'
	},
	{
		name: 'a negative end',
		send: (revision) => ({ revision, spans: [ok(), ok({ start: 5, end: -4 })] }),
		status: 422,
		says: ['spans[1].end'],
		field: 'spans[1].end'
	},
	{
		name: 'a fractional offset',
		send: (revision) => ({ revision, spans: [ok({ end: 46.5 })] }),
		status: 422,
		says: ['spans[0].end', 'whole number'],
		field: 'spans[0].end'
	},
	{
		name: 'an offset given as text',
		send: (revision) => ({ revision, spans: [{ ...ok(), start: '0' }] }),
		status: 422,
		says: ['spans[0].start', 'number'],
		field: 'spans[0].start'
	},
	{
		name: 'an offset beyond any safe integer',
		send: (revision) => ({ revision, spans: [ok({ end: 1e300 })] }),
		status: 422,
		says: ['spans[0]'],
		field: 'spans[0]'
	},
	{
		name: 'reversed offsets',
		send: (revision) => ({ revision, spans: [ok({ start: 47, end: 10 })] }),
		status: 422,
		says: ['spans[0]', 'ends (10) before it starts (47)'],
		field: 'spans[0]'
	},
	{
		name: 'an empty span',
		send: (revision) => ({ revision, spans: [ok({ start: 10, end: 10 })] }),
		status: 422,
		says: ['spans[0]', 'empty'],
		field: 'spans[0]'
	},
	{
		name: 'a span of nothing but the blank line between paragraphs',
		send: (revision) => ({
			revision,
			spans: [ok({ start: HEADLINE_END, end: HEADLINE_END + 2 })]
		}),
		status: 422,
		says: ['spans[0]', 'white space'],
		field: 'spans[0]'
	},
	{
		name: 'a span across a block break ("\\n\\n")',
		send: (revision) => ({
			revision,
			spans: [ok({ start: 30, end: HEADLINE_END + 12 })]
		}),
		status: 422,
		says: ['spans[0]', 'blank line between two paragraphs'],
		field: 'spans[0]'
	},
	{
		name: 'a span across a block break, fourth in the list',
		send: (revision) => ({
			revision,
			spans: [...BASELINE, ok({ tag: 'opinion' }), ok({ start: 100, end: 400 })]
		}),
		status: 422,
		says: ['spans[3]', 'blank line'],
		field: 'spans[3]'
	},
	{
		name: 'more than 500 spans',
		send: (revision) => ({ revision, spans: manySpans(501) }),
		status: 422,
		says: ['spans', '500'],
		field: 'spans'
	},
	{
		name: 'a note over 2,000 characters',
		send: (revision) => ({ revision, spans: [ok(), ok({ tag: 'quote', note: 'n'.repeat(2001) })] }),
		status: 422,
		says: ['spans[1].note', '2000'],
		field: 'spans[1].note'
	},
	{
		name: 'a note that is not text',
		send: (revision) => ({ revision, spans: [{ ...ok(), note: 42 }] }),
		status: 422,
		says: ['spans[0].note', 'text'],
		field: 'spans[0].note'
	},
	{
		name: 'malformed JSON',
		send: (revision) =>
			`{"revision": ${revision}, "spans": [{"start": 0, "end": 47, "tag": "claim"}`,
		status: 400,
		says: ['not valid JSON']
	},
	{
		name: 'a revision given as text',
		send: (revision) => ({ revision: String(revision), spans: BASELINE }),
		status: 422,
		says: ['revision', 'number'],
		field: 'revision'
	},
	{
		name: 'a negative revision',
		send: () => ({ revision: -1, spans: BASELINE }),
		status: 422,
		says: ['revision', 'negative'],
		field: 'revision'
	},
	{
		name: 'a fractional revision',
		send: (revision) => ({ revision: revision + 0.5, spans: BASELINE }),
		status: 422,
		says: ['revision', 'whole number'],
		field: 'revision'
	},
	{
		name: 'no revision',
		send: () => ({ spans: BASELINE }),
		status: 422,
		says: ['revision'],
		field: 'revision'
	},
	{
		name: 'spans that are not a list',
		send: (revision) => ({ revision, spans: { 0: ok() } }),
		status: 422,
		says: ['spans', 'list'],
		field: 'spans'
	},
	{
		name: 'no spans',
		send: (revision) => ({ revision }),
		status: 422,
		says: ['spans'],
		field: 'spans'
	},
	{
		name: 'a span that is not an object (text)',
		send: (revision) => ({ revision, spans: [ok(), '0-47 claim'] }),
		status: 422,
		says: ['spans[1]'],
		field: 'spans[1]'
	},
	{
		name: 'a span that is null',
		send: (revision) => ({ revision, spans: [null] }),
		status: 422,
		says: ['spans[0]'],
		field: 'spans[0]'
	},
	{
		name: 'a span that is a list',
		send: (revision) => ({ revision, spans: [[0, 47, 'claim']] }),
		status: 422,
		says: ['spans[0]'],
		field: /^spans\[0\]/
	},
	{
		name: 'a span without a tag',
		send: (revision) => ({ revision, spans: [{ start: 0, end: 47 }] }),
		status: 422,
		says: ['spans[0].tag'],
		field: 'spans[0].tag'
	},
	{
		name: 'a span without a start',
		send: (revision) => ({ revision, spans: [ok(), { end: 47, tag: 'claim' }] }),
		status: 422,
		says: ['spans[1].start'],
		field: 'spans[1].start'
	},
	{
		name: 'a span without an end',
		send: (revision) => ({ revision, spans: [{ start: 0, tag: 'claim' }] }),
		status: 422,
		says: ['spans[0].end'],
		field: 'spans[0].end'
	},
	{
		name: 'a body that is a list',
		send: () => [BASELINE],
		status: 422,
		says: [/revision|object/i]
	},
	{
		name: 'a body that is null',
		send: () => 'null',
		status: 422,
		says: [/object/i]
	}
];

describe.each(DATABASE_KINDS)('draft payloads on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let ids: Demo;
	let learner: Client;
	let url: string;
	/** The stored draft row before the bad saves. */
	let stored: unknown;
	let revision: number;

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
		ids = await demo(direct);
		learner = await logIn(server, 'learner1@example.com');
		url = `/api/assignments/${ids.assignmentId}/draft`;
		const first = await learner.json('PUT', url, { revision: 0, spans: BASELINE });
		expect(first.status).toBe(200);
		revision = body<{ revision: number }>(first).revision;
		stored = await draftRow(direct, ids.assignmentId, ids.learners[0]);
	}, 60_000);
	afterAll(async () => {
		if (!kind.available) return;
		await direct.close();
		await server.stop();
		await server.db.drop();
	});

	/** The draft is exactly as it was: through the API and in the database. */
	async function expectUnchanged() {
		const r = await learner.get(url);
		expect(r.status).toBe(200);
		expect(body(r)).toMatchObject({ revision, spans: BASELINE });
		expect(await draftRow(direct, ids.assignmentId, ids.learners[0])).toEqual(stored);
	}

	function expectNamed(r: { status: number; text: string }, c: Omit<BadCase, 'name' | 'send'>) {
		expect(r.status, r.text.slice(0, 300)).toBe(c.status);
		const reply = body<{ message: string; field?: string }>(r);
		expect(typeof reply.message).toBe('string');
		for (const s of c.says) {
			if (typeof s === 'string') expect(reply.message).toContain(s);
			else expect(reply.message).toMatch(s);
		}
		if (typeof c.field === 'string') expect(reply.field).toBe(c.field);
		else if (c.field) expect(reply.field).toMatch(c.field);
		expect(reply.message).not.toMatch(/at .*\.js:\d+/); // no stack trace
	}

	it.skipIf(!kind.available).each(CASES)(
		'refuses $name, naming it, and keeps the draft',
		async (c) => {
			const payload = c.send(revision);
			const r = await learner.json('PUT', url, typeof payload === 'string' ? payload : payload);
			expectNamed(r, c);
			await expectUnchanged();
		}
	);

	it.skipIf(!kind.available)(
		'refuses a body not declared as JSON (415): text/plain, a form, no content type',
		async () => {
			const good = JSON.stringify({ revision, spans: [ok({ tag: 'opinion' })] });
			for (const type of ['text/plain', 'application/x-www-form-urlencoded', null]) {
				const headers: Record<string, string> = { origin: server.url };
				if (type) headers['content-type'] = type;
				const r = await learner.request('PUT', url, { body: good, headers });
				expectNamed(r, { status: 415, says: ['Content-Type: application/json'] });
				await expectUnchanged();
			}
		}
	);

	it.skipIf(!kind.available)('refuses an oversized body (413) and keeps the draft', async () => {
		const huge = JSON.stringify({
			revision,
			spans: BASELINE,
			padding: 'x'.repeat(6_000_000)
		});
		const r = await learner.request('PUT', url, {
			body: huge,
			headers: { 'content-type': 'application/json', origin: server.url }
		});
		expect(r.status).toBe(413);
		expect(body<{ message: string }>(r).message).toMatch(/too large/i);
		await expectUnchanged();
	});

	it.skipIf(!kind.available)(
		'refuses an oversized body sent without a Content-Length (chunked) with 413',
		async () => {
			const chunk = new TextEncoder().encode('x'.repeat(100_000));
			let sent = 0;
			const stream = new ReadableStream<Uint8Array>({
				start(controller) {
					controller.enqueue(new TextEncoder().encode(`{"revision":${revision},"pad":"`));
				},
				pull(controller) {
					if (sent >= 60) {
						controller.enqueue(new TextEncoder().encode('"}'));
						controller.close();
						return;
					}
					sent++;
					controller.enqueue(chunk);
				}
			});
			const r = await learner.request('PUT', url, {
				body: stream,
				headers: { 'content-type': 'application/json', origin: server.url },
				duplex: 'half'
			} as RequestInit);
			expect(r.status).toBe(413);
			expect(r.text).toMatch(/too large|exceeded/i);
			await expectUnchanged();
		}
	);

	it.skipIf(!kind.available)(
		'refuses a revision number the database cannot hold as stale (409), not with a server error',
		async () => {
			for (const big of [2 ** 31, 2 ** 53 - 1, 1e20]) {
				const r = await learner.json('PUT', url, {
					revision: big,
					spans: [ok({ tag: 'opinion' })]
				});
				expect([409, 422], `${big}: ${r.status} ${r.text.slice(0, 200)}`).toContain(r.status);
				await expectUnchanged();
			}
		}
	);

	it.skipIf(!kind.available)(
		'accepts exactly 500 spans and a 2,000-character note (the limits themselves)',
		async () => {
			const spans = manySpans(500);
			spans[0] = { ...spans[0], note: 'é'.repeat(2000) };
			const r = await learner.json('PUT', url, { revision, spans });
			expect(r.status, r.text.slice(0, 300)).toBe(200);
			revision = body<{ revision: number }>(r).revision;
			const back = body<{ spans: Span[] }>(await learner.get(url)).spans;
			expect(back).toHaveLength(500);
			expect(back.find((s) => s.note)!.note).toHaveLength(2000);
			// back to the baseline for the next tests
			const reset = await learner.json('PUT', url, { revision, spans: BASELINE });
			expect(reset.status).toBe(200);
			revision = body<{ revision: number }>(reset).revision;
			stored = await draftRow(direct, ids.assignmentId, ids.learners[0]);
		}
	);

	it.skipIf(!kind.available)(
		'accepts the largest legal draft: 500 spans, each with a 2,000-character note',
		async () => {
			const spans = manySpans(500, 'n'.repeat(2000));
			const r = await learner.json('PUT', url, { revision, spans });
			expect(r.status, r.text.slice(0, 300)).toBe(200);
			revision = body<{ revision: number }>(r).revision;
			const reset = await learner.json('PUT', url, { revision, spans: BASELINE });
			revision = body<{ revision: number }>(reset).revision;
			stored = await draftRow(direct, ids.assignmentId, ids.learners[0]);
		}
	);

	it.skipIf(!kind.available)(
		'trims spans and drops exact duplicates instead of refusing them',
		async () => {
			const r = await learner.json('PUT', url, {
				revision,
				spans: [
					{ start: 182, end: 189, tag: 'opinion' }, // " Obama ": white space on both sides
					ok(),
					ok({ note: 'a second identical highlight' })
				]
			});
			expect(r.status, r.text).toBe(200);
			const back = body<{ revision: number; spans: Span[] }>(await learner.get(url));
			expect(back.spans).toEqual([ok(), { start: 183, end: 188, tag: 'opinion' }]);
			revision = back.revision;
			const reset = await learner.json('PUT', url, { revision, spans: BASELINE });
			revision = body<{ revision: number }>(reset).revision;
			stored = await draftRow(direct, ids.assignmentId, ids.learners[0]);
		}
	);
});
