/**
 * Re-anchoring: finding a stored span again in an edited article text from its position and its
 * quote selector (exact text with prefix and suffix), the way hypothesis/client's
 * `src/annotator/anchoring/` falls back from position to quote. A span that cannot be found is reported
 * as orphaned, never silently moved or dropped.
 *
 * DESIGN.md, "Text, spans and selectors": "A stored span also keeps its `exact` text with
 * `prefix`/`suffix` (32 characters) so it can be re-anchored if an article is edited (W3C
 * TextQuoteSelector). An article that already has submissions is not edited in place: editing makes a
 * new version."
 */
import { anchorSpan } from './selectors';
import { excerpt } from './spans';
import type { AnchoredSpan } from './types';

/** How a span was found again: at its old offsets, by its exact text, by its context, or approximately. */
export type AnchorMethod = 'position' | 'exact' | 'context' | 'approximate';

/** Where a span lies in the new text, or why it could not be found. */
export type ReanchorResult =
	| {
			status: 'anchored';
			start: number;
			end: number;
			how: AnchorMethod;
			/** Edit distance between the stored exact text and the text found (0 unless approximate). */
			errors: number;
	  }
	| { status: 'orphaned'; reason: string };

/** What re-anchoring needs: the quote selector, and the old offsets when known (a hint). */
export interface QuoteAnchor {
	exact: string;
	prefix?: string;
	suffix?: string;
	start?: number;
	end?: number;
}

/** Bounds of the approximate search. */
export interface ReanchorOptions {
	/** Most edits allowed, as a share of the exact text's length (default 0.2). */
	maxErrorRatio?: number;
	/**
	 * Most DP cells (text characters searched × quote length) the approximate search may use (default
	 * 25 million, some tens of milliseconds). The search looks at a window of max(512, 2 × quote length)
	 * characters each side of the old position; without an old position it looks at the whole text,
	 * and skips the approximate step when that would exceed this budget.
	 */
	maxCells?: number;
}

const DEFAULT_MAX_ERROR_RATIO = 0.2;
const DEFAULT_MAX_CELLS = 25_000_000;

function isWhite(ch: string): boolean {
	return ch.trim() === '';
}

/** Moves [start, end) inward past white space; null when nothing but white space is left. */
function trimRange(text: string, start: number, end: number): [number, number] | null {
	while (start < end && isWhite(text[start])) start++;
	while (end > start && isWhite(text[end - 1])) end--;
	return start < end ? [start, end] : null;
}

function occurrences(text: string, needle: string): number[] {
	const found: number[] = [];
	if (needle === '') return found;
	for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) found.push(i);
	return found;
}

/** How many characters of `prefix`, counted from its end, equal the text just before `at`. */
function prefixAgreement(text: string, at: number, prefix: string): number {
	let n = 0;
	while (
		n < prefix.length &&
		at - n - 1 >= 0 &&
		text[at - n - 1] === prefix[prefix.length - n - 1]
	) {
		n++;
	}
	return n;
}

/** How many characters of `suffix`, counted from its start, equal the text from `at`. */
function suffixAgreement(text: string, at: number, suffix: string): number {
	let n = 0;
	while (n < suffix.length && at + n < text.length && text[at + n] === suffix[n]) n++;
	return n;
}

function distance(a: number, hint: number | undefined): number {
	return hint === undefined ? 0 : Math.abs(a - hint);
}

/**
 * The best approximate occurrence of `pattern` in `text[from, to)`: Sellers' semi-global edit distance
 * (the match may start and end anywhere in the window), keeping the least errors, then the start nearest
 * `hint`, then the leftmost. Null when no match has at most `maxErrors` errors.
 */
function approximateMatch(
	text: string,
	pattern: string,
	from: number,
	to: number,
	maxErrors: number,
	hint: number | undefined
): { start: number; end: number; errors: number } | null {
	const m = pattern.length;
	let prev = new Int32Array(m + 1);
	let cur = new Int32Array(m + 1);
	let prevStart = new Int32Array(m + 1);
	let curStart = new Int32Array(m + 1);
	for (let i = 0; i <= m; i++) {
		prev[i] = i;
		prevStart[i] = from;
	}
	const codes = new Uint16Array(m);
	for (let i = 0; i < m; i++) codes[i] = pattern.charCodeAt(i);
	let best: { start: number; end: number; errors: number } | null = null;
	for (let j = from; j < to; j++) {
		const c = text.charCodeAt(j);
		cur[0] = 0;
		curStart[0] = j + 1;
		for (let i = 1; i <= m; i++) {
			// Diagonal first, so equal costs prefer aligning characters over skipping them.
			let d = prev[i - 1] + (codes[i - 1] === c ? 0 : 1);
			let s = prevStart[i - 1];
			const up = prev[i] + 1;
			if (up < d) {
				d = up;
				s = prevStart[i];
			}
			const left = cur[i - 1] + 1;
			if (left < d) {
				d = left;
				s = curStart[i - 1];
			}
			cur[i] = d;
			curStart[i] = s;
		}
		const errors = cur[m];
		if (errors <= maxErrors) {
			const start = curStart[m];
			const end = j + 1;
			if (
				best === null ||
				errors < best.errors ||
				(errors === best.errors &&
					(distance(start, hint) < distance(best.start, hint) ||
						(distance(start, hint) === distance(best.start, hint) && start < best.start)))
			) {
				best = { start, end, errors };
			}
		}
		[prev, cur] = [cur, prev];
		[prevStart, curStart] = [curStart, prevStart];
	}
	return best;
}

/**
 * Finds a stored span again in `newText`. The steps, first success wins:
 * 1. `position`: the old offsets still hold the exact text.
 * 2. `exact`: the exact text occurs elsewhere. Among several occurrences the one whose surroundings
 *    agree with the most characters of prefix and suffix wins, then the one nearest the old position
 *    (context first because an edit early in the article shifts every later offset, so the nearest
 *    occurrence can be a different one), then the leftmost.
 * 3. `context`: the exact text is gone but the prefix and the suffix both occur, with between 1/2 and 2
 *    times the old length between them (the span's own words were edited): the span becomes the text
 *    between them, trimmed, nearest the old position. An empty prefix (suffix) stands for the start
 *    (end) of the text.
 * 4. `approximate`: a bounded edit-distance search (at most 20% of the exact text's length in edits, in
 *    a bounded window around the old position; see {@link ReanchorOptions}).
 *
 * A result never holds only white space and never crosses the blank line between blocks; otherwise, or
 * when nothing is found, the span is `orphaned` with the reason.
 */
export function reanchor(
	newText: string,
	anchored: QuoteAnchor,
	options: ReanchorOptions = {}
): ReanchorResult {
	const { exact } = anchored;
	const prefix = anchored.prefix ?? '';
	const suffix = anchored.suffix ?? '';
	const hint = Number.isInteger(anchored.start) ? anchored.start : undefined;
	if (exact.length === 0) return { status: 'orphaned', reason: 'the span has no quoted text' };
	const gone = `the quoted text ${excerpt(exact)} is no longer in the article`;

	// 1. position
	if (
		hint !== undefined &&
		hint >= 0 &&
		hint + exact.length <= newText.length &&
		newText.startsWith(exact, hint)
	) {
		return {
			status: 'anchored',
			start: hint,
			end: hint + exact.length,
			how: 'position',
			errors: 0
		};
	}

	// 2. exact
	const found = occurrences(newText, exact);
	if (found.length > 0) {
		let bestAt = found[0];
		let bestScore = -1;
		for (const at of found) {
			const score =
				prefixAgreement(newText, at, prefix) + suffixAgreement(newText, at + exact.length, suffix);
			const better =
				score > bestScore || (score === bestScore && distance(at, hint) < distance(bestAt, hint));
			if (better) {
				bestAt = at;
				bestScore = score;
			}
		}
		return {
			status: 'anchored',
			start: bestAt,
			end: bestAt + exact.length,
			how: 'exact',
			errors: 0
		};
	}

	// 3. context
	if (prefix !== '' || suffix !== '') {
		const afterPrefix =
			prefix === '' ? [0] : occurrences(newText, prefix).map((p) => p + prefix.length);
		const beforeSuffix = suffix === '' ? [newText.length] : occurrences(newText, suffix);
		const least = Math.ceil(exact.length / 2);
		const most = exact.length * 2;
		let best: [number, number] | null = null;
		for (const p of afterPrefix) {
			// Occurrences are ascending, so only a window of suffix positions can fit the gap bounds.
			let lo = 0;
			let hi = beforeSuffix.length;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				if (beforeSuffix[mid] < p + least) lo = mid + 1;
				else hi = mid;
			}
			for (let i = lo; i < beforeSuffix.length && beforeSuffix[i] - p <= most; i++) {
				const s = beforeSuffix[i];
				const range = trimRange(newText, p, s);
				if (range === null || newText.slice(range[0], range[1]).includes('\n\n')) continue;
				if (
					best === null ||
					distance(range[0], hint) < distance(best[0], hint) ||
					(distance(range[0], hint) === distance(best[0], hint) && range[0] < best[0])
				) {
					best = range;
				}
			}
		}
		if (best !== null) {
			return { status: 'anchored', start: best[0], end: best[1], how: 'context', errors: 0 };
		}
	}

	// 4. approximate
	const ratio = options.maxErrorRatio ?? DEFAULT_MAX_ERROR_RATIO;
	const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
	const maxErrors = Math.floor(exact.length * ratio);
	if (maxErrors < 1) {
		return {
			status: 'orphaned',
			reason: `${gone}, and it is too short to look for approximately`
		};
	}
	let from = 0;
	let to = newText.length;
	if (hint !== undefined) {
		const radius = Math.max(512, 2 * exact.length);
		from = Math.max(0, Math.min(newText.length, hint) - radius);
		to = Math.min(newText.length, hint + exact.length + radius);
	}
	if ((to - from) * exact.length > maxCells) {
		return {
			status: 'orphaned',
			reason: `${gone}, and without its old position it is too long to look for approximately`
		};
	}
	const match = approximateMatch(newText, exact, from, to, maxErrors, hint);
	if (match === null) {
		return {
			status: 'orphaned',
			reason: `${gone}: no exact match, no matching context and no match with at most ${maxErrors} edits near its old place`
		};
	}
	const range = trimRange(newText, match.start, match.end);
	if (range === null) {
		return { status: 'orphaned', reason: `${gone}; the closest match holds only white space` };
	}
	if (newText.slice(range[0], range[1]).includes('\n\n')) {
		return { status: 'orphaned', reason: `${gone}; the closest match runs across two paragraphs` };
	}
	return {
		status: 'anchored',
		start: range[0],
		end: range[1],
		how: 'approximate',
		errors: match.errors
	};
}

/** A span found again: its index in the input, the span with new offsets and selectors, and how. */
export interface Reanchored<T extends AnchoredSpan> {
	index: number;
	span: T;
	how: AnchorMethod;
	errors: number;
}

/** A span that could not be found again: its index in the input, the span unchanged, and why. */
export interface Orphaned<T extends AnchoredSpan> {
	index: number;
	span: T;
	reason: string;
}

/**
 * Re-anchors every span (see {@link reanchor}). Found spans get their new offsets and fresh
 * `exact`/`prefix`/`suffix` from the new text; the others are listed in `orphaned` unchanged, so a
 * caller can show them to the instructor instead of losing them.
 */
export function reanchorAll<T extends AnchoredSpan>(
	newText: string,
	spans: readonly T[],
	options: ReanchorOptions = {}
): { anchored: Reanchored<T>[]; orphaned: Orphaned<T>[] } {
	const anchored: Reanchored<T>[] = [];
	const orphaned: Orphaned<T>[] = [];
	spans.forEach((span, index) => {
		const result = reanchor(newText, span, options);
		if (result.status === 'anchored') {
			const moved = anchorSpan(newText, { ...span, start: result.start, end: result.end });
			anchored.push({ index, span: moved, how: result.how, errors: result.errors });
		} else {
			orphaned.push({ index, span, reason: result.reason });
		}
	});
	return { anchored, orphaned };
}
