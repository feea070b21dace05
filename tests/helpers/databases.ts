/**
 * Real databases for tests: a fresh SQLite file always, and a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set (its role must be allowed to create databases). Without it the PostgreSQL
 * cases are reported as skipped, visibly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
	/** What DATABASE_URL to give the app. */
	url: string;
	/** Removes the database. */
	drop(): Promise<void>;
}

export interface TestDatabaseKind {
	name: 'sqlite' | 'postgres';
	available: boolean;
	create(): Promise<TestDatabase>;
}

export const SKIP_PG_MESSAGE = 'skipped: no TEST_DATABASE_URL (PostgreSQL tests need a server)';

async function createSqlite(): Promise<TestDatabase> {
	const dir = mkdtempSync(join(tmpdir(), 'newsmark-test-'));
	return {
		url: join(dir, 'newsmark.db'),
		drop: async () => rmSync(dir, { recursive: true, force: true })
	};
}

async function createPostgres(): Promise<TestDatabase> {
	const admin = process.env.TEST_DATABASE_URL!;
	const name = `newsmark_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	await client.query(`CREATE DATABASE ${name}`);
	await client.end();
	const url = new URL(admin);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const c = new pg.Client({ connectionString: admin });
			await c.connect();
			await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			await c.end();
		}
	};
}

/** SQLite, then PostgreSQL (available only with TEST_DATABASE_URL). */
export const DATABASE_KINDS: TestDatabaseKind[] = [
	{ name: 'sqlite', available: true, create: createSqlite },
	{ name: 'postgres', available: !!process.env.TEST_DATABASE_URL, create: createPostgres }
];

/** Prints the visible skip line once per test file when PostgreSQL is not configured. */
export function announcePostgresSkip(where: string): void {
	if (!process.env.TEST_DATABASE_URL) console.log(`[${where}] PostgreSQL ${SKIP_PG_MESSAGE}`);
}
