/**
 * Submissions: a learner's draft frozen, with its spans anchored (quote and context) to the article
 * version it was made on. A submission and its spans are one row written in one transaction with the
 * checks that allow it, so it is saved whole or not at all.
 */
import type { AnchoredSpan } from '$lib/annotation/types';
import { anchorSpan } from '$lib/annotation/selectors';
import type { Assignment } from './assignments';
import { isPastDue, mayWork } from './assignments';
import { db } from './db';
import type { SubmissionRow } from './db/schema';
import { nowIso, randomId } from './ids';

export interface Submission {
	id: string;
	assignmentId: string;
	userId: string;
	attempt: number;
	spans: AnchoredSpan[];
	submittedAt: string;
	late: boolean;
	gradeOverride: number | null;
	overrideBy: string | null;
	overrideAt: string | null;
	comment: string | null;
	commentBy: string | null;
	commentAt: string | null;
}

/** The domain shape of a submission row. */
export function toSubmission(row: SubmissionRow): Submission {
	return {
		id: row.id,
		assignmentId: row.assignment_id,
		userId: row.user_id,
		attempt: Number(row.attempt),
		spans: JSON.parse(row.spans),
		submittedAt: row.submitted_at,
		late: row.late === 1,
		gradeOverride: row.grade_override === null ? null : Number(row.grade_override),
		overrideBy: row.override_by,
		overrideAt: row.override_at,
		comment: row.comment,
		commentBy: row.comment_by,
		commentAt: row.comment_at
	};
}

/** The learner's latest submission, or null. */
export async function latestSubmission(
	assignmentId: string,
	userId: string
): Promise<Submission | null> {
	const row = await db()
		.selectFrom('submissions')
		.selectAll()
		.where('assignment_id', '=', assignmentId)
		.where('user_id', '=', userId)
		.orderBy('attempt', 'desc')
		.limit(1)
		.executeTakeFirst();
	return row ? toSubmission(row) : null;
}

/** The latest submission of every learner of an assignment. */
export async function latestSubmissions(assignmentId: string): Promise<Submission[]> {
	const rows = await db()
		.selectFrom('submissions as s')
		.selectAll('s')
		.where('s.assignment_id', '=', assignmentId)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('submissions as t')
						.select('t.id')
						.whereRef('t.assignment_id', '=', 's.assignment_id')
						.whereRef('t.user_id', '=', 's.user_id')
						.whereRef('t.attempt', '>', 's.attempt')
				)
			)
		)
		.execute();
	return rows.map(toSubmission);
}

export type SubmitResult =
	{ ok: true; submission: Submission } | { ok: false; status: 404 | 409; message: string };

/**
 * Freezes the learner's current draft as their submission. Refused (409) when they already submitted and
 * may not resubmit, when the due date passed and late work is not allowed, or when the assignment is not
 * open. An empty draft may be submitted: finding nothing to tag is the learner's call.
 */
export async function submit(
	assignment: Assignment,
	text: string,
	userId: string,
	now = new Date()
): Promise<SubmitResult> {
	try {
		return await submitOnce(assignment, text, userId, now);
	} catch (e) {
		// Two submits at once: the unique (assignment, learner, attempt) lets one win.
		if (await latestSubmission(assignment.id, userId)) {
			return { ok: false, status: 409, message: 'This work was just submitted (in another tab?).' };
		}
		throw e;
	}
}

async function submitOnce(
	assignment: Assignment,
	text: string,
	userId: string,
	now: Date
): Promise<SubmitResult> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const previous = await trx
				.selectFrom('submissions')
				.select(['attempt'])
				.where('assignment_id', '=', assignment.id)
				.where('user_id', '=', userId)
				.orderBy('attempt', 'desc')
				.limit(1)
				.executeTakeFirst();
			if (!mayWork(assignment, !!previous, now)) {
				return {
					ok: false as const,
					status: 409 as const,
					message: previous
						? 'You already submitted this assignment, and it cannot be submitted again.'
						: 'This assignment is not open for submissions (it is closed or not open yet).'
				};
			}
			const draft = await trx
				.selectFrom('drafts')
				.select('spans')
				.where('assignment_id', '=', assignment.id)
				.where('user_id', '=', userId)
				.executeTakeFirst();
			const spans: AnchoredSpan[] = (draft ? JSON.parse(draft.spans) : []).map((s: AnchoredSpan) =>
				anchorSpan(text, s)
			);
			const row: SubmissionRow = {
				id: randomId(),
				assignment_id: assignment.id,
				user_id: userId,
				attempt: Number(previous?.attempt ?? 0) + 1,
				spans: JSON.stringify(spans),
				submitted_at: nowIso(now),
				late: isPastDue(assignment, now) ? 1 : 0,
				grade_override: null,
				override_by: null,
				override_at: null,
				comment: null,
				comment_by: null,
				comment_at: null
			};
			await trx.insertInto('submissions').values(row).execute();
			return { ok: true as const, submission: toSubmission(row) };
		});
}

/** Sets (or, with null, clears) the instructor's grade for a submission, recording who and when. */
export async function setGradeOverride(
	submissionId: string,
	grade: number | null,
	by: string
): Promise<void> {
	await db()
		.updateTable('submissions')
		.set({
			grade_override: grade,
			override_by: grade === null ? null : by,
			override_at: grade === null ? null : nowIso()
		})
		.where('id', '=', submissionId)
		.execute();
}

/** Sets (or, with an empty text, clears) the instructor's comment for the learner. */
export async function setComment(submissionId: string, comment: string, by: string): Promise<void> {
	const text = comment.trim();
	await db()
		.updateTable('submissions')
		.set({
			comment: text || null,
			comment_by: text ? by : null,
			comment_at: text ? nowIso() : null
		})
		.where('id', '=', submissionId)
		.execute();
}

/** A user's display name, for "set by …" lines. */
export async function userName(id: string | null): Promise<string | null> {
	if (!id) return null;
	const row = await db().selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
	return row?.name ?? null;
}
