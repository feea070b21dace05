/**
 * The byline under the headline. It is not part of the article's text (offsets never count it), so it is
 * drawn as a widget decoration between the headline and the first paragraph.
 */
import { Plugin } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

/** A plugin drawing "By <byline>" after the headline. */
export function bylineWidget(byline: string): Plugin {
	return new Plugin({
		state: {
			init: (_config, state) => {
				const pos = state.doc.firstChild ? state.doc.firstChild.nodeSize : 0;
				const widget = Decoration.widget(
					pos,
					() => {
						const p = document.createElement('p');
						p.className = 'nm-byline';
						p.textContent = byline;
						return p;
					},
					{ side: -1, ignoreSelection: true, key: `byline:${byline}` }
				);
				return DecorationSet.create(state.doc, [widget]);
			},
			apply: (_tr, value) => value
		},
		props: {
			decorations(state) {
				return this.getState(state);
			}
		}
	});
}
