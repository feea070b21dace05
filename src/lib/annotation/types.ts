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
