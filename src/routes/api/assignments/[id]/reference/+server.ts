import { error, json } from '@sveltejs/kit';
import { getReference } from '$lib/server/articles';
import { isRevealed, requireAssignment } from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/policy';
import { latestSubmission } from '$lib/server/submissions';
import type { RequestHandler } from './$types';

/** The reference spans with their rationale: instructors always, learners only after the reveal. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { assignment, role } = await requireAssignment(user, params.id);
	if (role === 'learner') {
		const submitted = !!(await latestSubmission(assignment.id, user.id));
		if (!isRevealed(assignment, submitted)) {
			error(
				403,
				'The reference is not revealed yet. It appears here per the assignment’s reveal policy.'
			);
		}
	}
	const reference = await getReference(db(), assignment.articleId);
	return json({ spans: reference.spans });
};
