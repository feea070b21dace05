import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/api';
import { findArticle } from '$lib/server/articles';
import { requireAssignment } from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/policy';
import { submit } from '$lib/server/submissions';
import type { RequestHandler } from './$types';

/** Freezes the learner's draft as their submission. */
export const POST: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { assignment } = await requireAssignment(user, params.id, ['learner']);
	const article = (await findArticle(db(), assignment.articleId))!;
	const result = await submit(assignment, article.text, user.id);
	if (!result.ok) return apiError(result.status, result.message);
	const s = result.submission;
	return json(
		{
			id: s.id,
			attempt: s.attempt,
			submittedAt: s.submittedAt,
			late: s.late,
			spans: s.spans.length
		},
		{ status: 201 }
	);
};
