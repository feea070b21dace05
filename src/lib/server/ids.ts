/** Random identifiers and codes, from the platform's cryptographic random source. */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random id with `bytes` bytes of entropy (default 15 → 24 base32 characters). */
export function randomId(bytes = 15): string {
	const b = new Uint8Array(bytes);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

// No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or off a projector is typed right the first time.
const UNAMBIGUOUS = 'ACDEFGHJKMNPQRTUVWXY34679';

/** A short code of unambiguous capital letters and digits, e.g. for joining a class. */
export function randomCode(length = 7): string {
	const out: string[] = [];
	const b = new Uint8Array(1);
	while (out.length < length) {
		crypto.getRandomValues(b);
		// Rejection sampling keeps every character equally likely.
		if (b[0] < 250) out.push(UNAMBIGUOUS[b[0] % 25]);
	}
	return out.join('');
}

/** A password nobody has to think up: four groups of five unambiguous characters. */
export function randomPassword(): string {
	return [0, 1, 2, 3].map(() => randomCode(5).toLowerCase()).join('-');
}

/** The current time as the ISO-8601 UTC string the database stores. */
export function nowIso(now: Date = new Date()): string {
	return now.toISOString();
}
