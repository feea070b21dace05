import { json } from '@sveltejs/kit';
import { requireAssignment } from '$lib/server/assignments';
import { gradebook } from '$lib/server/gradebook';
import { requireUser } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** One row per learner: status, grade, per-tag F1 (instructors only). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { assignment } = await requireAssignment(user, params.id, ['instructor']);
	const book = await gradebook(assignment);
	return json(book.rows);
};
