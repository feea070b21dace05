/**
 * Self-study through the real server: a practice attempt is scored at once against the reference (the
 * same figures as the engine), kept in the history for a signed-in learner and not at all without an
 * account; bad spans are refused naming the field; a learner whose class has the same article as an
 * assignment gets no key before that assignment's reveal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../../src/lib/annotation/compare';
import sample from '../../src/lib/fixtures/g20-syria.json';
import type { ReferenceSpan, Span } from '../../src/lib/annotation/types';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { Client } from '../helpers/http';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('practice');

const URL = `/api/practice/${sample.id}/attempts`;
const reference = sample.reference.spans as ReferenceSpan[];
const attempt: Span[] = [
	{ start: 673, end: 695, tag: 'unclear_sourcing' },
	{ start: 974, end: 1004, tag: 'claim' },
	{ start: 2985, end: 3112, tag: 'opinion' }
];

describe.each(DATABASE_KINDS)('practice on $name', (kind) => {
	let server: RunningServer;

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
	}, 60_000);
	afterAll(async () => {
		if (!kind.available) return;
		await server.stop();
		await server.db.drop();
	});

	it.skipIf(!kind.available)('scores an anonymous attempt at once and stores nothing', async () => {
		const c = new Client(server.url);
		const r = await c.json('POST', URL, { spans: attempt });
		expect(r.status).toBe(200);
		const body = JSON.parse(r.text);
		const expected = compare(reference, attempt, { textLength: sample.text.length });
		expect(body.grade).toBeCloseTo(expected.grade, 10);
		expect(body.comparison.pairs).toEqual(expected.pairs);
		expect(body.comparison.kappa).toEqual(expected.kappa);
		expect(body.reference[0].note).toBe(reference[0].note);
		expect(body.attempt).toBeNull();
		expect(JSON.parse((await c.get(URL)).text)).toEqual([]);
	});

	it.skipIf(!kind.available)('keeps the history of a signed-in learner, oldest first', async () => {
		const c = new Client(server.url);
		await c.form('/signup', { name: 'Sol', email: 'sol@example.com', password: 'practice please' });
		const first = JSON.parse((await c.json('POST', URL, { spans: attempt.slice(0, 1) })).text);
		const second = JSON.parse((await c.json('POST', URL, { spans: attempt })).text);
		expect(second.history.map((h: { grade: number }) => h.grade)).toEqual([
			first.grade,
			second.grade
		]);
		expect(second.grade).toBeGreaterThan(first.grade);
		const other = new Client(server.url);
		expect(JSON.parse((await other.get(URL)).text)).toEqual([]);
	});

	it.skipIf(!kind.available)('refuses bad spans naming the field', async () => {
		const c = new Client(server.url);
		const r = await c.json('POST', URL, { spans: [{ start: 40, end: 60, tag: 'claim' }] });
		expect(r.status).toBe(422);
		expect(JSON.parse(r.text).message).toContain('spans[0]');
		const tag = await c.json('POST', URL, { spans: [{ start: 0, end: 5, tag: 'rumour' }] });
		expect(JSON.parse(tag.text).message).toContain('spans[0].tag');
		expect((await c.json('POST', '/api/practice/nope/attempts', { spans: [] })).status).toBe(404);
	});

	it.skipIf(!kind.available)(
		'gives a demo learner no key while the same article is their assignment',
		async () => {
			const c = new Client(server.url);
			await c.login('learner1@example.com', DEMO_PASSWORD);
			const r = await c.json('POST', URL, { spans: attempt });
			expect(r.status).toBe(403);
			expect(r.text).toContain('its feedback opens with that assignment');
			expect(r.text).not.toContain(reference[0].note!);
		}
	);
});
