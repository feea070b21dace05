/**
 * Accounts: sign-up, log-in with failure limits, password change. Returns results with messages a person
 * can act on; never throws for bad input.
 */
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import {
	hashPassword,
	invalidateUserSessions,
	verifyDecoy,
	verifyPassword,
	type SessionUser
} from './auth';
import { db } from './db';
import type { Database } from './db/schema';
import { nowIso, randomId, randomPassword } from './ids';
import { accountAttempts, addressFailures, minutesToWait, signUpProbes } from './rate-limit';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

export const Email = v.pipe(
	v.string('Enter your e-mail address.'),
	v.trim(),
	v.toLowerCase(),
	v.nonEmpty('Enter your e-mail address.'),
	v.maxLength(254, 'That e-mail address is too long.'),
	v.email('That does not look like an e-mail address (it needs an @ and a domain).')
);

export const Password = v.pipe(
	v.string('Enter a password.'),
	v.minLength(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters for your password.`),
	v.maxLength(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters for your password.`)
);

export const Name = v.pipe(
	v.string('Enter your name.'),
	v.trim(),
	v.nonEmpty('Enter your name.'),
	v.maxLength(100, 'Use at most 100 characters for your name.')
);

const SignUp = v.object({ name: Name, email: Email, password: Password });

/** Field-by-field messages for a form. */
export type FieldErrors = Partial<Record<string, string>>;

/** The first message per field from a failed valibot parse. */
export function fieldErrors(issues: v.BaseIssue<unknown>[]): FieldErrors {
	const out: FieldErrors = {};
	for (const issue of issues) {
		const key = issue.path?.map((p) => String(p.key)).join('.') || 'form';
		out[key] ??= issue.message;
	}
	return out;
}

export type SignUpResult =
	| { ok: true; user: SessionUser }
	| {
			ok: false;
			status: 400 | 409 | 429;
			errors: FieldErrors;
			values: { name: string; email: string };
	  };

/**
 * Creates an account; a duplicate e-mail or bad field comes back as field errors. The duplicate
 * message is plain (people need it), so what stops a script from mapping which e-mails exist is a
 * limit: past 10 duplicates in 15 minutes from one address, every sign-up from it waits, new e-mail
 * or not; and a duplicate takes as long as a real sign-up.
 */
export async function signUp(
	input: {
		name: unknown;
		email: unknown;
		password: unknown;
	},
	address: string
): Promise<SignUpResult> {
	const values = { name: String(input.name ?? ''), email: String(input.email ?? '') };
	const parsed = v.safeParse(SignUp, input);
	if (!parsed.success)
		return { ok: false, status: 400, errors: fieldErrors(parsed.issues), values };
	const probing = (waitMs: number): SignUpResult => ({
		ok: false,
		status: 429,
		errors: {
			email: `Too many sign-ups from your network were for e-mail addresses that already have an account. Try again in ${minutesToWait(waitMs)}, or log in.`
		},
		values
	});
	const wait = await signUpProbes.retryAfter(address);
	if (wait > 0) return probing(wait);
	const { name, email, password } = parsed.output;
	const existing = await db()
		.selectFrom('users')
		.select('id')
		.where('email', '=', email)
		.executeTakeFirst();
	if (existing) {
		// As long as creating the account would take, so timing adds nothing to the message.
		await hashPassword(password);
		// Counted before answering, so sign-ups sent all at once learn no more than the limit allows.
		const probe = await signUpProbes.attempt(address);
		if (!probe.ok) return probing(probe.waitMs);
		return {
			ok: false,
			status: 409,
			errors: { email: 'An account with this e-mail already exists. Log in instead.' },
			values
		};
	}
	const user = await createUser({ name, email, password });
	return { ok: true, user };
}

/** Inserts a user with a hashed password (no checks: callers validate). */
export async function createUser(
	input: {
		name: string;
		email: string;
		password: string;
		mustChangePassword?: boolean;
	},
	conn: Kysely<Database> = db()
): Promise<SessionUser> {
	const id = randomId();
	const email = input.email.trim().toLowerCase();
	await conn
		.insertInto('users')
		.values({
			id,
			email,
			name: input.name,
			password_hash: await hashPassword(input.password),
			must_change_password: input.mustChangePassword ? 1 : 0,
			created_at: nowIso()
		})
		.execute();
	return { id, email, name: input.name, mustChangePassword: !!input.mustChangePassword };
}

export type LogInResult =
	{ ok: true; user: SessionUser } | { ok: false; status: 400 | 429; message: string };

const WRONG = 'Wrong e-mail or password.';

/**
 * Checks an e-mail and password. Wrong e-mail and wrong password give the same message and take the
 * same time; failures are limited per account and per address.
 */
export async function logIn(
	input: { email: unknown; password: unknown },
	address: string
): Promise<LogInResult> {
	const email = String(input.email ?? '')
		.trim()
		.toLowerCase();
	const password = typeof input.password === 'string' ? input.password : '';
	if (!email || !password) {
		return { ok: false, status: 400, message: 'Enter your e-mail address and your password.' };
	}
	const addressWait = await addressFailures.retryAfter(address);
	const attempt = addressWait > 0 ? null : await accountAttempts.attempt(email);
	if (!attempt?.ok) {
		return {
			ok: false,
			status: 429,
			message: `Too many failed log-ins. Try again in ${minutesToWait(attempt?.waitMs ?? addressWait)}.`
		};
	}
	const row = await db()
		.selectFrom('users')
		.select(['id', 'email', 'name', 'password_hash', 'must_change_password'])
		.where('email', '=', email)
		.executeTakeFirst();
	// Every path costs one argon2 verification, so timing tells nothing about which accounts exist.
	const ok =
		row && password.length <= PASSWORD_MAX
			? await verifyPassword(row.password_hash, password)
			: await verifyDecoy(password.slice(0, PASSWORD_MAX));
	if (!row || !ok) {
		await addressFailures.record(address);
		return { ok: false, status: 400, message: WRONG };
	}
	await accountAttempts.clear(email);
	return {
		ok: true,
		user: {
			id: row.id,
			email: row.email,
			name: row.name,
			mustChangePassword: row.must_change_password === 1
		}
	};
}

export type ChangePasswordResult = { ok: true } | { ok: false; status: 400; errors: FieldErrors };

/** Changes a password after checking the current one; ends every other session of the user. */
export async function changePassword(
	userId: string,
	keepSessionId: string,
	input: { current: unknown; password: unknown; confirm: unknown }
): Promise<ChangePasswordResult> {
	const row = await db()
		.selectFrom('users')
		.select('password_hash')
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	if (!(await verifyPassword(row.password_hash, String(input.current ?? '')))) {
		return { ok: false, status: 400, errors: { current: 'Your current password is not right.' } };
	}
	const parsed = v.safeParse(Password, input.password);
	if (!parsed.success) {
		return { ok: false, status: 400, errors: { password: parsed.issues[0].message } };
	}
	if (input.confirm !== parsed.output) {
		return { ok: false, status: 400, errors: { confirm: 'The two new passwords differ.' } };
	}
	await db()
		.updateTable('users')
		.set({ password_hash: await hashPassword(parsed.output), must_change_password: 0 })
		.where('id', '=', userId)
		.execute();
	await invalidateUserSessions(userId, keepSessionId);
	return { ok: true };
}

/**
 * An instructor's reset of a learner's password (learners often have no e-mail): a one-time password,
 * to be changed at the next log-in, and every session of the learner ends. Returns the password to show
 * the instructor once.
 */
export async function resetPassword(userId: string): Promise<string> {
	const password = randomPassword();
	await db()
		.updateTable('users')
		.set({ password_hash: await hashPassword(password), must_change_password: 1 })
		.where('id', '=', userId)
		.execute();
	await invalidateUserSessions(userId);
	await accountAttempts.clear(
		(
			await db()
				.selectFrom('users')
				.select('email')
				.where('id', '=', userId)
				.executeTakeFirstOrThrow()
		).email
	);
	return password;
}
