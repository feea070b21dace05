import { describe, expect, it } from 'vitest';
import { randomCode, randomId, randomPassword } from './ids';

describe('random ids and codes', () => {
	it('never repeats an id, across many refills of the random bytes', () => {
		const ids = Array.from({ length: 5000 }, (_, i) => randomId(i % 2 ? 8 : 15));
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids[0]).toMatch(/^[a-z2-7]{24}$/);
		expect(ids[1]).toMatch(/^[a-z2-7]{13}$/);
	});

	it('gives ids longer than its store of random bytes too', () => {
		expect(randomId(5000)).toMatch(/^[a-z2-7]{8000}$/);
	});

	it('makes join codes of unambiguous characters, each of them used', () => {
		const codes = Array.from({ length: 400 }, () => randomCode());
		for (const c of codes) expect(c).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{7}$/);
		expect(new Set(codes.join('')).size).toBe(25);
		expect(new Set(codes).size).toBe(codes.length);
		expect(randomPassword()).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
	});
});
