import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	DATABASE_KINDS,
	announcePostgresSkip,
	type TestDatabase
} from '../../../../tests/helpers/databases';
import { preparingPool } from './pg-prepared';

announcePostgresSkip('prepared statements');
const postgres = DATABASE_KINDS.find((k) => k.name === 'postgres')!;

describe.skipIf(!postgres.available)('preparingPool on PostgreSQL', () => {
	let tdb: TestDatabase;
	let db: Kysely<Record<string, Record<string, unknown>>>;
	const statements = async () =>
		(await sql<{ name: string }>`select name from pg_prepared_statements`.execute(db)).rows.map(
			(r) => r.name
		);

	beforeAll(async () => {
		tdb = await postgres.create();
		const pool = new pg.Pool({ connectionString: tdb.url, max: 1 });
		db = new Kysely({ dialect: new PostgresDialect({ pool: preparingPool(pool, 3) }) });
		await sql`create table t (id integer primary key, name text)`.execute(db);
	});
	afterAll(async () => {
		await db?.destroy();
		await tdb?.drop();
	});

	it('runs a query with parameters as one named statement, with fresh results each time', async () => {
		const byId = (id: number) => db.selectFrom('t').selectAll().where('id', '=', id).execute();
		await db.insertInto('t').values({ id: 1, name: 'a' }).execute();
		expect(await byId(1)).toEqual([{ id: 1, name: 'a' }]);
		await db.updateTable('t').set({ name: 'b' }).where('id', '=', 1).execute();
		expect(await byId(1)).toEqual([{ id: 1, name: 'b' }]);
		expect(await byId(2)).toEqual([]);
		const names = await statements();
		expect(names.filter((n) => n.startsWith('nm_'))).toHaveLength(3);
	});

	it('stops naming new texts past its limit, and the queries still run', async () => {
		for (let n = 1; n <= 5; n++) {
			const ids = Array.from({ length: n }, (_, i) => i + 1);
			expect(await db.selectFrom('t').select('id').where('id', 'in', ids).execute()).toEqual([
				{ id: 1 }
			]);
		}
		expect((await statements()).filter((n) => n.startsWith('nm_'))).toHaveLength(3);
	});

	it('answers correctly after a column is added under a prepared statement', async () => {
		const all = () => db.selectFrom('t').selectAll().where('id', '=', 1).execute();
		expect(await all()).toEqual([{ id: 1, name: 'b' }]);
		await sql`alter table t add column extra text default 'x'`.execute(db);
		expect(await all()).toEqual([{ id: 1, name: 'b', extra: 'x' }]);
	});
});
