/**
 * Small rules about span lists that every part of the annotator shares: a span's identity (its key), the
 * text order the side list and `onchange` use, and the cleaning of spans that come from outside (props,
 * browser storage) so that nothing invalid reaches the view. A span's key is `start:end:tag`, unique by
 * DESIGN.md's rule that two identical (start, end, tag) are not allowed.
 */
import { isTag, tagRank, type Tag } from '$lib/annotation/tags';
import type { ReferenceSpan } from '$lib/annotation/types';

/** The least a highlight needs: where it is and its tag. */
export interface SpanLike {
	start: number;
	end: number;
	tag: Tag;
}

/** The identity of a span within one annotation: `start:end:tag`. */
export function spanKey(span: SpanLike): string {
	return `${span.start}:${span.end}:${span.tag}`;
}

/** Text order: by start, then the longer (enclosing) span first, then the tags' canonical order. */
export function compareSpans(a: SpanLike, b: SpanLike): number {
	return a.start - b.start || b.end - a.end || tagRank(a.tag) - tagRank(b.tag);
}

/** A copy of a span with only the fields a span may have (drops empty notes and empty alsoAccept). */
export function cleanSpan(span: ReferenceSpan): ReferenceSpan {
	const out: ReferenceSpan = { start: span.start, end: span.end, tag: span.tag };
	if (span.note && span.note.trim()) out.note = span.note;
	const also = (span.alsoAccept ?? []).filter(
		(t, i, all) => isTag(t) && t !== span.tag && all.indexOf(t) === i
	);
	if (also.length) out.alsoAccept = also;
	return out;
}

/**
 * The valid spans of `spans` against the canonical `text`, in text order and without duplicates: offsets
 * are integers inside the text, the span covers some non-white-space and crosses no paragraph break.
 */
export function normalizeSpans(spans: readonly unknown[], text: string): ReferenceSpan[] {
	const seen = new Set<string>();
	const out: ReferenceSpan[] = [];
	for (const raw of spans) {
		if (!raw || typeof raw !== 'object') continue;
		const s = raw as ReferenceSpan;
		if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || !isTag(s.tag)) continue;
		if (s.start < 0 || s.end > text.length || s.start >= s.end) continue;
		const covered = text.slice(s.start, s.end);
		if (!covered.trim() || covered.includes('\n')) continue;
		const key = spanKey(s);
		if (seen.has(key)) continue;
		seen.add(key);
		out.push(cleanSpan({ ...s, note: typeof s.note === 'string' ? s.note : undefined }));
	}
	return out.sort(compareSpans);
}

/** Whether two span lists hold the same spans (order, tags, notes and alsoAccept). */
export function sameSpans(a: readonly ReferenceSpan[], b: readonly ReferenceSpan[]): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		const x = a[i];
		const y = b[i];
		if (
			x.start !== y.start ||
			x.end !== y.end ||
			x.tag !== y.tag ||
			(x.note ?? '') !== (y.note ?? '')
		)
			return false;
		if ((x.alsoAccept ?? []).join() !== (y.alsoAccept ?? []).join()) return false;
	}
	return true;
}
