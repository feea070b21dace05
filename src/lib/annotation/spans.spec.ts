import { describe, expect, it } from 'vitest';
import {
	MAX_NOTE_CHARS,
	SpanValidationError,
	compareSpans,
	excerpt,
	normalizeSpans,
	sortSpans,
	validateSpans
} from './spans';
import type { ReferenceSpan, Span } from './types';

// "Headline here" is 0–13, "First para says this." 15–36, "Last one." 40–49 (text length 50).
const text = 'Headline here\n\nFirst para says this.\n\n  Last one. ';

describe('normalizeSpans', () => {
	it('trims surrounding white space, moving start and end inward', () => {
		const { spans, errors, indices } = normalizeSpans(text, [{ start: 13, end: 21, tag: 'claim' }]);
		expect(errors).toEqual([]);
		expect(spans).toEqual([{ start: 15, end: 20, tag: 'claim' }]);
		expect(text.slice(13, 21)).toBe('\n\nFirst ');
		expect(text.slice(15, 20)).toBe('First');
		expect(indices).toEqual([0]);
	});

	it('keeps other fields and sorts by start, end, then tag rank', () => {
		const input: ReferenceSpan[] = [
			{ start: 15, end: 25, tag: 'opinion', note: 'n' },
			{ start: 15, end: 25, tag: 'quote', alsoAccept: ['claim'] },
			{ start: 15, end: 20, tag: 'unclear_sourcing' },
			{ start: 0, end: 8, tag: 'claim' }
		];
		const { spans, indices } = normalizeSpans(text, input);
		expect(spans).toEqual([
			{ start: 0, end: 8, tag: 'claim' },
			{ start: 15, end: 20, tag: 'unclear_sourcing' },
			{ start: 15, end: 25, tag: 'quote', alsoAccept: ['claim'] },
			{ start: 15, end: 25, tag: 'opinion', note: 'n' }
		]);
		expect(indices).toEqual([3, 2, 1, 0]);
	});

	it('drops exact duplicates (after trimming) into `dropped`, keeping the first', () => {
		const { spans, errors, dropped, indices } = normalizeSpans(text, [
			{ start: 15, end: 20, tag: 'claim', note: 'first' },
			{ start: 14, end: 20, tag: 'claim', note: 'second' },
			{ start: 15, end: 20, tag: 'quote' }
		]);
		expect(errors).toEqual([]);
		expect(spans).toEqual([
			{ start: 15, end: 20, tag: 'quote' },
			{ start: 15, end: 20, tag: 'claim', note: 'first' }
		]);
		expect(indices).toEqual([2, 0]);
		expect(dropped).toEqual([
			{
				index: 1,
				code: 'duplicate',
				message:
					'spans[1] ("First"): it repeats an earlier claim span with the same start and end, so it was left out.'
			}
		]);
	});

	it('reports every kind of error with the span and the reason in plain words', () => {
		const input = [
			{ start: 1.5, end: 4, tag: 'claim' },
			{ start: -1, end: 4, tag: 'claim' },
			{ start: 10, end: 99, tag: 'claim' },
			{ start: 8, end: 3, tag: 'claim' },
			{ start: 5, end: 5, tag: 'claim' },
			{ start: 13, end: 15, tag: 'claim' },
			{ start: 9, end: 20, tag: 'claim' },
			{ start: 0, end: 8, tag: 'fact' },
			{ start: 0, end: 8, tag: 'claim', alsoAccept: ['claim'] },
			{ start: 0, end: 8, tag: 'claim', alsoAccept: ['quote', 'quote'] },
			{ start: 0, end: 8, tag: 'claim', alsoAccept: ['nope'] },
			{ start: 0, end: 8, tag: 'claim', alsoAccept: 'quote' },
			{ start: 0, end: 8, tag: 'claim', note: 'x'.repeat(MAX_NOTE_CHARS + 1) },
			{ start: 0, end: 8, tag: 'claim', note: 42 },
			null
		] as unknown as ReferenceSpan[];
		const { spans, errors } = normalizeSpans(text, input);
		expect(spans).toEqual([]);
		expect(errors.map((e) => [e.index, e.code])).toEqual([
			[0, 'not_integer'],
			[1, 'out_of_range'],
			[2, 'out_of_range'],
			[3, 'reversed'],
			[4, 'empty'],
			[5, 'empty'],
			[6, 'crosses_block'],
			[7, 'unknown_tag'],
			[8, 'bad_also_accept'],
			[9, 'bad_also_accept'],
			[10, 'bad_also_accept'],
			[11, 'bad_also_accept'],
			[12, 'note_too_long'],
			[13, 'bad_note'],
			[14, 'not_integer']
		]);
		const message = Object.fromEntries(errors.map((e) => [e.index, e.message]));
		expect(message[0]).toBe(
			'spans[0]: start and end must be whole numbers (got start 1.5, end 4).'
		);
		expect(message[2]).toBe(
			'spans[2]: offsets 10–99 fall outside the article, which has 50 characters.'
		);
		expect(message[3]).toBe('spans[3]: it ends (3) before it starts (8).');
		expect(message[4]).toBe('spans[4]: it is empty (start and end are both 5).');
		expect(message[5]).toBe('spans[5] (" "): it holds only white space.');
		expect(message[6]).toBe(
			'spans[6] ("here First"): it runs over the blank line between two paragraphs; a span must stay inside one paragraph.'
		);
		expect(message[7]).toBe(
			'spans[7] ("Headline"): "fact" is not a tag; use one of quote, claim, opinion, unclear_sourcing.'
		);
		expect(message[8]).toBe('spans[8] ("Headline"): alsoAccept repeats the span\'s own tag claim.');
		expect(message[12]).toBe(
			'spans[12] ("Headline"): the note has 2,001 characters; the limit is 2,000.'
		);
	});

	it('reports independent problems of one span separately', () => {
		const { errors } = normalizeSpans(text, [
			{ start: 40, end: 30, tag: 'guess', note: 'y'.repeat(2001) }
		] as unknown as Span[]);
		expect(errors.map((e) => e.code)).toEqual(['reversed', 'unknown_tag', 'note_too_long']);
	});

	it('accepts a span touching the block boundary once trimmed, and a note of exactly 2,000', () => {
		const { spans, errors } = normalizeSpans(text, [
			{ start: 15, end: 38, tag: 'claim', note: 'z'.repeat(MAX_NOTE_CHARS) }
		]);
		expect(errors).toEqual([]);
		expect(spans[0].end).toBe(36);
		expect(text.slice(spans[0].start, spans[0].end)).toBe('First para says this.');
	});
});

describe('validateSpans', () => {
	it('returns the normalised spans when all are valid', () => {
		expect(validateSpans(text, [{ start: 40, end: 50, tag: 'opinion' }]).spans).toEqual([
			{ start: 40, end: 49, tag: 'opinion' }
		]);
	});

	it('throws a SpanValidationError holding every error', () => {
		let caught: unknown;
		try {
			validateSpans(text, [
				{ start: 0, end: 8, tag: 'claim' },
				{ start: 3, end: 1, tag: 'claim' },
				{ start: 0, end: 8, tag: 'x' as 'claim' }
			]);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(SpanValidationError);
		const e = caught as SpanValidationError;
		expect(e.errors.map((x) => [x.index, x.code])).toEqual([
			[1, 'reversed'],
			[2, 'unknown_tag']
		]);
		expect(e.message).toBe(
			'2 problems with spans: spans[1]: it ends (1) before it starts (3). spans[2] ("Headline"): "x" is not a tag; use one of quote, claim, opinion, unclear_sourcing.'
		);
	});

	it('does not count a dropped duplicate as an error', () => {
		const result = validateSpans(text, [
			{ start: 0, end: 8, tag: 'claim' },
			{ start: 0, end: 8, tag: 'claim' }
		]);
		expect(result.spans).toHaveLength(1);
		expect(result.dropped.map((d) => d.index)).toEqual([1]);
	});

	it('words the error for a single problem', () => {
		expect(() => validateSpans(text, [{ start: 0, end: 0, tag: 'claim' }])).toThrow(
			'Invalid span: spans[0]: it is empty (start and end are both 0).'
		);
	});
});

describe('sortSpans, compareSpans, excerpt', () => {
	it('orders by start, end, then quote < claim < opinion < unclear_sourcing, stably', () => {
		const a: Span = { start: 0, end: 5, tag: 'unclear_sourcing' };
		const b: Span = { start: 0, end: 5, tag: 'quote' };
		const c: Span = { start: 0, end: 3, tag: 'opinion' };
		const d: Span = { start: 1, end: 2, tag: 'claim' };
		const e: Span = { start: 0, end: 5, tag: 'quote', note: 'twin' };
		const input = [d, a, b, c, e];
		expect(sortSpans(input)).toEqual([c, b, e, a, d]);
		expect(input[0]).toBe(d);
		expect(compareSpans(b, a)).toBeLessThan(0);
	});

	it('shortens long excerpts without splitting an emoji', () => {
		expect(excerpt('short')).toBe('"short"');
		expect(excerpt('a\n\nb')).toBe('"a b"');
		expect(excerpt('x'.repeat(38) + '😀' + 'tail')).toBe(`"${'x'.repeat(38)}…"`);
		expect(excerpt('y'.repeat(50))).toBe(`"${'y'.repeat(39)}…"`);
	});
});
