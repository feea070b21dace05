import { fail, redirect } from '@sveltejs/kit';
import { assignableArticles, createAssignment } from '$lib/server/assignments';
import { parseAssignmentForm } from '$lib/server/assignment-form';
import { getClass } from '$lib/server/classes';
import { db } from '$lib/server/db';
import { requireClassRole, requireUser } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

const FIELDS = [
	'articleId',
	'title',
	'instructions',
	'opensAt',
	'dueAt',
	'revealPolicy',
	'threshold',
	'halfCredit',
	'allowLate',
	'allowResubmit'
];

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	await requireClassRole(user, params.id, ['instructor']);
	const info = (await getClass(db(), params.id))!;
	return {
		classId: info.id,
		className: info.name,
		articles: await assignableArticles(user.id),
		preselect: url.searchParams.get('article')
	};
};

export const actions: Actions = {
	default: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		await requireClassRole(user, params.id, ['instructor']);
		const form = await request.formData();
		const allowed = new Set((await assignableArticles(user.id)).map((a) => a.id));
		const parsed = parseAssignmentForm(form, allowed);
		if (!parsed.ok) {
			// Only the form's own text fields go back to the page (never whatever else was posted).
			const values = Object.fromEntries(
				FIELDS.map((k) => [k, form.get(k)]).filter(([, v]) => typeof v === 'string')
			);
			return fail(400, { errors: parsed.errors, values });
		}
		const id = await createAssignment({ ...parsed.value, classId: params.id, createdBy: user.id });
		redirect(303, `/assignments/${id}`);
	}
};
