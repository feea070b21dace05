/** Adding an article: preview (for browsers without JavaScript; others preview live) and save. */
import { fail, redirect } from '@sveltejs/kit';
import { articleInputFromForm, createArticle } from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	requireUser(locals, url);
	return {};
};

async function readForm(request: Request) {
	const form = await request.formData();
	const { input, public: isPublic } = await articleInputFromForm(form);
	// A refused upload leaves the pasted text as it was.
	const text = input.ok || input.field === 'text' ? input.raw : String(form.get('text') ?? '');
	return { input, text, public: isPublic };
}

export const actions: Actions = {
	preview: async ({ locals, url, request }) => {
		requireUser(locals, url);
		const { input, text, public: isPublic } = await readForm(request);
		if (!input.ok)
			return fail(400, { text, public: isPublic, errors: { [input.field]: input.message } });
		return { text, public: isPublic, errors: {} };
	},
	save: async ({ locals, url, request }) => {
		const user = requireUser(locals, url);
		const { input, text, public: isPublic } = await readForm(request);
		if (!input.ok)
			return fail(400, { text, public: isPublic, errors: { [input.field]: input.message } });
		const article = await createArticle(user.id, input.parsed, { public: isPublic });
		redirect(303, `/articles/${article.id}?saved=created`);
	}
};
