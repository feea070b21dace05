/**
 * Keeps the article's text unchangeable while the view stays editable (so the caret, arrow keys, Shift and
 * word-wise selection, and touch selection handles all work natively). Every transaction that would change
 * the document is filtered out, and typing, pasting, dropping, cutting and every `beforeinput` are
 * swallowed before the browser touches the DOM.
 */
import { Plugin } from 'prosemirror-state';

/** The plugin that makes the document read-only without making the view uneditable. */
export function readOnlyText(): Plugin {
	return new Plugin({
		filterTransaction: (tr) => !tr.docChanged,
		props: {
			handleTextInput: () => true,
			handlePaste: () => true,
			handleDrop: () => true,
			handleDOMEvents: {
				beforeinput: (_view, event) => {
					event.preventDefault();
					return true;
				},
				cut: (_view, event) => {
					event.preventDefault();
					return true;
				}
			}
		}
	});
}
