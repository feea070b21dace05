import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie, invalidateSession } from '$lib/server/auth';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		if (locals.sessionId) await invalidateSession(locals.sessionId);
		deleteSessionCookie(cookies, url.protocol === 'https:');
		redirect(303, '/');
	}
};
