/** Random identifiers and codes, from the platform's cryptographic random source. */
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

// Random bytes are drawn 4 KiB at a time, each byte handed out once and then wiped from the store
// (session secrets are made of them): a call to the system's generator per id (one per request, for
// its request id) was 2% of a busy server's CPU.
const pool = new Uint8Array(4096);
let used = pool.length;

function randomBytes(n: number): Uint8Array {
	if (n > pool.length) return crypto.getRandomValues(new Uint8Array(n));
	if (used + n > pool.length) {
		crypto.getRandomValues(pool);
		used = 0;
	}
	const out = pool.slice(used, used + n);
	pool.fill(0, used, used + n);
	used += n;
	return out;
}

/** A random id with `bytes` bytes of entropy (default 15 → 24 base32 characters). */
export function randomId(bytes = 15): string {
	return encodeBase32LowerCaseNoPadding(randomBytes(bytes));
}

// No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read aloud or off a projector is typed right the first time.
const UNAMBIGUOUS = 'ACDEFGHJKMNPQRTUVWXY34679';

/** A short code of unambiguous capital letters and digits, e.g. for joining a class. */
export function randomCode(length = 7): string {
	const out: string[] = [];
	while (out.length < length) {
		const [b] = randomBytes(1);
		// Rejection sampling keeps every character equally likely.
		if (b < 250) out.push(UNAMBIGUOUS[b % 25]);
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
