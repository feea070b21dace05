/**
 * Comparing a submission with the reference: pairing spans, outcomes, precision/recall/F1, the grade,
 * and character-level agreement (Cohen's κ per tag), plus a plain-English explanation of the result.
 * The definitions are those of DESIGN.md, "Comparing a submission with the reference", quoted on each
 * function.
 *
 * Results never depend on the order of the input spans (ties are broken by span position, and only
 * exact duplicates fall back to input order); indices in a result refer to the input arrays.
 */
import { TAGS, TAG_INFO, tagRank } from './tags';
import type { Tag } from './tags';
import { excerpt } from './spans';
import type { Comparison, Pair, Prf, ReferenceSpan, ScoringOptions, Span, TagScore } from './types';

/** θ when none is given. */
export const DEFAULT_THRESHOLD = 0.5;

/** Options of {@link compare}: θ, half credit, and the text length needed for κ. */
export interface CompareOptions extends ScoringOptions {
	/** Length of the article's canonical text; κ is null per tag without it. */
	textLength?: number;
}

/**
 * "Overlap of spans a and b: `iou(a,b) = |a ∩ b| / |a ∪ b|` over character positions." (DESIGN.md,
 * Pairing). 0 for disjoint spans (and for two empty ones).
 */
export function iou(a: Pick<Span, 'start' | 'end'>, b: Pick<Span, 'start' | 'end'>): number {
	const inter = Math.min(a.end, b.end) - Math.max(a.start, b.start);
	if (inter <= 0) return 0;
	return inter / (a.end - a.start + (b.end - b.start) - inter);
}

const TAG_COUNT = TAGS.length;
// Local copies: the hot loops look tags up many times, and a Map lookup is cheaper than indexOf.
const TAG_LIST: readonly Tag[] = [...TAGS];
const RANK = new Map<unknown, number>(TAG_LIST.map((t, i) => [t, i]));

/** The rank of a tag, throwing for anything that is not one of the four. */
function rankOf(tag: unknown, side: string, index: number): number {
	// String comparisons first: the hot path for valid tags, cheaper than a Map lookup.
	if (tag === 'quote') return 0;
	if (tag === 'claim') return 1;
	if (tag === 'opinion') return 2;
	if (tag === 'unclear_sourcing') return 3;
	const t = RANK.get(tag);
	if (t === undefined) {
		throw new RangeError(`${side} span ${index}: ${JSON.stringify(tag)} is not a tag`);
	}
	return t;
}

function checkOffsets(span: Span, side: string, index: number, textLength: number): void {
	const { start, end } = span;
	if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
		throw new RangeError(
			`${side} span ${index}: offsets ${start}–${end} are not a non-empty range (validate spans first)`
		);
	}
	if (end > textLength) {
		throw new RangeError(
			`${side} span ${index}: it ends at ${end}, past the end of the text (${textLength})`
		);
	}
}

// Spans are sorted by one packed numeric key (start, end, tag rank, input index), exact while the text
// is under 2^17 characters and there are under 2^16 spans; a native numeric sort of a Float64Array is
// far quicker than a comparator for the many small arrays scored in a class.
const KEY_END = 2 ** 17;
const KEY_INDEX = 2 ** 16;
let keyScratch = new Float64Array(64);

/**
 * Writes into `order` the indices of the spans sorted by (start, end, tag rank), ties (exact
 * duplicates) by input index. `ranks[i]` is the tag rank of span i.
 */
function sortInto(spans: readonly Span[], ranks: Uint8Array, order: Int32Array): void {
	const n = spans.length;
	let fast = n < KEY_INDEX;
	for (let i = 0; i < n && fast; i++) if (spans[i].end >= KEY_END) fast = false;
	if (fast) {
		if (keyScratch.length < n) keyScratch = new Float64Array(Math.max(n, keyScratch.length * 2));
		const keys = keyScratch.subarray(0, n);
		for (let i = 0; i < n; i++) {
			const s = spans[i];
			keys[i] = ((s.start * KEY_END + s.end) * TAG_COUNT + ranks[i]) * KEY_INDEX + i;
		}
		if (n <= 64) {
			// Insertion sort: for the few dozen spans of a submission it beats a call to the native sort.
			for (let i = 1; i < n; i++) {
				const key = keys[i];
				let j = i - 1;
				while (j >= 0 && keys[j] > key) {
					keys[j + 1] = keys[j];
					j--;
				}
				keys[j + 1] = key;
			}
		} else keys.sort();
		// The low bits are the index; floor and multiply are exact here and cheaper than %.
		for (let i = 0; i < n; i++) {
			const key = keys[i];
			order[i] = key - Math.floor(key / KEY_INDEX) * KEY_INDEX;
		}
	} else {
		const idx = Array.from({ length: n }, (_, i) => i);
		idx.sort(
			(i, j) =>
				spans[i].start - spans[j].start ||
				spans[i].end - spans[j].end ||
				ranks[i] - ranks[j] ||
				i - j
		);
		for (let i = 0; i < n; i++) order[i] = idx[i];
	}
}

/**
 * A reference prepared once for scoring many submissions: validated, sorted, with the union of its
 * spans per tag (for κ) computed ahead. Pass it to {@link compare} in place of the span array.
 */
export class PreparedReference {
	/** The spans as given; indices in comparisons refer to this array. */
	readonly spans: readonly ReferenceSpan[];
	/** `order[k]` is the input index of the k-th span in (start, end, tag) order. */
	readonly order: Int32Array;
	/** Start, end, tag rank and accepted-tag bitmask of the k-th sorted span. */
	readonly start: Int32Array;
	readonly end: Int32Array;
	readonly tag: Uint8Array;
	readonly accept: Uint8Array;
	/** Number of spans per tag rank. */
	readonly tagCount: Int32Array;
	/** Per tag rank: the disjoint intervals of the union of that tag's spans, as [s0, e0, s1, e1, …]. */
	readonly unions: Int32Array[];
	/** Per tag rank: the number of characters in that union. */
	readonly unionLength: Int32Array;
	/** The largest end offset. */
	readonly maxEnd: number;

	constructor(spans: readonly ReferenceSpan[]) {
		const n = spans.length;
		const ranks = new Uint8Array(n);
		spans.forEach((s, i) => {
			checkOffsets(s, 'reference', i, Infinity);
			ranks[i] = rankOf(s.tag, 'reference', i);
			if (
				s.alsoAccept !== undefined &&
				!(Array.isArray(s.alsoAccept) && s.alsoAccept.every((t) => RANK.has(t)))
			) {
				throw new RangeError(`reference span ${i}: alsoAccept must list tags`);
			}
		});
		this.spans = spans;
		this.order = new Int32Array(n);
		sortInto(spans, ranks, this.order);
		this.start = new Int32Array(n);
		this.end = new Int32Array(n);
		this.tag = new Uint8Array(n);
		this.accept = new Uint8Array(n);
		this.tagCount = new Int32Array(TAG_COUNT);
		let maxEnd = 0;
		for (let k = 0; k < n; k++) {
			const i = this.order[k];
			const s = spans[i];
			this.start[k] = s.start;
			this.end[k] = s.end;
			const t = ranks[i];
			this.tag[k] = t;
			let mask = 1 << t;
			for (const also of s.alsoAccept ?? []) mask |= 1 << (RANK.get(also) as number);
			this.accept[k] = mask;
			this.tagCount[t]++;
			if (s.end > maxEnd) maxEnd = s.end;
		}
		this.maxEnd = maxEnd;
		this.unions = [];
		this.unionLength = new Int32Array(TAG_COUNT);
		for (let t = 0; t < TAG_COUNT; t++) {
			const parts: number[] = [];
			let length = 0;
			let cs = -1;
			let ce = -1;
			for (let k = 0; k < n; k++) {
				if (this.tag[k] !== t) continue;
				if (this.start[k] > ce) {
					if (ce > cs) {
						parts.push(cs, ce);
						length += ce - cs;
					}
					cs = this.start[k];
					ce = this.end[k];
				} else if (this.end[k] > ce) ce = this.end[k];
			}
			if (ce > cs) {
				parts.push(cs, ce);
				length += ce - cs;
			}
			this.unions.push(Int32Array.from(parts));
			this.unionLength[t] = length;
		}
	}
}

/** Prepares a reference for scoring many submissions (see {@link PreparedReference}). */
export function prepareReference(reference: readonly ReferenceSpan[]): PreparedReference {
	return new PreparedReference(reference);
}

// Scratch space reused across calls (compare is synchronous, so calls never interleave). Typed-array
// allocations would otherwise dominate the cost of scoring a small submission.
let subCap = 0;
let subRank = new Uint8Array(0);
let subOrder = new Int32Array(0);
let subStart = new Int32Array(0);
let subEnd = new Int32Array(0);
let subTag = new Uint8Array(0);
let subUsed = new Uint8Array(0);
let subReach = new Int32Array(0);
let subUnion = new Int32Array(0);
let refCap = 0;
let refPaired = new Int32Array(0);
let refIou = new Float64Array(0);
let refAcc = new Uint8Array(0);
let candCap = 0;
let candRef = new Int32Array(0);
let candSub = new Int32Array(0);
let candIou = new Float64Array(0);
let candAcc = new Uint8Array(0);
let candOrder = new Int32Array(0);

function ensureSubmitted(n: number): void {
	if (n <= subCap) return;
	subCap = Math.max(n, subCap * 2, 64);
	subRank = new Uint8Array(subCap);
	subOrder = new Int32Array(subCap);
	subStart = new Int32Array(subCap);
	subEnd = new Int32Array(subCap);
	subTag = new Uint8Array(subCap);
	subUsed = new Uint8Array(subCap);
	subReach = new Int32Array(subCap);
	subUnion = new Int32Array(TAG_COUNT * 2 * subCap);
}

function ensureReference(m: number): void {
	if (m <= refCap) return;
	refCap = Math.max(m, refCap * 2, 64);
	refPaired = new Int32Array(refCap);
	refIou = new Float64Array(refCap);
	refAcc = new Uint8Array(refCap);
}

function growCandidates(): void {
	candCap = Math.max(candCap * 2, 256);
	const grow = <A extends Int32Array | Float64Array | Uint8Array>(
		old: A,
		make: (n: number) => A
	) => {
		const next = make(candCap);
		next.set(old);
		return next;
	};
	candRef = grow(candRef, (k) => new Int32Array(k));
	candSub = grow(candSub, (k) => new Int32Array(k));
	candIou = grow(candIou, (k) => new Float64Array(k));
	candAcc = grow(candAcc, (k) => new Uint8Array(k));
	candOrder = new Int32Array(candCap);
}

/** Whether candidate x is taken before candidate y (the greedy order of DESIGN.md, Pairing). */
function takenBefore(x: number, y: number): boolean {
	if (candAcc[x] !== candAcc[y]) return candAcc[x] > candAcc[y];
	if (candIou[x] !== candIou[y]) return candIou[x] > candIou[y];
	// Ranks in the sorted orders stand for (start, end, tag) of each side.
	if (candRef[x] !== candRef[y]) return candRef[x] < candRef[y];
	return candSub[x] < candSub[y];
}

/**
 * Character agreement of two in/out codings of `n` characters, from interval lengths: `a` and `b`
 * characters are in on each side, `x` on both. Cohen's κ = (p_o − p_e) / (1 − p_e), which reduces to
 * 2(n·x − a·b) / (n(a + b) − 2a·b); 1 when the expected agreement is 1 (both sides all in or all out).
 */
export function kappaFromCounts(n: number, a: number, b: number, x: number): number {
	const denominator = n * (a + b) - 2 * a * b;
	if (denominator === 0) return 1;
	return (2 * (n * x - a * b)) / denominator;
}

/**
 * Compares a submission with the reference, as DESIGN.md "Comparing a submission with the reference"
 * defines it:
 *
 * 1. **Pairing.** "Overlap of spans a and b: `iou(a,b) = |a ∩ b| / |a ∪ b|` over character positions.
 *    Candidate pairs are (reference span, submitted span) with `iou >= θ` (default θ = 0.5; θ = 1 means
 *    exact boundaries). Candidates are taken greedily in this order: pairs whose submitted tag is
 *    accepted first (the reference tag or one of its `alsoAccept`), then higher iou, then reference
 *    (start, end, tag), then submitted (start, end, tag), tags ordered quote, claim, opinion,
 *    unclear_sourcing. Each span is paired at most once."
 * 2. **Outcome.** "A paired reference span is *correct* when the submitted tag is accepted, otherwise
 *    *mislabeled*. An unpaired reference span is *missed*; an unpaired submitted span is *extra*."
 * 3. **Scores.** "Micro: `P = correct / submitted`, `R = correct / reference`, `F1 = 2·correct /
 *    (submitted + reference)` (1 when both are empty; a ratio over zero is null). Per tag t:
 *    `reference_t` and `submitted_t` count spans tagged t on each side; `P_t` = correct pairs whose
 *    submitted tag is t, over `submitted_t`; `R_t` = correct pairs whose reference tag is t, over
 *    `reference_t`; `F1_t` their harmonic mean (0 when both are 0, null when t is on neither side).
 *    Macro F1: the mean of `F1_t` over the tags present in the reference."
 * 4. **Grade.** "`100 × 2·(correct + h·mislabeled) / (submitted + reference)`, h = 0.5 by default (half
 *    credit for the right span with the wrong tag), 0 when the assignment switches half credit off; 100
 *    when both sides are empty."
 * 5. **Character agreement.** "Per tag, each character of the text is in or out of that tag (the union
 *    of the side's spans with that tag; the reference's own tag, not `alsoAccept`); Cohen's κ between
 *    one submission and the reference over all characters (1 when the expected agreement is 1)."
 *
 * Decisions where DESIGN.md is silent:
 * - θ must be in (0, 1]: θ = 0 would pair spans that do not overlap at all.
 * - A tie that survives every rule above is between exact duplicates; input order decides it.
 * - `F1_t` when only one of `P_t`, `R_t` is defined (t on one side only): the harmonic mean of the
 *   one defined ratio, i.e. that ratio. Without alsoAccept it is then always 0 (no submitted span
 *   tagged t means no correct pair with reference tag t, and the other way round), as DESIGN.md
 *   expects; with alsoAccept it gives credit where it is due: a reference claim that also accepts
 *   opinion, found as an opinion, has R_claim = 1 and F1_claim = 1, not 0.
 * - Macro F1 is null when the reference is empty (no tag is present in it).
 * - `TagScore.correct` counts correct pairs whose reference tag is t (the numerator of `R_t`);
 *   `correctSubmitted` those whose submitted tag is t (the numerator of `P_t`). They differ only
 *   through alsoAccept.
 * - κ needs `options.textLength` (all characters of the text); without it every κ is null. κ is
 *   computed from interval lengths (the unions and their intersection), never per character.
 * - `pairs` and `missed` are in reference (start, end, tag) order, `extra` in submitted order, so a
 *   result does not depend on the order of the input arrays.
 *
 * Spans are expected to be valid (see `normalizeSpans`); a span with bad offsets or an unknown tag
 * throws a RangeError rather than being scored wrongly.
 *
 * @param reference the reference spans, or a {@link PreparedReference} when scoring many submissions.
 */
export function compare(
	reference: readonly ReferenceSpan[] | PreparedReference,
	submitted: readonly Span[],
	options: CompareOptions = {}
): Comparison {
	const ref = reference instanceof PreparedReference ? reference : new PreparedReference(reference);
	const theta = options.threshold ?? DEFAULT_THRESHOLD;
	if (!(theta > 0 && theta <= 1)) {
		throw new RangeError(`threshold θ must be greater than 0 and at most 1 (got ${theta})`);
	}
	const h = options.halfCredit === false ? 0 : 0.5;
	const textLength = options.textLength;
	if (textLength !== undefined) {
		if (!Number.isSafeInteger(textLength) || textLength < 0) {
			throw new RangeError(`textLength must be a whole number (got ${textLength})`);
		}
		if (ref.maxEnd > textLength) {
			throw new RangeError(
				`a reference span ends at ${ref.maxEnd}, past the end of the text (${textLength})`
			);
		}
	}

	const n = submitted.length;
	const m = ref.order.length;
	ensureSubmitted(n);
	ensureReference(m);
	const limit = textLength ?? Infinity;
	for (let i = 0; i < n; i++) {
		const s = submitted[i];
		checkOffsets(s, 'submitted', i, limit);
		subRank[i] = rankOf(s.tag, 'submitted', i);
	}
	sortInto(submitted, subRank, subOrder);
	let sub0 = 0;
	let sub1 = 0;
	let sub2 = 0;
	let sub3 = 0;
	for (let q = 0; q < n; q++) {
		const i = subOrder[q];
		const s = submitted[i];
		subStart[q] = s.start;
		subEnd[q] = s.end;
		const t = subRank[i];
		subTag[q] = t;
		if (t === 0) sub0++;
		else if (t === 1) sub1++;
		else if (t === 2) sub2++;
		else sub3++;
		subUsed[q] = 0;
	}
	const subCount = [sub0, sub1, sub2, sub3];

	// Candidate pairs: every (reference, submitted) with iou >= θ. Submitted spans are sorted by start,
	// so the scan for each reference span stops at the first one starting after it ends; and it starts
	// after the submitted spans that all end before the reference span starts (`reach[q]` is the
	// furthest end among submitted spans 0…q, so that prefix only grows as reference starts grow).
	let reach = -1;
	for (let q = 0; q < n; q++) {
		if (subEnd[q] > reach) reach = subEnd[q];
		subReach[q] = reach;
	}
	let cands = 0;
	let first = 0;
	for (let k = 0; k < m; k++) {
		const rs = ref.start[k];
		const re = ref.end[k];
		const rLen = re - rs;
		refPaired[k] = -1;
		while (first < n && subReach[first] <= rs) first++;
		for (let q = first; q < n; q++) {
			const ss = subStart[q];
			if (ss >= re) break;
			const se = subEnd[q];
			if (se <= rs) continue;
			const inter = (se < re ? se : re) - (ss > rs ? ss : rs);
			const overlap = inter / (rLen + (se - ss) - inter);
			if (overlap >= theta) {
				if (cands === candCap) growCandidates();
				candRef[cands] = k;
				candSub[cands] = q;
				candIou[cands] = overlap;
				candAcc[cands] = (ref.accept[k] >> subTag[q]) & 1;
				cands++;
			}
		}
	}
	// Binary insertion sort: about as many candidates as spans, so few comparisons and short moves.
	for (let c = 0; c < cands; c++) {
		let lo = 0;
		let hi = c;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (takenBefore(c, candOrder[mid])) hi = mid;
			else lo = mid + 1;
		}
		for (let j = c; j > lo; j--) candOrder[j] = candOrder[j - 1];
		candOrder[lo] = c;
	}
	for (let o = 0; o < cands; o++) {
		const c = candOrder[o];
		const k = candRef[c];
		const q = candSub[c];
		if (refPaired[k] !== -1 || subUsed[q] === 1) continue;
		refPaired[k] = q;
		subUsed[q] = 1;
		refIou[k] = candIou[c];
		refAcc[k] = candAcc[c];
	}

	const pairs: Pair[] = [];
	const missed: number[] = [];
	const extra: number[] = [];
	const correctByRef = [0, 0, 0, 0];
	const correctBySub = [0, 0, 0, 0];
	let correct = 0;
	let mislabeled = 0;
	for (let k = 0; k < m; k++) {
		const q = refPaired[k];
		if (q === -1) {
			missed.push(ref.order[k]);
			continue;
		}
		const ok = refAcc[k] === 1;
		pairs.push({
			reference: ref.order[k],
			submitted: subOrder[q],
			iou: refIou[k],
			outcome: ok ? 'correct' : 'mislabeled'
		});
		if (ok) {
			correct++;
			correctByRef[ref.tag[k]]++;
			correctBySub[subTag[q]]++;
		} else mislabeled++;
	}
	for (let q = 0; q < n; q++) if (subUsed[q] === 0) extra.push(subOrder[q]);

	const total = n + m;
	const micro: Prf = {
		precision: n === 0 ? null : correct / n,
		recall: m === 0 ? null : correct / m,
		f1: total === 0 ? 1 : (2 * correct) / total
	};
	const grade = total === 0 ? 100 : (100 * 2 * (correct + h * mislabeled)) / total;

	// Object literals with fixed keys keep one hidden class per record, which matters at 10,000 calls.
	const score = (t: number): TagScore => {
		const refT = ref.tagCount[t];
		const subT = subCount[t];
		const precision = subT === 0 ? null : correctBySub[t] / subT;
		const recall = refT === 0 ? null : correctByRef[t] / refT;
		let f1: number | null;
		if (precision === null) f1 = recall;
		else if (recall === null) f1 = precision;
		else f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
		return {
			precision,
			recall,
			f1,
			reference: refT,
			submitted: subT,
			correct: correctByRef[t],
			correctSubmitted: correctBySub[t]
		};
	};
	const perTag: Record<Tag, TagScore> = {
		quote: score(0),
		claim: score(1),
		opinion: score(2),
		unclear_sourcing: score(3)
	};
	let macroSum = 0;
	let macroTags = 0;
	for (let t = 0; t < TAG_COUNT; t++) {
		if (ref.tagCount[t] > 0) {
			macroSum += perTag[TAG_LIST[t]].f1 as number;
			macroTags++;
		}
	}
	const kappa: Record<Tag, number | null> =
		textLength === undefined
			? { quote: null, claim: null, opinion: null, unclear_sourcing: null }
			: tagKappas(ref, n, textLength);

	return {
		pairs,
		missed,
		extra,
		grade,
		micro,
		macroF1: macroTags === 0 ? null : macroSum / macroTags,
		perTag,
		kappa
	};
}

/**
 * κ per tag: the union of the submitted spans of each tag (from the sorted scratch arrays) is built
 * as disjoint intervals in one pass, then swept against the reference's union of that tag.
 */
function tagKappas(
	ref: PreparedReference,
	n: number,
	textLength: number
): Record<Tag, number | null> {
	const parts = [0, 0, 0, 0];
	const inside = [0, 0, 0, 0];
	const openStart = [-1, -1, -1, -1];
	const openEnd = [-1, -1, -1, -1];
	for (let q = 0; q < n; q++) {
		const t = subTag[q];
		const s = subStart[q];
		const e = subEnd[q];
		const ce = openEnd[t];
		if (s > ce) {
			const cs = openStart[t];
			if (ce > cs) {
				const at = t * 2 * subCap + parts[t];
				subUnion[at] = cs;
				subUnion[at + 1] = ce;
				parts[t] += 2;
				inside[t] += ce - cs;
			}
			openStart[t] = s;
			openEnd[t] = e;
		} else if (e > ce) openEnd[t] = e;
	}
	const kappas = [0, 0, 0, 0];
	for (let t = 0; t < TAG_COUNT; t++) {
		const cs = openStart[t];
		const ce = openEnd[t];
		const base = t * 2 * subCap;
		if (ce > cs) {
			subUnion[base + parts[t]] = cs;
			subUnion[base + parts[t] + 1] = ce;
			parts[t] += 2;
			inside[t] += ce - cs;
		}
		const union = ref.unions[t];
		const count = parts[t];
		let x = 0;
		let i = 0;
		let j = 0;
		while (i < union.length && j < count) {
			const as = union[i];
			const ae = union[i + 1];
			const bs = subUnion[base + j];
			const be = subUnion[base + j + 1];
			const lo = as > bs ? as : bs;
			const hi = ae < be ? ae : be;
			if (hi > lo) x += hi - lo;
			if (ae < be) i += 2;
			else j += 2;
		}
		kappas[t] = kappaFromCounts(textLength, ref.unionLength[t], inside[t], x);
	}
	return {
		quote: kappas[0],
		claim: kappas[1],
		opinion: kappas[2],
		unclear_sourcing: kappas[3]
	};
}

/** What {@link explainComparison} needs: the comparison and the spans it was made from. */
export interface ExplainInput {
	comparison: Comparison;
	reference: readonly ReferenceSpan[];
	submitted: readonly Span[];
	/** The article's canonical text, to quote the spans; without it spans are named by offsets. */
	text?: string;
	/** Whether mislabeled spans earned half credit (default true). */
	halfCredit?: boolean;
}

function plural(count: number, one: string, many = `${one}s`): string {
	return `${count} ${count === 1 ? one : many}`;
}

function formatNumber(value: number): string {
	return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/**
 * The comparison in plain English, for the learner's feedback view: a summary, the grade with its
 * arithmetic, then one line per pair and missed span (in the reference's text order) and one per extra
 * span (in text order). For example:
 * "You found 12 of 33 reference spans with the right tag, and 5 more with a different tag."
 */
export function explainComparison(input: ExplainInput): string[] {
	const { comparison, reference, submitted, text } = input;
	const h = input.halfCredit === false ? 0 : 0.5;
	const label = (tag: Tag) => TAG_INFO[tag].label.toLowerCase();
	const quote = (s: Span) =>
		text === undefined ? `characters ${s.start}–${s.end}` : excerpt(text.slice(s.start, s.end), 60);
	const correct = comparison.pairs.filter((p) => p.outcome === 'correct').length;
	const mislabeled = comparison.pairs.length - correct;
	const extra = comparison.extra.length;
	const lines: string[] = [];

	if (reference.length === 0 && submitted.length === 0) {
		lines.push('The reference marks nothing in this article and you marked nothing: grade 100.');
		return lines;
	}
	let found = `You found ${correct} of ${plural(reference.length, 'reference span')} with the right tag`;
	if (mislabeled > 0) found += `, and ${mislabeled} more with a different tag`;
	lines.push(`${found}.`);
	lines.push(
		`You marked ${plural(submitted.length, 'span')}: ${correct} correct, ${mislabeled} with a different tag, ${extra} extra.`
	);
	lines.push(
		`Grade: ${formatNumber(comparison.grade)} out of 100 = 100 × 2 × (${correct} correct + ${h} × ${mislabeled} with a different tag) / (${submitted.length} marked + ${reference.length} in the reference).`
	);

	const pairOf = new Map<number, Pair>();
	for (const p of comparison.pairs) pairOf.set(p.reference, p);
	const missed = new Set(comparison.missed);
	const refOrder = [...pairOf.keys(), ...missed].sort(
		(i, j) =>
			reference[i].start - reference[j].start ||
			reference[i].end - reference[j].end ||
			tagRank(reference[i].tag) - tagRank(reference[j].tag)
	);
	for (const r of refOrder) {
		const rs = reference[r];
		const pair = pairOf.get(r);
		if (pair === undefined) {
			lines.push(`Missed: ${quote(rs)} — the reference tags it ${label(rs.tag)}.`);
			continue;
		}
		const ss = submitted[pair.submitted];
		const overlap = `overlap ${Math.round(pair.iou * 100)}%`;
		if (pair.outcome === 'correct') {
			lines.push(
				ss.tag === rs.tag
					? `Correct: ${quote(ss)} — you tagged it ${label(ss.tag)}, as the reference does (${overlap}).`
					: `Correct: ${quote(ss)} — you tagged it ${label(ss.tag)}; the reference says ${label(rs.tag)} but also accepts ${label(ss.tag)} (${overlap}).`
			);
		} else {
			const credit = h > 0 ? 'half credit' : 'no credit';
			lines.push(
				`Right span, different tag: ${quote(ss)} — you tagged it ${label(ss.tag)}; the reference says ${label(rs.tag)} (${credit}, ${overlap}).`
			);
		}
	}
	for (const e of comparison.extra) {
		const ss = submitted[e];
		lines.push(
			`Extra: ${quote(ss)} — you tagged it ${label(ss.tag)}, but it matches no reference span.`
		);
	}
	return lines;
}
