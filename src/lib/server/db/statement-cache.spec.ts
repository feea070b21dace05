import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { cachingDatabase } from './statement-cache';

describe('cachingDatabase', () => {
	let db: Kysely<Record<string, Record<string, unknown>>>;
	afterEach(() => db?.destroy());

	function open(size?: number) {
		const sqlite = new SQLite(':memory:');
		let prepared = 0;
		const prepare = sqlite.prepare.bind(sqlite);
		sqlite.prepare = ((text: string) => (prepared++, prepare(text))) as typeof sqlite.prepare;
		db = new Kysely({ dialect: new SqliteDialect({ database: cachingDatabase(sqlite, size) }) });
		return { prepared: () => prepared };
	}

	it('prepares a query once and gives fresh results each time it runs', async () => {
		const counter = open();
		await sql`create table t (id integer primary key, name text)`.execute(db);
		const insert = (name: string) => db.insertInto('t').values({ name }).execute();
		await insert('a');
		await insert('b');
		await insert('c');
		const names = () => db.selectFrom('t').select('name').orderBy('id').execute();
		expect(await names()).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
		await insert('d');
		expect((await names()).map((r) => r.name)).toEqual(['a', 'b', 'c', 'd']);
		expect(counter.prepared()).toBe(3);
	});

	it('sees columns added after a statement was prepared', async () => {
		open();
		await sql`create table t (id integer primary key)`.execute(db);
		await db.insertInto('t').values({ id: 1 }).execute();
		const all = () => db.selectFrom('t').selectAll().execute();
		expect(await all()).toEqual([{ id: 1 }]);
		await sql`alter table t add column name text default 'x'`.execute(db);
		expect(await all()).toEqual([{ id: 1, name: 'x' }]);
	});

	it('keeps at most its size of statements and still runs evicted queries', async () => {
		const counter = open(2);
		const one = () => sql<{ v: number }>`select 1 as v`.execute(db);
		const two = () => sql<{ v: number }>`select 2 as v`.execute(db);
		const three = () => sql<{ v: number }>`select 3 as v`.execute(db);
		for (const q of [one, two, three, one]) await q();
		expect(counter.prepared()).toBe(4);
		expect((await one()).rows).toEqual([{ v: 1 }]);
		expect(counter.prepared()).toBe(4);
	});
});
