/**
 * Types of the annotator's public API.
 */
import type { Tag } from '$lib/annotation/tags';

/**
 * What the annotator is for: a learner annotating, an instructor writing the reference (notes are
 * rationales, spans may also accept other tags), or one of the read-only views: `view` (spans drawn as in
 * annotate mode, optionally with an outcome each), `comparison`, `heatmap`.
 */
export type AnnotatorMode = 'annotate' | 'reference' | 'view' | 'comparison' | 'heatmap';

/** Per tag, per character of the canonical text: how many learners tagged it. */
export type HeatCounts = Record<Tag, ArrayLike<number>>;
