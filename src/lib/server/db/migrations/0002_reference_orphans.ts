/**
 * Reference spans that could not be carried over when an article's text was edited. They are kept
 * beside the reference (JSON: `{id, span, reason, fromVersion, at}[]`) until the instructor re-creates or
 * dismisses them, so an edit never silently drops part of an answer key.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('article_references')
		.addColumn('orphans', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('article_references').dropColumn('orphans').execute();
}
