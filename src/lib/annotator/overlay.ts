/**
 * The plugin of the read-only views (comparison and heatmap): a DecorationSet drawn once from a function,
 * plus the key of one "active" item (the one whose details are shown), redrawn when that changes. Same
 * shape as the highlight plugin: a private key, an immutable state, small exported functions.
 */
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { DecorationSet, type Decoration } from 'prosemirror-view';
import { TextOffsets } from './offsets';

class OverlayState {
	constructor(
		readonly active: string | null,
		readonly deco: DecorationSet
	) {}
}

const overlayKey = new PluginKey<OverlayState>('newsmark-overlay');

/** A plugin drawing `draw(offsets, activeKey)`. */
export function overlay(
	draw: (offsets: TextOffsets, active: string | null) => Decoration[]
): Plugin {
	const build = (state: EditorState, active: string | null) =>
		DecorationSet.create(state.doc, draw(TextOffsets.of(state.doc), active));
	return new Plugin<OverlayState>({
		key: overlayKey,
		state: {
			init: (_config, state) => new OverlayState(null, build(state, null)),
			apply(tr, value, _old, state) {
				const active = tr.getMeta(overlayKey) as string | null | undefined;
				if (active === undefined || active === value.active) return value;
				return new OverlayState(active, build(state, active));
			}
		},
		props: {
			decorations: (state) => overlayKey.getState(state)?.deco
		}
	});
}

/** Mark an item active (or none). */
export function setActive(tr: Transaction, key: string | null): Transaction {
	return tr.setMeta(overlayKey, key);
}

/** The active item's key. */
export function getActive(state: EditorState): string | null {
	return overlayKey.getState(state)?.active ?? null;
}
