/**
 * The first-start content. An empty database gets the practice library (the sample article and two short
 * practice pieces, public, with their references) and, unless NEWSMARK_DEMO=off, a demo class: instructor
 * teacher@example.com and learners learner1–3@example.com, whose password (NEWSMARK_DEMO_PASSWORD, or a
 * generated one) is printed once.
 */
import type { Kysely } from 'kysely';
import sample from '$lib/fixtures/g20-syria.json';
import fourDayWeek from '$lib/fixtures/practice/four-day-week.json';
import teenScreens from '$lib/fixtures/practice/teen-screens-sleep.json';
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
	const { db } = opened;
	const any = await db.selectFrom('articles').select('id').limit(1).executeTakeFirst();
	const anyUser = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
	if (any || anyUser) return;
	await seedPractice(db);
	if ((env.NEWSMARK_DEMO ?? '').toLowerCase() === 'off') return;

	const password = env.NEWSMARK_DEMO_PASSWORD || randomPassword();
	const teacher = await createUser({ name: 'Ms. Rivera', email: DEMO_INSTRUCTOR, password });
	const names = ['Ada Okafor', 'Ben Larsen', 'Chloé Martin'];
	const learners = [];
	for (const [i, email] of DEMO_LEARNERS.entries()) {
		learners.push(await createUser({ name: names[i], email, password }));
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

	const lines = [
		'',
		'  Newsmark demo accounts (shown once; set NEWSMARK_DEMO_PASSWORD to choose the password):',
		`    instructor  ${DEMO_INSTRUCTOR}`,
		...DEMO_LEARNERS.map((e) => `    learner     ${e}`),
		`    password    ${password}`,
		''
	];
	console.log(lines.join('\n'));
}
