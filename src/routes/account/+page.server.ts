import { fail, redirect } from '@sveltejs/kit';
import { changePassword } from '$lib/server/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname)}`);
	return {
		email: locals.user.email,
		name: locals.user.name,
		mustChange: locals.user.mustChangePassword
	};
};

export const actions: Actions = {
	password: async ({ locals, request }) => {
		if (!locals.user || !locals.sessionId) redirect(303, '/login');
		const form = await request.formData();
		const result = await changePassword(locals.user.id, locals.sessionId, {
			current: form.get('current'),
			password: form.get('password'),
			confirm: form.get('confirm')
		});
		if (!result.ok) return fail(result.status, { errors: result.errors });
		return { changed: true };
	}
};
