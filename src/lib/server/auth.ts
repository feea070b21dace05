/**
 * Sessions and passwords, following Lucia's guide to implementing sessions yourself
 * (https://lucia-auth.com/sessions/basic, "Basic session implementation"; the `lucia` v3 package is
 * deprecated by its author in favour of this guide), as the Svelte CLI's `lucia` add-on generates it:
 *
 * - A session token is `<id>.<secret>`, both random (base32 of 15 and 20 bytes). The database keeps the
 *   id and the SHA-256 of the secret, never the secret; validation compares hashes in constant time.
 * - Inactivity expiry with sliding renewal: a session lives 30 days from its last use; when less than
 *   15 days are left, the next request pushes it back to 30.
 * - The cookie is `HttpOnly; SameSite=Lax; Path=/`, and `Secure` when served over HTTPS.
 * - Passwords are argon2id (`@node-rs/argon2`, OWASP's minimum parameters).
 * - Logging out ends the session; changing or resetting a password ends all of a user's sessions.
 */
import { hash, verify } from '@node-rs/argon2';
import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeHexLowerCase } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import { db } from './db';
import { nowIso, randomId } from './ids';

export const SESSION_COOKIE = 'newsmark_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
const RENEW_WHEN_LEFT_MS = 15 * DAY;

/** What a request knows about the signed-in person. */
export interface SessionUser {
	id: string;
	email: string;
	name: string;
	mustChangePassword: boolean;
}

export interface ValidatedSession {
	sessionId: string;
	expiresAt: Date;
	/** True when the expiry moved, so the cookie must be sent again. */
	renewed: boolean;
	user: SessionUser;
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** Creates a session for a user and returns its token (to put in the cookie) and expiry. */
export async function createSession(
	userId: string,
	now: Date = new Date()
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
	const id = randomId(15);
	const secret = randomId(20);
	const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
	await db()
		.insertInto('sessions')
		.values({
			id,
			secret_hash: encodeHexLowerCase(hashSecret(secret)),
			user_id: userId,
			created_at: nowIso(now),
			expires_at: nowIso(expiresAt)
		})
		.execute();
	return { token: `${id}.${secret}`, sessionId: id, expiresAt };
}

/**
 * Checks a token from a cookie: null when it is malformed, unknown, forged (wrong secret) or expired
 * (an expired session is deleted). A valid session used in its second half is renewed.
 */
export async function validateSessionToken(
	token: string,
	now: Date = new Date()
): Promise<ValidatedSession | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || !/^[a-z2-7]{24}$/.test(parts[0]) || !/^[a-z2-7]{32}$/.test(parts[1])) {
		return null;
	}
	const [id, secret] = parts;
	const row = await db()
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.select([
			'sessions.id',
			'sessions.secret_hash',
			'sessions.expires_at',
			'users.id as user_id',
			'users.email',
			'users.name',
			'users.must_change_password'
		])
		.where('sessions.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	const stored = new Uint8Array(Buffer.from(row.secret_hash, 'hex'));
	if (!constantTimeEqual(stored, hashSecret(secret))) return null;
	let expiresAt = new Date(row.expires_at);
	if (now.getTime() >= expiresAt.getTime()) {
		await db().deleteFrom('sessions').where('id', '=', id).execute();
		return null;
	}
	let renewed = false;
	if (expiresAt.getTime() - now.getTime() < RENEW_WHEN_LEFT_MS) {
		expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
		await db()
			.updateTable('sessions')
			.set({ expires_at: nowIso(expiresAt) })
			.where('id', '=', id)
			.execute();
		renewed = true;
	}
	return {
		sessionId: id,
		expiresAt,
		renewed,
		user: {
			id: row.user_id,
			email: row.email,
			name: row.name,
			mustChangePassword: row.must_change_password === 1
		}
	};
}

/** Ends one session (logging out). */
export async function invalidateSession(sessionId: string): Promise<void> {
	await db().deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user (password change or reset), optionally keeping one. */
export async function invalidateUserSessions(userId: string, keep?: string): Promise<void> {
	let q = db().deleteFrom('sessions').where('user_id', '=', userId);
	if (keep) q = q.where('id', '!=', keep);
	await q.execute();
}

/** Puts the session token in the cookie, with the flags Lucia's guide sets. */
export function setSessionCookie(
	cookies: Cookies,
	token: string,
	expiresAt: Date,
	secure: boolean
) {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		path: '/',
		secure,
		expires: expiresAt
	});
}

/** Removes the session cookie. */
export function deleteSessionCookie(cookies: Cookies, secure: boolean) {
	cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}

const ARGON2 = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

/** An argon2id hash of a password. */
export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

/** Whether a password matches an argon2id hash (false, never a throw, for a malformed hash). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

// A hash of a password nobody has, checked when the e-mail is unknown, so a wrong e-mail takes as long
// as a wrong password and log-in timing tells nothing about which accounts exist.
let decoyHash: Promise<string> | null = null;

/** Verifies against a decoy hash, spending the same time as a real check. Always false. */
export async function verifyDecoy(password: string): Promise<false> {
	decoyHash ??= hashPassword(randomId(20));
	await verifyPassword(await decoyHash, password);
	return false;
}
