/**
 * Undo and redo of annotation changes. The document never changes, so prosemirror-history has nothing to
 * record; this plugin keeps its own stacks of span lists instead. Every `set` action of the highlight
 * plugin (unless marked `history: false`) pushes the spans before it, with the action's sentence so undo
 * can say what it undid.
 */
import { Plugin, PluginKey, type Command, type EditorState } from 'prosemirror-state';
import type { ReferenceSpan } from '$lib/annotation/types';
import { getSpans, highlightAction, withAction } from './highlights';
import { messages } from './messages';

interface Entry {
	spans: readonly ReferenceSpan[];
	/** What the change did, e.g. "Tagged 'x' as claim". */
	label: string;
}

class HistoryState {
	constructor(
		readonly done: readonly Entry[],
		readonly undone: readonly Entry[]
	) {}
}

const historyKey = new PluginKey<HistoryState>('newsmark-span-history');

/** The most changes kept for undo. */
export const HISTORY_DEPTH = 500;

/** The plugin recording span changes for undo and redo. */
export function spanHistory(): Plugin {
	return new Plugin<HistoryState>({
		key: historyKey,
		state: {
			init: () => new HistoryState([], []),
			apply(tr, value, oldState) {
				const step = tr.getMeta(historyKey) as 'undo' | 'redo' | undefined;
				const before = getSpans(oldState);
				if (step === 'undo') {
					const entry = value.done[value.done.length - 1];
					return new HistoryState(value.done.slice(0, -1), [
						...value.undone,
						{ spans: before, label: entry.label }
					]);
				}
				if (step === 'redo') {
					const entry = value.undone[value.undone.length - 1];
					return new HistoryState(
						[...value.done, { spans: before, label: entry.label }],
						value.undone.slice(0, -1)
					);
				}
				const action = highlightAction(tr);
				if (action?.type === 'set' && action.resetHistory) return new HistoryState([], []);
				if (action?.type !== 'set' || action.history === false) return value;
				const done = [...value.done, { spans: before, label: action.message ?? 'Change' }];
				return new HistoryState(
					done.length > HISTORY_DEPTH ? done.slice(-HISTORY_DEPTH) : done,
					[]
				);
			}
		}
	});
}

function step(kind: 'undo' | 'redo'): Command {
	return (state, dispatch) => {
		const h = historyKey.getState(state);
		const stack = kind === 'undo' ? h?.done : h?.undone;
		if (!stack || !stack.length) {
			if (dispatch)
				dispatch(
					withAction(state.tr, {
						type: 'notice',
						message: kind === 'undo' ? messages.nothingToUndo : messages.nothingToRedo
					})
				);
			return false;
		}
		const entry = stack[stack.length - 1];
		if (dispatch) {
			const message = kind === 'undo' ? messages.undone(entry.label) : messages.redone(entry.label);
			const tr = withAction(state.tr, { type: 'set', spans: entry.spans, history: false, message });
			dispatch(tr.setMeta(historyKey, kind));
		}
		return true;
	};
}

/** Undo the last change of the spans. */
export const undo: Command = step('undo');

/** Redo the last undone change. */
export const redo: Command = step('redo');

/** How many changes can be undone and redone. */
export function historyDepth(state: EditorState): { undo: number; redo: number } {
	const h = historyKey.getState(state);
	return { undo: h?.done.length ?? 0, redo: h?.undone.length ?? 0 };
}
