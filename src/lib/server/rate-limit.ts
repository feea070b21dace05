/**
 * Log-in limits, per account and per client address; sign-ups that hit an existing account, per
 * client address; join codes that open no class, per person and per address. Sliding windows kept in
 * the database, so that every app server on one database, and a restarted one, counts the same
 * attempts. Keys are stored only as SHA-256 hashes.
 *
 * An attempt is counted before its answer is known wherever a burst of requests sent all at once
 * could otherwise learn more than the limit allows: a log-in per account (the e-mail as typed,
 * normalised, whether or not such an account exists, so a lock-out reveals nothing; a success clears
 * the account's count), a taken e-mail at sign-up, and every join code (taken back when it opens a
 * class). Failed log-ins per address are counted after the fact: a school behind one address logs in
 * thirty at a time, each waiting for its password check.
 */
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { db } from './db';
import { nowIso, randomId } from './ids';

export interface LimitRule {
	/** Attempts allowed inside the window. */
	max: number;
	windowMs: number;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** An attempt let through (`withdraw` takes it back), or refused with how long to wait. */
export type Attempt = { ok: true; withdraw: () => Promise<void> } | { ok: false; waitMs: number };

function keyHash(key: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(key)));
}

/** One named limit: a sliding window of attempts per key. */
export class AttemptWindow {
	#lastPrune = 0;
	constructor(
		readonly name: string,
		readonly rule: LimitRule
	) {}

	/** Milliseconds until `key` may try again, or 0 when it may try now. */
	async retryAfter(key: string, now = Date.now()): Promise<number> {
		return this.#wait(await this.#recent(keyHash(key), now), now);
	}

	/** Counts a failure by `key`. */
	async record(key: string, now = Date.now()): Promise<void> {
		await this.#insert(keyHash(key), now);
	}

	/**
	 * Counts an attempt by `key` before its outcome is known, and lets it through when, with it, the key
	 * has at most `max` attempts in the window. Otherwise its row is removed again and the answer says
	 * how long to wait. Requests sent all at once thus get no more tries than the limit between them.
	 */
	async attempt(key: string, now = Date.now()): Promise<Attempt> {
		const hash = keyHash(key);
		const id = await this.#insert(hash, now);
		const rows = await this.#recent(hash, now);
		const withdraw = async () => {
			await db().deleteFrom('limit_attempts').where('id', '=', id).execute();
		};
		if (rows.length <= this.rule.max) return { ok: true, withdraw };
		await withdraw();
		const others = rows.filter((r) => r.id !== id);
		return { ok: false, waitMs: this.#wait(others, now) };
	}

	/** Forgets all of a key's attempts. */
	async clear(key: string): Promise<void> {
		await db()
			.deleteFrom('limit_attempts')
			.where('rule', '=', this.name)
			.where('key_hash', '=', keyHash(key))
			.execute();
	}

	async #insert(hash: string, now: number): Promise<string> {
		const id = randomId();
		await db()
			.insertInto('limit_attempts')
			.values({ id, rule: this.name, key_hash: hash, at: nowIso(new Date(now)) })
			.execute();
		await this.#prune(now);
		return id;
	}

	/** The key's attempts inside the window, oldest first. */
	#recent(hash: string, now: number): Promise<{ id: string; at: string }[]> {
		return db()
			.selectFrom('limit_attempts')
			.select(['id', 'at'])
			.where('rule', '=', this.name)
			.where('key_hash', '=', hash)
			.where('at', '>', nowIso(new Date(now - this.rule.windowMs)))
			.orderBy('at')
			.execute();
	}

	// Another try is allowed once all but max - 1 of the attempts have left the window.
	#wait(rows: { at: string }[], now: number): number {
		if (rows.length < this.rule.max) return 0;
		const mustGo = rows[rows.length - this.rule.max];
		return Math.max(1000, Date.parse(mustGo.at) + this.rule.windowMs - now);
	}

	// Rows past the window count for nothing; they are deleted at most once a minute per server.
	async #prune(now: number): Promise<void> {
		if (now - this.#lastPrune < 60_000) return;
		this.#lastPrune = now;
		await db()
			.deleteFrom('limit_attempts')
			.where('rule', '=', this.name)
			.where('at', '<=', nowIso(new Date(now - this.rule.windowMs)))
			.execute();
	}
}

/** Log-ins per account, keyed by the e-mail as typed. */
export const accountAttempts = new AttemptWindow('account', { max: 5, windowMs: FIFTEEN_MINUTES });
/** Failed log-ins per client address. */
export const addressFailures = new AttemptWindow('address', { max: 30, windowMs: FIFTEEN_MINUTES });
/** Sign-ups from one address that hit an existing account (someone probing which e-mails exist). */
export const signUpProbes = new AttemptWindow('signup-probe', {
	max: 10,
	windowMs: FIFTEEN_MINUTES
});
/** Join codes per person: codes must not be guessable. */
export const joinMissesByUser = new AttemptWindow('join-user', {
	max: 10,
	windowMs: FIFTEEN_MINUTES
});
/** Join codes per address: a whole school behind one address may mistype a code each. */
export const joinMissesByAddress = new AttemptWindow('join-address', {
	max: 100,
	windowMs: FIFTEEN_MINUTES
});

/**
 * One attempt under each of several limits, in turn; when one refuses, those already counted are taken
 * back. `withdraw` on success takes back all of them.
 */
export async function attemptEach(limits: [AttemptWindow, string][]): Promise<Attempt> {
	const counted: (() => Promise<void>)[] = [];
	const withdraw = async () => {
		for (const w of counted) await w();
	};
	for (const [window, key] of limits) {
		const a = await window.attempt(key);
		if (!a.ok) {
			await withdraw();
			return a;
		}
		counted.push(a.withdraw);
	}
	return { ok: true, withdraw };
}

/** How long a person must wait, in whole minutes (at least 1), for messages: "1 minute", "3 minutes". */
export function minutesToWait(ms: number): string {
	const minutes = Math.max(1, Math.ceil(ms / 60_000));
	return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * The client's address for the limits. Behind a proxy (ADDRESS_HEADER) a request without the header
 * makes SvelteKit throw; such requests share one key rather than failing with a 500.
 */
export function clientAddress(event: { getClientAddress(): string }): string {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}
