/**
 * Text selectors: conversion between UTF-16 offsets (what JavaScript strings and Newsmark spans use)
 * and code points (what the W3C TextPositionSelector counts), and the W3C TextPositionSelector and
 * TextQuoteSelector that describe a span so it can be found again.
 *
 * DESIGN.md, "Text, spans and selectors": "A stored span also keeps its `exact` text with
 * `prefix`/`suffix` (32 characters) so it can be re-anchored if an article is edited (W3C
 * TextQuoteSelector)." and "W3C export uses TextPositionSelector in **code points** (as the W3C model
 * requires) and TextQuoteSelector".
 */
import type { AnchoredSpan, Span } from './types';

/** How many characters of context a TextQuoteSelector keeps on each side of the quote. */
export const CONTEXT_CHARS = 32;

/** A W3C TextPositionSelector: `start`/`end` count code points (not UTF-16 units) from the text start. */
export interface TextPositionSelector {
	type: 'TextPositionSelector';
	start: number;
	end: number;
}

/** A W3C TextQuoteSelector: the quoted text with some text before and after it. */
export interface TextQuoteSelector {
	type: 'TextQuoteSelector';
	exact: string;
	prefix?: string;
	suffix?: string;
}

function isHigh(code: number): boolean {
	return code >= 0xd800 && code <= 0xdbff;
}
function isLow(code: number): boolean {
	return code >= 0xdc00 && code <= 0xdfff;
}

/** The first index in the sorted array `a` whose value is >= `x` (a.length if none). */
function lowerBound(a: Int32Array, x: number): number {
	let lo = 0;
	let hi = a.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (a[mid] < x) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * A prebuilt index of a text's surrogate pairs, so each conversion between UTF-16 offsets and code
 * point offsets is a binary search (and free for text without astral characters).
 *
 * A code point offset counts the code points in `text.slice(0, offset)`; an unpaired surrogate counts
 * as one code point (as in `Array.from(text)`). An offset that falls between the two halves of a pair
 * therefore converts to the code point after the pair: spans should never split a pair.
 */
export class CodePointIndex {
	readonly text: string;
	/** Number of code points in the text. */
	readonly length: number;
	// UTF-16 index of the low half of every surrogate pair, ascending.
	private readonly lows: Int32Array;
	// Code point index of every surrogate pair, ascending.
	private readonly pairs: Int32Array;

	constructor(text: string) {
		this.text = text;
		const lows: number[] = [];
		for (let i = 1; i < text.length; i++) {
			if (isLow(text.charCodeAt(i)) && isHigh(text.charCodeAt(i - 1))) {
				lows.push(i);
				i++; // the next unit starts a new code point
			}
		}
		this.lows = Int32Array.from(lows);
		this.pairs = Int32Array.from(lows, (low, k) => low - 1 - k);
		this.length = text.length - lows.length;
	}

	/** The code point offset of the UTF-16 offset `offset` (0 ≤ offset ≤ text.length). */
	toCodePoint(offset: number): number {
		if (!Number.isInteger(offset) || offset < 0 || offset > this.text.length) {
			throw new RangeError(`UTF-16 offset ${offset} is outside 0–${this.text.length}`);
		}
		if (this.lows.length === 0) return offset;
		// Each pair wholly before the offset is two units but one code point; a mid-pair offset's high
		// half is not counted here, so it stays one code point, as documented.
		return offset - lowerBound(this.lows, offset);
	}

	/** The UTF-16 offset of the code point offset `cp` (0 ≤ cp ≤ the number of code points). */
	toUtf16(cp: number): number {
		if (!Number.isInteger(cp) || cp < 0 || cp > this.length) {
			throw new RangeError(`code point offset ${cp} is outside 0–${this.length}`);
		}
		if (this.pairs.length === 0) return cp;
		return cp + lowerBound(this.pairs, cp);
	}
}

let cached: CodePointIndex | null = null;

/**
 * The {@link CodePointIndex} of a text. The last one built is kept, so converting many offsets of the
 * same text one by one builds the index only once.
 */
export function codePointIndex(text: string): CodePointIndex {
	if (cached === null || cached.text !== text) cached = new CodePointIndex(text);
	return cached;
}

/** The code point offset of a UTF-16 offset into `text` (see {@link CodePointIndex}). */
export function utf16ToCodePoint(text: string, offset: number): number {
	return codePointIndex(text).toCodePoint(offset);
}

/** The UTF-16 offset of a code point offset into `text` (see {@link CodePointIndex}). */
export function codePointToUtf16(text: string, cp: number): number {
	return codePointIndex(text).toUtf16(cp);
}

/** Whether a UTF-16 offset falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(text: string, offset: number): boolean {
	return (
		offset > 0 &&
		offset < text.length &&
		isHigh(text.charCodeAt(offset - 1)) &&
		isLow(text.charCodeAt(offset))
	);
}

/** The TextPositionSelector of a span (UTF-16 offsets in, code point offsets out). */
export function textPositionSelector(
	text: string,
	span: Pick<Span, 'start' | 'end'>
): TextPositionSelector {
	const index = codePointIndex(text);
	return {
		type: 'TextPositionSelector',
		start: index.toCodePoint(span.start),
		end: index.toCodePoint(span.end)
	};
}

/**
 * The TextQuoteSelector of a span: `exact` is its text, `prefix` and `suffix` up to 32 UTF-16 units
 * before and after it (fewer at the ends of the text, and one fewer where 32 would cut a surrogate pair
 * in half, so the strings stay well-formed).
 */
export function textQuoteSelector(
	text: string,
	span: Pick<Span, 'start' | 'end'>
): TextQuoteSelector {
	let from = Math.max(0, span.start - CONTEXT_CHARS);
	if (splitsSurrogatePair(text, from)) from += 1;
	let to = Math.min(text.length, span.end + CONTEXT_CHARS);
	if (splitsSurrogatePair(text, to)) to -= 1;
	return {
		type: 'TextQuoteSelector',
		exact: text.slice(span.start, span.end),
		prefix: text.slice(from, span.start),
		suffix: text.slice(span.end, to)
	};
}

/**
 * A span with its quote selector stored beside it (`exact`, `prefix`, `suffix`), ready to be
 * re-anchored if the article text changes.
 */
export function anchorSpan<T extends Span>(text: string, span: T): T & AnchoredSpan {
	if (span.start < 0 || span.end > text.length || span.end < span.start) {
		throw new RangeError(`span ${span.start}–${span.end} is outside the text (${text.length})`);
	}
	const { exact, prefix = '', suffix = '' } = textQuoteSelector(text, span);
	return { ...span, exact, prefix, suffix };
}
