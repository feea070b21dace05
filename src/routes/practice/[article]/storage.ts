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

/** One scored attempt, for the history of scores kept without an account. */
export interface Score {
	grade: number;
	/** ISO date-time. */
	at: string;
}

/** The scores of earlier attempts at an article kept in this browser, oldest first. */
export function loadHistory(articleId: string): Score[] {
	try {
		const raw = globalThis.localStorage?.getItem(`newsmark:practice-history:${articleId}`);
		const value = raw ? (JSON.parse(raw) as Score[]) : [];
		return Array.isArray(value) ? value.filter((s) => typeof s?.grade === 'number') : [];
	} catch {
		return [];
	}
}

/** Keeps the scores of an article's attempts in this browser. */
export function saveHistory(articleId: string, scores: Score[]): void {
	try {
		globalThis.localStorage?.setItem(
			`newsmark:practice-history:${articleId}`,
			JSON.stringify(scores)
		);
	} catch {
		// Storage full or blocked: the scores are still on the page.
	}
}
