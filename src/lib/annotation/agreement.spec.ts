import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	binaryAlpha,
	classAgreement,
	cohensKappa,
	confusionMatrix,
	heatmap,
	krippendorffAlpha,
	referenceTallies
} from './agreement';
import { compare } from './compare';
import { TAGS } from './tags';
import type { Tag } from './tags';
import type { ReferenceSpan, Span } from './types';

const FC = { seed: 42, numRuns: 200 };
const bits = (s: string) => Array.from(s, Number);

describe('published test vectors', () => {
	// dkpro-statistics, Krippendorff (1995) example: two coders, 24 binary units.
	const a = bits('001111111100001111110000');
	const b = bits('000011110000000110000000');

	it("Cohen's κ = 0.3846", () => {
		expect(cohensKappa(a, b)).toBeCloseTo(0.3846, 4);
		expect(cohensKappa(Uint8Array.from(a), Uint8Array.from(b))).toBeCloseTo(0.3846, 4);
	});

	it("Krippendorff's nominal α = 0.329", () => {
		expect(krippendorffAlpha([a, b])).toBeCloseTo(0.329, 3);
	});

	it("Krippendorff's 2011 example: four coders, twelve units, missing values, α = 0.743", () => {
		const _ = null;
		const data = [
			[1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
			[1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
			[_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
			[1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _]
		];
		expect(krippendorffAlpha(data)).toBeCloseTo(0.743, 3);
	});
});

describe('cohensKappa', () => {
	it('is 1 for identical codings, and 1 when expected agreement is 1', () => {
		expect(cohensKappa([1, 2, 3, 1], [1, 2, 3, 1])).toBe(1);
		expect(cohensKappa([0, 0, 0], [0, 0, 0])).toBe(1);
	});

	it('is 0 for chance-level and negative for systematic disagreement', () => {
		expect(cohensKappa([1, 1, 0, 0], [1, 0, 1, 0])).toBe(0);
		expect(cohensKappa([1, 0, 1, 0], [0, 1, 0, 1])).toBe(-1);
		expect(cohensKappa([0, 0, 0, 0], [1, 1, 1, 1])).toBe(0);
	});

	it('refuses codings of different lengths or no units', () => {
		expect(() => cohensKappa([1], [1, 2])).toThrow('different lengths');
		expect(() => cohensKappa([], [])).toThrow(RangeError);
	});
});

describe('krippendorffAlpha', () => {
	it('is null without pairable values or without variation', () => {
		expect(krippendorffAlpha([])).toBeNull();
		expect(
			krippendorffAlpha([
				[1, null],
				[null, 2]
			])
		).toBeNull();
		expect(
			krippendorffAlpha([
				[1, 1],
				[1, 1]
			])
		).toBeNull();
	});

	it('is 1 for perfect agreement with variation, and ignores units with one value', () => {
		expect(
			krippendorffAlpha([
				[1, 2, 3, 7],
				[1, 2, 3, null]
			])
		).toBe(1);
	});

	it('refuses ragged data and values that are not numbers', () => {
		expect(() => krippendorffAlpha([[1, 2], [1]])).toThrow('coder 1 has 1 units');
		expect(() =>
			krippendorffAlpha([
				[1, Number.NaN],
				[1, 2]
			])
		).toThrow(RangeError);
	});
});

describe('heatmap', () => {
	it('counts per character how many learners tagged it, once per learner even with overlaps', () => {
		const h = heatmap(10, [
			[
				{ start: 0, end: 4, tag: 'claim' },
				{ start: 2, end: 6, tag: 'claim' },
				{ start: 1, end: 3, tag: 'claim' },
				{ start: 8, end: 10, tag: 'quote' }
			],
			[
				{ start: 3, end: 5, tag: 'claim' },
				{ start: 5, end: 7, tag: 'claim' },
				{ start: 0, end: 10, tag: 'opinion' }
			],
			[]
		]);
		expect(Array.from(h.claim)).toEqual([1, 1, 1, 2, 2, 2, 1, 0, 0, 0]);
		expect(Array.from(h.quote)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
		expect(Array.from(h.opinion)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
		expect(Array.from(h.unclear_sourcing)).toEqual(new Array(10).fill(0));
		expect(h.claim).toBeInstanceOf(Uint16Array);
	});

	it('refuses spans outside the text', () => {
		expect(() => heatmap(5, [[{ start: 2, end: 6, tag: 'quote' }]])).toThrow(
			'learner 0, span 0: not a span of this text'
		);
	});
});

describe('classAgreement', () => {
	it('is null per tag with fewer than two learners or when no value varies', () => {
		const one = classAgreement(10, [[{ start: 0, end: 5, tag: 'claim' }]]);
		expect(one.alpha).toEqual({ quote: null, claim: null, opinion: null, unclear_sourcing: null });
		const two = classAgreement(10, [
			[{ start: 0, end: 5, tag: 'claim' }],
			[{ start: 0, end: 5, tag: 'claim' }]
		]);
		expect(two.alpha).toEqual({ quote: null, claim: 1, opinion: null, unclear_sourcing: null });
		const all = classAgreement(4, [
			[{ start: 0, end: 4, tag: 'quote' }],
			[{ start: 0, end: 4, tag: 'quote' }]
		]);
		expect(all.alpha.quote).toBeNull();
	});

	it('matches the published binary example when the learners are the two coders', () => {
		const toSpans = (s: string): Span[] =>
			Array.from(s.matchAll(/1+/g), (m) => ({
				start: m.index ?? 0,
				end: (m.index ?? 0) + m[0].length,
				tag: 'claim' as Tag
			}));
		const alpha = classAgreement(24, [
			toSpans('001111111100001111110000'),
			toSpans('000011110000000110000000')
		]).alpha.claim;
		expect(alpha).toBeCloseTo(0.329, 3);
	});

	it('equals the general Krippendorff α on random data (binary closed form)', () => {
		const LENGTH = 60;
		const arbSpan = fc
			.record({
				start: fc.nat({ max: LENGTH - 1 }),
				len: fc.integer({ min: 1, max: 20 }),
				tag: fc.constantFrom(...TAGS)
			})
			.map(({ start, len, tag }) => ({ start, end: Math.min(LENGTH, start + len), tag }));
		fc.assert(
			fc.property(fc.array(fc.array(arbSpan, { maxLength: 6 }), { maxLength: 7 }), (subs) => {
				const { alpha } = classAgreement(LENGTH, subs);
				for (const tag of TAGS) {
					const data = subs.map((spans) => {
						const row = new Array<number>(LENGTH).fill(0);
						for (const s of spans) if (s.tag === tag) row.fill(1, s.start, s.end);
						return row;
					});
					const general = subs.length < 2 ? null : krippendorffAlpha(data);
					if (general === null) expect(alpha[tag]).toBeNull();
					else expect(alpha[tag]).toBeCloseTo(general, 10);
				}
			}),
			FC
		);
	});

	it('has the closed form on hand-counted data', () => {
		// 3 coders, units with 0, 1, 2, 3 ones: n = 12, n1 = 6, n0 = 6, Σ k(m−k) = 0 + 2 + 2 + 0.
		// α = 1 − 11 × 4 / (2 × 6 × 6) = 1 − 44/72.
		expect(binaryAlpha([0, 1, 2, 3], 3)).toBeCloseTo(1 - 44 / 72, 12);
		expect(
			krippendorffAlpha([
				[0, 1, 1, 1],
				[0, 0, 1, 1],
				[0, 0, 0, 1]
			])
		).toBeCloseTo(1 - 44 / 72, 12);
		expect(binaryAlpha([1, 1], 1)).toBeNull();
	});
});

describe('confusionMatrix and referenceTallies', () => {
	const reference: ReferenceSpan[] = [
		{ start: 0, end: 10, tag: 'claim', alsoAccept: ['opinion'] },
		{ start: 20, end: 30, tag: 'quote' },
		{ start: 40, end: 50, tag: 'unclear_sourcing' }
	];
	const submissions: Span[][] = [
		[
			{ start: 0, end: 10, tag: 'opinion' },
			{ start: 20, end: 30, tag: 'claim' },
			{ start: 60, end: 70, tag: 'opinion' }
		],
		[
			{ start: 0, end: 9, tag: 'claim' },
			{ start: 40, end: 50, tag: 'unclear_sourcing' }
		]
	];
	const comparisons = submissions.map((s) => compare(reference, s));

	it('counts pairs by reference tag × submitted tag, missed per reference tag, extra per submitted tag', () => {
		expect(confusionMatrix(reference, submissions, comparisons)).toEqual({
			counts: {
				quote: { quote: 0, claim: 1, opinion: 0, unclear_sourcing: 0, missed: 1 },
				claim: { quote: 0, claim: 1, opinion: 1, unclear_sourcing: 0, missed: 0 },
				opinion: { quote: 0, claim: 0, opinion: 0, unclear_sourcing: 0, missed: 0 },
				unclear_sourcing: { quote: 0, claim: 0, opinion: 0, unclear_sourcing: 1, missed: 1 }
			},
			extra: { quote: 0, claim: 0, opinion: 1, unclear_sourcing: 0 }
		});
	});

	it('tallies each reference span across the class', () => {
		expect(referenceTallies(3, comparisons)).toEqual([
			{ correct: 2, mislabeled: 0, missed: 0 },
			{ correct: 0, mislabeled: 1, missed: 1 },
			{ correct: 1, mislabeled: 0, missed: 1 }
		]);
	});

	it('refuses mismatched inputs', () => {
		expect(() => confusionMatrix(reference, submissions, comparisons.slice(1))).toThrow(
			'2 submissions but 1 comparisons'
		);
		expect(() => confusionMatrix([], submissions, comparisons)).toThrow('does not exist');
	});
});
