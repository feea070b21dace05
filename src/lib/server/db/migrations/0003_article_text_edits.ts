/**
 * How many times an article version's text was edited in place (allowed while no learner's work sits
 * on it). Servers cache article texts by id; this counter, read with the assignment on every save, tells
 * them when a cached text is out of date, even when another server made the edit.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.alterTable('articles')
		.addColumn('text_edits', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.alterTable('articles').dropColumn('text_edits').execute();
}
