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
	/**
	 * Opens every pooled connection now (PostgreSQL; nothing to do on SQLite), so that the first burst
	 * of saves when a class starts does not wait while the pool grows one connection at a time.
	 */
	openConnections(): Promise<void>;
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
		const size = Number(process.env.PG_POOL_SIZE ?? 10);
		// min = max: connections opened stay open through a quiet spell between lessons, rather than
		// closing after 10 s idle and being set up again (fork and password exchange) under load.
		const pool = new pg.Pool({ connectionString: url, max: size, min: size });
		const db = new Kysely<Database>({
			dialect: new PostgresDialect({ pool: preparingPool(pool) })
		});
		const safe = new URL(url);
		safe.password = safe.password ? '***' : '';
		return {
			db,
			dialect: 'postgres',
			description: `PostgreSQL ${safe.host}${safe.pathname}`,
			openConnections: async () => {
				const clients = await Promise.all(Array.from({ length: size }, () => pool.connect()));
				for (const client of clients) client.release();
			},
			close: async () => {
				// pool.end() resolves before its connections have said goodbye; waiting for each one
				// means a database dropped or a server stopped right after never cuts one off mid-way.
				let open = pool.totalCount;
				const closed = new Promise<void>((resolve) => {
					if (open === 0) resolve();
					pool.on('remove', () => --open === 0 && resolve());
				});
				await db.destroy();
				// Kysely ends the pool only if it ran a query through it.
				if (!pool.ending) await pool.end();
				await closed;
			}
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
		openConnections: async () => {},
		close: () => db.destroy()
	};
}
