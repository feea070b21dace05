import { json } from '@sveltejs/kit';
import { learnerState, listUserAssignments } from '$lib/server/assignments';
import { learnerProgress } from '$lib/server/progress';
import { requireUser } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** The assignments the user can see: `[{id, title, classId, dueAt, state}]` (state for learners). */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals, url, true);
	const list = await listUserAssignments(user.id);
	const progress = await learnerProgress(
		user.id,
		list.filter((x) => x.role === 'learner').map((x) => x.assignment.id)
	);
	return json(
		list.map(({ assignment: a, role }) => ({
			id: a.id,
			title: a.title,
			classId: a.classId,
			className: a.className,
			dueAt: a.dueAt,
			role,
			state: role === 'learner' ? learnerState(a, progress.get(a.id)!) : 'teaching'
		}))
	);
};
