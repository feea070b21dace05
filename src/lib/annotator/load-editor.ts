/**
 * Loads the annotator's editor (editor.ts: ProseMirror and the plugins) once per page, on demand. The first
 * annotator on a page starts the download; later ones (and client-side navigations) get the loaded module
 * at once, so they mount in the same tick as before.
 */
import type * as Editor from './editor';

export type EditorModule = typeof Editor;

let loaded: EditorModule | null = null;
let pending: Promise<EditorModule> | null = null;

/** The editor module: downloaded and evaluated the first time, the same promise after that. */
export function loadEditor(): Promise<EditorModule> {
	pending ??= import('./editor').then(
		(module) => (loaded = module),
		(error) => {
			// Forget the failure, so a later annotator (or a retry once back online) downloads it again.
			pending = null;
			throw error;
		}
	);
	return pending;
}

/** The editor module if it has already loaded, else null (always null on the server). */
export function loadedEditor(): EditorModule | null {
	return loaded;
}
