/** Editing an article's text: in place when nobody worked on it, otherwise as a new version. */
import { fail, redirect } from '@sveltejs/kit';
import {
	articleInputFromForm,
	articleToTxt,
	articleWork,
	editArticle,
	getFullReference,
	hasWork,
	latestVersion,
	requireArticle,
	textFingerprint
} from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const { article } = await requireArticle(user, params.id, 'edit');
	if (article.superseded) {
		const latest = await latestVersion(article.lineageId);
		return { article, latest: { id: latest.id, version: latest.version }, edit: null };
	}
	const [work, reference] = await Promise.all([
		articleWork(article.id),
		getFullReference(article.id)
	]);
	return {
		article,
		latest: null,
		edit: {
			txt: articleToTxt(article),
			base: textFingerprint(article.text),
			work,
			newVersion: hasWork(work),
			reference: reference.spans
		}
	};
};

async function readForm(request: Request) {
	const form = await request.formData();
	const { input, public: isPublic } = await articleInputFromForm(form);
	const text = input.ok || input.field === 'text' ? input.raw : String(form.get('text') ?? '');
	return { input, text, public: isPublic, base: String(form.get('base') ?? '') };
}

export const actions: Actions = {
	preview: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		await requireArticle(user, params.id, 'edit');
		const { input, text, public: isPublic } = await readForm(request);
		if (!input.ok)
			return fail(400, { text, public: isPublic, errors: { [input.field]: input.message } });
		return { text, public: isPublic, errors: {} };
	},
	save: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		const { article } = await requireArticle(user, params.id, 'edit');
		const { input, text, public: isPublic, base } = await readForm(request);
		if (!input.ok)
			return fail(400, { text, public: isPublic, errors: { [input.field]: input.message } });
		const r = await editArticle(user.id, article.id, input.parsed, { public: isPublic, base });
		if (!r.ok) return fail(r.status, { text, public: isPublic, errors: { form: r.message } });
		const q = new URLSearchParams({ saved: r.mode });
		if (r.carried) q.set('carried', String(r.carried));
		if (r.moved) q.set('moved', String(r.moved));
		if (r.orphaned.length) q.set('orphaned', String(r.orphaned.length));
		redirect(303, `/articles/${r.article.id}?${q}`);
	}
};
