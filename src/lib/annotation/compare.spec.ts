import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cohensKappa } from './agreement';
import { compare, explainComparison, iou, kappaFromCounts, prepareReference } from './compare';
import { TAGS } from './tags';
import type { Tag } from './tags';
import type { Comparison, ReferenceSpan, Span } from './types';

const FC = { seed: 42, numRuns: 200 };
const claim = (start: number, end: number, extra: Partial<ReferenceSpan> = {}): ReferenceSpan => ({
	start,
	end,
	tag: 'claim',
	...extra
});
const span = (start: number, end: number, tag: Tag): Span => ({ start, end, tag });

describe('iou', () => {
	it('is |a ∩ b| / |a ∪ b| over character positions', () => {
		expect(iou({ start: 0, end: 10 }, { start: 0, end: 10 })).toBe(1);
		expect(iou({ start: 0, end: 10 }, { start: 5, end: 15 })).toBe(5 / 15);
		expect(iou({ start: 0, end: 10 }, { start: 2, end: 4 })).toBe(0.2);
		expect(iou({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(0);
		expect(iou({ start: 30, end: 40 }, { start: 0, end: 10 })).toBe(0);
	});
});

describe('compare: outcomes', () => {
	it('marks a paired span with the reference tag correct', () => {
		const c = compare([claim(0, 10)], [span(1, 10, 'claim')]);
		expect(c.pairs).toEqual([{ reference: 0, submitted: 0, iou: 0.9, outcome: 'correct' }]);
		expect(c.missed).toEqual([]);
		expect(c.extra).toEqual([]);
		expect(c.grade).toBe(100);
	});

	it('marks a paired span with another tag mislabeled', () => {
		const c = compare([claim(0, 10)], [span(0, 10, 'opinion')]);
		expect(c.pairs).toEqual([{ reference: 0, submitted: 0, iou: 1, outcome: 'mislabeled' }]);
		expect(c.grade).toBe(50);
	});

	it('marks an unpaired reference span missed and an unpaired submitted span extra', () => {
		const c = compare(
			[claim(0, 10), claim(20, 30)],
			[span(20, 30, 'claim'), span(40, 45, 'quote')]
		);
		expect(c.pairs).toEqual([{ reference: 1, submitted: 0, iou: 1, outcome: 'correct' }]);
		expect(c.missed).toEqual([0]);
		expect(c.extra).toEqual([1]);
		// 2 × 1 / (2 + 2)
		expect(c.grade).toBe(50);
	});

	it('counts a tag listed in alsoAccept as correct', () => {
		const c = compare([claim(0, 10, { alsoAccept: ['opinion'] })], [span(0, 10, 'opinion')]);
		expect(c.pairs[0].outcome).toBe('correct');
		expect(c.perTag.claim).toMatchObject({
			reference: 1,
			submitted: 0,
			correct: 1,
			correctSubmitted: 0,
			precision: null,
			recall: 1,
			f1: 1
		});
		expect(c.perTag.opinion).toMatchObject({
			reference: 0,
			submitted: 1,
			correct: 0,
			correctSubmitted: 1,
			precision: 1,
			recall: null,
			f1: 1
		});
		expect(c.macroF1).toBe(1);
		expect(c.micro).toEqual({ precision: 1, recall: 1, f1: 1 });
	});
});

describe('compare: pairing order (DESIGN.md, Pairing)', () => {
	it('takes a pair with an accepted tag before a pair with higher iou', () => {
		const c = compare([claim(0, 10)], [span(0, 10, 'opinion'), span(0, 8, 'claim')]);
		expect(c.pairs).toEqual([{ reference: 0, submitted: 1, iou: 0.8, outcome: 'correct' }]);
		expect(c.extra).toEqual([0]);
		// Through alsoAccept the exact opinion span is accepted too, and then higher iou decides.
		const also = compare(
			[claim(0, 10, { alsoAccept: ['opinion'] })],
			[span(0, 10, 'opinion'), span(0, 8, 'claim')]
		);
		expect(also.pairs).toEqual([{ reference: 0, submitted: 0, iou: 1, outcome: 'correct' }]);
		expect(also.extra).toEqual([1]);
	});

	it('then takes the higher iou (on either side)', () => {
		const c = compare([claim(0, 10)], [span(0, 8, 'claim'), span(0, 9, 'claim')]);
		expect(c.pairs).toEqual([{ reference: 0, submitted: 1, iou: 0.9, outcome: 'correct' }]);
		const d = compare([claim(0, 12), claim(0, 10)], [span(0, 10, 'claim')]);
		expect(d.pairs).toEqual([{ reference: 1, submitted: 0, iou: 1, outcome: 'correct' }]);
		expect(d.missed).toEqual([0]);
		// Among mislabeled candidates too.
		const e = compare([claim(0, 10)], [span(0, 7, 'quote'), span(0, 9, 'opinion')]);
		expect(e.pairs).toEqual([{ reference: 0, submitted: 1, iou: 0.9, outcome: 'mislabeled' }]);
	});

	it('then the reference span first in (start, end, tag) order, whatever the input order', () => {
		// iou 9/11 with both reference spans: the one starting first wins.
		const byStart = compare([claim(2, 12), claim(0, 10)], [span(1, 11, 'claim')]);
		expect(byStart.pairs).toEqual([
			{ reference: 1, submitted: 0, iou: 9 / 11, outcome: 'correct' }
		]);
		expect(byStart.missed).toEqual([0]);
		// Same start; iou 4/6 = 6/9: the one ending first wins.
		const byEnd = compare([claim(0, 9), claim(0, 4)], [span(0, 6, 'claim')]);
		expect(byEnd.pairs).toEqual([{ reference: 1, submitted: 0, iou: 2 / 3, outcome: 'correct' }]);
		// Same boundaries, submitted tag accepted by neither: quote before claim.
		const byTag = compare(
			[claim(0, 10), { start: 0, end: 10, tag: 'quote' }],
			[span(0, 10, 'opinion')]
		);
		expect(byTag.pairs).toEqual([{ reference: 1, submitted: 0, iou: 1, outcome: 'mislabeled' }]);
		expect(byTag.missed).toEqual([0]);
	});

	it('then the submitted span first in (start, end, tag) order, whatever the input order', () => {
		const byStart = compare([claim(2, 12)], [span(3, 13, 'claim'), span(1, 11, 'claim')]);
		expect(byStart.pairs).toEqual([
			{ reference: 0, submitted: 1, iou: 9 / 11, outcome: 'correct' }
		]);
		expect(byStart.extra).toEqual([0]);
		const byEnd = compare([claim(0, 6)], [span(0, 9, 'claim'), span(0, 4, 'claim')]);
		expect(byEnd.pairs).toEqual([{ reference: 0, submitted: 1, iou: 2 / 3, outcome: 'correct' }]);
		// Both accepted, same boundaries: claim before opinion.
		const byTag = compare(
			[claim(0, 10, { alsoAccept: ['opinion'] })],
			[span(0, 10, 'opinion'), span(0, 10, 'claim')]
		);
		expect(byTag.pairs).toEqual([{ reference: 0, submitted: 1, iou: 1, outcome: 'correct' }]);
		// Neither accepted: opinion before unclear_sourcing.
		const byTag2 = compare(
			[{ start: 0, end: 10, tag: 'quote' }],
			[span(0, 10, 'unclear_sourcing'), span(0, 10, 'opinion')]
		);
		expect(byTag2.pairs).toEqual([{ reference: 0, submitted: 1, iou: 1, outcome: 'mislabeled' }]);
		expect(byTag2.extra).toEqual([0]);
	});

	it('pairs each span at most once, greedily', () => {
		// One long submitted span over two reference spans pairs with the better one only.
		const c = compare([claim(0, 6), claim(6, 10)], [span(0, 10, 'claim')]);
		expect(c.pairs).toEqual([{ reference: 0, submitted: 0, iou: 0.6, outcome: 'correct' }]);
		expect(c.missed).toEqual([1]);
	});
});

describe('compare: threshold θ', () => {
	it('pairs at iou = θ exactly and not below', () => {
		expect(compare([claim(0, 10)], [span(0, 5, 'claim')]).pairs).toHaveLength(1);
		expect(compare([claim(0, 10)], [span(0, 4, 'claim')]).pairs).toHaveLength(0);
		expect(compare([claim(0, 10)], [span(0, 9, 'claim')], { threshold: 0.9 }).pairs).toHaveLength(
			1
		);
		expect(compare([claim(0, 10)], [span(0, 5, 'claim')], { threshold: 0.6 }).pairs).toHaveLength(
			0
		);
	});

	it('with θ = 1 pairs only exact boundaries', () => {
		const c = compare([claim(0, 10), claim(20, 30)], [span(0, 9, 'claim'), span(20, 30, 'quote')], {
			threshold: 1
		});
		expect(c.pairs).toEqual([{ reference: 1, submitted: 1, iou: 1, outcome: 'mislabeled' }]);
		expect(c.missed).toEqual([0]);
		expect(c.extra).toEqual([0]);
	});

	it('refuses θ outside (0, 1]', () => {
		expect(() => compare([], [], { threshold: 0 })).toThrow(RangeError);
		expect(() => compare([], [], { threshold: 1.5 })).toThrow(RangeError);
		expect(() => compare([], [], { threshold: Number.NaN })).toThrow(RangeError);
	});
});

describe('compare: scores and grade', () => {
	const reference: ReferenceSpan[] = [
		claim(0, 10),
		{ start: 20, end: 30, tag: 'quote' },
		{ start: 40, end: 50, tag: 'opinion' }
	];
	const submitted: Span[] = [
		span(0, 10, 'claim'),
		span(20, 30, 'claim'),
		span(60, 70, 'claim'),
		span(80, 85, 'unclear_sourcing')
	];

	it('computes micro and per-tag precision, recall and F1', () => {
		const c = compare(reference, submitted);
		// correct 1, mislabeled 1 (quote → claim), missed 1 (opinion), extra 2.
		expect(c.micro).toEqual({ precision: 1 / 4, recall: 1 / 3, f1: 2 / 7 });
		expect(c.perTag.claim).toEqual({
			precision: 1 / 3,
			recall: 1,
			f1: 0.5,
			reference: 1,
			submitted: 3,
			correct: 1,
			correctSubmitted: 1
		});
		expect(c.perTag.quote).toMatchObject({ precision: null, recall: 0, f1: 0, reference: 1 });
		expect(c.perTag.opinion).toMatchObject({ precision: null, recall: 0, f1: 0 });
		expect(c.perTag.unclear_sourcing).toMatchObject({
			precision: 0,
			recall: null,
			f1: 0,
			reference: 0,
			submitted: 1
		});
		// Mean of F1 over quote, claim, opinion (the tags in the reference).
		expect(c.macroF1).toBeCloseTo(0.5 / 3, 12);
	});

	it('gives half credit for a mislabeled span, or none when switched off', () => {
		// 100 × 2 × (1 + 0.5 × 1) / (4 + 3)
		expect(compare(reference, submitted).grade).toBeCloseTo(300 / 7, 12);
		expect(compare(reference, submitted, { halfCredit: false }).grade).toBeCloseTo(200 / 7, 12);
		expect(compare(reference, submitted, { halfCredit: true }).grade).toBeCloseTo(300 / 7, 12);
	});

	it('handles both sides empty: grade 100, F1 1, ratios null', () => {
		const c = compare([], [], { textLength: 12 });
		expect(c).toEqual({
			pairs: [],
			missed: [],
			extra: [],
			grade: 100,
			micro: { precision: null, recall: null, f1: 1 },
			macroF1: null,
			perTag: Object.fromEntries(
				TAGS.map((t) => [
					t,
					{
						precision: null,
						recall: null,
						f1: null,
						reference: 0,
						submitted: 0,
						correct: 0,
						correctSubmitted: 0
					}
				])
			),
			kappa: { quote: 1, claim: 1, opinion: 1, unclear_sourcing: 1 }
		});
	});

	it('handles an empty submission and an empty reference', () => {
		const none = compare([claim(0, 5)], []);
		expect(none.grade).toBe(0);
		expect(none.micro).toEqual({ precision: null, recall: 0, f1: 0 });
		expect(none.macroF1).toBe(0);
		expect(none.missed).toEqual([0]);
		expect(none.perTag.claim).toMatchObject({ precision: null, recall: 0, f1: 0 });
		expect(none.perTag.quote.f1).toBeNull();
		const nothingToFind = compare([], [span(0, 5, 'quote')]);
		expect(nothingToFind.grade).toBe(0);
		expect(nothingToFind.micro).toEqual({ precision: 0, recall: null, f1: 0 });
		expect(nothingToFind.macroF1).toBeNull();
		expect(nothingToFind.extra).toEqual([0]);
	});

	it('refuses spans that are not valid instead of scoring them wrongly', () => {
		expect(() => compare([claim(5, 5)], [])).toThrow('reference span 0');
		expect(() => compare([], [span(0, 4, 'fact' as Tag)])).toThrow('"fact" is not a tag');
		expect(() => compare([], [span(0, 40, 'claim')], { textLength: 30 })).toThrow(
			'past the end of the text'
		);
		expect(() => compare([claim(0, 40)], [], { textLength: 30 })).toThrow(RangeError);
	});
});

describe('compare: character agreement κ', () => {
	it('is null per tag without the text length', () => {
		expect(compare([claim(0, 5)], [span(0, 5, 'claim')]).kappa).toEqual({
			quote: null,
			claim: null,
			opinion: null,
			unclear_sourcing: null
		});
	});

	it('is computed over all characters from the unions of each side', () => {
		// N = 20; reference claim 0–10, submitted claim 5–15: p_o = 0.5, p_e = 0.5, κ = 0.
		expect(compare([claim(0, 10)], [span(5, 15, 'claim')], { textLength: 20 }).kappa.claim).toBe(0);
		// Overlapping submitted spans of one tag count once: union 0–10 = the reference.
		const same = compare([claim(0, 10)], [span(0, 6, 'claim'), span(4, 10, 'claim')], {
			textLength: 20
		});
		expect(same.kappa).toEqual({ quote: 1, claim: 1, opinion: 1, unclear_sourcing: 1 });
		// N = 10, reference claim 0–4, submitted claim 0–2 and 6–8: a = 4, b = 4, x = 2.
		// p_o = 6/10, p_e = (16 + 36)/100 = 0.52, κ = 0.08/0.48 = 1/6.
		expect(
			compare([claim(0, 4)], [span(0, 2, 'claim'), span(6, 8, 'claim')], { textLength: 10 }).kappa
				.claim
		).toBeCloseTo(1 / 6, 12);
	});

	it("uses the reference's own tag, not alsoAccept", () => {
		const c = compare([claim(0, 10, { alsoAccept: ['opinion'] })], [span(0, 10, 'opinion')], {
			textLength: 20
		});
		expect(c.pairs[0].outcome).toBe('correct');
		expect(c.kappa.claim).toBe(0);
		expect(c.kappa.opinion).toBe(0);
		expect(c.kappa.quote).toBe(1);
	});

	it('is 1 when the expected agreement is 1, and follows the closed form', () => {
		expect(kappaFromCounts(10, 10, 10, 10)).toBe(1);
		expect(kappaFromCounts(10, 0, 0, 0)).toBe(1);
		expect(kappaFromCounts(0, 0, 0, 0)).toBe(1);
		expect(kappaFromCounts(10, 0, 10, 0)).toBe(0);
		expect(kappaFromCounts(24, 14, 6, 6)).toBeCloseTo(0.3846, 4);
	});
});

describe('explainComparison', () => {
	const text = 'Officials said the deal is good. "We agree," he said.';
	const reference: ReferenceSpan[] = [
		{ start: 0, end: 14, tag: 'unclear_sourcing' },
		{ start: 15, end: 31, tag: 'opinion', alsoAccept: ['claim'] },
		{ start: 34, end: 42, tag: 'quote' }
	];
	const submitted: Span[] = [
		{ start: 15, end: 31, tag: 'claim' },
		{ start: 34, end: 42, tag: 'claim' },
		{ start: 45, end: 52, tag: 'unclear_sourcing' }
	];

	it('explains every pair, missed and extra span in plain English', () => {
		const comparison = compare(reference, submitted);
		expect(explainComparison({ comparison, reference, submitted, text })).toEqual([
			'You found 1 of 3 reference spans with the right tag, and 1 more with a different tag.',
			'You marked 3 spans: 1 correct, 1 with a different tag, 1 extra.',
			'Grade: 50 out of 100 = 100 × 2 × (1 correct + 0.5 × 1 with a different tag) / (3 marked + 3 in the reference).',
			'Missed: "Officials said" — the reference tags it unclear sourcing.',
			'Correct: "the deal is good" — you tagged it claim; the reference says opinion but also accepts claim (overlap 100%).',
			'Right span, different tag: "We agree" — you tagged it claim; the reference says quote (half credit, overlap 100%).',
			'Extra: "he said" — you tagged it unclear sourcing, but it matches no reference span.'
		]);
	});

	it('says when there is no half credit, names spans by offsets without the text, and handles nothing', () => {
		const comparison = compare(reference, submitted, { halfCredit: false });
		const lines = explainComparison({ comparison, reference, submitted, halfCredit: false });
		expect(lines[2]).toBe(
			'Grade: 33.3 out of 100 = 100 × 2 × (1 correct + 0 × 1 with a different tag) / (3 marked + 3 in the reference).'
		);
		expect(lines[5]).toBe(
			'Right span, different tag: characters 34–42 — you tagged it claim; the reference says quote (no credit, overlap 100%).'
		);
		expect(
			explainComparison({ comparison: compare([], []), reference: [], submitted: [] })
		).toEqual(['The reference marks nothing in this article and you marked nothing: grade 100.']);
		expect(
			explainComparison({
				comparison: compare([{ start: 0, end: 5, tag: 'quote' }], []),
				reference: [{ start: 0, end: 5, tag: 'quote' }],
				submitted: []
			})[0]
		).toBe('You found 0 of 1 reference span with the right tag.');
	});
});

// ---- Properties ----

const LENGTH = 120;

const arbSpan = fc
	.record({
		start: fc.nat({ max: LENGTH - 1 }),
		len: fc.integer({ min: 1, max: 30 }),
		tag: fc.constantFrom(...TAGS)
	})
	.map(({ start, len, tag }) => ({ start, end: Math.min(LENGTH, start + len), tag }));

const arbReferenceSpan = fc
	.tuple(arbSpan, fc.subarray([...TAGS], { maxLength: 2 }))
	.map(([s, also]) => {
		const alsoAccept = also.filter((t) => t !== s.tag);
		return alsoAccept.length > 0 ? { ...s, alsoAccept } : s;
	});

/** Valid span lists have no two identical (start, end, tag). */
function unique<T extends Span>(spans: T[]): T[] {
	const seen = new Set<string>();
	return spans.filter((s) => {
		const key = `${s.start}:${s.end}:${s.tag}`;
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

const arbReference = fc.array(arbReferenceSpan, { maxLength: 12 }).map(unique);
const arbSubmitted = fc.array(arbSpan, { maxLength: 14 }).map(unique);

/** A permutation of 0…n-1 from random sort keys. */
function permutation(keys: number[], n: number): number[] {
	return Array.from({ length: n }, (_, i) => i).sort(
		(a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b
	);
}

/** The comparison of permuted inputs, with indices mapped back to the original arrays. */
function mapBack(c: Comparison, refPerm: number[], subPerm: number[]): Comparison {
	return {
		...c,
		pairs: c.pairs.map((p) => ({
			...p,
			reference: refPerm[p.reference],
			submitted: subPerm[p.submitted]
		})),
		missed: c.missed.map((i) => refPerm[i]),
		extra: c.extra.map((i) => subPerm[i])
	};
}

function perCharacter(spans: readonly Span[], tag: Tag, n: number): Uint8Array {
	const out = new Uint8Array(n);
	for (const s of spans) if (s.tag === tag) out.fill(1, s.start, s.end);
	return out;
}

describe('compare: properties', () => {
	it('a submission equal to the reference gets grade 100 and κ = 1 for every tag present', () => {
		fc.assert(
			fc.property(arbReference, (reference) => {
				const submitted = reference.map(({ start, end, tag }) => ({ start, end, tag }));
				const c = compare(reference, submitted, { textLength: LENGTH });
				expect(c.grade).toBe(100);
				expect(c.missed).toEqual([]);
				expect(c.extra).toEqual([]);
				expect(c.pairs.every((p) => p.outcome === 'correct' && p.iou === 1)).toBe(true);
				for (const s of reference) expect(c.kappa[s.tag]).toBe(1);
			}),
			FC
		);
	});

	it('keeps precision, recall, F1 (micro, per tag, macro) and grade/100 within [0, 1]', () => {
		fc.assert(
			fc.property(arbReference, arbSubmitted, fc.boolean(), (reference, submitted, halfCredit) => {
				const c = compare(reference, submitted, { halfCredit });
				const values = [c.grade / 100, c.micro.precision, c.micro.recall, c.micro.f1, c.macroF1];
				for (const t of TAGS)
					values.push(c.perTag[t].precision, c.perTag[t].recall, c.perTag[t].f1);
				for (const v of values) if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
				// Every span is accounted for exactly once.
				expect(c.pairs.length + c.missed.length).toBe(reference.length);
				expect(c.pairs.length + c.extra.length).toBe(submitted.length);
			}),
			FC
		);
	});

	it('does not depend on the order of the spans', () => {
		fc.assert(
			fc.property(
				arbReference,
				arbSubmitted,
				fc.array(fc.double({ noNaN: true }), { minLength: 14, maxLength: 14 }),
				fc.array(fc.double({ noNaN: true }), { minLength: 14, maxLength: 14 }),
				fc.constantFrom(0.3, 0.5, 1),
				(reference, submitted, refKeys, subKeys, threshold) => {
					const refPerm = permutation(refKeys, reference.length);
					const subPerm = permutation(subKeys, submitted.length);
					const options = { threshold, textLength: LENGTH };
					const base = compare(reference, submitted, options);
					const permuted = compare(
						refPerm.map((i) => reference[i]),
						subPerm.map((i) => submitted[i]),
						options
					);
					expect(mapBack(permuted, refPerm, subPerm)).toEqual(base);
				}
			),
			FC
		);
	});

	it('with θ = 1 never pairs spans with different boundaries', () => {
		fc.assert(
			fc.property(arbReference, arbSubmitted, (reference, submitted) => {
				for (const p of compare(reference, submitted, { threshold: 1 }).pairs) {
					expect(submitted[p.submitted].start).toBe(reference[p.reference].start);
					expect(submitted[p.submitted].end).toBe(reference[p.reference].end);
				}
			}),
			FC
		);
	});

	it('computes κ from intervals exactly as Cohen’s κ over every character', () => {
		fc.assert(
			fc.property(arbReference, arbSubmitted, (reference, submitted) => {
				const c = compare(reference, submitted, { textLength: LENGTH });
				for (const t of TAGS) {
					const expected = cohensKappa(
						perCharacter(reference, t, LENGTH),
						perCharacter(submitted, t, LENGTH)
					);
					expect(c.kappa[t]).toBeCloseTo(expected, 10);
				}
			}),
			FC
		);
	});

	it('gives the same result with a prepared reference, reused across submissions', () => {
		fc.assert(
			fc.property(arbReference, fc.array(arbSubmitted, { maxLength: 4 }), (reference, subs) => {
				const prepared = prepareReference(reference);
				for (const s of subs) {
					expect(compare(prepared, s, { textLength: LENGTH })).toEqual(
						compare(reference, s, { textLength: LENGTH })
					);
				}
			}),
			FC
		);
	});

	it('pairs greedily: no unpaired reference and unpaired submitted span could still form a candidate', () => {
		fc.assert(
			fc.property(arbReference, arbSubmitted, (reference, submitted) => {
				const c = compare(reference, submitted);
				for (const r of c.missed) {
					for (const s of c.extra) expect(iou(reference[r], submitted[s])).toBeLessThan(0.5);
				}
			}),
			FC
		);
	});
});
