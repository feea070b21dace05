/**
 * The shape of spans arriving from a browser or a script (valibot), then their fit to the article's
 * text (the comparison engine's normalisation). Either step failing is a 422 naming the field.
 */
import * as v from 'valibot';
import { normalizeSpans } from '$lib/annotation/spans';
import { anchorSpan } from '$lib/annotation/selectors';
import { TAGS } from '$lib/annotation/tags';
import type { AnchoredSpan, ReferenceSpan, Span } from '$lib/annotation/types';
import { BodyError, apiError } from './api';

export const MAX_SPANS = 500;
export const MAX_NOTE = 2000;

const Offset = v.pipe(
	v.number('must be a number'),
	v.integer('must be a whole number'),
	v.minValue(0, 'must not be negative')
);
const TagSchema = v.picklist(TAGS, `must be one of ${TAGS.join(', ')}`);
const Note = v.optional(
	v.pipe(v.string('must be text'), v.maxLength(MAX_NOTE, `must be at most ${MAX_NOTE} characters`))
);

export const SpanInput = v.object(
	{ start: Offset, end: Offset, tag: TagSchema, note: Note },
	'must be a span object {start, end, tag}'
);

export const ReferenceSpanInput = v.object(
	{
		start: Offset,
		end: Offset,
		tag: TagSchema,
		note: Note,
		alsoAccept: v.optional(v.pipe(v.array(TagSchema, 'must be a list of tags'), v.maxLength(3)))
	},
	'must be a span object {start, end, tag}'
);

export const SpanList = v.pipe(
	v.array(SpanInput, 'must be a list of spans'),
	v.maxLength(MAX_SPANS, `must have at most ${MAX_SPANS} spans`)
);

export const ReferenceSpanList = v.pipe(
	v.array(ReferenceSpanInput, 'must be a list of spans'),
	v.maxLength(MAX_SPANS, `must have at most ${MAX_SPANS} spans`)
);

/**
 * Checks spans against the article text: out-of-range or reversed offsets, empty spans, spans across a
 * block break. Returns them trimmed, sorted and without duplicates; throws a 422 naming the first bad one.
 */
export function fitSpans<T extends Span>(text: string, spans: T[], field = 'spans'): T[] {
	const r = normalizeSpans<T>(text, spans);
	if (r.errors.length) {
		const e = r.errors[0];
		const more = r.errors.length > 1 ? ` (${r.errors.length - 1} more problems)` : '';
		throw new BodyError(
			apiError(422, `${field}[${e.index}]: ${e.message}${more}`, `${field}[${e.index}]`, {
				code: e.code
			})
		);
	}
	return r.spans;
}

/** Spans with their quote and 32-character context, as stored. */
export function anchorAll<T extends ReferenceSpan>(text: string, spans: T[]): (T & AnchoredSpan)[] {
	return spans.map((s) => anchorSpan(text, s));
}
