/**
 * The class picture of an assignment: where learners tagged (heatmap), how well they agree (α per tag),
 * which reference spans they missed most, how tags were confused, how grades and per-tag F1 spread, and
 * stretches most learners tagged that the key leaves out.
 */
import {
	classAgreement,
	confusionMatrix,
	heatmap,
	referenceTallies,
	type ConfusionMatrix
} from '$lib/annotation/agreement';
import { keyGaps, type KeyGap } from '$lib/annotation/gaps';
import { TAGS, type Tag } from '$lib/annotation/tags';
import type { AnchoredSpan, Comparison, Span } from '$lib/annotation/types';
import type { Assignment } from './assignments';
import { getReference } from './articles';
import { db } from './db';
import { gradebook } from './gradebook';

export interface MissedSpan {
	index: number;
	start: number;
	end: number;
	tag: Tag;
	note: string | null;
	missed: number;
	mislabeled: number;
	correct: number;
}

export interface Insights {
	learners: number;
	submitted: number;
	counts: Record<Tag, number[]>;
	alpha: Record<Tag, number | null>;
	alphaReading: Record<Tag, string>;
	mostMissed: MissedSpan[];
	confusion: ConfusionMatrix;
	/** Learners per grade band: [0,10), [10,20) … [90,100]. */
	gradeBands: number[];
	/** Per tag, learners per F1 band: [0,0.2) … [0.8,1]; learners without an F1 for the tag left out. */
	f1Bands: Record<Tag, number[]>;
	meanGrade: number | null;
	gaps: KeyGap[];
}

/** What a reliability α means, in one line (Krippendorff's usual thresholds 0.8 and 0.667). */
export function readAlpha(alpha: number | null): string {
	if (alpha === null) return 'Not enough data yet: α needs at least two submissions that differ.';
	if (alpha >= 0.8) return 'Strong agreement: learners mark these spans in much the same places.';
	if (alpha >= 0.667)
		return 'Fair agreement: learners mostly agree, with some spread worth a look.';
	if (alpha >= 0.2)
		return 'Weak agreement: learners read this tag differently; it may need more teaching.';
	return 'Little agreement beyond chance: learners do not share a sense of this tag yet.';
}

function bands(values: number[], width: number, count: number): number[] {
	const out = new Array(count).fill(0);
	for (const v of values) out[Math.min(count - 1, Math.floor(v / width))]++;
	return out;
}

/** Computes the class picture from the latest submissions. */
export async function insights(
	assignment: Assignment
): Promise<Insights & { reference: AnchoredSpan[]; text: string }> {
	const [book, reference] = await Promise.all([
		gradebook(assignment),
		getReference(db(), assignment.articleId)
	]);
	const submittedRows = book.rows.filter((r) => r.status === 'submitted');
	const spans: Span[][] = submittedRows.map((r) => book.submissions.get(r.userId)!.spans);
	const comparisons: Comparison[] = submittedRows.map((r) => book.comparisons.get(r.userId)!);
	const counts = heatmap(book.text.length, spans);
	const { alpha } = classAgreement(book.text.length, spans, counts);
	const tallies = referenceTallies(reference.spans.length, comparisons);
	const mostMissed = reference.spans
		.map((s, index) => ({
			index,
			start: s.start,
			end: s.end,
			tag: s.tag,
			note: s.note ?? null,
			...tallies[index]
		}))
		.filter((m) => m.missed + m.mislabeled > 0)
		.sort((a, b) => b.missed - a.missed || b.mislabeled - a.mislabeled || a.start - b.start)
		.slice(0, 8);
	const grades = submittedRows.map((r) => r.grade!);
	const f1Bands = Object.fromEntries(
		TAGS.map((t) => [
			t,
			bands(
				submittedRows
					.map((r) => r.perTagF1?.[t])
					.filter((x): x is number => x !== null && x !== undefined),
				0.2,
				5
			)
		])
	) as Record<Tag, number[]>;
	return {
		learners: book.rows.length,
		submitted: submittedRows.length,
		counts: Object.fromEntries(TAGS.map((t) => [t, Array.from(counts[t])])) as Record<
			Tag,
			number[]
		>,
		alpha,
		alphaReading: Object.fromEntries(TAGS.map((t) => [t, readAlpha(alpha[t])])) as Record<
			Tag,
			string
		>,
		mostMissed,
		confusion: confusionMatrix(reference.spans, spans, comparisons),
		gradeBands: bands(grades, 10, 10),
		f1Bands,
		meanGrade: grades.length ? grades.reduce((a, b) => a + b, 0) / grades.length : null,
		gaps: keyGaps(book.text, reference.spans, counts, spans.length),
		reference: reference.spans,
		text: book.text
	};
}
