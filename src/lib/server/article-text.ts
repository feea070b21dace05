/**
 * Article texts kept in memory by id, for the hot path of autosave (every save fits its spans to the
 * text). A version's text only changes by an in-place edit, which bumps `articles.text_edits`; callers
 * pass the counter they read with the assignment, so a text edited by any server is read again.
 */
import { db } from './db';

/** Enough for every article a school works on at once; the least recently used text goes first. */
const CAPACITY = 100;

const cache = new Map<string, { edits: number; text: string }>();

/** The text of article version `id` as of its `edits`-th in-place edit (null when it is gone). */
export async function articleText(id: string, edits: number): Promise<string | null> {
	const hit = cache.get(id);
	if (hit && hit.edits === edits) {
		cache.delete(id);
		cache.set(id, hit);
		return hit.text;
	}
	const row = await db()
		.selectFrom('articles')
		.select(['text', 'text_edits'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	cache.delete(id);
	if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
	cache.set(id, { edits: Number(row.text_edits), text: row.text });
	return row.text;
}
