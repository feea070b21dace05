/**
 * Failed log-in limits, per account and per client address, and sign-ups that hit an existing account,
 * per client address: a sliding window of failure times kept in memory. Only failures count; a
 * successful log-in clears the account's failures. The account key is the e-mail as typed
 * (normalised), whether or not such an account exists, so a lock-out reveals nothing.
 * Memory-only: on several app servers each keeps its own window (see README, "Log-in limits").
 */

export interface LimitRule {
	/** Failures allowed inside the window. */
	max: number;
	windowMs: number;
}

export const ACCOUNT_RULE: LimitRule = { max: 5, windowMs: 15 * 60 * 1000 };
export const ADDRESS_RULE: LimitRule = { max: 30, windowMs: 15 * 60 * 1000 };
/** Sign-ups from one address that hit an existing account (someone probing which e-mails exist). */
export const SIGNUP_PROBE_RULE: LimitRule = { max: 10, windowMs: 15 * 60 * 1000 };

/** A set of sliding windows, one per key. */
export class FailureWindow {
	#hits = new Map<string, number[]>();
	constructor(readonly rule: LimitRule) {}

	#recent(key: string, now: number): number[] {
		const since = now - this.rule.windowMs;
		const hits = (this.#hits.get(key) ?? []).filter((t) => t > since);
		if (hits.length) this.#hits.set(key, hits);
		else this.#hits.delete(key);
		return hits;
	}

	/** Milliseconds until the key may try again, or 0 when it may try now. */
	retryAfter(key: string, now = Date.now()): number {
		const hits = this.#recent(key, now);
		if (hits.length < this.rule.max) return 0;
		return hits[hits.length - this.rule.max] + this.rule.windowMs - now;
	}

	/** Records a failure. */
	fail(key: string, now = Date.now()): void {
		const hits = this.#recent(key, now);
		hits.push(now);
		this.#hits.set(key, hits);
		// Bound memory under a flood of distinct keys: forget the oldest keys first.
		if (this.#hits.size > 100_000) {
			const oldest = this.#hits.keys().next().value;
			if (oldest !== undefined) this.#hits.delete(oldest);
		}
	}

	/** Forgets a key's failures. */
	clear(key: string): void {
		this.#hits.delete(key);
	}
}

export const accountFailures = new FailureWindow(ACCOUNT_RULE);
export const addressFailures = new FailureWindow(ADDRESS_RULE);
export const signUpProbes = new FailureWindow(SIGNUP_PROBE_RULE);

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
