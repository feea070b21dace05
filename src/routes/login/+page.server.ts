import { fail, redirect } from '@sveltejs/kit';
import { logIn } from '$lib/server/accounts';
import { clientAddress } from '$lib/server/rate-limit';
import { safeNext, startSession } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const email = form.get('email');
		const result = await logIn({ email, password: form.get('password') }, clientAddress(event));
		if (!result.ok)
			return fail(result.status, { email: String(email ?? ''), message: result.message });
		await startSession(event, result.user.id);
		if (result.user.mustChangePassword) redirect(303, '/account?must=1');
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
