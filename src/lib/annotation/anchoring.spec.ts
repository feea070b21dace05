import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reanchor, reanchorAll } from './anchoring';
import { anchorSpan } from './selectors';
import type { AnchoredSpan } from './types';
import article from '../fixtures/g20-syria.json';

const FC = { seed: 42, numRuns: 200 };
const text = article.text;
const reference = article.reference.spans as AnchoredSpan[];
const anchored = reference.map((s) => anchorSpan(text, s));
const said = anchored.find((s) => s.exact === 'the president said') as AnchoredSpan;

describe('reanchor', () => {
	it('keeps the old position when the text there is unchanged', () => {
		expect(reanchor(text, said)).toEqual({
			status: 'anchored',
			start: 652,
			end: 670,
			how: 'position',
			errors: 0
		});
	});

	it('finds the exact text again after an edit earlier in the article moved it', () => {
		const edited = `BREAKING: ${text}`;
		expect(reanchor(edited, said)).toEqual({
			status: 'anchored',
			start: 662,
			end: 680,
			how: 'exact',
			errors: 0
		});
	});

	it('among several occurrences, prefers the one whose context matches over the nearest one', () => {
		const original = 'one said so. two said so.';
		const span = anchorSpan(original, { start: 17, end: 21, tag: 'claim' });
		expect(span).toMatchObject({ exact: 'said', prefix: 'one said so. two ', suffix: ' so.' });
		// "two said" moved to the front; the occurrence nearest the old offset 17 is the other one (18).
		const edited = 'two said so. three said so.';
		expect(reanchor(edited, span)).toMatchObject({
			status: 'anchored',
			start: 4,
			end: 8,
			how: 'exact'
		});
	});

	it('with equal context, prefers the occurrence nearest the old position', () => {
		const r = reanchor('ab ab ab ab', { exact: 'ab', prefix: '', suffix: '', start: 7 });
		expect(r).toMatchObject({ start: 6, how: 'exact' });
	});

	it('uses prefix and suffix when the words of the span itself were edited', () => {
		const span = anchorSpan(text, said);
		const edited = text.replace('the president said', 'the US president declared');
		const r = reanchor(edited, span);
		expect(r).toEqual({ status: 'anchored', start: 652, end: 677, how: 'context', errors: 0 });
		if (r.status === 'anchored')
			expect(edited.slice(r.start, r.end)).toBe('the US president declared');
	});

	it('falls back to a bounded approximate match when text and context both changed', () => {
		const span = anchored.find((s) => s.exact.startsWith('Despite intensive')) as AnchoredSpan;
		// One letter of the span changed and the text after it rewritten, so neither the exact text nor
		// the suffix is left.
		const edited = text.replace(
			'Despite intensive diplomatic efforts, the United States and Russian Federation',
			'Despite intensive diplomatic effort, the US and Russia'
		);
		const r = reanchor(edited, span);
		expect(r.status).toBe('anchored');
		if (r.status !== 'anchored') return;
		expect(r.how).toBe('approximate');
		expect(r.errors).toBe(1);
		expect(edited.slice(r.start, r.end)).toBe('Despite intensive diplomatic effort');
	});

	it('reports a span whose text is gone as orphaned, with the reason, instead of moving it', () => {
		const span = anchored.find((s) => s.exact === 'David reported in July') as AnchoredSpan;
		const edited = text.replace(/\n\n"In exchange[^\n]*/, '');
		const r = reanchor(edited, span);
		expect(r.status).toBe('orphaned');
		if (r.status === 'orphaned') expect(r.reason).toMatch(/no longer in the article/);
	});

	it('does not look approximately for very short quotes', () => {
		const r = reanchor('nothing here', { exact: 'abc', prefix: 'zz', suffix: 'yy', start: 0 });
		expect(r).toEqual({
			status: 'orphaned',
			reason:
				'the quoted text "abc" is no longer in the article, and it is too short to look for approximately'
		});
	});

	it('never anchors across paragraphs', () => {
		const r = reanchor('alpha beta\n\ngamma delta', {
			exact: 'beta gamma',
			prefix: 'alpha ',
			suffix: ' delta',
			start: 6
		});
		expect(r.status).toBe('orphaned');
	});

	it('is the identity on an unchanged text (property)', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
				fc.nat(),
				fc.nat(),
				(t, a, b) => {
					const start = a % t.length;
					const end = start + 1 + (b % (t.length - start));
					const span = anchorSpan(t, { start, end, tag: 'claim' });
					expect(reanchor(t, span)).toEqual({
						status: 'anchored',
						start,
						end,
						how: 'position',
						errors: 0
					});
				}
			),
			FC
		);
	});
});

describe('reanchorAll', () => {
	it('re-anchors every reference span of the sample after edits, and lists what it cannot find', () => {
		const edited = `Updated. ${text}`
			.replace('unrelenting', 'relentless')
			.replace(' Erdogan blames Gulen for plotting the coup.', '');
		const { anchored: found, orphaned } = reanchorAll(edited, anchored);
		expect(found).toHaveLength(32);
		expect(orphaned).toEqual([
			{ index: 28, span: anchored[28], reason: expect.stringMatching(/no longer in the article/) }
		]);
		for (const f of found) {
			const before = anchored[f.index];
			expect(f.how).toBe(f.index === 6 ? 'context' : 'exact');
			// Shifted by "Updated. " (9), less one after "relentless", less the sentence cut after it.
			const shift = before.start <= 578 ? 9 : before.start < 2940 ? 8 : 8 - 44;
			expect(f.span.start).toBe(before.start + shift);
			if (f.index !== 6) expect(f.span.exact).toBe(before.exact);
			expect(f.span.exact).toBe(edited.slice(f.span.start, f.span.end));
			expect(f.span.tag).toBe(before.tag);
			expect(f.span.note).toBe(before.note);
		}
		expect(found.find((f) => f.index === 6)?.span.exact).toBe('relentless');
	});

	it('refreshes the stored context of moved spans', () => {
		const { anchored: found } = reanchorAll('New words. Obama said it.', [
			anchorSpan('Obama said it.', { start: 0, end: 10, tag: 'unclear_sourcing' })
		]);
		expect(found[0].span).toMatchObject({
			start: 11,
			end: 21,
			exact: 'Obama said',
			prefix: 'New words. ',
			suffix: ' it.'
		});
	});
});
