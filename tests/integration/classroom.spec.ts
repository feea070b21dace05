/**
 * The classroom through the real server and a real database: classes and join codes (by code, by link,
 * rotated, disabled), removing and restoring a learner, assignments with dates in a time zone, drafts
 * with revisions and conflicts, submitting (frozen, resubmission, late, closed), the three reveal
 * policies, and a learner's result checked against the comparison engine run here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../../src/lib/annotation/compare';
import { normalizeSpans } from '../../src/lib/annotation/spans';
import type { Comparison, Span } from '../../src/lib/annotation/types';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import {
	SAMPLE,
	STRONG_SPANS,
	UNAMBIGUOUS_CODE,
	body,
	createAssignment,
	createClass,
	daysFromNow,
	decodeHtml,
	draftRow,
	joinWithCode,
	pageText,
	plain,
	postAssignment,
	publicSampleId,
	saveDraft,
	shownJoinCode,
	signUp,
	submissionRows,
	submitSpans,
	updateAssignment,
	utcLocal,
	type AssignmentForm
} from '../helpers/classroom';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { Client } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('classroom');

/** A stretch of the reference's first rationale note that no escaping changes. */
const FIRST_NOTE = 'The body never mentions';

/** A few spans of the sample article (the headline claim, Obama's quote, an attribution). */
const SPANS_A: Span[] = [
	{ start: 0, end: 47, tag: 'claim' },
	{ start: 49, end: 181, tag: 'quote', note: 'Obama quoting Xi.' }
];
const SPANS_B: Span[] = [...SPANS_A, { start: 183, end: 193, tag: 'unclear_sourcing' }];
const SPANS_C: Span[] = [{ start: 0, end: 47, tag: 'opinion' }];

describe.each(DATABASE_KINDS)('classroom on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let teacher: Client;
	let classId: string;
	let articleId: string;
	/** Learners who joined the class in the join tests, by letter. */
	const learners = new Map<string, { client: Client; id: string }>();

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
		teacher = (await signUp(server, direct, 'Ines Instructor', 'ines@example.com')).client;
		articleId = await publicSampleId(direct);
		for (const letter of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) {
			learners.set(
				letter,
				await signUp(server, direct, `Learner ${letter.toUpperCase()}`, `${letter}@example.com`)
			);
		}
	}, 60_000);
	afterAll(async () => {
		if (!kind.available) return;
		await direct.close();
		await server.stop();
		await server.db.drop();
	});

	const learner = (letter: string) => learners.get(letter)!;

	/** An assignment in the test class on the public sample article. */
	function assignment(f: Partial<AssignmentForm> = {}) {
		return createAssignment(teacher, classId, {
			articleId,
			dueAt: utcLocal(daysFromNow(7)),
			...f
		});
	}

	// --- classes and join codes ----------------------------------------------------------------------

	it.skipIf(!kind.available)(
		'creates a class whose join code uses only unambiguous characters, with a join link',
		async () => {
			classId = await createClass(teacher, '  Civics 9B  ');
			const page = await teacher.get(`/classes/${classId}`);
			expect(page.status).toBe(200);
			expect(page.text).toMatch(/<h1[^>]*>Civics 9B<\/h1>/);
			const code = await shownJoinCode(teacher, classId);
			expect(code).toMatch(UNAMBIGUOUS_CODE);
			expect(page.text).toContain(`${server.url}/join/${code}`);
			const row = await direct.db
				.selectFrom('classes')
				.select(['join_code', 'name'])
				.where('id', '=', classId)
				.executeTakeFirstOrThrow();
			expect(row).toEqual({ join_code: code, name: 'Civics 9B' });
			// Codes from many classes never use 0/O, 1/I/L, 5/S, 2/Z or 8/B.
			const codes = [];
			for (let i = 0; i < 8; i++) {
				codes.push(await shownJoinCode(teacher, await createClass(teacher, `Spare ${i}`)));
			}
			for (const c of codes) expect(c).toMatch(UNAMBIGUOUS_CODE);
			expect(new Set(codes).size).toBe(codes.length);
			expect((await teacher.get('/')).text).toContain('Civics 9B');
		}
	);

	it.skipIf(!kind.available)(
		'lets a learner join by code (typed loosely) and another by the join link',
		async () => {
			const code = (await shownJoinCode(teacher, classId))!;
			const typed = ` ${code.slice(0, 3).toLowerCase()}-${code.slice(3)} `;
			const byCode = await joinWithCode(learner('a').client, typed);
			expect(byCode.status).toBe(303);
			expect(byCode.location).toBe(`/classes/${classId}`);
			expect((await learner('a').client.get(`/classes/${classId}`)).status).toBe(200);

			const invite = await learner('b').client.get(`/join/${code}`);
			expect(invite.status).toBe(200);
			expect(invite.text).toContain('Join Civics 9B');
			const byLink = await learner('b').client.form(`/join/${code}`, {});
			expect(byLink.status).toBe(303);
			expect(byLink.location).toBe(`/classes/${classId}`);
			const page = await learner('b').client.get(`/classes/${classId}`);
			expect(page.status).toBe(200);
			expect(page.text).not.toContain(code); // learners are not shown the code

			for (const l of ['c', 'd', 'e', 'f', 'g']) {
				expect((await joinWithCode(learner(l).client, code)).status).toBe(303);
			}
			const roster = decodeHtml((await teacher.get(`/classes/${classId}`)).text);
			expect(roster).toContain('Learners (7)');
			expect(roster).toContain('a@example.com');
			expect(roster).toContain('b@example.com');
		}
	);

	it.skipIf(!kind.available)('refuses a rotated code; the new code works', async () => {
		const stranger = await signUp(server, direct, 'Late Joiner', 'late@example.com');
		const old = (await shownJoinCode(teacher, classId))!;
		const rotated = await teacher.form(`/classes/${classId}?/rotate`, {});
		expect(rotated.status).toBe(200);
		expect(rotated.text).toContain('The old code and link no longer work');
		const fresh = (await shownJoinCode(teacher, classId))!;
		expect(fresh).toMatch(UNAMBIGUOUS_CODE);
		expect(fresh).not.toBe(old);

		const byOld = await joinWithCode(stranger.client, old);
		expect(byOld.status).toBe(400);
		expect(decodeHtml(byOld.text)).toContain('No class has that code');
		const oldLink = await stranger.client.get(`/join/${old}`);
		expect(oldLink.status).toBe(404);
		expect(oldLink.text).toContain('This join link does not work any more');
		const oldLinkPost = await stranger.client.form(`/join/${old}`, {});
		expect(oldLinkPost.status).toBe(404);
		expect(pageText(oldLinkPost.text)).toContain('This join link does not work any more');
		expect((await stranger.client.get(`/classes/${classId}`)).status).toBe(404);

		const byNew = await joinWithCode(stranger.client, fresh);
		expect(byNew.status).toBe(303);
		expect((await stranger.client.get(`/classes/${classId}`)).status).toBe(200);
	});

	it.skipIf(!kind.available)(
		'refuses a disabled code and link until a new code is made',
		async () => {
			const stranger = await signUp(server, direct, 'Too Late', 'toolate@example.com');
			const code = (await shownJoinCode(teacher, classId))!;
			const off = await teacher.form(`/classes/${classId}?/disable`, {});
			expect(off.status).toBe(200);
			expect(off.text).toContain('Joining is off');
			expect(await shownJoinCode(teacher, classId)).toBeNull();
			const byCode = await joinWithCode(stranger.client, code);
			expect(byCode.status).toBe(400);
			expect(decodeHtml(byCode.text)).toContain('No class has that code');
			expect((await stranger.client.get(`/join/${code}`)).status).toBe(404);
			expect((await stranger.client.form(`/join/${code}`, {})).status).toBe(404);
			expect((await stranger.client.get(`/classes/${classId}`)).status).toBe(404);

			await teacher.form(`/classes/${classId}?/rotate`, {});
			const again = (await shownJoinCode(teacher, classId))!;
			expect(again).toMatch(UNAMBIGUOUS_CODE);
			expect(again).not.toBe(code);
		}
	);

	// --- assignments and dates -----------------------------------------------------------------------

	it.skipIf(!kind.available)(
		'stores dates typed in Europe/Paris as the right UTC instants (winter and summer time)',
		async () => {
			const id = await assignment({
				title: 'Paris dates',
				opensAt: '2031-01-10T09:00',
				dueAt: '2031-07-01T18:30',
				timeZone: 'Europe/Paris',
				revealPolicy: 'after_due'
			});
			const row = await direct.db
				.selectFrom('assignments')
				.selectAll()
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			expect(row.opens_at).toBe('2031-01-10T08:00:00.000Z'); // CET, UTC+1
			expect(row.due_at).toBe('2031-07-01T16:30:00.000Z'); // CEST, UTC+2
			expect(row.time_zone).toBe('Europe/Paris');
			expect(row.reveal_policy).toBe('after_due');
			const listed = body<{ id: string; dueAt: string; state: string }[]>(
				await learner('a').client.get('/api/assignments')
			).find((x) => x.id === id);
			expect(listed).toMatchObject({ dueAt: '2031-07-01T16:30:00.000Z', state: 'not_open' });
			// the learner sees it in the class, not yet open
			expect((await learner('a').client.get(`/classes/${classId}`)).text).toContain('Not open yet');
			// not open yet: no drafting
			const put = await learner('a').client.json('PUT', `/api/assignments/${id}/draft`, {
				revision: 0,
				spans: SPANS_A
			});
			expect(put.status).toBe(409);
			expect(body(put).code).toBe('closed');
		}
	);

	it.skipIf(!kind.available)(
		'refuses a due date before the opening date, and "after the due date" without one, saying why',
		async () => {
			const before = await postAssignment(teacher, classId, {
				articleId,
				opensAt: '2031-03-01T10:00',
				dueAt: '2031-02-01T10:00',
				timeZone: 'Europe/Paris'
			});
			expect(before.status).toBe(400);
			expect(pageText(before.text)).toContain('The due date must come after the opening date.');
			const noDue = await postAssignment(teacher, classId, {
				articleId,
				dueAt: '',
				revealPolicy: 'after_due'
			});
			expect(noDue.status).toBe(400);
			expect(pageText(noDue.text)).toContain('Set a due date');
			const rows = await direct.db
				.selectFrom('assignments')
				.select('id')
				.where('class_id', '=', classId)
				.execute();
			expect(rows).toHaveLength(1); // only the Paris one
		}
	);

	it.skipIf(!kind.available)(
		'says so on the page when the browser sends a time zone the server does not know',
		async () => {
			const zone = await postAssignment(teacher, classId, {
				articleId,
				dueAt: '2031-02-01T10:00',
				timeZone: 'Mars/Olympus_Mons'
			});
			expect(zone.status).toBe(400);
			// the page must say what is wrong, not only "fix the highlighted fields" with none highlighted
			expect(pageText(zone.text)).toContain('Unknown time zone "Mars/Olympus_Mons".');
		}
	);

	// --- drafts --------------------------------------------------------------------------------------

	it.skipIf(!kind.available)(
		'saves drafts revision 0 → 1 → 2; a stale save gets 409 with the current draft and changes nothing',
		async () => {
			const id = await assignment({ title: 'Drafts' });
			const { client, id: uid } = learner('a');
			const url = `/api/assignments/${id}/draft`;
			expect(body(await client.get(url))).toMatchObject({ revision: 0, spans: [] });

			const first = await client.json('PUT', url, { revision: 0, spans: SPANS_A });
			expect(first.status).toBe(200);
			expect(body(first).revision).toBe(1);
			const second = await client.json('PUT', url, { revision: 1, spans: SPANS_B });
			expect(second.status).toBe(200);
			expect(body(second).revision).toBe(2);

			const before = await draftRow(direct, id, uid);
			for (const stale of [1, 0, 3, 17]) {
				const r = await client.json('PUT', url, { revision: stale, spans: SPANS_C });
				expect(r.status, `revision ${stale}`).toBe(409);
				const b = body<{ code: string; message: string; current: { revision: number } }>(r);
				expect(b.code).toBe('stale');
				expect(b.message).toMatch(/changed elsewhere/);
				expect(b.current).toMatchObject({ revision: 2, spans: SPANS_B });
			}
			const now = body(await client.get(url));
			expect(now).toMatchObject({ revision: 2, spans: SPANS_B });
			const after = await draftRow(direct, id, uid);
			expect(after).toEqual(before);
			expect(JSON.parse(after!.spans)).toEqual(SPANS_B);

			// another learner's draft is separate
			expect(body(await learner('b').client.get(url))).toMatchObject({ revision: 0, spans: [] });
		}
	);

	it.skipIf(!kind.available)(
		'settles two tabs saving the same revision at once: one wins, the other gets 409',
		async () => {
			const id = await assignment({ title: 'Two tabs' });
			const { client, id: uid } = learner('b');
			const url = `/api/assignments/${id}/draft`;
			await client.json('PUT', url, { revision: 0, spans: SPANS_A });
			const replies = await Promise.all([
				client.json('PUT', url, { revision: 1, spans: SPANS_B }),
				client.json('PUT', url, { revision: 1, spans: SPANS_C })
			]);
			expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
			const winner = replies[0].status === 200 ? SPANS_B : SPANS_C;
			const row = await draftRow(direct, id, uid);
			expect(Number(row!.revision)).toBe(2);
			expect(JSON.parse(row!.spans)).toEqual(winner);
		}
	);

	it.skipIf(!kind.available)(
		'fits a save to the article as last edited, even when an earlier save read the old text',
		async () => {
			const text = 'A short headline\n\nOne paragraph of body.';
			const created = await teacher.json('POST', '/api/articles', { text });
			expect(created.status, created.text).toBe(201);
			const article = body<{ id: string }>(created);
			const id = await assignment({ title: 'Edited in place', articleId: article.id });
			const url = `/api/assignments/${id}/draft`;
			const { client } = learner('c');
			const later = [{ start: 41, end: 60, tag: 'claim' }];
			const early = await client.json('PUT', url, { revision: 0, spans: later });
			expect(early.status).toBe(422);
			expect(body<{ message: string }>(early).message).toMatch(/^spans\[0\]/);

			const meta = body<{ fingerprint: string }>(await teacher.get(`/api/articles/${article.id}`));
			const edited = await teacher.json('PUT', `/api/articles/${article.id}`, {
				text: `${text} Then a second sentence, added later.`,
				base: meta.fingerprint
			});
			expect(body<{ mode: string }>(edited).mode).toBe('in_place');

			const saved = await client.json('PUT', url, { revision: 0, spans: later });
			expect(saved.status, saved.text).toBe(200);
			expect(body(saved)).toMatchObject({ revision: 1, spans: later });
		}
	);

	// --- submitting ----------------------------------------------------------------------------------

	it.skipIf(!kind.available)(
		'submits (201) and freezes the work: a draft save and a second submit get 409',
		async () => {
			const id = await assignment({ title: 'Frozen', revealPolicy: 'after_due' });
			const { client, id: uid } = learner('c');
			const r = await submitSpans(client, id, SPANS_B);
			expect(body(r)).toMatchObject({ attempt: 1, late: false, spans: 3 });
			const rows = await submissionRows(direct, id, uid);
			expect(rows).toHaveLength(1);
			expect(plain(JSON.parse(rows[0].spans))).toEqual(plain(SPANS_B));

			const draft = body<{ revision: number }>(await client.get(`/api/assignments/${id}/draft`));
			const put = await client.json('PUT', `/api/assignments/${id}/draft`, {
				revision: draft.revision,
				spans: SPANS_C
			});
			expect(put.status).toBe(409);
			expect(body(put)).toMatchObject({ code: 'submitted' });
			expect(body(put).message).toMatch(/submitted/);
			const again = await client.json('POST', `/api/assignments/${id}/submit`);
			expect(again.status).toBe(409);
			expect(body(again).message).toMatch(/already submitted/);
			expect(await submissionRows(direct, id, uid)).toHaveLength(1);
			expect(JSON.parse((await draftRow(direct, id, uid))!.spans)).toEqual(SPANS_B);
			const listed = body<{ id: string; state: string }[]>(await client.get('/api/assignments'));
			expect(listed.find((x) => x.id === id)!.state).toBe('submitted');
		}
	);

	it.skipIf(!kind.available)(
		'settles two submits at once: one 201, the other 409, one submission stored',
		async () => {
			const id = await assignment({ title: 'Double click', revealPolicy: 'after_due' });
			const { client, id: uid } = learner('g');
			await saveDraft(client, id, SPANS_A);
			const replies = await Promise.all([
				client.json('POST', `/api/assignments/${id}/submit`),
				client.json('POST', `/api/assignments/${id}/submit`),
				client.json('POST', `/api/assignments/${id}/submit`)
			]);
			expect(replies.map((r) => r.status).sort()).toEqual([201, 409, 409]);
			for (const r of replies.filter((x) => x.status === 409)) {
				expect(body(r).message).toMatch(/submitted/);
			}
			expect(await submissionRows(direct, id, uid)).toHaveLength(1);
		}
	);

	it.skipIf(!kind.available)(
		'allows a resubmission before the due date when the assignment allows it, not after',
		async () => {
			const id = await assignment({
				title: 'Resubmit',
				revealPolicy: 'after_due',
				allowResubmit: true
			});
			const { client, id: uid } = learner('c');
			await submitSpans(client, id, SPANS_A);
			const second = await submitSpans(client, id, SPANS_B);
			expect(body(second)).toMatchObject({ attempt: 2, spans: 3 });
			const rows = await submissionRows(direct, id, uid);
			expect(rows.map((r) => Number(r.attempt))).toEqual([1, 2]);
			expect(plain(JSON.parse(rows[0].spans))).toEqual(plain(SPANS_A)); // the first attempt is kept
			const subs = body<{ userId: string; attempt: number; status: string }[]>(
				await teacher.get(`/api/assignments/${id}/submissions`)
			);
			expect(subs.find((s) => s.userId === uid)).toMatchObject({
				attempt: 2,
				status: 'submitted'
			});

			await updateAssignment(direct, id, { due_at: daysFromNow(-1).toISOString() });
			const draft = body<{ revision: number }>(await client.get(`/api/assignments/${id}/draft`));
			const put = await client.json('PUT', `/api/assignments/${id}/draft`, {
				revision: draft.revision,
				spans: SPANS_C
			});
			expect(put.status).toBe(409);
			expect(body(put).code).toBe('submitted');
			expect((await client.json('POST', `/api/assignments/${id}/submit`)).status).toBe(409);
			expect(await submissionRows(direct, id, uid)).toHaveLength(2);
		}
	);

	it.skipIf(!kind.available)(
		'marks a submission late when it comes after the due date and late work is allowed',
		async () => {
			const id = await assignment({ title: 'Late ok', allowLate: true, revealPolicy: 'manual' });
			const { client, id: uid } = learner('d');
			await updateAssignment(direct, id, { due_at: daysFromNow(-2).toISOString() });
			const r = await submitSpans(client, id, SPANS_A);
			expect(body(r)).toMatchObject({ attempt: 1, late: true });
			expect((await submissionRows(direct, id, uid))[0].late).toBe(1);
			const subs = body<{ userId: string; late: boolean }[]>(
				await teacher.get(`/api/assignments/${id}/submissions`)
			);
			expect(subs.find((s) => s.userId === uid)!.late).toBe(true);
			expect(decodeHtml((await teacher.get(`/classes/${classId}`)).text)).toContain('(1 late)');
		}
	);

	it.skipIf(!kind.available)(
		'closes the work after the due date when late work is not allowed',
		async () => {
			const id = await assignment({ title: 'Closed', revealPolicy: 'manual' });
			const { client, id: uid } = learner('d');
			const saved = await saveDraft(client, id, SPANS_A);
			expect(saved.status).toBe(200);
			await updateAssignment(direct, id, { due_at: daysFromNow(-1).toISOString() });

			const put = await client.json('PUT', `/api/assignments/${id}/draft`, {
				revision: 1,
				spans: SPANS_B
			});
			expect(put.status).toBe(409);
			expect(body(put)).toMatchObject({ code: 'closed' });
			expect(body(put).message).toMatch(/closed/);
			const sub = await client.json('POST', `/api/assignments/${id}/submit`);
			expect(sub.status).toBe(409);
			expect(body(sub).message).toMatch(/not open for submissions/);
			expect(await submissionRows(direct, id, uid)).toHaveLength(0);
			expect(JSON.parse((await draftRow(direct, id, uid))!.spans)).toEqual(SPANS_A);
			const listed = body<{ id: string; state: string }[]>(await client.get('/api/assignments'));
			expect(listed.find((x) => x.id === id)!.state).toBe('closed');
			expect((await client.get(`/assignments/${id}`)).text).toContain('Closed');
		}
	);

	// --- reveal policies -----------------------------------------------------------------------------

	async function expectHidden(client: Client, id: string) {
		const ref = await client.get(`/api/assignments/${id}/reference`);
		expect(ref.status).toBe(403);
		expect(body(ref).message).toMatch(/not revealed yet/);
		expect(ref.text).not.toContain(FIRST_NOTE);
		const res = await client.get(`/api/assignments/${id}/result`);
		expect([403, 404]).toContain(res.status);
		expect(res.text).not.toContain(FIRST_NOTE);
		const page = await client.get(`/assignments/${id}`);
		expect(page.status).toBe(200);
		expect(page.text).not.toContain(FIRST_NOTE);
	}

	async function expectShown(client: Client, id: string) {
		const ref = await client.get(`/api/assignments/${id}/reference`);
		expect(ref.status).toBe(200);
		const spans = body<{ spans: Span[] }>(ref).spans;
		expect(plain(spans)).toEqual(plain(SAMPLE.reference.spans));
		expect((await client.get(`/api/assignments/${id}/result`)).status).toBe(200);
		expect((await client.get(`/assignments/${id}`)).text).toContain(FIRST_NOTE);
	}

	it.skipIf(!kind.available)(
		'after_submit: the reference appears right after the learner submits',
		async () => {
			const id = await assignment({ title: 'Reveal on submit', revealPolicy: 'after_submit' });
			const { client } = learner('e');
			await saveDraft(client, id, SPANS_A);
			await expectHidden(client, id);
			await client.json('POST', `/api/assignments/${id}/submit`);
			await expectShown(client, id);
			// a classmate who has not submitted still cannot see it
			await expectHidden(learner('f').client, id);
		}
	);

	it.skipIf(!kind.available)(
		'after_due: 403 before the due date, 200 once it has passed',
		async () => {
			const id = await assignment({ title: 'Reveal after due', revealPolicy: 'after_due' });
			const { client } = learner('e');
			await submitSpans(client, id, SPANS_A);
			await expectHidden(client, id);
			await updateAssignment(direct, id, { due_at: daysFromNow(-1).toISOString() });
			await expectShown(client, id);
		}
	);

	it.skipIf(!kind.available)(
		'after_due with late work allowed: hidden from a learner who may still submit late',
		async () => {
			const id = await assignment({
				title: 'Reveal after due, late ok',
				revealPolicy: 'after_due',
				allowLate: true
			});
			await submitSpans(learner('e').client, id, SPANS_A);
			await updateAssignment(direct, id, { due_at: daysFromNow(-1).toISOString() });
			await expectShown(learner('e').client, id);
			await expectHidden(learner('f').client, id); // has not submitted and still may
			await submitSpans(learner('f').client, id, SPANS_C);
			await expectShown(learner('f').client, id);
		}
	);

	it.skipIf(!kind.available)(
		'manual: 403 until the instructor releases it, and again after withdrawing it',
		async () => {
			const id = await assignment({ title: 'Manual reveal', revealPolicy: 'manual' });
			const { client } = learner('e');
			await submitSpans(client, id, SPANS_A);
			await expectHidden(client, id);
			await updateAssignment(direct, id, { due_at: daysFromNow(-1).toISOString() });
			await expectHidden(client, id); // the due date does not matter
			const release = await teacher.form(`/assignments/${id}?/release`, {});
			expect(release.status).toBe(200);
			expect(release.text).toContain('Released');
			await expectShown(client, id);
			const withdraw = await teacher.form(`/assignments/${id}?/withdraw`, {});
			expect(withdraw.status).toBe(200);
			await expectHidden(client, id);
		}
	);

	// --- the learner's result ------------------------------------------------------------------------

	it.skipIf(!kind.available)(
		"serves the learner's result as compare() computes it on the same spans and reference",
		async () => {
			const id = await assignment({
				title: 'Result',
				revealPolicy: 'after_submit',
				threshold: '0.7',
				halfCredit: false
			});
			const { client, id: uid } = learner('g');
			// the strong demo learner's spans, shuffled, one padded with white space and one repeated
			const sent: Span[] = [...STRONG_SPANS].reverse();
			const padded = sent.findIndex((s) => SAMPLE.text[s.end] === ' ');
			sent[padded] = { ...sent[padded], end: sent[padded].end + 1 };
			sent.push({ ...STRONG_SPANS[3] });
			await submitSpans(client, id, sent);
			const r = await client.get(`/api/assignments/${id}/result`);
			expect(r.status).toBe(200);
			const result = body<{
				learner: string;
				grade: number;
				submitted: Span[];
				comparison: Comparison;
			}>(r);
			const normalized = normalizeSpans(SAMPLE.text, sent).spans;
			expect(plain(result.submitted)).toEqual(plain(normalized));
			const expected = compare(SAMPLE.reference.spans, result.submitted, {
				threshold: 0.7,
				halfCredit: false,
				textLength: SAMPLE.text.length
			});
			expect(result.learner).toBe(uid);
			expect(result.comparison).toEqual(expected);
			expect(result.grade).toBe(expected.grade);
			// the options made a difference: the default options give another grade
			const defaults = compare(SAMPLE.reference.spans, result.submitted, {
				textLength: SAMPLE.text.length
			});
			expect(defaults.grade).not.toBe(expected.grade);
			// the instructor's view of the same learner is the same comparison
			const asTeacher = await teacher.get(`/api/assignments/${id}/result?learner=${uid}`);
			expect(body<{ comparison: Comparison }>(asTeacher).comparison).toEqual(expected);
		}
	);

	// --- removing a learner --------------------------------------------------------------------------

	it.skipIf(!kind.available)(
		'removes a learner: they lose access (404), their submission is kept and still listed',
		async () => {
			const id = await assignment({ title: 'Before removal', revealPolicy: 'after_due' });
			const { client, id: uid } = learner('f');
			await submitSpans(client, id, SPANS_B);

			const removed = await teacher.form(`/classes/${classId}?/remove`, { userId: uid });
			expect(removed.status).toBe(200);
			expect(removed.text).toContain('Their work is kept');

			for (const path of [
				`/classes/${classId}`,
				`/assignments/${id}`,
				`/api/assignments/${id}/draft`,
				`/api/assignments/${id}/reference`,
				`/api/assignments/${id}/result`
			]) {
				const r = await client.get(path);
				expect(r.status, path).toBe(404);
				expect(decodeHtml(r.text), path).toMatch(/not found, or you are not in it/);
			}
			const put = await client.json('PUT', `/api/assignments/${id}/draft`, {
				revision: 1,
				spans: SPANS_C
			});
			expect(put.status).toBe(404);
			expect((await client.json('POST', `/api/assignments/${id}/submit`)).status).toBe(404);
			const mine = body<{ classId: string }[]>(await client.get('/api/assignments'));
			expect(mine.filter((a) => a.classId === classId)).toEqual([]);
			expect((await client.get('/')).text).not.toContain('Civics 9B');

			// joining again with the code is refused, with a reason
			const code = (await shownJoinCode(teacher, classId))!;
			const rejoin = await joinWithCode(client, code);
			expect(rejoin.status).toBe(400);
			expect(decodeHtml(rejoin.text)).toContain('You were removed from this class');

			// the work is kept, and listed for the instructor
			expect(await submissionRows(direct, id, uid)).toHaveLength(1);
			const subs = body<{ userId: string; removed: boolean; status: string; grade: number }[]>(
				await teacher.get(`/api/assignments/${id}/submissions`)
			);
			const row = subs.find((s) => s.userId === uid);
			expect(row).toMatchObject({ removed: true, status: 'submitted' });
			expect(typeof row!.grade).toBe('number');
			expect(decodeHtml((await teacher.get(`/classes/${classId}`)).text)).toContain('Removed');

			// restored: access comes back, with the same work
			const restored = await teacher.form(`/classes/${classId}?/restore`, { userId: uid });
			expect(restored.status).toBe(200);
			expect((await client.get(`/classes/${classId}`)).status).toBe(200);
			expect((await client.get(`/api/assignments/${id}/draft`)).status).toBe(200);
		}
	);

	it.skipIf(!kind.available)(
		"lets the instructor open a removed learner's kept submission (result API)",
		async () => {
			const id = await assignment({ title: 'Removed result', revealPolicy: 'after_due' });
			const { client, id: uid } = learner('f');
			await submitSpans(client, id, SPANS_A);
			await teacher.form(`/classes/${classId}?/remove`, { userId: uid });
			try {
				const listed = body<{ userId: string }[]>(
					await teacher.get(`/api/assignments/${id}/submissions`)
				);
				expect(listed.map((r) => r.userId)).toContain(uid);
				const r = await teacher.get(`/api/assignments/${id}/result?learner=${uid}`);
				expect(r.status, r.text).toBe(200);
				expect(plain(body<{ submitted: Span[] }>(r).submitted)).toEqual(plain(SPANS_A));
			} finally {
				await teacher.form(`/classes/${classId}?/restore`, { userId: uid });
			}
		}
	);

	it.skipIf(!kind.available)(
		'refuses removing someone who is not a learner of the class',
		async () => {
			const instructorId = (
				await direct.db
					.selectFrom('users')
					.select('id')
					.where('email', '=', 'ines@example.com')
					.executeTakeFirstOrThrow()
			).id;
			const self = await teacher.form(`/classes/${classId}?/remove`, { userId: instructorId });
			expect(self.status).toBe(404);
			expect(decodeHtml(self.text)).toContain('That learner is not in this class.');
			expect((await teacher.get(`/classes/${classId}`)).status).toBe(200);
			const nobody = await teacher.form(`/classes/${classId}?/remove`, { userId: 'nope' });
			expect(nobody.status).toBe(404);
		}
	);
});
