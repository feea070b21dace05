/**
 * Assignments: an article (one fixed version) set for a class, with dates, a reveal policy and scoring
 * options; and the rules of when a learner may work, submit and see the reference.
 */
import { error } from '@sveltejs/kit';
import type { SessionUser } from './auth';
import { db } from './db';
import type { AssignmentRow, RevealPolicy, Role } from './db/schema';
import { nowIso, randomId } from './ids';
import { learnsArticle } from './articles';
import { articleText } from './article-text';
import { ASSIGNMENT_NOT_FOUND, INSTRUCTORS_ONLY, LEARNERS_ONLY } from './policy';

const LEARNER_OF_ARTICLE =
	'You are a learner on an assignment of this article, so you cannot teach it: its answer key stays hidden from you.';

export interface Assignment {
	id: string;
	classId: string;
	className: string;
	articleId: string;
	title: string;
	instructions: string;
	opensAt: string | null;
	dueAt: string | null;
	timeZone: string;
	revealPolicy: RevealPolicy;
	revealedAt: string | null;
	threshold: number;
	halfCredit: boolean;
	allowLate: boolean;
	allowResubmit: boolean;
	createdAt: string;
}

/** Where a learner stands on an assignment. */
export type LearnerState =
	'not_open' | 'not_started' | 'drafting' | 'submitted' | 'closed' | 'revealed';

export const REVEAL_POLICIES: { value: RevealPolicy; label: string }[] = [
	{ value: 'after_submit', label: 'As soon as each learner submits' },
	{ value: 'after_due', label: 'After the due date' },
	{ value: 'manual', label: 'When I release it' }
];

function toAssignment(row: AssignmentRow & { class_name: string }): Assignment {
	return {
		id: row.id,
		classId: row.class_id,
		className: row.class_name,
		articleId: row.article_id,
		title: row.title,
		instructions: row.instructions,
		opensAt: row.opens_at,
		dueAt: row.due_at,
		timeZone: row.time_zone,
		revealPolicy: row.reveal_policy,
		revealedAt: row.revealed_at,
		threshold: Number(row.threshold),
		halfCredit: row.half_credit === 1,
		allowLate: row.allow_late === 1,
		allowResubmit: row.allow_resubmit === 1,
		createdAt: row.created_at
	};
}

function baseQuery() {
	return db()
		.selectFrom('assignments')
		.innerJoin('classes', 'classes.id', 'assignments.class_id')
		.selectAll('assignments')
		.select('classes.name as class_name');
}

/** An assignment by id, or null. */
export async function findAssignment(id: string): Promise<Assignment | null> {
	const row = await baseQuery().where('assignments.id', '=', id).executeTakeFirst();
	return row ? toAssignment(row) : null;
}

/** The assignment joined with the user's (current) membership of its class. */
function memberQuery(user: SessionUser, id: string) {
	return baseQuery()
		.innerJoin('memberships', (j) =>
			j
				.onRef('memberships.class_id', '=', 'assignments.class_id')
				.on('memberships.user_id', '=', user.id)
				.on('memberships.removed_at', 'is', null)
		)
		.select('memberships.role')
		.where('assignments.id', '=', id);
}

/** 404 when there is no row (not in the class, or no such assignment), 403 for a role not allowed. */
function checkRole<R extends { role: Role }>(row: R | undefined, allowed: Role[]): R {
	if (!row) error(404, ASSIGNMENT_NOT_FOUND);
	if (!allowed.includes(row.role))
		error(403, row.role === 'learner' ? INSTRUCTORS_ONLY : LEARNERS_ONLY);
	return row;
}

/**
 * The assignment and the user's role in its class. 404 when it does not exist or the user is not in the
 * class (the same answer, so ids reveal nothing); 403 when the role is not allowed.
 */
export async function requireAssignment(
	user: SessionUser,
	id: string,
	allowed: Role[] = ['instructor', 'learner']
): Promise<{ assignment: Assignment; role: Role }> {
	const row = checkRole(await memberQuery(user, id).executeTakeFirst(), allowed);
	if (row.role === 'instructor' && (await learnsArticle(user.id, row.article_id))) {
		error(403, LEARNER_OF_ARTICLE);
	}
	return { assignment: toAssignment(row), role: row.role };
}

/**
 * What an autosave needs, in one query: the assignment (404/403 as `requireAssignment` for learners
 * only), whether the learner has submitted, and the article's text (kept in memory between saves).
 */
export async function requireLearnerWork(
	user: SessionUser,
	id: string
): Promise<{ assignment: Assignment; submitted: boolean; text: string }> {
	const row = checkRole(
		await memberQuery(user, id)
			.innerJoin('articles', 'articles.id', 'assignments.article_id')
			.select('articles.text_edits')
			.select(({ exists, selectFrom }) =>
				exists(
					selectFrom('submissions')
						.select('submissions.id')
						.whereRef('submissions.assignment_id', '=', 'assignments.id')
						.where('submissions.user_id', '=', user.id)
				).as('submitted')
			)
			.executeTakeFirst(),
		['learner']
	);
	const text = await articleText(row.article_id, Number(row.text_edits));
	if (text === null) error(404, ASSIGNMENT_NOT_FOUND);
	return { assignment: toAssignment(row), submitted: !!row.submitted, text };
}

/** The assignments of a class, due soonest first (undated last). */
export async function listClassAssignments(classId: string): Promise<Assignment[]> {
	const rows = await baseQuery()
		.where('assignments.class_id', '=', classId)
		.orderBy('assignments.created_at', 'desc')
		.execute();
	return rows.map(toAssignment).sort(byDue);
}

function byDue(a: Assignment, b: Assignment): number {
	if (a.dueAt && b.dueAt) return a.dueAt.localeCompare(b.dueAt);
	return a.dueAt ? -1 : b.dueAt ? 1 : b.createdAt.localeCompare(a.createdAt);
}

/** Every assignment the user can see, with their role in its class. */
export async function listUserAssignments(
	userId: string
): Promise<{ assignment: Assignment; role: Role }[]> {
	const rows = await baseQuery()
		.innerJoin('memberships', 'memberships.class_id', 'assignments.class_id')
		.select('memberships.role')
		.where('memberships.user_id', '=', userId)
		.where('memberships.removed_at', 'is', null)
		.execute();
	return rows
		.map((r) => ({ assignment: toAssignment(r), role: r.role }))
		.sort((a, b) => byDue(a.assignment, b.assignment));
}

export interface NewAssignment {
	classId: string;
	articleId: string;
	title: string;
	instructions: string;
	opensAt: string | null;
	dueAt: string | null;
	timeZone: string;
	revealPolicy: RevealPolicy;
	threshold: number;
	halfCredit: boolean;
	allowLate: boolean;
	allowResubmit: boolean;
	createdBy: string;
}

/** Creates an assignment (callers check the role and the fields). */
export async function createAssignment(input: NewAssignment): Promise<string> {
	const id = randomId();
	await db()
		.insertInto('assignments')
		.values({
			id,
			class_id: input.classId,
			article_id: input.articleId,
			title: input.title,
			instructions: input.instructions,
			opens_at: input.opensAt,
			due_at: input.dueAt,
			time_zone: input.timeZone,
			reveal_policy: input.revealPolicy,
			revealed_at: null,
			threshold: input.threshold,
			half_credit: input.halfCredit ? 1 : 0,
			allow_late: input.allowLate ? 1 : 0,
			allow_resubmit: input.allowResubmit ? 1 : 0,
			created_by: input.createdBy,
			created_at: nowIso()
		})
		.execute();
	return id;
}

/** Releases the reference to the learners now (the manual reveal), or takes it back. */
export async function setRevealed(id: string, revealed: boolean): Promise<void> {
	await db()
		.updateTable('assignments')
		.set({ revealed_at: revealed ? nowIso() : null })
		.where('id', '=', id)
		.execute();
}

/** Changes the scoring options. */
export async function setScoring(
	id: string,
	options: { threshold: number; halfCredit: boolean }
): Promise<void> {
	await db()
		.updateTable('assignments')
		.set({ threshold: options.threshold, half_credit: options.halfCredit ? 1 : 0 })
		.where('id', '=', id)
		.execute();
}

/** Whether the assignment has opened. */
export function isOpen(a: Assignment, now = new Date()): boolean {
	return !a.opensAt || new Date(a.opensAt) <= now;
}

/** Whether the due date has passed. */
export function isPastDue(a: Assignment, now = new Date()): boolean {
	return !!a.dueAt && new Date(a.dueAt) <= now;
}

/** Whether the policy's moment has come (submitted / past due / released), before any other rule. */
function policyReached(a: Assignment, submitted: boolean, now: Date): boolean {
	switch (a.revealPolicy) {
		case 'after_submit':
			return submitted;
		case 'after_due':
			return isPastDue(a, now);
		case 'manual':
			return a.revealedAt !== null;
	}
}

/** Whether a learner who has not submitted could still submit. */
function maySubmitFirst(a: Assignment, now: Date): boolean {
	return isOpen(a, now) && (!isPastDue(a, now) || a.allowLate);
}

/**
 * Whether a learner may see the reference and their comparison: when the policy's moment has come (after
 * they submit, after the due date, or once the instructor released it) AND they either submitted or can
 * no longer submit. So a learner who may still hand in work never sees the answer key first.
 */
export function isRevealed(a: Assignment, submitted: boolean, now = new Date()): boolean {
	return policyReached(a, submitted, now) && (submitted || !maySubmitFirst(a, now));
}

/**
 * Whether the learner may change their work: before submitting, while the assignment is open and not
 * past due (or late work is allowed); after submitting, only when resubmission is allowed, the due date
 * has not passed and the reference is not yet revealed to them.
 */
export function mayWork(a: Assignment, submitted: boolean, now = new Date()): boolean {
	if (!submitted) return maySubmitFirst(a, now);
	return a.allowResubmit && isOpen(a, now) && !isPastDue(a, now) && !isRevealed(a, true, now);
}

/** A learner's state, from the assignment and whether they have a draft or a submission. */
export function learnerState(
	a: Assignment,
	has: { draft: boolean; submitted: boolean },
	now = new Date()
): LearnerState {
	if (!isOpen(a, now)) return 'not_open';
	if (has.submitted && isRevealed(a, true, now)) return 'revealed';
	if (has.submitted) return 'submitted';
	if (isPastDue(a, now) && !a.allowLate) return 'closed';
	return has.draft ? 'drafting' : 'not_started';
}

export const STATE_LABELS: Record<LearnerState, string> = {
	not_open: 'Not open yet',
	not_started: 'Not started',
	drafting: 'Drafting',
	submitted: 'Submitted',
	closed: 'Closed',
	revealed: 'Feedback ready'
};

/** An article an instructor may set: their own or a public practice one (newest versions). */
export interface AssignableArticle {
	id: string;
	title: string;
	version: number;
	mine: boolean;
	referenceSpans: number;
}

/** The articles a user may build an assignment on, their own first. */
export async function assignableArticles(userId: string): Promise<AssignableArticle[]> {
	const rows = await db()
		.selectFrom('articles as a')
		.leftJoin('article_references as r', 'r.article_id', 'a.id')
		.select(['a.id', 'a.title', 'a.version', 'a.owner_id', 'a.lineage_id', 'a.text', 'r.spans'])
		.where('a.superseded_at', 'is', null)
		.where((eb) => eb.or([eb('a.owner_id', '=', userId), eb('a.public', '=', 1)]))
		.execute();
	// The rule of learnsArticle, for all rows in one query: not what the user has as a learner.
	const learned = await db()
		.selectFrom('assignments as a')
		.innerJoin('articles as v', 'v.id', 'a.article_id')
		.innerJoin('memberships as m', 'm.class_id', 'a.class_id')
		.select(['v.lineage_id', 'v.text'])
		.where('m.user_id', '=', userId)
		.where('m.role', '=', 'learner')
		.execute();
	const lineages = new Set(learned.map((l) => l.lineage_id));
	const texts = new Set(learned.map((l) => l.text));
	return rows
		.filter((r) => !lineages.has(r.lineage_id) && !texts.has(r.text))
		.map((r) => ({
			id: r.id,
			title: r.title,
			version: Number(r.version),
			mine: r.owner_id === userId,
			referenceSpans: r.spans ? (JSON.parse(r.spans) as unknown[]).length : 0
		}))
		.sort((a, b) => Number(b.mine) - Number(a.mine) || a.title.localeCompare(b.title));
}
