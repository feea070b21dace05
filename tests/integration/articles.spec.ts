/**
 * Articles through the real server and a real database: adding one from the sample .txt (form upload
 * and JSON), refusing empty, binary and oversized text, editing in place or as a new version when work
 * exists (with the reference carried over and what could not be reported), saving the reference with a
 * revision check, and who may see and change what.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sample from '../../src/lib/fixtures/g20-syria.json';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { Client } from '../helpers/http';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('articles');

const FIXTURE_TXT = readFileSync('tests/fixtures/g20-syria.txt', 'utf8');

interface ApiArticle {
	id: string;
	lineageId: string;
	version: number;
	title: string;
	byline: string | null;
	blocks: string[];
	text: string;
	public: boolean;
	slug: string | null;
	superseded: boolean;
}

interface ApiSpan {
	start: number;
	end: number;
	tag: string;
	note?: string;
	alsoAccept?: string[];
	exact?: string;
}

/** A multipart form post, as a browser without JavaScript sends the article form. */
function multipart(c: Client, path: string, fields: Record<string, string | Blob>, name = 'x.txt') {
	const body = new FormData();
	for (const [k, v] of Object.entries(fields)) {
		if (typeof v === 'string') body.set(k, v);
		else body.set(k, v, name);
	}
	return c.request('POST', path, { body, headers: { origin: c.base, accept: 'text/html' } });
}

function parse<T>(text: string): T {
	return JSON.parse(text) as T;
}

describe.each(DATABASE_KINDS)('articles on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let teacher: Client;
	let other: Client;
	let learner: Client;
	const ids: Record<string, string> = {};

	async function userId(email: string): Promise<string> {
		const row = await direct.db
			.selectFrom('users')
			.select('id')
			.where('email', '=', email)
			.executeTakeFirstOrThrow();
		return row.id;
	}

	/** A class taught by `instructor` with `learner` in it, and an assignment on `articleId`. */
	async function classWithAssignment(instructor: string, learnerId: string, articleId: string) {
		const classId = `c${Math.random().toString(36).slice(2, 12)}`;
		const assignmentId = `a${Math.random().toString(36).slice(2, 12)}`;
		const now = new Date().toISOString();
		await direct.db
			.insertInto('classes')
			.values({
				id: classId,
				name: 'Civics 9B',
				join_code: null,
				created_by: instructor,
				created_at: now
			})
			.execute();
		await direct.db
			.insertInto('memberships')
			.values([
				{
					class_id: classId,
					user_id: instructor,
					role: 'instructor',
					joined_at: now,
					removed_at: null
				},
				{ class_id: classId, user_id: learnerId, role: 'learner', joined_at: now, removed_at: null }
			])
			.execute();
		await direct.db
			.insertInto('assignments')
			.values({
				id: assignmentId,
				class_id: classId,
				article_id: articleId,
				title: 'Sourcing drill',
				instructions: '',
				opens_at: null,
				due_at: null,
				time_zone: 'UTC',
				reveal_policy: 'after_submit',
				revealed_at: null,
				threshold: 0.5,
				half_credit: 1,
				allow_late: 0,
				allow_resubmit: 0,
				created_by: instructor,
				created_at: now
			})
			.execute();
		return { classId, assignmentId };
	}

	async function createViaApi(c: Client, text: string, isPublic = false): Promise<ApiArticle> {
		const r = await c.json('POST', '/api/articles', { text, public: isPublic });
		expect(r.status, r.text).toBe(201);
		return parse<ApiArticle>(r.text);
	}

	async function ownedCount(email: string): Promise<number> {
		const r = await direct.db
			.selectFrom('articles')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('owner_id', '=', await userId(email))
			.executeTakeFirstOrThrow();
		return Number(r.n);
	}

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
		teacher = new Client(server.url);
		expect((await teacher.login('teacher@example.com', DEMO_PASSWORD)).status).toBe(303);
		other = new Client(server.url);
		expect(
			(
				await other.form('/signup', {
					name: 'Other Teacher',
					email: 'other@example.com',
					password: 'another password'
				})
			).status
		).toBe(303);
		learner = new Client(server.url);
		expect((await learner.login('learner1@example.com', DEMO_PASSWORD)).status).toBe(303);
	}, 60_000);

	afterAll(async () => {
		if (!kind.available) return;
		await direct.close();
		await server.stop();
		await server.db.drop();
	});

	it.skipIf(!kind.available)(
		'uploads the sample .txt through the form: exactly the fixture’s blocks and byline',
		async () => {
			const r = await multipart(
				teacher,
				'/articles/new?/save',
				{ text: '', file: new Blob([FIXTURE_TXT], { type: 'text/plain' }) },
				'g20-syria.txt'
			);
			expect(r.status).toBe(303);
			const id = /^\/articles\/([a-z0-9]+)\?saved=created$/.exec(r.location ?? '')?.[1];
			expect(id, r.location ?? '').toBeTruthy();
			ids.uploaded = id!;

			const got = parse<ApiArticle>((await teacher.get(`/api/articles/${id}`)).text);
			expect(got.blocks).toEqual(sample.blocks);
			expect(got.byline).toBe(sample.byline);
			expect(got.title).toBe(sample.title);
			expect(got.text).toBe(sample.text);
			expect(got.version).toBe(1);
			expect(got.public).toBe(false);
			expect(got.slug).toBeNull();

			const page = await teacher.get(r.location!);
			expect(page.status).toBe(200);
			expect(page.text).toContain('Article saved. Next, write its reference');
			expect(page.text).toContain('By Jon Douglas');
			const list = await teacher.get('/articles');
			expect(list.text).toContain(`/articles/${id}`);
		}
	);

	it.skipIf(!kind.available)(
		'previews the parsed article without saving (no JavaScript)',
		async () => {
			const before = await ownedCount('teacher@example.com');
			const r = await multipart(teacher, '/articles/new?/preview', {
				text: 'A headline\n\nFirst paragraph, wrapped\nover two lines.\n\nSecond one.\n\n  • Ada Writer\n'
			});
			expect(r.status).toBe(200);
			expect(r.text).toContain('A headline');
			expect(r.text).toContain('By Ada Writer');
			expect(r.text).toContain('First paragraph, wrapped over two lines.');
			expect(r.text).toContain('2 paragraphs');
			expect(await ownedCount('teacher@example.com')).toBe(before);
		}
	);

	it.skipIf(!kind.available)(
		'refuses empty, binary and oversized text with a message naming the problem',
		async () => {
			const before = await ownedCount('teacher@example.com');

			const empty = await multipart(teacher, '/articles/new?/save', { text: ' \n\n  ' });
			expect(empty.status).toBe(400);
			expect(empty.text).toContain('The article is empty: it needs at least a headline.');

			const nul = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0a, 0x00, 0x01, 0x02]);
			const binary = await multipart(
				teacher,
				'/articles/new?/save',
				{ text: '', file: new Blob([nul]) },
				'report.pdf'
			);
			expect(binary.status).toBe(400);
			expect(binary.text).toContain(
				'"report.pdf": The file does not look like plain text: it contains the control character U+0000 on line 2.'
			);

			const latin1 = await multipart(
				teacher,
				'/articles/new?/save',
				{ text: '', file: new Blob([new Uint8Array([0x43, 0x61, 0x66, 0xe9])]) },
				'cafe.txt'
			);
			expect(latin1.status).toBe(400);
			expect(latin1.text).toContain('is not plain text (it is not valid UTF-8)');

			const huge = await multipart(teacher, '/articles/new?/save', {
				text: `Headline\n\n${'x'.repeat(100_000)}`
			});
			expect(huge.status).toBe(400);
			expect(huge.text).toContain('characters; the limit is 100,000.');

			const hugeFile = await multipart(
				teacher,
				'/articles/new?/save',
				{ text: '', file: new Blob(['y'.repeat(300_004)]) },
				'big.txt'
			);
			expect(hugeFile.status).toBe(400);
			expect(hugeFile.text).toContain('too large for an article (the limit is 100,000 characters)');

			const apiEmpty = await teacher.json('POST', '/api/articles', { text: '' });
			expect(apiEmpty.status).toBe(422);
			expect(parse<{ field: string; code: string }>(apiEmpty.text)).toMatchObject({
				field: 'text',
				code: 'empty'
			});
			const apiBinary = await teacher.json('POST', '/api/articles', { text: 'Head\u0000line' });
			expect(apiBinary.status).toBe(422);
			expect(parse<{ message: string }>(apiBinary.text).message).toContain('U+0000');
			const apiHuge = await teacher.json('POST', '/api/articles', { text: 'z'.repeat(100_001) });
			expect(apiHuge.status).toBe(413);
			expect(parse<{ message: string; field: string }>(apiHuge.text)).toMatchObject({
				field: 'text',
				message: 'text: The article has 100,001 characters; the limit is 100,000.'
			});
			const apiNotText = await teacher.json('POST', '/api/articles', { text: 42 });
			expect(apiNotText.status).toBe(422);
			expect(parse<{ field: string }>(apiNotText.text).field).toBe('text');

			expect(await ownedCount('teacher@example.com')).toBe(before);
		}
	);

	it.skipIf(!kind.available)(
		'saves the reference with a revision check; stale saves get 409 with the current one',
		async () => {
			const a = await createViaApi(teacher, FIXTURE_TXT);
			ids.reference = a.id;
			const url = `/api/articles/${a.id}/reference`;
			const empty = parse<{ revision: number; spans: unknown[] }>((await teacher.get(url)).text);
			expect(empty).toMatchObject({ revision: 0, spans: [], orphans: [] });

			const spans = sample.reference.spans.slice(0, 5).map((s) => ({
				start: s.start,
				end: s.end,
				tag: s.tag,
				note: s.note,
				...(s.alsoAccept ? { alsoAccept: s.alsoAccept } : {})
			}));
			const first = await teacher.json('PUT', url, { revision: 0, spans });
			expect(first.status, first.text).toBe(200);
			const saved = parse<{ revision: number; spans: ApiSpan[] }>(first.text);
			expect(saved.revision).toBe(1);
			expect(saved.spans[0]).toMatchObject({
				tag: 'claim',
				alsoAccept: ['opinion'],
				exact: "Obama, Putin have 'candid, blunt' chat on Syria"
			});

			const stale = await teacher.json('PUT', url, { revision: 0, spans: [] });
			expect(stale.status).toBe(409);
			const body = parse<{
				field: string;
				code: string;
				current: { revision: number; spans: ApiSpan[] };
			}>(stale.text);
			expect(body.code).toBe('stale');
			expect(body.field).toBe('revision');
			expect(body.current.revision).toBe(1);
			expect(body.current.spans).toHaveLength(5);

			const second = await teacher.json('PUT', url, {
				revision: 1,
				spans: [...spans, { start: 0, end: 5, tag: 'quote', note: 'Padded span ' }]
			});
			expect(second.status).toBe(200);
			expect(parse<{ revision: number }>(second.text).revision).toBe(2);
			const now = parse<{ revision: number; spans: ApiSpan[] }>((await teacher.get(url)).text);
			expect(now.revision).toBe(2);
			expect(now.spans).toHaveLength(6);
			expect(now.spans.find((s) => s.tag === 'quote' && s.start === 0)?.note).toBe('Padded span ');
		}
	);

	it.skipIf(!kind.available)(
		'refuses bad reference spans with 400/422 naming the field',
		async () => {
			const url = `/api/articles/${ids.reference}/reference`;
			const cases: [unknown, number, string][] = [
				[{ revision: 2, spans: [{ start: 0, end: 99_999, tag: 'claim' }] }, 422, 'spans[0]'],
				[{ revision: 2, spans: [{ start: 0, end: 5, tag: 'fact' }] }, 422, 'spans[0].tag'],
				[{ revision: 2, spans: [{ start: 0, end: 60, tag: 'claim' }] }, 422, 'spans[0]'],
				[{ revision: 2, spans: [{ start: 3.5, end: 9, tag: 'claim' }] }, 422, 'spans[0].start'],
				[
					{ revision: 2, spans: [{ start: 0, end: 5, tag: 'claim', alsoAccept: ['claim'] }] },
					422,
					'spans[0]'
				],
				[
					{ revision: 2, spans: [{ start: 0, end: 5, tag: 'claim', note: 'n'.repeat(2001) }] },
					422,
					'spans[0].note'
				],
				[{ spans: [] }, 422, 'revision'],
				[{ revision: 2 }, 422, 'spans']
			];
			for (const [payload, status, field] of cases) {
				const r = await teacher.json('PUT', url, payload);
				expect(r.status, JSON.stringify(payload).slice(0, 80)).toBe(status);
				const body = parse<{ field: string; message: string }>(r.text);
				expect(body.field).toBe(field);
				expect(body.message).toMatch(new RegExp(`^${field.replace(/[[\].]/g, '\\$&')}`));
			}
			const crossing = parse<{ code: string; message: string }>(
				(
					await teacher.json('PUT', url, {
						revision: 2,
						spans: [{ start: 0, end: 60, tag: 'claim' }]
					})
				).text
			);
			expect(crossing.code).toBe('crosses_block');
			expect(crossing.message).toContain('blank line between two paragraphs');
			const notJson = await teacher.json('PUT', url, '{"revision": 2,');
			expect(notJson.status).toBe(400);
			// Nothing of the refused saves was written.
			const now = parse<{ revision: number }>((await teacher.get(url)).text);
			expect(now.revision).toBe(2);
		}
	);

	it.skipIf(!kind.available)(
		'edits in place when nobody worked on it, moving the reference with the text',
		async () => {
			const a = await createViaApi(teacher, FIXTURE_TXT);
			const spans = sample.reference.spans.slice(0, 6).map(({ start, end, tag, note }) => ({
				start,
				end,
				tag,
				note
			}));
			await teacher.json('PUT', `/api/articles/${a.id}/reference`, { revision: 0, spans });
			const meta = parse<{ fingerprint: string }>(
				(await teacher.get(`/api/articles/${a.id}`)).text
			);
			const edited = FIXTURE_TXT.replace(
				"Obama, Putin have 'candid, blunt' chat on Syria\n",
				"Obama, Putin have 'candid, blunt' chat on Syria\n\nA new standfirst paragraph.\n"
			);
			const r = await teacher.json('PUT', `/api/articles/${a.id}`, {
				text: edited,
				base: meta.fingerprint
			});
			expect(r.status, r.text).toBe(200);
			const out = parse<{
				mode: string;
				article: ApiArticle;
				carried: number;
				orphaned: unknown[];
			}>(r.text);
			expect(out.mode).toBe('in_place');
			expect(out.article.id).toBe(a.id);
			expect(out.article.version).toBe(1);
			expect(out.article.blocks[1]).toBe('A new standfirst paragraph.');
			expect(out.carried).toBe(6);
			expect(out.orphaned).toEqual([]);

			const ref = parse<{ revision: number; spans: ApiSpan[] }>(
				(await teacher.get(`/api/articles/${a.id}/reference`)).text
			);
			expect(ref.revision).toBe(2);
			const text = out.article.text;
			for (const s of ref.spans) expect(text.slice(s.start, s.end)).toBe(s.exact);
			const shift = 'A new standfirst paragraph.\n\n'.length;
			expect(ref.spans.map((s) => s.start).sort((x, y) => x - y)).toEqual(
				spans.map((s) => (s.start >= 47 ? s.start + shift : s.start)).sort((x, y) => x - y)
			);

			// A reference editor opened on the old text cannot save over the carried-over spans.
			const late = await teacher.json(
				'PUT',
				`/api/articles/${a.id}/reference?text=${meta.fingerprint}`,
				{ revision: 2, spans }
			);
			expect(late.status).toBe(409);
			expect(parse<{ code: string; message: string }>(late.text)).toMatchObject({
				code: 'text_changed',
				message: expect.stringContaining('Reload the page')
			});
			expect(
				parse<{ revision: number }>((await teacher.get(`/api/articles/${a.id}/reference`)).text)
					.revision
			).toBe(2);

			// The same edit again, on the fingerprint of the old text: refused, nothing written.
			const stale = await teacher.json('PUT', `/api/articles/${a.id}`, {
				text: FIXTURE_TXT,
				base: meta.fingerprint
			});
			expect(stale.status).toBe(409);
			expect(parse<{ code: string }>(stale.text).code).toBe('stale');
			const still = parse<ApiArticle>((await teacher.get(`/api/articles/${a.id}`)).text);
			expect(still.text).toBe(text);
		}
	);

	it.skipIf(!kind.available)(
		'makes a new version when work exists; work stays on the old one; lost spans are reported',
		async () => {
			const a = await createViaApi(teacher, FIXTURE_TXT);
			const teacherId = await userId('teacher@example.com');
			const learnerId = await userId('learner1@example.com');
			const { assignmentId } = await classWithAssignment(teacherId, learnerId, a.id);
			await direct.db
				.insertInto('drafts')
				.values({
					assignment_id: assignmentId,
					user_id: learnerId,
					revision: 1,
					spans: JSON.stringify([{ start: 0, end: 5, tag: 'claim' }]),
					updated_at: new Date().toISOString()
				})
				.execute();
			const spans = sample.reference.spans.map(({ start, end, tag, note, alsoAccept }) => ({
				start,
				end,
				tag,
				note,
				...(alsoAccept ? { alsoAccept } : {})
			}));
			const put = await teacher.json('PUT', `/api/articles/${a.id}/reference`, {
				revision: 0,
				spans
			});
			expect(put.status).toBe(200);

			// Drop the Turnbull paragraph (block 3): its reference spans cannot be carried over.
			const dropped = sample.blocks[3];
			const start = sample.text.indexOf(dropped);
			const inDropped = spans.filter((s) => s.start >= start && s.end <= start + dropped.length);
			expect(inDropped.length).toBeGreaterThan(0);
			const edited = FIXTURE_TXT.replace(`${dropped}\n\n`, '');

			const form = await multipart(teacher, `/articles/${a.id}/edit?/save`, { text: edited });
			expect(form.status).toBe(303);
			const m = /^\/articles\/([a-z0-9]+)\?(.*)$/.exec(form.location ?? '');
			expect(m, form.location ?? '').toBeTruthy();
			const newId = m![1];
			const q = new URLSearchParams(m![2]);
			expect(newId).not.toBe(a.id);
			expect(q.get('saved')).toBe('new_version');
			expect(Number(q.get('orphaned'))).toBe(inDropped.length);
			expect(Number(q.get('carried'))).toBe(spans.length - inDropped.length);

			const oldNow = parse<ApiArticle>((await teacher.get(`/api/articles/${a.id}`)).text);
			const newNow = parse<ApiArticle>((await teacher.get(`/api/articles/${newId}`)).text);
			expect(oldNow.superseded).toBe(true);
			expect(oldNow.text).toBe(sample.text);
			expect(newNow).toMatchObject({ lineageId: a.lineageId, version: 2, superseded: false });
			expect(newNow.blocks).toEqual(sample.blocks.filter((_, i) => i !== 3));
			const superseded = await direct.db
				.selectFrom('articles')
				.select('superseded_at')
				.where('id', '=', a.id)
				.executeTakeFirstOrThrow();
			expect(superseded.superseded_at).not.toBeNull();

			// The assignment (and its draft) stay on version 1; version 1 keeps its whole reference.
			const assignment = await direct.db
				.selectFrom('assignments')
				.select('article_id')
				.where('id', '=', assignmentId)
				.executeTakeFirstOrThrow();
			expect(assignment.article_id).toBe(a.id);
			const oldRef = parse<{ spans: ApiSpan[]; revision: number }>(
				(await teacher.get(`/api/articles/${a.id}/reference`)).text
			);
			expect(oldRef.spans).toHaveLength(spans.length);
			expect(oldRef.revision).toBe(1);

			const newRef = parse<{
				spans: ApiSpan[];
				revision: number;
				orphans: { id: string; span: ApiSpan; reason: string; fromVersion: number }[];
			}>((await teacher.get(`/api/articles/${newId}/reference`)).text);
			expect(newRef.revision).toBe(1);
			expect(newRef.spans).toHaveLength(spans.length - inDropped.length);
			for (const s of newRef.spans) expect(newNow.text.slice(s.start, s.end)).toBe(s.exact);
			expect(newRef.orphans.map((o) => o.span.exact).sort()).toEqual(
				inDropped.map((s) => sample.text.slice(s.start, s.end)).sort()
			);
			expect(newRef.orphans[0]).toMatchObject({ fromVersion: 1 });
			expect(newRef.orphans[0].reason).toMatch(/no longer in the article/);

			// The article page reports them; the owner can dismiss one.
			const page = await teacher.get(`/articles/${newId}`);
			expect(page.text).toContain(`${inDropped.length} reference spans could not be carried over`);
			const dismiss = await teacher.form(`/articles/${newId}?/dismiss`, {
				orphan: newRef.orphans[0].id
			});
			expect(dismiss.status).toBe(200);
			const after = parse<{ orphans: unknown[] }>(
				(await teacher.get(`/api/articles/${newId}/reference`)).text
			);
			expect(after.orphans).toHaveLength(inDropped.length - 1);

			// The list shows the newest version only; the old one cannot be edited any more.
			const list = parse<{ id: string; version: number }[]>(
				(await teacher.get('/api/articles')).text
			);
			expect(list.find((x) => x.id === newId)?.version).toBe(2);
			expect(list.some((x) => x.id === a.id)).toBe(false);
			const again = await teacher.json('PUT', `/api/articles/${a.id}`, { text: edited });
			expect(again.status).toBe(409);
			expect(parse<{ code: string; latestId: string }>(again.text)).toMatchObject({
				code: 'superseded',
				latestId: newId
			});
			// Versioned again through the API (a submission on v2 this time), carrying the orphans along.
			await direct.db
				.updateTable('assignments')
				.set({ article_id: newId })
				.where('id', '=', assignmentId)
				.execute();
			const v3 = await teacher.json('PUT', `/api/articles/${newId}`, {
				text: `${edited.trimEnd()}\n`.replace('Despite intensive', 'Despite very intensive')
			});
			expect(v3.status, v3.text).toBe(200);
			const v3Body = parse<{ mode: string; article: ApiArticle }>(v3.text);
			expect(v3Body.mode).toBe('new_version');
			expect(v3Body.article.version).toBe(3);
		}
	);

	it.skipIf(!kind.available)('makes unique slugs for public articles', async () => {
		const one = await createViaApi(teacher, 'Schools Try a Four-Day Week!\n\nBody.', true);
		const two = await createViaApi(other, 'Schools try a four-day week\n\nOther body.', true);
		const three = await createViaApi(teacher, 'Schools try a four-day week\n\nThird.', false);
		expect(one.slug).toBe('schools-try-a-four-day-week');
		expect(two.slug).toBe('schools-try-a-four-day-week-2');
		expect(three.slug).toBeNull();
		// Making it public later gives it the next free slug.
		const r = await teacher.form(`/articles/${three.id}?/visibility`, { public: 'true' });
		expect(r.status).toBe(200);
		const got = parse<ApiArticle>((await teacher.get(`/api/articles/${three.id}`)).text);
		expect(got).toMatchObject({ public: true, slug: 'schools-try-a-four-day-week-3' });
		const home = await teacher.get('/');
		expect(home.text).toContain('/practice/schools-try-a-four-day-week-2');
	});

	it.skipIf(!kind.available)(
		'shows an article only to its owner and the instructors of classes using it',
		async () => {
			const id = ids.reference;
			const paths = [
				`/articles/${id}`,
				`/articles/${id}/edit`,
				`/articles/${id}/reference`,
				`/api/articles/${id}`,
				`/api/articles/${id}/reference`
			];
			for (const p of paths) {
				const r = await other.get(p);
				expect(r.status, p).toBe(404);
				expect(r.text).not.toContain('Padded span');
			}
			const put = await other.json('PUT', `/api/articles/${id}/reference`, {
				revision: 2,
				spans: []
			});
			expect(put.status).toBe(404);
			const edit = await other.json('PUT', `/api/articles/${id}`, { text: 'Mine now' });
			expect(edit.status).toBe(404);
			const form = await multipart(other, `/articles/${id}/edit?/save`, { text: 'Mine now' });
			expect(form.status).toBe(404);
			expect((await other.get('/api/articles')).text).not.toContain(id);

			// A learner, even in a class whose assignment uses it, never gets the reference.
			const teacherId = await userId('teacher@example.com');
			const learnerId = await userId('learner1@example.com');
			const otherLearnerId = await userId('learner2@example.com');
			const { classId } = await classWithAssignment(teacherId, learnerId, id);
			for (const p of paths) {
				const r = await learner.get(p);
				expect([403, 404], p).toContain(r.status);
				expect(r.text).not.toContain('Padded span');
				expect(r.text).not.toContain(sample.reference.spans[0].note);
			}

			// Anyone may start a class: the learner teaching a class of their own on the same article
			// still gets nothing.
			const { classId: own } = await classWithAssignment(learnerId, otherLearnerId, id);
			expect(own).toBeTruthy();
			for (const p of paths) {
				const r = await learner.get(p);
				expect([403, 404], p).toContain(r.status);
				expect(r.text).not.toContain('Padded span');
			}
			expect((await learner.get('/articles')).text).not.toContain(id);

			// A co-instructor of that class may read it and its reference, not change them.
			const otherId = await userId('other@example.com');
			await direct.db
				.insertInto('memberships')
				.values({
					class_id: classId,
					user_id: otherId,
					role: 'instructor',
					joined_at: new Date().toISOString(),
					removed_at: null
				})
				.execute();
			const ref = await other.get(`/api/articles/${id}/reference`);
			expect(ref.status).toBe(200);
			expect(ref.text).toContain('Padded span');
			const view = await other.get(`/articles/${id}`);
			expect(view.status).toBe(200);
			expect(view.text).toContain('Only the instructor who added it can change');
			expect(view.text).not.toContain(`/articles/${id}/edit`);
			const readonly = await other.get(`/articles/${id}/reference`);
			expect(readonly.status).toBe(200);
			expect(readonly.text).toContain('Padded span');
			expect((await other.get(`/articles/${id}/edit`)).status).toBe(403);
			const put2 = await other.json('PUT', `/api/articles/${id}/reference`, {
				revision: 2,
				spans: []
			});
			expect(put2.status).toBe(403);
			expect((await other.get('/articles')).text).toContain('Used in classes you teach');

			// Anonymous: 401 from the API, a redirect to log in from the pages.
			const anon = new Client(server.url);
			expect((await anon.get('/api/articles')).status).toBe(401);
			expect((await anon.get(`/api/articles/${id}/reference`)).status).toBe(401);
			expect(
				(await anon.json('PUT', `/api/articles/${id}/reference`, { revision: 2, spans: [] })).status
			).toBe(401);
			const page = await anon.get(`/articles/${id}/reference`);
			expect(page.status).toBe(303);
			expect(page.location).toBe(`/login?next=${encodeURIComponent(`/articles/${id}/reference`)}`);
			expect((await anon.get('/articles/new')).status).toBe(303);

			// The seeded practice articles belong to nobody: not editable by anyone.
			const practice = await direct.db
				.selectFrom('articles')
				.select('id')
				.where('owner_id', 'is', null)
				.executeTakeFirstOrThrow();
			expect((await teacher.get(`/api/articles/${practice.id}`)).status).toBe(404);
			expect(
				(
					await teacher.json('PUT', `/api/articles/${practice.id}/reference`, {
						revision: 1,
						spans: []
					})
				).status
			).toBe(404);
		}
	);
});
