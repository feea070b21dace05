import { fail, redirect } from '@sveltejs/kit';
import { signUp } from '$lib/server/accounts';
import { clientAddress } from '$lib/server/rate-limit';
import { safeNext, startSession } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, '/');
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const result = await signUp(
			{ name: form.get('name'), email: form.get('email'), password: form.get('password') },
			clientAddress(event)
		);
		if (!result.ok) return fail(result.status, { values: result.values, errors: result.errors });
		await startSession(event, result.user.id);
		redirect(303, safeNext(String(form.get('next') ?? '/')));
	}
};
