/**
 * Drawing spans as decorations. Every highlight is an inline decoration rendered as a `<mark>` carrying
 * `data-tag`. Overlapping spans stay readable because they are cut into fragments at every span boundary
 * and, within a fragment, nested by layer: a span inside another gets a higher layer, its mark sits inside
 * the outer one and draws its underline at a larger offset (annotator.css), so no colours are mixed. The
 * first fragment of a span carries the tag's icon and the words a screen reader announces ("Claim: …"),
 * the last one the end marker. Heatmap runs are merged where the per-tag counts stay equal.
 */
import { Decoration, type DecorationAttrs } from 'prosemirror-view';
import { TAGS, TAG_INFO, type Tag } from '$lib/annotation/tags';
import type { Outcome, ReferenceSpan } from '$lib/annotation/types';
import type { TextOffsets } from './offsets';
import { spanKey } from './spans';
import { OUTCOME_INFO, type ComparisonItem } from './outcomes';

/** Anything with a start and an end offset. */
export interface Extent {
	start: number;
	end: number;
}

/** Where a fragment sits within its span. */
export interface FragmentPart {
	/** 0 for a span inside no other, higher for spans nested (or crossing) inside others. */
	layer: number;
	first: boolean;
	last: boolean;
}

/** The deepest layer that gets its own style; deeper spans are drawn like this one. */
export const MAX_LAYER = 3;

/**
 * The layer of each item: one more than the deepest item that contains it, and never the layer of an
 * item it overlaps, so nested spans nest and crossing spans never share a line.
 */
export function assignLayers(items: readonly Extent[]): number[] {
	const order = items
		.map((_, i) => i)
		.sort((a, b) => items[a].start - items[b].start || items[b].end - items[a].end);
	const layers = new Array<number>(items.length).fill(0);
	let active: number[] = [];
	for (const i of order) {
		const { start, end } = items[i];
		active = active.filter((j) => items[j].end > start);
		let min = 0;
		const used = new Set<number>();
		for (const j of active) {
			used.add(layers[j]);
			if (items[j].start <= start && items[j].end >= end) min = Math.max(min, layers[j] + 1);
		}
		let layer = min;
		while (used.has(layer)) layer++;
		layers[i] = layer;
		active.push(i);
	}
	return layers;
}

/**
 * Inline decorations for `items`, cut at every boundary of every item; within a fragment the deepest layer
 * comes first, which ProseMirror draws innermost. `attrs` gives each fragment's attributes.
 */
export function fragmentDecorations<T extends Extent>(
	offsets: TextOffsets,
	items: readonly T[],
	attrs: (item: T, index: number, part: FragmentPart) => DecorationAttrs
): Decoration[] {
	const live = items.map((_, i) => i).filter((i) => items[i].end > items[i].start);
	if (!live.length) return [];
	const layers = assignLayers(items);
	const order = live.sort((a, b) => items[a].start - items[b].start);
	const bounds = new Set<number>();
	for (const i of order) bounds.add(items[i].start).add(items[i].end);
	const points = [...bounds].sort((a, b) => a - b);
	const out: Decoration[] = [];
	let active: number[] = [];
	let next = 0;
	for (let k = 0; k < points.length - 1; k++) {
		const from = points[k];
		const to = points[k + 1];
		active = active.filter((i) => items[i].end > from);
		let added = false;
		while (next < order.length && items[order[next]].start <= from) {
			active.push(order[next++]);
			added = true;
		}
		if (added) active.sort((a, b) => layers[b] - layers[a] || items[a].start - items[b].start);
		if (!active.length) continue;
		const pFrom = offsets.toPos(from, 1);
		const pTo = offsets.toPos(to, -1);
		if (pTo <= pFrom) continue;
		for (const i of active) {
			const item = items[i];
			const part = { layer: layers[i], first: item.start === from, last: item.end === to };
			out.push(Decoration.inline(pFrom, pTo, attrs(item, i, part)));
		}
	}
	return out;
}

/** The attributes of one fragment of a learner's or instructor's span. */
export function spanAttrs(
	span: ReferenceSpan,
	part: FragmentPart,
	selected: boolean
): DecorationAttrs {
	const info = TAG_INFO[span.tag];
	const attrs: DecorationAttrs = {
		nodeName: 'mark',
		class: 'nm-hl',
		'data-tag': span.tag,
		'data-key': spanKey(span),
		'data-layer': String(Math.min(part.layer, MAX_LAYER)),
		title: span.note ? `${info.label}: ${span.note}` : info.label
	};
	if (part.first) {
		attrs['data-first'] = '';
		attrs['data-icon'] = info.icon;
		attrs['data-sr'] = `${info.label}: `;
	}
	if (part.last) {
		attrs['data-last'] = '';
		attrs['data-sr-end'] = ` (end of ${info.label.toLowerCase()})`;
	}
	if (selected) attrs['data-selected'] = '';
	return attrs;
}

/** Decorations for the spans of the annotate and reference modes; `selected` is a span key. */
export function spanDecorations(
	offsets: TextOffsets,
	spans: readonly ReferenceSpan[],
	selected: string | null
): Decoration[] {
	return fragmentDecorations(offsets, spans, (span, _i, part) =>
		spanAttrs(span, part, selected !== null && spanKey(span) === selected)
	);
}

/** An outcome per span, keyed by index into the spans (view mode). */
export type SpanOutcomes = Readonly<Record<number, Outcome | undefined>>;

/**
 * Decorations for the read-only view mode: each span drawn as in annotate mode (tag tint, line, icon,
 * screen-reader words), plus, where `outcomes` gives one, its outcome as `data-outcome`, its sign before
 * the tag's icon and its word in what a screen reader reads ("Missed, quote: "). `active` is a span key.
 */
export function viewDecorations(
	offsets: TextOffsets,
	spans: readonly ReferenceSpan[],
	outcomes: SpanOutcomes | undefined,
	active: string | null
): Decoration[] {
	return fragmentDecorations(offsets, spans, (span, i, part) => {
		const attrs = spanAttrs(span, part, active !== null && spanKey(span) === active);
		const o = outcomes?.[i];
		if (!o) return attrs;
		const outcome = OUTCOME_INFO[o];
		const tag = TAG_INFO[span.tag];
		attrs['data-outcome'] = o;
		attrs.title = `${outcome.label}: ${attrs.title}`;
		if (part.first) {
			attrs['data-icon'] = `${outcome.icon}${tag.icon}`;
			attrs['data-sr'] = `${outcome.label}, ${tag.label.toLowerCase()}: `;
		}
		return attrs;
	});
}

/** Decorations for the comparison mode; `active` is the key of the item shown with its rationale. */
export function comparisonDecorations(
	offsets: TextOffsets,
	items: readonly ComparisonItem[],
	active: string | null
): Decoration[] {
	return fragmentDecorations(offsets, items, (item, _i, part) => {
		const outcome = OUTCOME_INFO[item.outcome];
		const tag = TAG_INFO[item.tag];
		const attrs: DecorationAttrs = {
			nodeName: 'mark',
			class: 'nm-hl nm-outcome',
			'data-tag': item.tag,
			'data-outcome': item.outcome,
			'data-key': item.key,
			'data-layer': String(Math.min(part.layer, MAX_LAYER)),
			title: `${outcome.label}: ${tag.label}`
		};
		if (part.first) {
			attrs['data-first'] = '';
			attrs['data-icon'] = `${outcome.icon}${tag.icon}`;
			attrs['data-sr'] = `${outcome.label}, ${tag.label.toLowerCase()}: `;
		}
		if (part.last) {
			attrs['data-last'] = '';
			attrs['data-sr-end'] = ` (end of ${tag.label.toLowerCase()})`;
		}
		if (item.key === active) attrs['data-selected'] = '';
		return attrs;
	});
}

/** The accessible description of one heatmap run, e.g. "7 of 20 learners tagged this as claim". */
export function heatDescription(values: readonly number[], learners: number): string {
	const parts: string[] = [];
	TAGS.forEach((t, i) => {
		if (values[i] > 0)
			parts.push(
				`${values[i]} of ${learners} learners tagged this as ${TAG_INFO[t].label.toLowerCase()}`
			);
	});
	return parts.join('; ');
}

/**
 * Decorations for the heatmap: one mark per run of characters whose per-tag counts are all equal, with the
 * share of learners per tag as CSS variables (`--heat-<tag>`, 0–1), the most chosen tag as `data-tag` and
 * an accessible description.
 */
export function heatmapDecorations(
	offsets: TextOffsets,
	counts: Record<Tag, ArrayLike<number>>,
	learners: number
): Decoration[] {
	const out: Decoration[] = [];
	const columns = TAGS.map((t) => counts[t] ?? []);
	const total = Math.max(1, learners);
	const at = (o: number) => columns.map((c) => (o < c.length ? Number(c[o]) || 0 : 0));
	for (let b = 0; b < offsets.blockCount; b++) {
		const start = offsets.starts[b];
		const end = start + offsets.lengths[b];
		let runStart = start;
		let run = at(start);
		for (let o = start + 1; o <= end; o++) {
			const cur = o < end ? at(o) : null;
			if (cur && cur.every((v, i) => v === run[i])) continue;
			if (run.some((v) => v > 0)) {
				let top = 0;
				for (let i = 1; i < run.length; i++) if (run[i] > run[top]) top = i;
				// Shares of learners per tag; a band is never fainter than 25% so one learner still shows.
				const share = (v: number) => Math.min(1, v / total);
				const style = TAGS.map((t, i) =>
					run[i] > 0 ? `--heat-${t}:${(0.25 + 0.75 * share(run[i])).toFixed(3)}` : ''
				)
					.filter(Boolean)
					.concat(`--heat-top:${share(run[top]).toFixed(3)}`)
					.join(';');
				const description = heatDescription(run, learners);
				out.push(
					Decoration.inline(offsets.toPos(runStart), offsets.toPos(o), {
						nodeName: 'mark',
						class: 'nm-heat',
						'data-tag': TAGS[top],
						'data-count': String(run[top]),
						style,
						title: description,
						'aria-description': description
					})
				);
			}
			runStart = o;
			if (cur) run = cur;
		}
	}
	return out;
}
