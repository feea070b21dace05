import { error } from '@sveltejs/kit';
import { attemptHistory, mayPractice, practiceArticle } from '$lib/server/practice';
import type { PageServerLoad } from './$types';

// The article only: the reference and its rationales come with the feedback, after an attempt.
export const load: PageServerLoad = async ({ params, locals }) => {
	const article = await practiceArticle(params.article);
	if (!article) error(404, `There is no practice article called “${params.article}”.`);
	const userId = locals.user?.id ?? null;
	return {
		article: {
			id: article.slug!,
			title: article.title,
			byline: article.byline ?? '',
			blocks: article.blocks,
			text: article.text
		},
		signedIn: userId !== null,
		mayCheck: await mayPractice(userId, article),
		history: userId ? await attemptHistory(userId, article) : []
	};
};
