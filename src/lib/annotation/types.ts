/**
 * The shapes shared by every part of Newsmark that handles annotations: spans as learners and
 * instructors make them, and articles as lists of blocks. Offsets are UTF-16 code-unit indices into an
 * article's canonical text (its blocks joined by "\n\n").
 */
import type { Tag } from './tags';

/** A highlighted, tagged stretch of an article's canonical text: `text.slice(start, end)`. */
export interface Span {
	start: number;
	end: number;
	tag: Tag;
	/** The learner's (or, on a reference span, the instructor's rationale) note. */
	note?: string;
}

/** A span of the answer key: may accept a second tag for a genuinely ambiguous span. */
export interface ReferenceSpan extends Span {
	alsoAccept?: Tag[];
}

/** A stored span keeps its quoted text and context so it can be re-anchored if the article changes. */
export interface AnchoredSpan extends ReferenceSpan {
	exact: string;
	prefix: string;
	suffix: string;
}

/** An article as the app holds it: the headline first, then paragraphs. */
export interface ArticleText {
	blocks: string[];
}

/** How a paired or unpaired span came out of the comparison (DESIGN.md, "Outcome"). */
export type Outcome = 'correct' | 'mislabeled' | 'missed' | 'extra';

/** A (reference span, submitted span) pair chosen by the greedy pairing; indices into the input arrays. */
export interface Pair {
	reference: number;
	submitted: number;
	iou: number;
	outcome: 'correct' | 'mislabeled';
}

/** Precision, recall and F1; null where the ratio is over zero. */
export interface Prf {
	precision: number | null;
	recall: number | null;
	f1: number | null;
}

export interface TagScore extends Prf {
	reference: number;
	submitted: number;
	/** Correct pairs whose reference tag is this tag (the numerator of recall). */
	correct: number;
	/**
	 * Correct pairs whose submitted tag is this tag (the numerator of precision). Differs from `correct`
	 * only through alsoAccept. Always set by `compare`; optional so older literals still type-check.
	 */
	correctSubmitted?: number;
}

/** Options of a comparison: the pairing threshold θ and whether a mislabeled span earns half credit. */
export interface ScoringOptions {
	/** θ: the least iou for a candidate pair (default 0.5; 1 means exact boundaries). */
	threshold?: number;
	/** h = 0.5 when true (default), 0 when false. */
	halfCredit?: boolean;
}

/** The full, explainable comparison of one submission with the reference. */
export interface Comparison {
	pairs: Pair[];
	/** Indices of reference spans left unpaired. */
	missed: number[];
	/** Indices of submitted spans left unpaired. */
	extra: number[];
	/** 0–100. */
	grade: number;
	micro: Prf;
	macroF1: number | null;
	perTag: Record<Tag, TagScore>;
	/** Character-level Cohen's κ per tag (null when the text length is not given). */
	kappa: Record<Tag, number | null>;
}
