import { error, fail, redirect } from '@sveltejs/kit';
import { findClassByCode, joinByCode } from '$lib/server/classes';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireUser(locals, url);
	const found = await findClassByCode(db(), params.code);
	if (!found) error(404, 'This join link does not work any more. Ask your teacher for a new one.');
	return { className: found.name, code: params.code };
};

export const actions: Actions = {
	default: async ({ locals, url, params }) => {
		const user = requireUser(locals, url);
		const r = await joinByCode(db(), params.code, user.id);
		if (!r.ok) return fail(400, { message: r.message });
		redirect(303, `/classes/${r.classId}`);
	}
};
