/**
 * Log-in, sign-up and join-code attempts counted against the limits, kept in the database (the first
 * two were in each server's memory) so that every app server on one database, and a restarted one,
 * counts the same attempts. A row is one attempt by one key under one rule; the key is stored only as a SHA-256 hash,
 * since it is often an e-mail address as someone typed it.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable('limit_attempts')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('rule', 'text', (c) => c.notNull())
		.addColumn('key_hash', 'text', (c) => c.notNull())
		.addColumn('at', 'text', (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('limit_attempts_rule_key_at')
		.on('limit_attempts')
		.columns(['rule', 'key_hash', 'at'])
		.execute();
	await db.schema
		.createIndex('limit_attempts_rule_at')
		.on('limit_attempts')
		.columns(['rule', 'at'])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropTable('limit_attempts').execute();
}
