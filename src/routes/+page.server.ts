import { listPracticeArticles } from '$lib/server/articles';
import { listClassesForUser } from '$lib/server/classes';
import { db } from '$lib/server/db';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const practice = (await listPracticeArticles(db())).map((a) => ({
		slug: a.slug,
		title: a.title,
		words: a.text.split(/\s+/).length
	}));
	if (!locals.user) return { classes: null, practice };
	return { classes: await listClassesForUser(db(), locals.user.id), practice };
};
