import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CONTEXT_CHARS,
	CodePointIndex,
	anchorSpan,
	codePointToUtf16,
	splitsSurrogatePair,
	textPositionSelector,
	textQuoteSelector,
	utf16ToCodePoint
} from './selectors';

const FC = { seed: 42, numRuns: 200 };

/** The slow, obviously right conversion: count code points of the prefix. */
function naiveCodePoint(text: string, offset: number): number {
	return Array.from(text.slice(0, offset)).length;
}

describe('UTF-16 ↔ code point offsets', () => {
	it('converts around an astral character (an emoji is two UTF-16 units, one code point)', () => {
		const text = 'a😀b🇫🇷c';
		// UTF-16:      a=0, 😀=1-2, b=3, 🇫=4-5, 🇷=6-7, c=8, end=9
		expect([0, 1, 3, 4, 6, 8, 9].map((o) => utf16ToCodePoint(text, o))).toEqual([
			0, 1, 2, 3, 4, 5, 6
		]);
		expect([0, 1, 2, 3, 4, 5, 6].map((cp) => codePointToUtf16(text, cp))).toEqual([
			0, 1, 3, 4, 6, 8, 9
		]);
		expect(new CodePointIndex(text).length).toBe(6);
	});

	it('counts a mid-pair offset as after the high half (as Array.from does)', () => {
		const text = 'x😀y';
		expect(splitsSurrogatePair(text, 2)).toBe(true);
		expect(utf16ToCodePoint(text, 2)).toBe(naiveCodePoint(text, 2));
		expect(utf16ToCodePoint(text, 2)).toBe(2);
		expect(codePointToUtf16(text, 2)).toBe(3);
	});

	it('treats lone surrogates as one code point each', () => {
		const text = 'a\uD800b\uDC00c';
		expect([0, 1, 2, 3, 4, 5].map((o) => utf16ToCodePoint(text, o))).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('is the identity on text without astral characters, and refuses offsets outside the text', () => {
		const index = new CodePointIndex('plain');
		expect(index.toCodePoint(5)).toBe(5);
		expect(index.toUtf16(3)).toBe(3);
		expect(() => index.toCodePoint(6)).toThrow(RangeError);
		expect(() => index.toUtf16(-1)).toThrow(RangeError);
		expect(() => new CodePointIndex('😀').toUtf16(2)).toThrow('code point offset 2 is outside 0–1');
	});

	it('round-trips every code point offset and matches the naive count (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
				const index = new CodePointIndex(text);
				expect(index.length).toBe(Array.from(text).length);
				for (let cp = 0; cp <= index.length; cp++) {
					const o = index.toUtf16(cp);
					expect(index.toCodePoint(o)).toBe(cp);
					expect(naiveCodePoint(text, o)).toBe(cp);
				}
				for (let o = 0; o <= text.length; o++) {
					expect(index.toCodePoint(o)).toBe(naiveCodePoint(text, o));
					if (!splitsSurrogatePair(text, o)) expect(index.toUtf16(index.toCodePoint(o))).toBe(o);
				}
			}),
			FC
		);
	});
});

describe('selectors', () => {
	const text = `${'p'.repeat(40)}QUOTE${'s'.repeat(40)}`;

	it('builds a TextPositionSelector in code points', () => {
		const emoji = '😀😀 hello';
		expect(textPositionSelector(emoji, { start: 5, end: 10 })).toEqual({
			type: 'TextPositionSelector',
			start: 3,
			end: 8
		});
	});

	it('builds a TextQuoteSelector with 32 characters of context each side', () => {
		const q = textQuoteSelector(text, { start: 40, end: 45 });
		expect(q).toEqual({
			type: 'TextQuoteSelector',
			exact: 'QUOTE',
			prefix: 'p'.repeat(CONTEXT_CHARS),
			suffix: 's'.repeat(CONTEXT_CHARS)
		});
		expect(CONTEXT_CHARS).toBe(32);
	});

	it('cuts context at the ends of the text and never through a surrogate pair', () => {
		expect(textQuoteSelector('abc', { start: 1, end: 2 })).toEqual({
			type: 'TextQuoteSelector',
			exact: 'b',
			prefix: 'a',
			suffix: 'c'
		});
		// 32 units before "Q" would start in the middle of the emoji.
		const t = `😀${'x'.repeat(31)}Q${'y'.repeat(31)}😀`;
		const q = textQuoteSelector(t, { start: 33, end: 34 });
		expect(q.prefix).toBe('x'.repeat(31));
		expect(q.suffix).toBe('y'.repeat(31));
	});

	it('anchors a span: keeps its fields and adds exact, prefix and suffix', () => {
		expect(anchorSpan('Say "hi" now', { start: 5, end: 7, tag: 'quote', note: 'n' })).toEqual({
			start: 5,
			end: 7,
			tag: 'quote',
			note: 'n',
			exact: 'hi',
			prefix: 'Say "',
			suffix: '" now'
		});
		expect(() => anchorSpan('abc', { start: 1, end: 9, tag: 'quote' })).toThrow(RangeError);
	});
});
