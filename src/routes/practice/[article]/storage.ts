/**
 * Practice work kept in the browser: one localStorage entry per article (`newsmark:practice:<id>`), holding
 * the spans and when they were saved. Reading never throws (no storage, bad JSON: no work); writing says
 * whether it worked (storage may be full or blocked).
 */
import type { ReferenceSpan } from '$lib/annotation/types';

/** The storage key of an article's work. */
export function storageKey(articleId: string): string {
	return `newsmark:practice:${articleId}`;
}

/** What is kept per article. */
export interface StoredWork {
	version: 1;
	spans: ReferenceSpan[];
	/** ISO date-time of the last save. */
	savedAt: string;
}

/** The work kept for an article, or null (the spans still need checking against the text). */
export function loadWork(articleId: string): StoredWork | null {
	try {
		const raw = globalThis.localStorage?.getItem(storageKey(articleId));
		if (!raw) return null;
		const value = JSON.parse(raw) as Partial<StoredWork>;
		if (value?.version !== 1 || !Array.isArray(value.spans)) return null;
		return {
			version: 1,
			spans: value.spans,
			savedAt: String(value.savedAt ?? new Date().toISOString())
		};
	} catch {
		return null;
	}
}

/** Keep an article's work; an empty list removes the entry. Returns whether it was kept. */
export function saveWork(articleId: string, spans: readonly ReferenceSpan[]): boolean {
	try {
		const store = globalThis.localStorage;
		if (!store) return false;
		if (!spans.length) store.removeItem(storageKey(articleId));
		else {
			const work: StoredWork = { version: 1, spans: [...spans], savedAt: new Date().toISOString() };
			store.setItem(storageKey(articleId), JSON.stringify(work));
		}
		return true;
	} catch {
		return false;
	}
}
