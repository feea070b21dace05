/**
 * The four tags a learner can give a span, in their canonical order (the order DESIGN.md uses for
 * tie-breaks), with the words and signs the app shows for each. Colours live in the design tokens
 * (src/lib/styles/tokens.css, `--tag-<tag>-ink|tint|line`); every tag also has an icon and an underline
 * pattern so colour is never the only signal.
 */

export const TAGS = ['quote', 'claim', 'opinion', 'unclear_sourcing'] as const;

export type Tag = (typeof TAGS)[number];

export interface TagInfo {
	tag: Tag;
	/** The name shown to people. */
	label: string;
	/** A one-character sign drawn before the highlight and on chips. */
	icon: string;
	/** Keys that apply this tag in the annotator (digit and letter). */
	keys: [string, string];
	/** The definition shown to learners. */
	definition: string;
	/** An example from the sample article. */
	example: string;
}

export const TAG_INFO: Record<Tag, TagInfo> = {
	quote: {
		tag: 'quote',
		label: 'Quote',
		icon: '❝',
		keys: ['1', 'q'],
		definition: "Words presented as someone's own words.",
		example: '"we haven\'t yet closed the gaps"'
	},
	claim: {
		tag: 'claim',
		label: 'Claim',
		icon: '◆',
		keys: ['2', 'c'],
		definition:
			'A factual assertion that could be checked, including a paraphrase of what someone said.',
		example: 'the two countries have made practical progress…'
	},
	opinion: {
		tag: 'opinion',
		label: 'Opinion',
		icon: '★',
		keys: ['3', 'o'],
		definition: 'A judgement, interpretation, prediction or rhetorical framing.',
		example: 'Is that possible considering…?'
	},
	unclear_sourcing: {
		tag: 'unclear_sourcing',
		label: 'Unclear sourcing',
		icon: '?',
		keys: ['4', 'u'],
		definition: 'A source that is missing, anonymous or ambiguous.',
		example: 'US officials have said; according to the ministry'
	}
};

/** Whether a value is one of the four tags. */
export function isTag(value: unknown): value is Tag {
	return typeof value === 'string' && (TAGS as readonly string[]).includes(value);
}

/** The position of a tag in the canonical order (quote 0 … unclear_sourcing 3). */
export function tagRank(tag: Tag): number {
	return TAGS.indexOf(tag);
}

/** The tag a key press stands for in the annotator, or null. */
export function tagForKey(key: string): Tag | null {
	const k = key.toLowerCase();
	for (const t of TAGS) if (TAG_INFO[t].keys.includes(k)) return t;
	return null;
}
