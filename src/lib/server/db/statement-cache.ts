/**
 * better-sqlite3 behind Kysely with its prepared statements kept. Kysely prepares every query afresh;
 * preparing is a tenth of an autosave's CPU, and the app runs the same few hundred SQL texts all day,
 * so each text is prepared once and its statement reused (SQLite re-prepares it by itself after a
 * schema change). Safe because the single SQLite connection runs one query at a time (Kysely's mutex).
 */
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** More distinct SQL texts than the app has; past it the oldest statement is dropped. */
export const STATEMENT_CACHE_SIZE = 1000;

/** The database as Kysely's SqliteDialect wants it, preparing each SQL text only once. */
export function cachingDatabase(
	sqlite: SQLite.Database,
	size = STATEMENT_CACHE_SIZE
): SqliteDatabase {
	const statements = new Map<string, SqliteStatement>();
	return {
		close: () => {
			statements.clear();
			sqlite.close();
		},
		prepare(sql: string): SqliteStatement {
			let stmt = statements.get(sql);
			if (!stmt) {
				stmt = sqlite.prepare(sql) as unknown as SqliteStatement;
				if (statements.size >= size) statements.delete(statements.keys().next().value!);
				statements.set(sql, stmt);
			}
			return stmt;
		}
	};
}
