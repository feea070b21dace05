/** The signed-in instructor's articles, and the ones shared with them through the classes they teach. */
import { listOwnedArticles, listSharedArticles } from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import { shortDate } from './format';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const [owned, shared] = await Promise.all([
		listOwnedArticles(user.id),
		listSharedArticles(user.id)
	]);
	return {
		owned: owned.map((a) => ({ ...a, added: shortDate(a.createdAt) })),
		shared
	};
};
