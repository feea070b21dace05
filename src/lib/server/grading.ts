/**
 * Scoring submissions of an assignment against its reference with the assignment's options, through
 * the comparison engine; the instructor's override, when there is one, is the grade that counts.
 */
import { compare, prepareReference } from '$lib/annotation/compare';
import type { Comparison, ReferenceSpan, Span } from '$lib/annotation/types';
import type { Assignment } from './assignments';
import type { Submission } from './submissions';

export interface Scored {
	comparison: Comparison;
	/** The engine's grade (0–100). */
	computedGrade: number;
	/** The grade that counts: the override when set, else the computed one. */
	grade: number;
	overridden: boolean;
}

/** A scorer for many submissions of one assignment (the reference is prepared once). */
export function scorer(
	assignment: Assignment,
	reference: readonly ReferenceSpan[],
	textLength: number
) {
	const prepared = prepareReference(reference);
	const options = {
		threshold: assignment.threshold,
		halfCredit: assignment.halfCredit,
		textLength
	};
	return (spans: readonly Span[], override: number | null = null): Scored => {
		const comparison = compare(prepared, spans, options);
		return {
			comparison,
			computedGrade: comparison.grade,
			grade: override ?? comparison.grade,
			overridden: override !== null
		};
	};
}

/** Scores one submission. */
export function scoreSubmission(
	assignment: Assignment,
	reference: readonly ReferenceSpan[],
	textLength: number,
	submission: Pick<Submission, 'spans' | 'gradeOverride'>
): Scored {
	return scorer(assignment, reference, textLength)(submission.spans, submission.gradeOverride);
}
