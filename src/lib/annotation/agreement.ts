/**
 * Agreement statistics: Cohen's κ and Krippendorff's α (nominal) in general, and the class picture of
 * one assignment: α per tag with characters as units and learners as coders, the per-character
 * heatmap, and the confusion matrix of reference tag × submitted tag.
 *
 * DESIGN.md, "Comparing a submission with the reference", 6: "**Class agreement.** Per tag,
 * Krippendorff's α (nominal) with characters as units and the submitted learners as coders (null with
 * fewer than two coders or when no character varies). Also: per character, how many learners tagged it
 * with each tag (the heatmap), and the confusion matrix over pairs, reference tag × submitted tag, with
 * a `missed` column per reference tag and an `extra` row per submitted tag."
 */
import { TAGS, tagRank } from './tags';
import type { Tag } from './tags';
import type { Comparison, ReferenceSpan, Span } from './types';

/**
 * Cohen's κ of two nominal codings of the same units: (p_o − p_e) / (1 − p_e), with p_o the share of
 * units coded alike and p_e the agreement expected from each coder's own category shares. 1 when p_e is
 * 1 (both coders used one and the same category throughout).
 *
 * @throws RangeError when the codings differ in length or are empty.
 */
export function cohensKappa(a: ArrayLike<number>, b: ArrayLike<number>): number {
	const n = a.length;
	if (n !== b.length) {
		throw new RangeError(`the two codings have different lengths (${n} and ${b.length})`);
	}
	if (n === 0) throw new RangeError('κ needs at least one coded unit');
	const countA = new Map<number, number>();
	const countB = new Map<number, number>();
	let agree = 0;
	for (let i = 0; i < n; i++) {
		const x = a[i];
		const y = b[i];
		if (x === y) agree++;
		countA.set(x, (countA.get(x) ?? 0) + 1);
		countB.set(y, (countB.get(y) ?? 0) + 1);
	}
	let expected = 0;
	for (const [category, count] of countA) expected += count * (countB.get(category) ?? 0);
	// Both as integer counts over n², so p_e = 1 is detected exactly.
	const n2 = n * n;
	if (expected === n2) return 1;
	return (agree * n - expected) / (n2 - expected);
}

/**
 * Krippendorff's α for nominal data, any number of coders and categories, with missing values.
 *
 * `data[c][u]` is coder c's value for unit u; null (or undefined) is missing. Through the coincidence
 * matrix: a unit with m_u ≥ 2 values adds, for each ordered pair of its values from different coders,
 * 1 / (m_u − 1) to o(c, k); units with fewer than 2 values are not pairable and are left out. With
 * n_c = Σ_k o(c, k) and n = Σ_c n_c: α = 1 − (n − 1) · Σ_{c≠k} o(c, k) / Σ_{c≠k} n_c · n_k.
 *
 * @returns null when there are fewer than two pairable values or no variation at all (every pairable
 *   value the same: α is 0/0).
 * @throws RangeError when coders have different numbers of units or a value is not a finite number.
 */
export function krippendorffAlpha(
	data: readonly (readonly (number | null | undefined)[])[]
): number | null {
	const coders = data.length;
	if (coders === 0) return null;
	const units = data[0].length;
	data.forEach((row, c) => {
		if (row.length !== units) {
			throw new RangeError(`coder ${c} has ${row.length} units; coder 0 has ${units}`);
		}
	});
	const categories = new Map<number, number>();
	const totals: number[] = [];
	let observed = 0;
	const unitCounts = new Map<number, number>();
	for (let u = 0; u < units; u++) {
		unitCounts.clear();
		let mu = 0;
		for (let c = 0; c < coders; c++) {
			const v = data[c][u];
			if (v === null || v === undefined) continue;
			if (typeof v !== 'number' || !Number.isFinite(v)) {
				throw new RangeError(`coder ${c}, unit ${u}: ${String(v)} is not a category number`);
			}
			unitCounts.set(v, (unitCounts.get(v) ?? 0) + 1);
			mu++;
		}
		if (mu < 2) continue;
		// Σ_{c≠k} n_uc·n_uk = m_u² − Σ_c n_uc², each weighted 1 / (m_u − 1).
		let squares = 0;
		for (const [v, count] of unitCounts) {
			squares += count * count;
			let k = categories.get(v);
			if (k === undefined) {
				k = totals.length;
				categories.set(v, k);
				totals.push(0);
			}
			totals[k] += count;
		}
		observed += (mu * mu - squares) / (mu - 1);
	}
	let n = 0;
	let squares = 0;
	for (const t of totals) {
		n += t;
		squares += t * t;
	}
	const expected = n * n - squares;
	if (n < 2 || expected === 0) return null;
	return 1 - ((n - 1) * observed) / expected;
}

/** Per tag, for each character of the text: how many learners tagged it with that tag. */
export type Heatmap = Record<Tag, Uint16Array>;

/** The most learners a heatmap can count (its counts are 16-bit). */
export const MAX_HEATMAP_LEARNERS = 65_535;

/**
 * Per tag, per character: how many learners tagged the character with that tag (DESIGN.md: "per
 * character, how many learners tagged it with each tag (the heatmap)"). A learner counts once per
 * character and tag even where their own spans of that tag overlap. Built from difference arrays over
 * each learner's merged spans, so it costs O(spans + characters), not O(spans × length).
 *
 * @throws RangeError with more than 65,535 learners or a span outside the text.
 */
export function heatmap(textLength: number, submissions: readonly (readonly Span[])[]): Heatmap {
	if (submissions.length > MAX_HEATMAP_LEARNERS) {
		throw new RangeError(`a heatmap counts at most ${MAX_HEATMAP_LEARNERS} learners`);
	}
	const diff = TAGS.map(() => new Int32Array(textLength + 1));
	submissions.forEach((spans, learner) => {
		const order = Array.from(spans.keys());
		order.sort((i, j) => spans[i].start - spans[j].start);
		// Per tag: the end of this learner's merged spans so far, so overlaps are counted once.
		const lastEnd = [-1, -1, -1, -1];
		for (const i of order) {
			const { start, end, tag } = spans[i];
			const t = tagRank(tag);
			if (t < 0 || !(start >= 0 && end <= textLength && start < end)) {
				throw new RangeError(`learner ${learner}, span ${i}: not a span of this text`);
			}
			const d = diff[t];
			const from = start > lastEnd[t] ? start : lastEnd[t];
			if (end > from) {
				d[from]++;
				d[end]--;
				lastEnd[t] = end;
			}
		}
	});
	const result = {} as Heatmap;
	TAGS.forEach((tag, t) => {
		const d = diff[t];
		const counts = new Uint16Array(textLength);
		let running = 0;
		for (let i = 0; i < textLength; i++) {
			running += d[i];
			counts[i] = running;
		}
		result[tag] = counts;
	});
	return result;
}

/**
 * Krippendorff's nominal α of binary codings with no missing values, from per-unit counts alone:
 * `counts[u]` coders (of `coders`) said 1 for unit u. With n = units × coders values, n_1 of them 1 and
 * n_0 = n − n_1 of them 0, the general formula reduces to
 * α = 1 − (n − 1) · Σ_u k_u (m − k_u) / ((m − 1) · n_1 · n_0).
 * Null with fewer than two coders or when no value varies (n_1 or n_0 is 0).
 */
export function binaryAlpha(counts: ArrayLike<number>, coders: number): number | null {
	if (coders < 2) return null;
	let ones = 0;
	let disagreement = 0;
	for (let u = 0; u < counts.length; u++) {
		const k = counts[u];
		ones += k;
		disagreement += k * (coders - k);
	}
	const n = counts.length * coders;
	const zeros = n - ones;
	if (ones === 0 || zeros === 0) return null;
	return 1 - ((n - 1) * disagreement) / ((coders - 1) * ones * zeros);
}

/**
 * Class agreement per tag: Krippendorff's α (nominal) with the characters of the text as units, the
 * learners as coders, and 1/0 for "inside / outside one of the learner's spans with this tag".
 *
 * Null with fewer than two coders, and "when no character varies", read as: when no value in the data
 * varies (nobody used the tag, or everyone tagged every character with it), where α is 0/0. Coders who
 * agree on every character, with some characters in and some out, get α = 1.
 *
 * Uses the binary closed form ({@link binaryAlpha}) on the heatmap's per-character counts; pass the
 * heatmap if it is already computed.
 */
export function classAgreement(
	textLength: number,
	submissions: readonly (readonly Span[])[],
	counts: Heatmap = heatmap(textLength, submissions)
): { alpha: Record<Tag, number | null> } {
	const alpha = {} as Record<Tag, number | null>;
	for (const tag of TAGS) alpha[tag] = binaryAlpha(counts[tag], submissions.length);
	return { alpha };
}

/**
 * The confusion matrix of a class (DESIGN.md: "over pairs, reference tag × submitted tag, with a
 * `missed` column per reference tag and an `extra` row per submitted tag").
 *
 * `counts[r][s]` is the number of pairs (over all comparisons) whose reference span is tagged r and
 * whose submitted span is tagged s, whatever the outcome (a pair off the diagonal is correct when the
 * reference span also accepts s); `counts[r].missed` is the number of missed reference spans tagged r;
 * `extra[s]` the number of extra submitted spans tagged s.
 */
export interface ConfusionMatrix {
	counts: Record<Tag, Record<Tag | 'missed', number>>;
	extra: Record<Tag, number>;
}

/**
 * Builds the {@link ConfusionMatrix} of `comparisons[i]` = compare(reference, submissions[i]).
 *
 * @throws RangeError when the arrays differ in length or a comparison names a span that is not there.
 */
export function confusionMatrix(
	reference: readonly ReferenceSpan[],
	submissions: readonly (readonly Span[])[],
	comparisons: readonly Comparison[]
): ConfusionMatrix {
	if (submissions.length !== comparisons.length) {
		throw new RangeError(`${submissions.length} submissions but ${comparisons.length} comparisons`);
	}
	const row = () => ({ quote: 0, claim: 0, opinion: 0, unclear_sourcing: 0, missed: 0 });
	const counts: ConfusionMatrix['counts'] = {
		quote: row(),
		claim: row(),
		opinion: row(),
		unclear_sourcing: row()
	};
	const extra: ConfusionMatrix['extra'] = { quote: 0, claim: 0, opinion: 0, unclear_sourcing: 0 };
	const spanAt = <T>(list: readonly T[], i: number, what: string): T => {
		const s = list[i];
		if (s === undefined)
			throw new RangeError(`comparison names ${what} span ${i}, which does not exist`);
		return s;
	};
	comparisons.forEach((comparison, c) => {
		const spans = submissions[c];
		for (const p of comparison.pairs) {
			counts[spanAt(reference, p.reference, 'reference').tag][
				spanAt(spans, p.submitted, 'submitted').tag
			]++;
		}
		for (const r of comparison.missed) counts[spanAt(reference, r, 'reference').tag].missed++;
		for (const e of comparison.extra) extra[spanAt(spans, e, 'submitted').tag]++;
	});
	return { counts, extra };
}

/** How a class did on one reference span: how many learners got it right, mislabeled it, missed it. */
export interface ReferenceSpanTally {
	correct: number;
	mislabeled: number;
	missed: number;
}

/**
 * Per reference span (by index), how many comparisons paired it correctly, mislabeled it or missed it:
 * the "most-missed spans" of the class picture.
 */
export function referenceTallies(
	referenceCount: number,
	comparisons: readonly Comparison[]
): ReferenceSpanTally[] {
	const tallies = Array.from({ length: referenceCount }, () => ({
		correct: 0,
		mislabeled: 0,
		missed: 0
	}));
	for (const comparison of comparisons) {
		for (const p of comparison.pairs) tallies[p.reference][p.outcome]++;
		for (const r of comparison.missed) tallies[r].missed++;
	}
	return tallies;
}
