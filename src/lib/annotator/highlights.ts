/**
 * The highlight plugin: the spans of an annotation live in plugin state, drawn as decorations; the
 * document itself never changes. Shaped like prosemirror-search: a private PluginKey, an immutable state
 * holding a DecorationSet, and small exported functions and commands. Every change of the spans is a
 * transaction carrying a `set` action with a human sentence (`message`), which the history plugin records
 * and the component announces. The "selected" span is the one chosen from the list, or the innermost span
 * under the caret, or the span whose extent the selection covers exactly.
 */
import {
	Plugin,
	PluginKey,
	TextSelection,
	type Command,
	type EditorState,
	type Transaction
} from 'prosemirror-state';
import { DecorationSet } from 'prosemirror-view';
import type { Tag } from '$lib/annotation/tags';
import type { ReferenceSpan } from '$lib/annotation/types';
import { TextOffsets } from './offsets';
import { snapToWords } from './words';
import { cleanSpan, compareSpans, normalizeSpans, spanKey } from './spans';
import { spanDecorations } from './decorations';
import { messages } from './messages';

class HighlightState {
	constructor(
		readonly spans: readonly ReferenceSpan[],
		readonly selected: string | null,
		readonly deco: DecorationSet,
		/** Per block, what is drawn there (see `signatures`): only blocks whose signature changes are redrawn. */
		readonly drawn: readonly string[]
	) {}
}

/** What a highlight transaction does. */
export type HighlightAction =
	| {
			type: 'set';
			spans: readonly ReferenceSpan[];
			/** Recorded for undo unless false. */
			history?: boolean;
			/** Forget the undo history (the spans were replaced from outside). */
			resetHistory?: boolean;
			/** The span to select afterwards (a key), or null for none; kept as is when absent. */
			select?: string | null;
			message?: string;
	  }
	| { type: 'select'; key: string | null }
	| { type: 'notice'; message: string; refused?: boolean };

const highlightKey = new PluginKey<HighlightState>('newsmark-highlights');

/** Per block: the spans drawn in it (key and note, the selected one starred) and the spans themselves. */
function signatures(
	offsets: TextOffsets,
	spans: readonly ReferenceSpan[],
	selected: string | null
) {
	const drawn = new Array<string>(offsets.blockCount).fill('');
	const byBlock: ReferenceSpan[][] = Array.from({ length: offsets.blockCount }, () => []);
	for (const s of spans) {
		const b = offsets.blockAt(s.start);
		if (b < 0) continue;
		const key = spanKey(s);
		drawn[b] += `${key}${key === selected ? '*' : ''}${s.note ? '|' + s.note : ''};`;
		byBlock[b].push(s);
	}
	return { drawn, byBlock };
}

/** The state for `spans`, redrawing only the blocks whose highlights changed since `prev`. */
function draw(
	state: EditorState,
	spans: readonly ReferenceSpan[],
	selected: string | null,
	prev?: HighlightState
): HighlightState {
	const offsets = TextOffsets.of(state.doc);
	const { drawn, byBlock } = signatures(offsets, spans, selected);
	if (!prev) {
		const deco = DecorationSet.create(state.doc, spanDecorations(offsets, spans, selected));
		return new HighlightState(spans, selected, deco, drawn);
	}
	let deco = prev.deco;
	for (let b = 0; b < drawn.length; b++) {
		if (drawn[b] === prev.drawn[b]) continue;
		const from = offsets.positions[b];
		const to = from + offsets.lengths[b];
		const old = deco.find(from, to).filter((d) => d.from >= from && d.to <= to);
		deco = deco.remove(old).add(state.doc, spanDecorations(offsets, byBlock[b], selected));
	}
	return new HighlightState(spans, selected, deco, drawn);
}

/** The span the current selection points at: innermost under the caret, or exactly covered. */
function selectedBySelection(
	state: EditorState,
	spans: readonly ReferenceSpan[],
	prev: string | null
) {
	const offsets = TextOffsets.of(state.doc);
	const { from, to, empty } = state.selection;
	const a = offsets.toOffset(from);
	const b = offsets.toOffset(to);
	if (!empty) {
		const exact = spans.filter((s) => s.start === a && s.end === b);
		if (!exact.length) return null;
		return exact.find((s) => spanKey(s) === prev) ? prev : spanKey(exact[0]);
	}
	let best: ReferenceSpan | null = null;
	for (const s of spans) {
		if (s.start > a) break;
		if (s.end < a) continue;
		if (
			!best ||
			s.end - s.start < best.end - best.start ||
			(s.end - s.start === best.end - best.start && s.start >= best.start)
		)
			best = s;
	}
	return best ? spanKey(best) : null;
}

/** Options of the highlight plugin. */
export interface HighlightOptions {
	/** The spans to start with (cleaned and sorted). */
	spans?: readonly ReferenceSpan[];
}

/** The plugin holding the spans of one annotation and drawing them. */
export function highlights(options: HighlightOptions = {}): Plugin {
	return new Plugin<HighlightState>({
		key: highlightKey,
		state: {
			init(_config, state) {
				const spans = normalizeSpans(options.spans ?? [], TextOffsets.of(state.doc).text);
				return draw(state, spans, null);
			},
			apply(tr, value, _old, state) {
				const action = tr.getMeta(highlightKey) as HighlightAction | undefined;
				if (action?.type === 'set') {
					const spans = action.spans;
					let selected = action.select !== undefined ? action.select : value.selected;
					if (selected && !spans.some((s) => spanKey(s) === selected)) selected = null;
					if (selected === null && action.select === undefined)
						selected = selectedBySelection(state, spans, null);
					return draw(state, spans, selected, value);
				}
				let selected = value.selected;
				if (action?.type === 'select') selected = action.key;
				else if (tr.selectionSet)
					selected = selectedBySelection(state, value.spans, value.selected);
				if (selected === value.selected) return value;
				return draw(state, value.spans, selected, value);
			}
		},
		props: {
			decorations: (state) => highlightKey.getState(state)?.deco
		}
	});
}

/** The spans of the annotation, in text order. */
export function getSpans(state: EditorState): readonly ReferenceSpan[] {
	return highlightKey.getState(state)?.spans ?? [];
}

/** The key of the selected span, or null. */
export function getSelectedKey(state: EditorState): string | null {
	return highlightKey.getState(state)?.selected ?? null;
}

/** The selected span, or null. */
export function getSelectedSpan(state: EditorState): ReferenceSpan | null {
	const key = getSelectedKey(state);
	return key ? (getSpans(state).find((s) => spanKey(s) === key) ?? null) : null;
}

/** The drawn highlights (for tests and benchmarks). */
export function getHighlightDecorations(state: EditorState): DecorationSet {
	return highlightKey.getState(state)?.deco ?? DecorationSet.empty;
}

/** The action a transaction carries, if any. */
export function highlightAction(tr: Transaction): HighlightAction | undefined {
	return tr.getMeta(highlightKey) as HighlightAction | undefined;
}

/** Add an action to a transaction. */
export function withAction(tr: Transaction, action: HighlightAction): Transaction {
	return tr.setMeta(highlightKey, action);
}

/**
 * Replace the spans (cleaned and sorted first). `history: false` keeps the change out of undo;
 * `resetHistory` also forgets what could be undone, as when spans are loaded from storage.
 */
export function setSpans(
	tr: Transaction,
	spans: readonly ReferenceSpan[],
	options: {
		history?: boolean;
		resetHistory?: boolean;
		message?: string;
		select?: string | null;
	} = {}
): Transaction {
	const clean = normalizeSpans(spans, TextOffsets.of(tr.doc).text);
	return withAction(tr, { type: 'set', spans: clean, ...options });
}

function textOf(state: EditorState, span: { start: number; end: number }) {
	return TextOffsets.of(state.doc).text.slice(span.start, span.end);
}

function notice(message: string, refused = false): Command {
	return (state, dispatch) => {
		if (dispatch) dispatch(withAction(state.tr, { type: 'notice', message, refused }));
		return true;
	};
}

function change(
	state: EditorState,
	spans: ReferenceSpan[],
	message: string,
	select?: string | null
): Transaction {
	return withAction(state.tr, { type: 'set', spans: spans.sort(compareSpans), message, select });
}

/** Select a span by key (or none): sets the editor selection to its extent and scrolls to it. */
export function selectSpan(key: string | null): Command {
	return (state, dispatch) => {
		const span = key ? getSpans(state).find((s) => spanKey(s) === key) : null;
		if (key && !span) return false;
		if (dispatch) {
			let tr = state.tr;
			if (span) {
				const offsets = TextOffsets.of(state.doc);
				tr = tr.setSelection(
					TextSelection.create(state.doc, offsets.toPos(span.start, 1), offsets.toPos(span.end))
				);
				tr = tr.scrollIntoView();
			}
			dispatch(withAction(tr, { type: 'select', key }));
		}
		return true;
	};
}

/** Retag a span; refused when the same words already carry that tag. */
export function retagSpan(key: string, tag: Tag): Command {
	return (state, dispatch) => {
		const spans = getSpans(state);
		const span = spans.find((s) => spanKey(s) === key);
		if (!span) return false;
		const text = textOf(state, span);
		if (span.tag === tag) return notice(messages.alreadyTagged(text, tag))(state, dispatch);
		const moved = cleanSpan({ ...span, tag });
		if (spans.some((s) => spanKey(s) === spanKey(moved)))
			return notice(messages.alreadyTagged(text, tag), true)(state, dispatch);
		if (dispatch) {
			const next = spans.map((s) => (s === span ? moved : s));
			dispatch(change(state, next, messages.retagged(text, span.tag, tag), spanKey(moved)));
		}
		return true;
	};
}

/**
 * Tag what the person pointed at. With a selected span (the caret inside it, or a selection covering it
 * exactly) this retags it; otherwise the selection, snapped to whole words, becomes a new span. An empty
 * selection or one across a paragraph break is refused with a message.
 */
export function tagSelection(tag: Tag): Command {
	return (state, dispatch) => {
		const selected = getSelectedKey(state);
		if (selected) return retagSpan(selected, tag)(state, dispatch);
		const offsets = TextOffsets.of(state.doc);
		const { from, to } = state.selection;
		const snap = snapToWords(offsets.text, offsets.toOffset(from), offsets.toOffset(to));
		if (!snap.ok) {
			const message =
				snap.reason === 'crosses-paragraph' ? messages.crossesParagraph : messages.emptySelection;
			return notice(message, true)(state, dispatch);
		}
		const span: ReferenceSpan = { start: snap.start, end: snap.end, tag };
		const spans = getSpans(state);
		const text = textOf(state, span);
		if (spans.some((s) => spanKey(s) === spanKey(span)))
			return notice(messages.alreadyTagged(text, tag), true)(state, dispatch);
		if (dispatch) {
			const tr = change(state, [...spans, span], messages.tagged(text, tag), spanKey(span));
			tr.setSelection(TextSelection.create(tr.doc, offsets.toPos(span.end)));
			dispatch(tr);
		}
		return true;
	};
}

/** Delete a span (the selected one when no key is given). */
export function removeSpan(key?: string): Command {
	return (state, dispatch) => {
		const k = key ?? getSelectedKey(state);
		const spans = getSpans(state);
		const span = k ? spans.find((s) => spanKey(s) === k) : undefined;
		if (!span) return false;
		if (dispatch) {
			const next = spans.filter((s) => s !== span);
			dispatch(change(state, next, messages.removed(textOf(state, span), span.tag), null));
		}
		return true;
	};
}

/** Set (or, with an empty string, remove) a span's note. */
export function setNote(key: string, note: string): Command {
	return (state, dispatch) => {
		const spans = getSpans(state);
		const span = spans.find((s) => spanKey(s) === key);
		if (!span) return false;
		const value = note.trim() ? note.trim() : undefined;
		if ((span.note ?? undefined) === value) return false;
		if (dispatch) {
			const next = spans.map((s) => (s === span ? cleanSpan({ ...s, note: value }) : s));
			const text = textOf(state, span);
			dispatch(
				change(state, next, value ? messages.noteSaved(text) : messages.noteRemoved(text), key)
			);
		}
		return true;
	};
}

/** Set the tags a reference span also accepts (reference mode). */
export function setAlsoAccept(key: string, tags: readonly Tag[]): Command {
	return (state, dispatch) => {
		const spans = getSpans(state);
		const span = spans.find((s) => spanKey(s) === key);
		if (!span) return false;
		const next = cleanSpan({ ...span, alsoAccept: [...tags] });
		if ((next.alsoAccept ?? []).join() === (span.alsoAccept ?? []).join()) return false;
		if (dispatch) {
			const all = spans.map((s) => (s === span ? next : s));
			dispatch(
				change(state, all, messages.accepted(textOf(state, span), next.alsoAccept ?? []), key)
			);
		}
		return true;
	};
}

/** Remove every span (undoable). */
export const clearSpans: Command = (state, dispatch) => {
	const count = getSpans(state).length;
	if (!count) return false;
	if (dispatch) dispatch(change(state, [], messages.cleared(count), null));
	return true;
};

/** Say something without changing anything (a refusal or a hint). */
export function announce(message: string, refused = false): Command {
	return notice(message, refused);
}
