import { error, fail, redirect } from '@sveltejs/kit';
import { joinByCode, lookUpJoinCode } from '$lib/server/classes';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/policy';
import { clientAddress } from '$lib/server/rate-limit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event.locals, event.url);
	const who = { userId: user.id, address: clientAddress(event) };
	const r = await lookUpJoinCode(db(), event.params.code, who);
	if (!r.ok && r.status === 400) {
		error(404, 'This join link does not work any more. Ask your teacher for a new one.');
	}
	if (!r.ok) error(r.status, r.message);
	return { className: r.found.name, code: event.params.code };
};

export const actions: Actions = {
	default: async (event) => {
		const user = requireUser(event.locals, event.url);
		const who = { userId: user.id, address: clientAddress(event) };
		const r = await joinByCode(db(), event.params.code, who);
		if (!r.ok) return fail(r.status, { message: r.message });
		redirect(303, `/classes/${r.classId}`);
	}
};
