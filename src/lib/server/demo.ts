/**
 * The first-start content. An empty database gets the practice library (the sample article and two short
 * practice pieces, public, with their references) and, unless NEWSMARK_DEMO=off, a demo class: instructor
 * teacher@example.com and learners learner1–3@example.com, whose password (NEWSMARK_DEMO_PASSWORD, or a
 * generated one) is printed once.
 */
import { sql, type Kysely } from 'kysely';
import sample from '$lib/fixtures/g20-syria.json';
import fourDayWeek from '$lib/fixtures/practice/four-day-week.json';
import teenScreens from '$lib/fixtures/practice/teen-screens-sleep.json';
import strongLearner from '$lib/annotation/fixtures/learner-strong.json';
import weakLearner from '$lib/annotation/fixtures/learner-misses.json';
import { anchorSpan } from '$lib/annotation/selectors';
import type { Span } from '$lib/annotation/types';
import type { AnchoredSpan, ReferenceSpan } from '$lib/annotation/types';
import { createUser } from './accounts';
import { insertArticle } from './articles';
import type { Db } from './db/connect';
import type { Database } from './db/schema';
import { nowIso, randomCode, randomId, randomPassword } from './ids';

interface FixtureArticle {
	id: string;
	title: string;
	byline?: string | null;
	blocks: string[];
	text: string;
	reference: { spans: ReferenceSpan[] };
}

export const DEMO_INSTRUCTOR = 'teacher@example.com';
export const DEMO_LEARNERS = [
	'learner1@example.com',
	'learner2@example.com',
	'learner3@example.com'
];
export const SAMPLE_SLUG = sample.id;

/** Adds the 32-character context every stored span keeps, from the article text. */
function withContext(text: string, spans: ReferenceSpan[]): AnchoredSpan[] {
	return spans.map((s) => ({
		...s,
		exact: text.slice(s.start, s.end),
		prefix: text.slice(Math.max(0, s.start - 32), s.start),
		suffix: text.slice(s.end, s.end + 32)
	}));
}

async function seedPractice(db: Kysely<Database>) {
	const articles: FixtureArticle[] = [
		sample,
		fourDayWeek,
		teenScreens
	] as unknown as FixtureArticle[];
	const created = [];
	for (const a of articles) {
		created.push(
			await insertArticle(db, {
				title: a.title,
				byline: a.byline ?? null,
				blocks: a.blocks,
				ownerId: null,
				public: true,
				slug: a.id,
				reference: withContext(a.text, a.reference.spans)
			})
		);
	}
	return created;
}

/** Seeds an empty database; does nothing when any article or user exists. */
export async function seedDemo(opened: Db, env = process.env): Promise<void> {
	const printed = await opened.db.transaction().execute(async (trx) => {
		// Two servers starting at once on one PostgreSQL database: one seeds, the other then sees it done.
		if (opened.dialect === 'postgres')
			await sql`select pg_advisory_xact_lock(7215001)`.execute(trx);
		return seedIn(trx, env);
	});
	if (printed) console.log(printed);
}

/** Seeds inside a transaction; returns the lines to print, if any. */
async function seedIn(db: Kysely<Database>, env: NodeJS.ProcessEnv): Promise<string | null> {
	const any = await db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
	const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (any || anyUser) return null;
	await seedPractice(db);
	if ((env.NEWSMARK_DEMO ?? '').toLowerCase() === 'off') return null;

	const password = env.NEWSMARK_DEMO_PASSWORD || randomPassword();
	const teacher = await createUser({ name: 'Ms. Rivera', email: DEMO_INSTRUCTOR, password }, db);
	const names = ['Ada Okafor', 'Ben Larsen', 'Chloé Martin'];
	const learners = [];
	for (const [i, email] of DEMO_LEARNERS.entries()) {
		learners.push(await createUser({ name: names[i], email, password }, db));
	}
	const classId = randomId();
	const now = nowIso();
	await db
		.insertInto('classes')
		.values({
			id: classId,
			name: 'Media Literacy 101 (demo)',
			join_code: randomCode(),
			created_by: teacher.id,
			created_at: now
		})
		.execute();
	await db
		.insertInto('memberships')
		.values([
			{
				class_id: classId,
				user_id: teacher.id,
				role: 'instructor',
				joined_at: now,
				removed_at: null
			},
			...learners.map((l) => ({
				class_id: classId,
				user_id: l.id,
				role: 'learner' as const,
				joined_at: now,
				removed_at: null
			}))
		])
		.execute();

	// The demo assignment: the sample article as the teacher's own copy (so its reference can be edited),
	// due a week from now, revealed after the due date; learner2 and learner3 have already submitted.
	const fixture = sample as unknown as FixtureArticle;
	const article = await insertArticle(db, {
		title: fixture.title,
		byline: fixture.byline ?? null,
		blocks: fixture.blocks,
		ownerId: teacher.id,
		reference: withContext(fixture.text, fixture.reference.spans)
	});
	const assignmentId = randomId();
	const dueAt = new Date(Date.now() + 7 * 86_400_000);
	dueAt.setUTCHours(16, 0, 0, 0);
	await db
		.insertInto('assignments')
		.values({
			id: assignmentId,
			class_id: classId,
			article_id: article.id,
			title: 'Who says so? Sourcing in a summit report',
			instructions:
				'Tag every quote, claim, opinion and unclear source in this report. Tag the attribution ("US officials have said") apart from what was said. Add a note where you hesitate.',
			opens_at: null,
			due_at: dueAt.toISOString(),
			time_zone: 'Europe/London',
			reveal_policy: 'after_due',
			revealed_at: null,
			threshold: 0.5,
			half_credit: 1,
			allow_late: 1,
			allow_resubmit: 0,
			created_by: teacher.id,
			created_at: now
		})
		.execute();
	const attempts: [string, Span[], number][] = [
		[learners[1].id, strongLearner.spans as Span[], 26],
		[learners[2].id, weakLearner.spans as Span[], 5]
	];
	for (const [userId, spans, hoursAgo] of attempts) {
		const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
		const body = JSON.stringify(spans.map((sp) => anchorSpan(fixture.text, sp)));
		await db
			.insertInto('drafts')
			.values({
				assignment_id: assignmentId,
				user_id: userId,
				revision: 1,
				spans: JSON.stringify(spans),
				updated_at: at
			})
			.execute();
		await db
			.insertInto('submissions')
			.values({
				id: randomId(),
				assignment_id: assignmentId,
				user_id: userId,
				attempt: 1,
				spans: body,
				submitted_at: at,
				late: 0,
				grade_override: null,
				override_by: null,
				override_at: null,
				comment: null,
				comment_by: null,
				comment_at: null
			})
			.execute();
	}

	const lines = [
		'',
		'  Newsmark demo accounts (shown once; set NEWSMARK_DEMO_PASSWORD to choose the password):',
		`    instructor  ${DEMO_INSTRUCTOR}`,
		...DEMO_LEARNERS.map((e) => `    learner     ${e}`),
		`    password    ${password}`,
		''
	];
	return lines.join('\n');
}
