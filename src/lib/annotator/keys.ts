/**
 * The annotator's keyboard: `1`–`4` and `q` `c` `o` `u` tag the selection (or retag the selected span),
 * Delete and Backspace remove the selected span, Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo (Cmd on a
 * Mac), Escape collapses the selection. Every other key that would type is swallowed by readonly.ts;
 * arrow keys, Shift and Ctrl/Alt selection stay with the browser.
 */
import { Plugin, TextSelection } from 'prosemirror-state';
import { tagForKey } from '$lib/annotation/tags';
import { removeSpan, tagSelection, getSelectedKey, announce } from './highlights';
import { redo, undo } from './history';

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
					tagSelection(tag)(state, dispatch);
					return true;
				}
				if (event.key === 'Delete' || event.key === 'Backspace') {
					if (getSelectedKey(state)) removeSpan()(state, dispatch);
					else
						announce('Select a highlight to remove it; the article’s text cannot be changed.')(
							state,
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
