/**
 * Span validation and normalisation: checks spans against an article's canonical text, trims them,
 * drops exact duplicates and sorts them, reporting every problem in plain words.
 *
 * DESIGN.md, "Text, spans and selectors": "A span is `{start, end, tag, note?}` with
 * `0 <= start < end <= text.length`, `end - start` at least 1 non-whitespace character, and `tag` one of
 * `quote | claim | opinion | unclear_sourcing`. Spans are trimmed of surrounding white space. Overlapping
 * spans are allowed (a quote inside a claim); two identical `(start, end, tag)` are not. A span never
 * crosses the blank line between blocks."
 */
import { TAGS, isTag, tagRank } from './tags';
import type { Tag } from './tags';
import type { ReferenceSpan, Span } from './types';

/** The most characters (UTF-16 code units) a span's note may have. */
export const MAX_NOTE_CHARS = 2000;

/** Why a span was refused (or, for `duplicate`, dropped). */
export type SpanErrorCode =
	| 'not_integer'
	| 'out_of_range'
	| 'reversed'
	| 'empty'
	| 'crosses_block'
	| 'unknown_tag'
	| 'bad_also_accept'
	| 'duplicate'
	| 'note_too_long'
	| 'bad_note';

/**
 * One problem with one span. `index` is the span's position in the input array (from 0); `message`
 * names the span as `spans[index]` (with an excerpt of its text when its offsets are valid) and gives
 * the reason in plain words, e.g. `spans[3] ("the president said"): it runs over the blank line…`.
 */
export interface SpanError {
	index: number;
	code: SpanErrorCode;
	message: string;
}

/** Spans made valid: trimmed, without duplicates, sorted; and what was wrong with the input. */
export interface NormalizedSpans<T extends Span = ReferenceSpan> {
	/** The valid spans, trimmed, sorted by (start, end, tag rank). */
	spans: T[];
	/** For every output span, the index of the input span it came from. */
	indices: number[];
	/** Problems that make a span unusable; such spans are left out of `spans`. */
	errors: SpanError[];
	/**
	 * Exact duplicates of an earlier (in input order) span's trimmed `(start, end, tag)`, code
	 * `duplicate`. They are dropped rather than refused: a second identical highlight adds nothing, and a
	 * learner double-clicking a tag should not have a submission rejected. The first one's note is kept.
	 */
	dropped: SpanError[];
}

/** Thrown by {@link validateSpans}: holds every error found, not just the first. */
export class SpanValidationError extends Error {
	readonly errors: SpanError[];
	constructor(errors: SpanError[]) {
		const head = errors
			.slice(0, 5)
			.map((e) => e.message)
			.join(' ');
		const more = errors.length > 5 ? ` (and ${errors.length - 5} more problems)` : '';
		super(
			`${errors.length === 1 ? 'Invalid span:' : `${errors.length} problems with spans:`} ${head}${more}`
		);
		this.name = 'SpanValidationError';
		this.errors = errors;
	}
}

/** The canonical order of spans: by start, then end, then tag (quote, claim, opinion, unclear_sourcing). */
export function compareSpans(a: Span, b: Span): number {
	return a.start - b.start || a.end - b.end || tagRank(a.tag) - tagRank(b.tag);
}

/** A sorted copy of the spans, by (start, end, tag rank); equal keys keep their input order. */
export function sortSpans<T extends Span>(spans: readonly T[]): T[] {
	return [...spans].sort(compareSpans);
}

const EXCERPT_CHARS = 40;

/** A short, quoted excerpt of `text` for messages, cut with an ellipsis when long. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
	const flat = text.replace(/\s+/g, ' ');
	if (flat.length <= max) return `"${flat}"`;
	let cut = max - 1;
	// Never cut a surrogate pair in half.
	if (/[\uD800-\uDBFF]/.test(flat[cut - 1])) cut -= 1;
	return `"${flat.slice(0, cut)}…"`;
}

function isWhite(code: number): boolean {
	// The characters String.prototype.trim removes, tested by code for speed.
	return (
		code === 32 ||
		(code >= 9 && code <= 13) ||
		code === 0xa0 ||
		code === 0x1680 ||
		(code >= 0x2000 && code <= 0x200a) ||
		code === 0x2028 ||
		code === 0x2029 ||
		code === 0x202f ||
		code === 0x205f ||
		code === 0x3000 ||
		code === 0xfeff
	);
}

/**
 * Checks spans against `text` and makes them canonical.
 *
 * For each input span, in this order (a span with an offset problem gets one offset error; tag,
 * alsoAccept and note are checked independently, so one span can have several errors):
 * - `not_integer`: start or end is not an integer (or the span is not an object);
 * - `out_of_range`: start < 0 or end > text.length;
 * - `reversed`: end < start;
 * - `empty`: nothing but white space between start and end (or start = end);
 * - `crosses_block`: after trimming, the span contains `"\n\n"`, the blank line between blocks. The
 *   check uses the text alone: the canonical text is the blocks joined by "\n\n" and a block never
 *   contains "\n\n" itself, so a trimmed span (which starts and ends on non-white characters, i.e.
 *   inside blocks) covers a block boundary exactly when it contains that separator;
 * - `unknown_tag`: the tag is not one of the four;
 * - `bad_also_accept`: alsoAccept is not a list of other known tags without repeats;
 * - `note_too_long`: the note has more than 2,000 characters; `bad_note`: it is not text.
 *
 * Valid spans are trimmed of surrounding white space (start and end move inward), exact duplicates of
 * the trimmed `(start, end, tag)` go to `dropped`, and the result is sorted by (start, end, tag rank).
 * Other fields (note, alsoAccept, …) are copied; a stored `exact`/`prefix`/`suffix` is not rebuilt, so
 * call `anchorSpan` again after normalising.
 */
export function normalizeSpans<T extends Span = ReferenceSpan>(
	text: string,
	spans: readonly T[]
): NormalizedSpans<T> {
	const errors: SpanError[] = [];
	const dropped: SpanError[] = [];
	const kept: { span: T; index: number }[] = [];
	const seen = new Set<string>();

	spans.forEach((span, index) => {
		const name = `spans[${index}]`;
		const fail = (code: SpanErrorCode, message: string) => errors.push({ index, code, message });
		if (typeof span !== 'object' || span === null) {
			fail('not_integer', `${name} is not a span object with start, end and tag.`);
			return;
		}
		const s = span as unknown as Record<string, unknown>;
		const { start, end, tag } = s;
		let offsetsOk = false;
		let trimmedStart = 0;
		let trimmedEnd = 0;
		let label = name;
		if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) {
			fail(
				'not_integer',
				`${name}: start and end must be whole numbers (got start ${JSON.stringify(start)}, end ${JSON.stringify(end)}).`
			);
		} else {
			const a = start as number;
			const b = end as number;
			if (a < 0 || b > text.length || a > text.length || b < 0) {
				fail(
					'out_of_range',
					`${name}: offsets ${a}–${b} fall outside the article, which has ${text.length} characters.`
				);
			} else if (b < a) {
				fail('reversed', `${name}: it ends (${b}) before it starts (${a}).`);
			} else {
				let i = a;
				let j = b;
				while (i < j && isWhite(text.charCodeAt(i))) i++;
				while (j > i && isWhite(text.charCodeAt(j - 1))) j--;
				label = `${name} (${excerpt(text.slice(a, b))})`;
				if (i === j) {
					fail(
						'empty',
						a === b
							? `${name}: it is empty (start and end are both ${a}).`
							: `${label}: it holds only white space.`
					);
				} else if (text.slice(i, j).includes('\n\n')) {
					fail(
						'crosses_block',
						`${label}: it runs over the blank line between two paragraphs; a span must stay inside one paragraph.`
					);
				} else {
					offsetsOk = true;
					trimmedStart = i;
					trimmedEnd = j;
				}
			}
		}
		let tagOk = true;
		if (!isTag(tag)) {
			tagOk = false;
			fail(
				'unknown_tag',
				`${label}: ${JSON.stringify(tag)} is not a tag; use one of ${TAGS.join(', ')}.`
			);
		}
		let extrasOk = true;
		if (s.alsoAccept !== undefined) {
			const also = s.alsoAccept;
			let reason: string | null = null;
			if (!Array.isArray(also)) reason = 'alsoAccept must be a list of tags';
			else {
				const bad = also.find((t) => !isTag(t));
				if (bad !== undefined)
					reason = `alsoAccept lists ${JSON.stringify(bad)}, which is not a tag`;
				else if (also.includes(tag)) reason = `alsoAccept repeats the span's own tag ${tag}`;
				else if (new Set(also).size !== also.length) reason = 'alsoAccept lists a tag twice';
			}
			if (reason) {
				extrasOk = false;
				fail('bad_also_accept', `${label}: ${reason}.`);
			}
		}
		if (s.note !== undefined) {
			if (typeof s.note !== 'string') {
				extrasOk = false;
				fail('bad_note', `${label}: the note must be text.`);
			} else if (s.note.length > MAX_NOTE_CHARS) {
				extrasOk = false;
				fail(
					'note_too_long',
					`${label}: the note has ${s.note.length.toLocaleString('en')} characters; the limit is ${MAX_NOTE_CHARS.toLocaleString('en')}.`
				);
			}
		}
		if (!offsetsOk || !tagOk || !extrasOk) return;

		const key = `${trimmedStart}:${trimmedEnd}:${tag as Tag}`;
		if (seen.has(key)) {
			dropped.push({
				index,
				code: 'duplicate',
				message: `spans[${index}] (${excerpt(text.slice(trimmedStart, trimmedEnd))}): it repeats an earlier ${tag as Tag} span with the same start and end, so it was left out.`
			});
			return;
		}
		seen.add(key);
		kept.push({ span: { ...span, start: trimmedStart, end: trimmedEnd }, index });
	});

	kept.sort((x, y) => compareSpans(x.span, y.span) || x.index - y.index);
	return {
		spans: kept.map((k) => k.span),
		indices: kept.map((k) => k.index),
		errors,
		dropped
	};
}

/**
 * Like {@link normalizeSpans}, but throws when any span is unusable.
 *
 * @throws SpanValidationError holding every error (duplicates are dropped, not errors).
 */
export function validateSpans<T extends Span = ReferenceSpan>(
	text: string,
	spans: readonly T[]
): NormalizedSpans<T> {
	const result = normalizeSpans(text, spans);
	if (result.errors.length > 0) throw new SpanValidationError(result.errors);
	return result;
}
