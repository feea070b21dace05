/**
 * The app's one database, opened from `DATABASE_URL` (default ./data/newsmark.db) and migrated before
 * the first request is served, with its connections (on PostgreSQL) already open.
 */
import { openDatabase, DEFAULT_DATABASE_URL, type Db } from './connect';
import { migrateToLatest } from './migrate';

let ready: Promise<Db> | null = null;
let current: Db | null = null;

/** Opens and migrates the database once; later calls get the same promise. */
export function initDatabase(): Promise<Db> {
	ready ??= (async () => {
		const opened = openDatabase(process.env.DATABASE_URL || DEFAULT_DATABASE_URL);
		await migrateToLatest(opened.db as never);
		await opened.openConnections();
		current = opened;
		return opened;
	})();
	return ready;
}

/** The open database; only valid after `initDatabase()` resolved (the server's init hook awaits it). */
export function db(): Db['db'] {
	if (!current) throw new Error('The database is not open yet: initDatabase() must run first.');
	return current.db;
}

/** The open database with its dialect and handles. */
export function database(): Db {
	if (!current) throw new Error('The database is not open yet: initDatabase() must run first.');
	return current;
}

/** Closes the database (at shutdown: its open connections would otherwise keep the process alive). */
export async function closeDatabase(): Promise<void> {
	const open = current;
	current = null;
	ready = null;
	await open?.close();
}
