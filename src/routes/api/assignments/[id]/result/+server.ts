import { error, json } from '@sveltejs/kit';
import { findArticle, getReference } from '$lib/server/articles';
import { isRevealed, requireAssignment } from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { scoreSubmission } from '$lib/server/grading';
import { requireUser, roleInClass } from '$lib/server/policy';
import { latestSubmission } from '$lib/server/submissions';
import type { RequestHandler } from './$types';

/**
 * The comparison of a submission with the reference: a learner's own after the reveal; an instructor's
 * view of any learner of the class with `?learner=ID`.
 */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { assignment, role } = await requireAssignment(user, params.id);
	let learnerId = user.id;
	if (role === 'instructor') {
		const asked = url.searchParams.get('learner');
		if (!asked) error(400, 'Name the learner: ?learner=ID.');
		if ((await roleInClass(asked, assignment.classId, { includeRemoved: true })) !== 'learner') {
			error(404, 'No such learner in this class.');
		}
		learnerId = asked;
	} else if (url.searchParams.has('learner') && url.searchParams.get('learner') !== user.id) {
		error(403, 'You can only see your own result.');
	}
	const submission = await latestSubmission(assignment.id, learnerId);
	if (!submission) error(404, 'Nothing submitted yet.');
	if (role === 'learner' && !isRevealed(assignment, true)) {
		error(403, 'Your result is not revealed yet. It appears per the assignment’s reveal policy.');
	}
	const article = (await findArticle(db(), assignment.articleId))!;
	const reference = await getReference(db(), assignment.articleId);
	const scored = scoreSubmission(assignment, reference.spans, article.text.length, submission);
	return json({
		learner: learnerId,
		attempt: submission.attempt,
		submittedAt: submission.submittedAt,
		late: submission.late,
		grade: scored.grade,
		computedGrade: scored.computedGrade,
		overridden: scored.overridden,
		comment: submission.comment,
		submitted: submission.spans,
		reference: reference.spans,
		comparison: scored.comparison
	});
};
