/** Classes and memberships: who is in which class, in which role. */
import type { Kysely } from 'kysely';
import type { Database, Role } from './db/schema';

/** A class as the signed-in home lists it. */
export interface ClassSummary {
	id: string;
	name: string;
	role: Role;
	learners: number;
	assignments: number;
}

/** The classes a user belongs to (not removed), with their role, newest first. */
export async function listClassesForUser(
	db: Kysely<Database>,
	userId: string
): Promise<ClassSummary[]> {
	const rows = await db
		.selectFrom('memberships as m')
		.innerJoin('classes as c', 'c.id', 'm.class_id')
		.select((eb) => [
			'c.id',
			'c.name',
			'm.role',
			eb
				.selectFrom('memberships as l')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('l.class_id', '=', 'c.id')
				.where('l.role', '=', 'learner')
				.where('l.removed_at', 'is', null)
				.as('learners'),
			eb
				.selectFrom('assignments as a')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('a.class_id', '=', 'c.id')
				.as('assignments')
		])
		.where('m.user_id', '=', userId)
		.where('m.removed_at', 'is', null)
		.orderBy('c.created_at', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		name: r.name,
		role: r.role,
		learners: Number(r.learners ?? 0),
		assignments: Number(r.assignments ?? 0)
	}));
}
