/**
 * Word snapping: turns whatever a person selected into the span they meant. A selection that starts or
 * ends inside a word grows to the whole word, surrounding white space is trimmed, and a selection across a
 * paragraph break (a newline in the canonical text) is refused. Apostrophes, hyphens and dots between
 * letters or digits belong to the word ("haven't", "cease-fire", "U.S", "3.5").
 */

const LETTER = /[\p{L}\p{N}\p{M}_\uD800-\uDFFF]/u;
const JOINER = /['’\-‐.]/;
const SPACE = /\s/;

function isLetter(ch: string | undefined): boolean {
	return ch !== undefined && LETTER.test(ch);
}

/** Whether the code unit at `i` is part of a word (a letter or digit, or a joiner between two). */
export function isWordChar(text: string, i: number): boolean {
	const ch = text[i];
	if (ch === undefined) return false;
	if (LETTER.test(ch)) return true;
	return JOINER.test(ch) && isLetter(text[i - 1]) && isLetter(text[i + 1]);
}

/** The word around `offset` (touching it on either side), or null when there is none. */
export function wordAt(text: string, offset: number): { start: number; end: number } | null {
	let start = offset;
	let end = offset;
	while (start > 0 && isWordChar(text, start - 1)) start--;
	while (end < text.length && isWordChar(text, end)) end++;
	return start < end ? { start, end } : null;
}

/** Why a selection cannot become a span. */
export type SnapRefusal = 'empty' | 'crosses-paragraph';

/** The outcome of snapping a selection: the span's range, or why there is none. */
export type SnapResult =
	{ ok: true; start: number; end: number } | { ok: false; reason: SnapRefusal };

/**
 * Snap the selection `[from, to)` of `text` to whole words: trim white space, then grow each end that
 * cuts a word to the word's boundary. Refuses an empty selection and one that crosses a paragraph break.
 */
export function snapToWords(text: string, from: number, to: number): SnapResult {
	let start = Math.max(0, Math.min(from, to));
	let end = Math.min(text.length, Math.max(from, to));
	while (start < end && SPACE.test(text[start])) start++;
	while (end > start && SPACE.test(text[end - 1])) end--;
	if (start >= end) return { ok: false, reason: 'empty' };
	if (text.slice(start, end).includes('\n')) return { ok: false, reason: 'crosses-paragraph' };
	while (start > 0 && isWordChar(text, start) && isWordChar(text, start - 1)) start--;
	while (end < text.length && isWordChar(text, end - 1) && isWordChar(text, end)) end++;
	return { ok: true, start, end };
}
