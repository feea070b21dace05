/**
 * Who may see and do what. Every load and action calls one of these itself (a layout guard is not
 * enough). Outsiders get 404 for a class or assignment they are not in, so its existence is not
 * revealed; members without the right role get 403. Messages say what to do next.
 */
import { error, redirect } from '@sveltejs/kit';
import type { SessionUser } from './auth';
import { db } from './db';
import type { Role } from './db/schema';

/** The signed-in user, or a redirect to log-in (pages) / 401 (API). */
export function requireUser(locals: App.Locals, url: URL, api = false): SessionUser {
	if (locals.user) return locals.user;
	if (api) error(401, 'Log in first: this needs a signed-in account.');
	redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/**
 * The user's current role in a class, or null when they are not (or no longer) in it; with
 * `includeRemoved`, also the role of someone removed (whose work the instructor still sees).
 */
export async function roleInClass(
	userId: string,
	classId: string,
	{ includeRemoved = false } = {}
): Promise<Role | null> {
	let q = db()
		.selectFrom('memberships')
		.select('role')
		.where('class_id', '=', classId)
		.where('user_id', '=', userId);
	if (!includeRemoved) q = q.where('removed_at', 'is', null);
	const row = await q.executeTakeFirst();
	return row?.role ?? null;
}

export const CLASS_NOT_FOUND = 'Class not found, or you are not in it.';
export const ASSIGNMENT_NOT_FOUND = 'Assignment not found, or you are not in its class.';
export const INSTRUCTORS_ONLY = "Only the class's instructors can do this.";
export const LEARNERS_ONLY = 'Only learners in the class can do this.';

/** The user's role in the class; 404 when not a member, 403 when the role is not allowed. */
export async function requireClassRole(
	user: SessionUser,
	classId: string,
	allowed: Role[] = ['instructor', 'learner']
): Promise<Role> {
	const role = await roleInClass(user.id, classId);
	if (!role) error(404, CLASS_NOT_FOUND);
	if (!allowed.includes(role)) error(403, role === 'learner' ? INSTRUCTORS_ONLY : LEARNERS_ONLY);
	return role;
}
