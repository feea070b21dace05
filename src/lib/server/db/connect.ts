/**
 * Opens the database named by a URL: `postgres://…` (or `postgresql://…`) for PostgreSQL through `pg`,
 * anything else a SQLite file path (optionally `file:` or `sqlite:`) through better-sqlite3, in WAL mode
 * with foreign keys on and a busy timeout. The same Kysely schema serves both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { preparingPool } from './pg-prepared';
import { cachingDatabase } from './statement-cache';

export type Dialect = 'sqlite' | 'postgres';

export interface Db {
	db: Kysely<Database>;
	dialect: Dialect;
	/** Where it is, without any password. */
	description: string;
	/** The better-sqlite3 handle (for online backups), when on SQLite. */
	sqlite?: SQLite.Database;
	close(): Promise<void>;
}

/** The default embedded database. */
export const DEFAULT_DATABASE_URL = './data/newsmark.db';

/** Whether a DATABASE_URL names a PostgreSQL server. */
export function isPostgresUrl(url: string): boolean {
	return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens (and, for SQLite, creates with its folder) the database at `url`. */
export function openDatabase(url: string = DEFAULT_DATABASE_URL): Db {
	if (isPostgresUrl(url)) {
		const pool = new pg.Pool({
			connectionString: url,
			max: Number(process.env.PG_POOL_SIZE ?? 10)
		});
		const db = new Kysely<Database>({
			dialect: new PostgresDialect({ pool: preparingPool(pool) })
		});
		const safe = new URL(url);
		safe.password = safe.password ? '***' : '';
		return {
			db,
			dialect: 'postgres',
			description: `PostgreSQL ${safe.host}${safe.pathname}`,
			close: () => db.destroy()
		};
	}
	const path = url.replace(/^(file|sqlite):(\/\/)?/i, '');
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	// WAL with synchronous=NORMAL loses no committed transaction on a process crash (only on power loss).
	sqlite.pragma('synchronous = NORMAL');
	const db = new Kysely<Database>({
		dialect: new SqliteDialect({ database: cachingDatabase(sqlite) })
	});
	return {
		db,
		dialect: 'sqlite',
		description: `SQLite ${path}`,
		sqlite,
		close: () => db.destroy()
	};
}
