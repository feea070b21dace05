/**
 * Everything the annotator needs from ProseMirror at run time, in one module that pages load on demand
 * (see load-editor.ts): the page paints the server-drawn article and becomes interactive first, and the
 * editor (ProseMirror and the plugins) arrives in its own chunk. Annotator.svelte imports only types from
 * here; nothing else in the annotator's Svelte parts may import ProseMirror at run time.
 */
import { EditorState } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import type { ReferenceSpan } from '$lib/annotation/types';
import type { ComparisonItem } from './outcomes';
import type { TextOffsets } from './offsets';
import type { AnnotatorMode, HeatCounts } from './types';
import { docFromBlocks } from './schema';
import { highlights } from './highlights';
import { spanHistory } from './history';
import { readOnlyText } from './readonly';
import { bylineWidget } from './byline';
import { annotatorKeys } from './keys';
import { overlay } from './overlay';
import {
	comparisonDecorations,
	heatmapDecorations,
	viewDecorations,
	type SpanOutcomes
} from './decorations';

export { TextSelection } from 'prosemirror-state';
export { EditorView } from 'prosemirror-view';
export {
	getSpans,
	getSelectedKey,
	highlightAction,
	setSpans,
	tagSelection,
	retagSpan,
	removeSpan,
	setNote,
	setAlsoAccept,
	selectSpan,
	clearSpans,
	announce
} from './highlights';
export { undo, redo, historyDepth } from './history';
export { setActive, getActive } from './overlay';

/** What the annotator's editor state is made of: the article and its mode's inputs. */
export interface StateInputs {
	blocks: readonly string[];
	headingLevel: 1 | 2 | 3;
	byline?: string;
	mode: AnnotatorMode;
	/** Annotate and reference: the spans to start with; view: the spans drawn. */
	spans: readonly ReferenceSpan[];
	/** View mode: an outcome per span. */
	outcomes?: SpanOutcomes;
	/** Comparison mode: the items of the comparison (see outcomes.ts). */
	items: readonly ComparisonItem[];
	/** Heatmap mode: per tag, per character, how many learners tagged it; and how many learners. */
	counts: HeatCounts | null;
	learners: number;
}

/**
 * The editor state for an article in one mode: the editable modes (annotate, reference) carry the spans,
 * their history and the keys; the read-only modes draw an overlay computed from their inputs.
 */
export function createState(inputs: StateInputs): EditorState {
	const doc = docFromBlocks(inputs.blocks, inputs.headingLevel);
	const extra = inputs.byline ? [bylineWidget(inputs.byline)] : [];
	const { mode } = inputs;
	if (mode === 'annotate' || mode === 'reference') {
		return EditorState.create({
			doc,
			plugins: [
				readOnlyText(),
				highlights({ spans: inputs.spans }),
				spanHistory(),
				annotatorKeys(),
				...extra
			]
		});
	}
	let draw: (offsets: TextOffsets, active: string | null) => Decoration[];
	if (mode === 'view') {
		const { spans, outcomes } = inputs;
		draw = (offsets, active) => viewDecorations(offsets, spans, outcomes, active);
	} else if (mode === 'comparison') {
		const { items } = inputs;
		draw = (offsets, active) => comparisonDecorations(offsets, items, active);
	} else {
		const { counts, learners } = inputs;
		draw = (offsets) => (counts ? heatmapDecorations(offsets, counts, learners) : []);
	}
	return EditorState.create({ doc, plugins: [readOnlyText(), overlay(draw), ...extra] });
}
