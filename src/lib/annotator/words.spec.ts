import { describe, expect, it } from 'vitest';
import { isWordChar, snapToWords, wordAt } from './words';
import { article } from './test-utils';

const text = article.text;

function snapped(needle: string, cutStart = 0, cutEnd = 0) {
	const i = text.indexOf(needle);
	const r = snapToWords(text, i + cutStart, i + needle.length - cutEnd);
	return r.ok ? text.slice(r.start, r.end) : r.reason;
}

describe('snapToWords', () => {
	it('grows a selection that cuts words to the whole words', () => {
		// "fficials have sa" inside "US officials have said"
		expect(snapped('US officials have said', 4, 2)).toBe('officials have said');
		expect(snapped('Secretary of State', 3, 3)).toBe('Secretary of State');
	});

	it('keeps a selection that is already whole words, and trims white space', () => {
		const i = text.indexOf('US officials have said');
		const r = snapToWords(text, i - 1, i + 'US officials have said'.length + 1);
		expect(r).toEqual({ ok: true, start: i, end: i + 'US officials have said'.length });
	});

	it('keeps apostrophes and hyphens inside words', () => {
		const i = text.indexOf("haven't");
		expect(i).toBeGreaterThan(0);
		const r = snapToWords(text, i + 1, i + 5); // "aven"
		expect(r.ok && text.slice(r.start, r.end)).toBe("haven't");
		const j = text.indexOf('cease-fire');
		const s = snapToWords(text, j + 7, j + 8);
		expect(s.ok && text.slice(s.start, s.end)).toBe('cease-fire');
	});

	it('does not swallow punctuation around a word', () => {
		const i = text.indexOf("'candid");
		const r = snapToWords(text, i + 2, i + 4);
		expect(r.ok && text.slice(r.start, r.end)).toBe('candid');
	});

	it('refuses an empty or blank selection', () => {
		expect(snapToWords(text, 10, 10)).toEqual({ ok: false, reason: 'empty' });
		const gap = text.indexOf('\n\n');
		expect(snapToWords(text, gap, gap + 2)).toEqual({ ok: false, reason: 'empty' });
	});

	it('refuses a selection across a paragraph break', () => {
		const gap = text.indexOf('\n\n');
		expect(snapToWords(text, gap - 5, gap + 5)).toEqual({ ok: false, reason: 'crosses-paragraph' });
	});

	it('treats the two halves of a surrogate pair as one word character', () => {
		const t = 'say 😀ok now';
		const r = snapToWords(t, 5, 6);
		expect(r.ok && t.slice(r.start, r.end)).toBe('😀ok');
	});
});

describe('word helpers', () => {
	it('finds the word around an offset', () => {
		const i = text.indexOf('Kerry');
		expect(wordAt(text, i + 2)).toEqual({ start: i, end: i + 5 });
		expect(wordAt('  ', 1)).toBeNull();
	});

	it('counts joiners as word characters only between letters', () => {
		expect(isWordChar("don't", 3)).toBe(true);
		expect(isWordChar("'tis", 0)).toBe(false);
		expect(isWordChar('U.S.', 1)).toBe(true);
		expect(isWordChar('U.S.', 3)).toBe(false);
	});
});
