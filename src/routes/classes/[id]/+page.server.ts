import { error, fail } from '@sveltejs/kit';
import { STATE_LABELS, learnerState, listClassAssignments } from '$lib/server/assignments';
import {
	disableJoinCode,
	getClass,
	roster,
	rotateJoinCode,
	setLearnerRemoved
} from '$lib/server/classes';
import { db } from '$lib/server/db';
import { resetPassword } from '$lib/server/accounts';
import { requireClassRole, requireUser, roleInClass } from '$lib/server/policy';
import { assignmentCounts, learnerProgress } from '$lib/server/progress';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const user = requireUser(locals, url);
	const role = await requireClassRole(user, params.id);
	const info = (await getClass(db(), params.id))!;
	const assignments = await listClassAssignments(params.id);
	if (role === 'learner') {
		const progress = await learnerProgress(
			user.id,
			assignments.map((a) => a.id)
		);
		return {
			id: info.id,
			role,
			name: info.name,
			joinUrl: null,
			assignments: assignments.map((a) => {
				const state = learnerState(a, progress.get(a.id)!);
				return {
					id: a.id,
					title: a.title,
					dueAt: a.dueAt,
					timeZone: a.timeZone,
					state,
					stateLabel: STATE_LABELS[state]
				};
			}),
			joinCode: null,
			roster: null
		};
	}
	const people = await roster(db(), params.id);
	const counts = await assignmentCounts(
		assignments.map((a) => a.id),
		people.filter((p) => p.role === 'learner' && !p.removedAt).map((p) => p.userId)
	);
	return {
		id: info.id,
		role,
		name: info.name,
		joinCode: info.joinCode,
		joinUrl: info.joinCode ? `${url.origin}/join/${info.joinCode}` : null,
		assignments: assignments.map((a) => ({
			id: a.id,
			title: a.title,
			dueAt: a.dueAt,
			timeZone: a.timeZone,
			state: null,
			stateLabel: null,
			...counts.get(a.id)!
		})),
		roster: people
	};
};

async function instructorOnly(locals: App.Locals, url: URL, classId: string) {
	const user = requireUser(locals, url);
	await requireClassRole(user, classId, ['instructor']);
	return user;
}

export const actions: Actions = {
	rotate: async ({ locals, url, params }) => {
		await instructorOnly(locals, url, params.id);
		await rotateJoinCode(db(), params.id);
		return { notice: 'New join code made. The old code and link no longer work.' };
	},
	disable: async ({ locals, url, params }) => {
		await instructorOnly(locals, url, params.id);
		await disableJoinCode(db(), params.id);
		return { notice: 'Joining is off. Make a new code to let people join again.' };
	},
	remove: async ({ locals, url, params, request }) => {
		await instructorOnly(locals, url, params.id);
		const userId = String((await request.formData()).get('userId') ?? '');
		if (!(await setLearnerRemoved(db(), params.id, userId, true))) {
			return fail(404, { error: 'That learner is not in this class.' });
		}
		return { notice: 'Learner removed. Their work is kept and you can restore them.' };
	},
	resetPassword: async ({ locals, url, params, request }) => {
		await instructorOnly(locals, url, params.id);
		const userId = String((await request.formData()).get('userId') ?? '');
		if ((await roleInClass(userId, params.id)) !== 'learner') {
			return fail(404, { error: 'That learner is not in this class.' });
		}
		const password = await resetPassword(userId);
		const who = (await roster(db(), params.id)).find((p) => p.userId === userId)!;
		return {
			notice: `One-time password for ${who.name} (${who.email}): ${password}`,
			oneTime: { name: who.name, password }
		};
	},
	restore: async ({ locals, url, params, request }) => {
		await instructorOnly(locals, url, params.id);
		const userId = String((await request.formData()).get('userId') ?? '');
		if (!(await setLearnerRemoved(db(), params.id, userId, false))) {
			error(404, 'That learner is not in this class.');
		}
		return { notice: 'Learner restored.' };
	}
};
