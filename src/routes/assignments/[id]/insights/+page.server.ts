import { findArticle } from '$lib/server/articles';
import { requireAssignment } from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { insights } from '$lib/server/insights';
import { requireUser } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { assignment } = await requireAssignment(user, params.id, ['instructor']);
	const article = (await findArticle(db(), assignment.articleId))!;
	return {
		assignment: {
			id: assignment.id,
			title: assignment.title,
			classId: assignment.classId,
			className: assignment.className
		},
		article: { blocks: article.blocks, byline: article.byline },
		...(await insights(assignment))
	};
};
