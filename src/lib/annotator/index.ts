/**
 * The annotation surface: the Svelte component and the pieces it is made of, for pages and tests.
 */
export { default as Annotator } from './Annotator.svelte';
export type { AnnotatorMode } from './types';
export { schema, docFromBlocks } from './schema';
export { TextOffsets, canonicalText } from './offsets';
export { snapToWords, wordAt, isWordChar } from './words';
export { spanKey, compareSpans, normalizeSpans, sameSpans } from './spans';
export { comparisonItems, OUTCOMES, OUTCOME_INFO, type ComparisonItem } from './outcomes';
