/**
 * The reference editor of an article version (owner) or the reference read-only (an instructor of a
 * class that uses it). Saving goes through PUT /api/articles/:id/reference from the page.
 */
import {
	articleWork,
	getFullReference,
	latestVersion,
	requireArticle,
	teachingClassesUsing,
	textFingerprint
} from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { article, access } = await requireArticle(user, params.id);
	const owner = access === 'owner';
	const [reference, work, viaClasses, latest] = await Promise.all([
		getFullReference(article.id),
		owner ? articleWork(article.id) : null,
		owner ? [] : teachingClassesUsing(user.id, article.id),
		owner && article.superseded ? latestVersion(article.lineageId) : null
	]);
	return {
		article: {
			id: article.id,
			title: article.title,
			byline: article.byline,
			blocks: article.blocks,
			version: article.version,
			superseded: article.superseded,
			fingerprint: textFingerprint(article.text)
		},
		access,
		reference,
		work,
		viaClasses,
		latest: latest ? { id: latest.id, version: latest.version } : null
	};
};
