// The practice page's data: the article only (never the reference spans; self-study feedback comes later).
import { error } from '@sveltejs/kit';
import { getPracticeArticle } from '$lib/practice-articles';
import type { PageLoad } from './$types';

export const load: PageLoad = ({ params }) => {
	const article = getPracticeArticle(params.article);
	if (!article) error(404, `There is no practice article called “${params.article}”.`);
	return { article };
};
