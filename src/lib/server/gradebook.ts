/**
 * One row per learner of an assignment: status, submission time, lateness, the grade (override or
 * computed) and its parts. Feeds the instructor's table, the submissions API and the CSV export.
 */
import type { Tag } from '$lib/annotation/tags';
import { TAGS } from '$lib/annotation/tags';
import type { Comparison } from '$lib/annotation/types';
import type { Assignment } from './assignments';
import { findArticle, getReference } from './articles';
import { db } from './db';
import { scorer } from './grading';
import { latestSubmissions, type Submission } from './submissions';

export type RowStatus = 'not_started' | 'drafting' | 'submitted';

export interface GradebookRow {
	userId: string;
	name: string;
	email: string;
	/** Removed from the class since (their work is kept and still listed). */
	removed: boolean;
	status: RowStatus;
	submittedAt: string | null;
	late: boolean;
	attempt: number | null;
	grade: number | null;
	computedGrade: number | null;
	overridden: boolean;
	perTagF1: Record<Tag, number | null> | null;
	missed: number | null;
	extra: number | null;
	comment: string | null;
}

export interface Gradebook {
	rows: GradebookRow[];
	/** The comparisons of submitted rows, by user id (for class insights). */
	comparisons: Map<string, Comparison>;
	submissions: Map<string, Submission>;
	text: string;
	referenceCount: number;
}

/** The gradebook of an assignment: every current learner, and removed ones who submitted. */
export async function gradebook(assignment: Assignment): Promise<Gradebook> {
	const [people, drafts, subs, article, reference] = await Promise.all([
		db()
			.selectFrom('memberships as m')
			.innerJoin('users as u', 'u.id', 'm.user_id')
			.select(['u.id', 'u.name', 'u.email', 'm.removed_at'])
			.where('m.class_id', '=', assignment.classId)
			.where('m.role', '=', 'learner')
			.execute(),
		db()
			.selectFrom('drafts')
			.select('user_id')
			.where('assignment_id', '=', assignment.id)
			.execute(),
		latestSubmissions(assignment.id),
		findArticle(db(), assignment.articleId),
		getReference(db(), assignment.articleId)
	]);
	const text = article!.text;
	const score = scorer(assignment, reference.spans, text.length);
	const drafting = new Set(drafts.map((d) => d.user_id));
	const byUser = new Map(subs.map((s) => [s.userId, s]));
	const comparisons = new Map<string, Comparison>();
	const rows: GradebookRow[] = [];
	for (const p of people) {
		const sub = byUser.get(p.id);
		if (p.removed_at && !sub) continue;
		let row: GradebookRow = {
			userId: p.id,
			name: p.name,
			email: p.email,
			removed: p.removed_at !== null,
			status: sub ? 'submitted' : drafting.has(p.id) ? 'drafting' : 'not_started',
			submittedAt: null,
			late: false,
			attempt: null,
			grade: null,
			computedGrade: null,
			overridden: false,
			perTagF1: null,
			missed: null,
			extra: null,
			comment: null
		};
		if (sub) {
			const scored = score(sub.spans, sub.gradeOverride);
			comparisons.set(p.id, scored.comparison);
			row = {
				...row,
				submittedAt: sub.submittedAt,
				late: sub.late,
				attempt: sub.attempt,
				grade: scored.grade,
				computedGrade: scored.computedGrade,
				overridden: scored.overridden,
				perTagF1: Object.fromEntries(
					TAGS.map((t) => [t, scored.comparison.perTag[t].f1])
				) as Record<Tag, number | null>,
				missed: scored.comparison.missed.length,
				extra: scored.comparison.extra.length,
				comment: sub.comment
			};
		}
		rows.push(row);
	}
	rows.sort((a, b) => a.name.localeCompare(b.name));
	return { rows, comparisons, submissions: byUser, text, referenceCount: reference.spans.length };
}

/** How many submitted grades differ between two gradebooks of the same assignment. */
export function changedGrades(before: Gradebook, after: Gradebook): number {
	const old = new Map(before.rows.map((r) => [r.userId, r.grade]));
	return after.rows.filter((r) => r.grade !== null && old.get(r.userId) !== r.grade).length;
}
