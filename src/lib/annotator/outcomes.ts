/**
 * How the comparison view names and signs the four outcomes of DESIGN.md's "Comparing a submission with
 * the reference" (colours come from the design tokens `--outcome-<outcome>-ink|tint`), and the flat list
 * of items it draws: one per reference span (correct, mislabeled or missed, at the reference's extent) and
 * one per extra submitted span.
 */
import type { Tag } from '$lib/annotation/tags';
import type { Comparison, Outcome, ReferenceSpan, Span } from '$lib/annotation/types';

export interface OutcomeInfo {
	label: string;
	icon: string;
	/** One sentence for the legend. */
	description: string;
}

/** The four outcomes in the order the legend shows them. */
export const OUTCOMES: readonly Outcome[] = ['correct', 'mislabeled', 'missed', 'extra'];

export const OUTCOME_INFO: Record<Outcome, OutcomeInfo> = {
	correct: {
		label: 'Correct',
		icon: '✓',
		description: 'You found this span and tagged it as the key does.'
	},
	mislabeled: {
		label: 'Mislabeled',
		icon: '≠',
		description: 'You found this span but gave it a different tag.'
	},
	missed: {
		label: 'Missed',
		icon: '○',
		description: 'The answer key tags this span; you did not.'
	},
	extra: { label: 'Extra', icon: '+', description: 'You tagged this; the answer key does not.' }
};

/** One highlight of the comparison view. */
export interface ComparisonItem {
	/** `r<i>` for a reference span, `s<j>` for an extra submitted span. */
	key: string;
	start: number;
	end: number;
	/** The reference's tag, or the submitted tag for an extra span. */
	tag: Tag;
	outcome: Outcome;
	/** The reference span (correct, mislabeled, missed). */
	reference?: ReferenceSpan;
	/** The learner's span (correct, mislabeled, extra). */
	submitted?: Span;
	/** Overlap of a pair (intersection over union). */
	iou?: number;
}

/** The items to draw for a comparison of `submitted` with `reference`, in text order. */
export function comparisonItems(
	reference: readonly ReferenceSpan[],
	submitted: readonly Span[],
	comparison: Comparison
): ComparisonItem[] {
	const items: ComparisonItem[] = [];
	for (const p of comparison.pairs) {
		const r = reference[p.reference];
		const s = submitted[p.submitted];
		if (!r || !s) continue;
		items.push({
			key: `r${p.reference}`,
			start: r.start,
			end: r.end,
			tag: r.tag,
			outcome: p.outcome,
			reference: r,
			submitted: s,
			iou: p.iou
		});
	}
	for (const i of comparison.missed) {
		const r = reference[i];
		if (r)
			items.push({
				key: `r${i}`,
				start: r.start,
				end: r.end,
				tag: r.tag,
				outcome: 'missed',
				reference: r
			});
	}
	for (const j of comparison.extra) {
		const s = submitted[j];
		if (s)
			items.push({
				key: `s${j}`,
				start: s.start,
				end: s.end,
				tag: s.tag,
				outcome: 'extra',
				submitted: s
			});
	}
	return items.sort((a, b) => a.start - b.start || b.end - a.end || a.key.localeCompare(b.key));
}
