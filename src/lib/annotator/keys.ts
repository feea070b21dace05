/**
 * The annotator's keyboard: `1`–`4` and `q` `c` `o` `u` tag the selection (or retag the selected span),
 * Delete and Backspace remove the selected span, Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a
 * Mac), Escape collapses the selection. Every other key that would type is swallowed by readonly.ts;
 * arrow keys, Shift and Ctrl/Alt selection stay with the browser.
 */
import { Plugin, TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { tagForKey } from '$lib/annotation/tags';
import { removeSpan, tagSelection, getSelectedKey, announce } from './highlights';
import { redo, undo } from './history';

/**
 * Brings ProseMirror's selection up to the browser's. ProseMirror learns of a new selection from
 * `selectionchange`, which Chromium can deliver after the next key: a tag key pressed right after
 * Shift+arrows would otherwise act on the selection of a keypress earlier.
 */
function syncSelection(view: EditorView): void {
	const sel = view.dom.ownerDocument.getSelection();
	if (!sel?.anchorNode || !sel.focusNode) return;
	if (!view.dom.contains(sel.anchorNode) || !view.dom.contains(sel.focusNode)) return;
	try {
		const anchor = view.posAtDOM(sel.anchorNode, sel.anchorOffset);
		const head = view.posAtDOM(sel.focusNode, sel.focusOffset);
		const { selection, doc } = view.state;
		if (selection.anchor === anchor && selection.head === head) return;
		view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, anchor, head)));
	} catch {
		// A DOM point ProseMirror cannot map (inside a widget): keep its own selection.
	}
}

/** The keyboard plugin of the annotate and reference modes. */
export function annotatorKeys(): Plugin {
	return new Plugin({
		props: {
			handleKeyDown(view, event) {
				if (event.isComposing) return false;
				const { state, dispatch } = view;
				const mod = event.ctrlKey || event.metaKey;
				const key = event.key.toLowerCase();
				if (mod && !event.altKey) {
					if (key === 'z') {
						(event.shiftKey ? redo : undo)(state, dispatch);
						return true;
					}
					if (key === 'y') {
						redo(state, dispatch);
						return true;
					}
					return false;
				}
				if (mod || event.altKey) return false;
				const tag = tagForKey(event.key);
				if (tag) {
					syncSelection(view);
					tagSelection(tag)(view.state, dispatch);
					return true;
				}
				if (event.key === 'Delete' || event.key === 'Backspace') {
					syncSelection(view);
					const now = view.state;
					if (getSelectedKey(now)) removeSpan()(now, dispatch);
					else
						announce('Select a highlight to remove it; the article’s text cannot be changed.')(
							now,
							dispatch
						);
					return true;
				}
				if (event.key === 'Escape' && !state.selection.empty) {
					dispatch(state.tr.setSelection(TextSelection.create(state.doc, state.selection.head)));
					return true;
				}
				return event.key === 'Enter';
			}
		}
	});
}
