/** One article version, read-only: its text, reference summary, versions and where it is used. */
import { fail } from '@sveltejs/kit';
import {
	articleWork,
	assignmentsUsing,
	countByTag,
	dismissOrphans,
	getFullReference,
	listVersions,
	requireArticle,
	setArticlePublic,
	teachingClassesUsing
} from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import { shortDate } from '../format';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { article, access } = await requireArticle(user, params.id);
	const owner = access === 'owner';
	const [reference, used, work, versions, viaClasses] = await Promise.all([
		getFullReference(article.id),
		assignmentsUsing(user.id, article.id),
		owner ? articleWork(article.id) : null,
		owner ? listVersions(article.lineageId) : [],
		owner ? [] : teachingClassesUsing(user.id, article.id)
	]);
	const latest = versions.find((v) => !v.superseded) ?? null;
	const saved = url.searchParams.get('saved');
	return {
		article: { ...article, added: shortDate(article.createdAt) },
		access,
		reference: {
			spans: reference.spans,
			revision: reference.revision,
			updated: reference.updatedAt ? shortDate(reference.updatedAt) : null,
			orphans: reference.orphans,
			counts: countByTag(reference.spans)
		},
		used,
		work,
		versions: versions.map((v) => ({ ...v, added: shortDate(v.createdAt) })),
		latest: article.superseded && latest ? { id: latest.id, version: latest.version } : null,
		viaClasses,
		saved: saved
			? {
					mode: saved,
					carried: Number(url.searchParams.get('carried') ?? 0),
					moved: Number(url.searchParams.get('moved') ?? 0),
					orphaned: Number(url.searchParams.get('orphaned') ?? 0)
				}
			: null
	};
};

export const actions: Actions = {
	/** Removes one orphaned reference span (or all of them) from the list. */
	dismiss: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		const { article } = await requireArticle(user, params.id, 'edit');
		const which = String((await request.formData()).get('orphan') ?? '');
		if (!which) return fail(400, { error: 'Say which span to dismiss.' });
		const n = await dismissOrphans(article.id, user.id, which);
		if (n === 0) return fail(404, { error: 'That span was already dismissed.' });
		return { notice: n === 1 ? 'Dismissed.' : `Dismissed ${n} spans.` };
	},
	/** Puts the article in the practice library or takes it out. */
	visibility: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		const { article } = await requireArticle(user, params.id, 'edit');
		if (article.superseded) {
			return fail(409, { error: 'This is an older version; change the newest version instead.' });
		}
		const wanted = (await request.formData()).get('public') === 'true';
		const changed = await setArticlePublic(article, wanted);
		return {
			notice: changed.public
				? 'The article is now in the practice library.'
				: 'The article is no longer in the practice library.'
		};
	}
};
