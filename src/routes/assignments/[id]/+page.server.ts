import { error, fail } from '@sveltejs/kit';
import { findArticle, getReference } from '$lib/server/articles';
import {
	REVEAL_POLICIES,
	STATE_LABELS,
	isRevealed,
	learnerState,
	mayWork,
	requireAssignment,
	setRevealed,
	setScoring
} from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { getDraft } from '$lib/server/drafts';
import { changedGrades, gradebook } from '$lib/server/gradebook';
import { scoreSubmission } from '$lib/server/grading';
import { requireUser } from '$lib/server/policy';
import { latestSubmission } from '$lib/server/submissions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { assignment, role } = await requireAssignment(user, params.id);
	const article = await findArticle(db(), assignment.articleId);
	if (!article) error(404, 'The article of this assignment is missing.');
	const common = {
		userId: user.id,
		assignment: {
			id: assignment.id,
			title: assignment.title,
			classId: assignment.classId,
			className: assignment.className,
			instructions: assignment.instructions,
			dueAt: assignment.dueAt,
			opensAt: assignment.opensAt,
			timeZone: assignment.timeZone,
			revealPolicy: assignment.revealPolicy,
			revealLabel: REVEAL_POLICIES.find((p) => p.value === assignment.revealPolicy)!.label,
			revealedAt: assignment.revealedAt,
			allowResubmit: assignment.allowResubmit,
			allowLate: assignment.allowLate,
			halfCredit: assignment.halfCredit,
			threshold: assignment.threshold
		},
		article: {
			id: article.id,
			title: article.title,
			byline: article.byline,
			blocks: article.blocks,
			text: article.text
		}
	};

	if (role === 'instructor') {
		const book = await gradebook(assignment);
		return { ...common, role, rows: book.rows, referenceCount: book.referenceCount, learner: null };
	}

	const [draft, submission] = await Promise.all([
		getDraft(assignment.id, user.id),
		latestSubmission(assignment.id, user.id)
	]);
	const submitted = !!submission;
	const state = learnerState(assignment, { draft: draft.revision > 0, submitted });
	let feedback = null;
	if (submission && isRevealed(assignment, true)) {
		const reference = await getReference(db(), assignment.articleId);
		const scored = scoreSubmission(assignment, reference.spans, article.text.length, submission);
		feedback = {
			reference: reference.spans,
			submitted: submission.spans,
			comparison: scored.comparison,
			grade: scored.grade,
			computedGrade: scored.computedGrade,
			overridden: scored.overridden,
			comment: submission.comment
		};
	}
	return {
		...common,
		role,
		rows: null,
		referenceCount: null,
		learner: {
			state,
			stateLabel: STATE_LABELS[state],
			mayWork: mayWork(assignment, submitted),
			draft,
			submission: submission
				? {
						attempt: submission.attempt,
						submittedAt: submission.submittedAt,
						late: submission.late,
						spans: submission.spans
					}
				: null,
			feedback
		}
	};
};

export const actions: Actions = {
	release: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		await requireAssignment(user, params.id, ['instructor']);
		await setRevealed(params.id, true);
		return {
			notice: 'Released: learners who submitted can now see the reference and their score.'
		};
	},
	scoring: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		const { assignment } = await requireAssignment(user, params.id, ['instructor']);
		const form = await request.formData();
		const threshold = Number(form.get('threshold'));
		if (!(threshold > 0 && threshold <= 1)) {
			return fail(400, {
				scoringError: 'The overlap threshold must be more than 0 and at most 1.'
			});
		}
		const halfCredit = form.get('halfCredit') === 'on';
		const before = await gradebook(assignment);
		await setScoring(assignment.id, { threshold, halfCredit });
		const after = await gradebook({ ...assignment, threshold, halfCredit });
		const changed = changedGrades(before, after);
		const submitted = after.rows.filter((r) => r.grade !== null).length;
		return {
			notice: `Scoring updated: ${changed} of ${submitted} grade${submitted === 1 ? '' : 's'} changed.`
		};
	},
	withdraw: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		await requireAssignment(user, params.id, ['instructor']);
		await setRevealed(params.id, false);
		return { notice: 'The reference is hidden from learners again.' };
	}
};
