import { fail, redirect } from '@sveltejs/kit';
import * as v from 'valibot';
import { listPracticeArticles } from '$lib/server/articles';
import { createClass, joinByCode, listClassesForUser } from '$lib/server/classes';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/policy';
import { clientAddress } from '$lib/server/rate-limit';
import type { Actions, PageServerLoad } from './$types';

// The home page is links and two forms that work as plain HTML: it ships no JavaScript, so it is
// ready at once on a slow school laptop (nothing to download, run or hydrate).
export const csr = false;

export const load: PageServerLoad = async ({ locals }) => {
	const practice = (await listPracticeArticles(db())).map((a) => ({
		slug: a.slug,
		title: a.title,
		words: a.text.split(/\s+/).length
	}));
	if (!locals.user) return { classes: null, practice };
	return { classes: await listClassesForUser(db(), locals.user.id), practice };
};

const ClassName = v.pipe(
	v.string('Give the class a name.'),
	v.trim(),
	v.nonEmpty('Give the class a name.'),
	v.maxLength(120, 'Use at most 120 characters for the class name.')
);

export const actions: Actions = {
	createClass: async ({ locals, url, request }) => {
		const user = requireUser(locals, url);
		const parsed = v.safeParse(ClassName, (await request.formData()).get('name'));
		if (!parsed.success) return fail(400, { createError: parsed.issues[0].message });
		const id = await createClass(db(), parsed.output, user.id);
		redirect(303, `/classes/${id}`);
	},
	join: async (event) => {
		const user = requireUser(event.locals, event.url);
		const code = String((await event.request.formData()).get('code') ?? '');
		if (!code.trim())
			return fail(400, { joinError: 'Enter the join code your teacher gave you.', code });
		const who = { userId: user.id, address: clientAddress(event) };
		const r = await joinByCode(db(), code, who);
		if (!r.ok) return fail(r.status, { joinError: r.message, code });
		redirect(303, `/classes/${r.classId}`);
	}
};
