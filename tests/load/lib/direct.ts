/**
 * Direct access to the app's database from a load script (beside the running servers): to set up
 * learners in bulk and to read back what was really stored. SQL is written with `?` placeholders; for
 * PostgreSQL they become `$1, $2, …`.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { DATABASE_KINDS, type TestDatabase } from '../../helpers/databases';
import { onCleanup } from './run';

export type Kind = 'sqlite' | 'postgres';

export interface Direct {
	kind: Kind;
	all<T>(sql: string, params?: unknown[]): Promise<T[]>;
	run(sql: string, params?: unknown[]): Promise<void>;
	/** Inserts rows in one transaction. */
	insertMany(table: string, columns: string[], rows: unknown[][]): Promise<void>;
	/**
	 * SQLite's `PRAGMA integrity_check` ("ok" when the file is sound); null on PostgreSQL, whose files
	 * the app never writes itself (a killed app server leaves them to PostgreSQL).
	 */
	integrityCheck(): Promise<string | null>;
	close(): Promise<void>;
}

export function kindOf(url: string): Kind {
	return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

function numbered(sql: string): string {
	let n = 0;
	return sql.replace(/\?/g, () => `$${++n}`);
}

/** Opens the database at `url` (a SQLite path or a postgres:// URL). */
export function openDirect(url: string): Direct {
	if (kindOf(url) === 'sqlite') {
		const db = new Database(url);
		db.pragma('busy_timeout = 10000');
		return {
			kind: 'sqlite',
			all: async <T>(sql: string, params: unknown[] = []) => db.prepare(sql).all(...params) as T[],
			run: async (sql, params = []) => void db.prepare(sql).run(...params),
			insertMany: async (table, columns, rows) => {
				const stmt = db.prepare(
					`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`
				);
				db.transaction(() => rows.forEach((r) => stmt.run(...r)))();
			},
			integrityCheck: async () =>
				(db.pragma('integrity_check') as { integrity_check: string }[])
					.map((r) => r.integrity_check)
					.join('; '),
			close: async () => void db.close()
		};
	}
	const pool = new pg.Pool({ connectionString: url, max: 2 });
	return {
		kind: 'postgres',
		all: async <T>(sql: string, params: unknown[] = []) =>
			(await pool.query(numbered(sql), params)).rows as T[],
		run: async (sql, params = []) => void (await pool.query(numbered(sql), params)),
		insertMany: async (table, columns, rows) => {
			const client = await pool.connect();
			try {
				await client.query('begin');
				for (let i = 0; i < rows.length; i += 500) {
					const batch = rows.slice(i, i + 500);
					const values = batch
						.map(
							(_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`
						)
						.join(', ');
					await client.query(
						`insert into ${table} (${columns.join(', ')}) values ${values}`,
						batch.flat()
					);
				}
				await client.query('commit');
			} catch (e) {
				await client.query('rollback').catch(() => {});
				throw e;
			} finally {
				client.release();
			}
		},
		integrityCheck: async () => null,
		close: () => pool.end()
	};
}

/**
 * A fresh database of the kind asked for (a SQLite file in a temporary folder, or a new PostgreSQL
 * database on TEST_DATABASE_URL's server), dropped at the end of the script whatever happens.
 */
export async function freshDatabase(kind: Kind): Promise<TestDatabase> {
	const k = DATABASE_KINDS.find((d) => d.name === kind)!;
	if (!k.available) {
		throw new Error(
			'PostgreSQL runs need TEST_DATABASE_URL (e.g. postgres://newsmark:newsmark@127.0.0.1:5432/newsmark; its role must be allowed to create databases)'
		);
	}
	if (kind === 'postgres') {
		const host = new URL(process.env.TEST_DATABASE_URL!).hostname;
		if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
			throw new Error(`the load scripts only talk to loopback; TEST_DATABASE_URL names ${host}`);
		}
	}
	const db = await k.create();
	onCleanup(`drop ${kind} database`, () => db.drop());
	return db;
}
