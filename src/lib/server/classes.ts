/** Classes and memberships: who is in which class, in which role. */
import type { Kysely } from 'kysely';
import type { Database, Role } from './db/schema';
import { nowIso, randomCode, randomId } from './ids';
import { attemptEach, joinMissesByAddress, joinMissesByUser, minutesToWait } from './rate-limit';

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

/** A class as its own page shows it. */
export interface ClassInfo {
	id: string;
	name: string;
	joinCode: string | null;
	createdAt: string;
}

/** One person on a class roster. */
export interface RosterEntry {
	userId: string;
	name: string;
	email: string;
	role: Role;
	joinedAt: string;
	removedAt: string | null;
}

/** Creates a class with a fresh join code; its creator is its instructor. */
export async function createClass(
	db: Kysely<Database>,
	name: string,
	userId: string
): Promise<string> {
	const id = randomId();
	const now = nowIso();
	await db.transaction().execute(async (trx) => {
		await trx
			.insertInto('classes')
			.values({ id, name, join_code: randomCode(), created_by: userId, created_at: now })
			.execute();
		await trx
			.insertInto('memberships')
			.values({
				class_id: id,
				user_id: userId,
				role: 'instructor',
				joined_at: now,
				removed_at: null
			})
			.execute();
	});
	return id;
}

/** The class by id, or null. */
export async function getClass(db: Kysely<Database>, id: string): Promise<ClassInfo | null> {
	const row = await db.selectFrom('classes').selectAll().where('id', '=', id).executeTakeFirst();
	return row
		? { id: row.id, name: row.name, joinCode: row.join_code, createdAt: row.created_at }
		: null;
}

/** Gives the class a new join code (the old one stops working). */
export async function rotateJoinCode(db: Kysely<Database>, classId: string): Promise<string> {
	const code = randomCode();
	await db.updateTable('classes').set({ join_code: code }).where('id', '=', classId).execute();
	return code;
}

/** Turns joining by code off. */
export async function disableJoinCode(db: Kysely<Database>, classId: string): Promise<void> {
	await db.updateTable('classes').set({ join_code: null }).where('id', '=', classId).execute();
}

/** A join code as people type it: upper case, without spaces or dashes. */
export function normalizeCode(code: string): string {
	return code.toUpperCase().replace(/[\s-]+/g, '');
}

/** The class a join code opens, or null. */
async function findClassByCode(db: Kysely<Database>, code: string): Promise<ClassInfo | null> {
	const normalized = normalizeCode(code);
	if (!/^[A-Z0-9]{4,12}$/.test(normalized)) return null;
	const row = await db
		.selectFrom('classes')
		.selectAll()
		.where('join_code', '=', normalized)
		.executeTakeFirst();
	return row
		? { id: row.id, name: row.name, joinCode: row.join_code, createdAt: row.created_at }
		: null;
}

/** Who is using a join code: the signed-in person and the address they come from. */
export interface CodeUser {
	userId: string;
	address: string;
}

/** A code that opens no class is the form's bad input (400); past the limit, 429. */
export type CodeLookup =
	{ ok: true; found: ClassInfo } | { ok: false; status: 400 | 429; message: string };

/**
 * The class a typed or linked join code opens. Codes that open nothing are counted per person and per
 * address, and past the limit every code waits, right or wrong, so that codes cannot be found by trying.
 */
export async function lookUpJoinCode(
	db: Kysely<Database>,
	code: string,
	who: CodeUser
): Promise<CodeLookup> {
	// Every code is counted before it is looked up (and taken back when it opens a class), so that
	// codes sent all at once get no more answers than the limit allows.
	const attempt = await attemptEach([
		[joinMissesByUser, who.userId],
		[joinMissesByAddress, who.address]
	]);
	if (!attempt.ok) {
		return {
			ok: false,
			status: 429,
			message: `Too many join codes that open no class. Try again in ${minutesToWait(attempt.waitMs)}, or ask your teacher for the code.`
		};
	}
	const found = await findClassByCode(db, code);
	if (found) {
		await attempt.withdraw();
		return { ok: true, found };
	}
	return {
		ok: false,
		status: 400,
		message:
			'No class has that code. Check it with your teacher (codes use letters and digits, like K7MXQ3P).'
	};
}

export type JoinResult =
	| { ok: true; classId: string; already: boolean }
	| { ok: false; status: 400 | 429; message: string };

/** Joins the class a code opens, as a learner. */
export async function joinByCode(
	db: Kysely<Database>,
	code: string,
	who: CodeUser
): Promise<JoinResult> {
	const lookup = await lookUpJoinCode(db, code, who);
	if (!lookup.ok) return lookup;
	const { found } = lookup;
	const { userId } = who;
	const existing = await db
		.selectFrom('memberships')
		.select(['role', 'removed_at'])
		.where('class_id', '=', found.id)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (existing?.removed_at) {
		return {
			ok: false,
			status: 400,
			message: 'You were removed from this class. Ask your teacher to add you back.'
		};
	}
	if (existing) return { ok: true, classId: found.id, already: true };
	await db
		.insertInto('memberships')
		.values({
			class_id: found.id,
			user_id: userId,
			role: 'learner',
			joined_at: nowIso(),
			removed_at: null
		})
		.onConflict((oc) => oc.columns(['class_id', 'user_id']).doNothing())
		.execute();
	return { ok: true, classId: found.id, already: false };
}

/** Everyone in the class, instructors first, then learners by name; removed learners last. */
export async function roster(db: Kysely<Database>, classId: string): Promise<RosterEntry[]> {
	const rows = await db
		.selectFrom('memberships as m')
		.innerJoin('users as u', 'u.id', 'm.user_id')
		.select(['u.id', 'u.name', 'u.email', 'm.role', 'm.joined_at', 'm.removed_at'])
		.where('m.class_id', '=', classId)
		.execute();
	const rank = (r: (typeof rows)[number]) => (r.removed_at ? 2 : r.role === 'instructor' ? 0 : 1);
	return rows
		.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name))
		.map((r) => ({
			userId: r.id,
			name: r.name,
			email: r.email,
			role: r.role,
			joinedAt: r.joined_at,
			removedAt: r.removed_at
		}));
}

/** Removes a learner from the class (or restores one); their drafts and submissions are kept. */
export async function setLearnerRemoved(
	db: Kysely<Database>,
	classId: string,
	userId: string,
	removed: boolean
): Promise<boolean> {
	const r = await db
		.updateTable('memberships')
		.set({ removed_at: removed ? nowIso() : null })
		.where('class_id', '=', classId)
		.where('user_id', '=', userId)
		.where('role', '=', 'learner')
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}
