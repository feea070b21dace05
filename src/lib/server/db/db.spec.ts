import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import {
	DATABASE_KINDS,
	announcePostgresSkip,
	type TestDatabase
} from '../../../../tests/helpers/databases';
import { openDatabase, type Db } from './connect';
import { migrateToLatest } from './migrate';

announcePostgresSkip('data layer');

describe.each(DATABASE_KINDS)('data layer on $name', (kind) => {
	let tdb: TestDatabase;
	let opened: Db;

	beforeAll(async () => {
		if (!kind.available) return;
		tdb = await kind.create();
		opened = openDatabase(tdb.url);
	});
	afterAll(async () => {
		if (!kind.available) return;
		await opened.close();
		await tdb.drop();
	});

	it.skipIf(!kind.available)('runs every migration once and records it', async () => {
		expect(await migrateToLatest(opened.db as never)).toEqual([
			'0001_initial',
			'0002_reference_orphans',
			'0003_article_text_edits',
			'0004_limit_attempts'
		]);
		expect(await migrateToLatest(opened.db as never)).toEqual([]);
		expect(opened.dialect).toBe(kind.name);
	});

	it.skipIf(!kind.available)(
		'stores users and refuses a second account with the same e-mail',
		async () => {
			const user = {
				id: 'u1',
				email: 'ada@example.com',
				name: 'Ada',
				password_hash: 'x',
				created_at: new Date().toISOString()
			};
			await opened.db.insertInto('users').values(user).execute();
			await expect(
				opened.db
					.insertInto('users')
					.values({ ...user, id: 'u2' })
					.execute()
			).rejects.toThrow(/unique|duplicate/i);
			const back = await opened.db
				.selectFrom('users')
				.selectAll()
				.where('id', '=', 'u1')
				.executeTakeFirst();
			expect(back).toMatchObject({ email: 'ada@example.com', must_change_password: 0 });
		}
	);

	it.skipIf(!kind.available)("enforces foreign keys and cascades a user's sessions", async () => {
		await expect(
			opened.db
				.insertInto('sessions')
				.values({ id: 's0', secret_hash: 'h', user_id: 'nobody', created_at: 'x', expires_at: 'y' })
				.execute()
		).rejects.toThrow(/foreign key/i);
		await opened.db
			.insertInto('sessions')
			.values({ id: 's1', secret_hash: 'h', user_id: 'u1', created_at: 'x', expires_at: 'y' })
			.execute();
		await opened.db.deleteFrom('users').where('id', '=', 'u1').execute();
		const left = await opened.db.selectFrom('sessions').selectAll().execute();
		expect(left).toEqual([]);
	});

	it.skipIf(!kind.available)('rolls a failed transaction back whole', async () => {
		await opened.db
			.insertInto('users')
			.values({
				id: 'u3',
				email: 'b@example.com',
				name: 'B',
				password_hash: 'x',
				created_at: 'now'
			})
			.execute();
		await expect(
			opened.db.transaction().execute(async (trx) => {
				await trx.updateTable('users').set({ name: 'Changed' }).where('id', '=', 'u3').execute();
				await trx
					.insertInto('users')
					.values({
						id: 'u4',
						email: 'b@example.com',
						name: 'dup',
						password_hash: 'x',
						created_at: 'now'
					})
					.execute();
			})
		).rejects.toThrow();
		const row = await opened.db
			.selectFrom('users')
			.select('name')
			.where('id', '=', 'u3')
			.executeTakeFirst();
		expect(row?.name).toBe('B');
	});

	it.skipIf(kind.name !== 'sqlite')(
		'opens SQLite in WAL mode with foreign keys and a busy timeout',
		async () => {
			expect(opened.sqlite!.pragma('journal_mode', { simple: true })).toBe('wal');
			expect(opened.sqlite!.pragma('foreign_keys', { simple: true })).toBe(1);
			expect(opened.sqlite!.pragma('busy_timeout', { simple: true })).toBe(5000);
			const r = await sql<{ v: number }>`select 1 as v`.execute(opened.db);
			expect(r.rows[0].v).toBe(1);
		}
	);

	it.skipIf(kind.name !== 'postgres' || !kind.available)(
		'opens PG_POOL_SIZE connections to PostgreSQL before the first request needs them',
		async () => {
			const url = new URL(tdb.url);
			url.searchParams.set('application_name', 'newsmark-pool-test');
			const before = process.env.PG_POOL_SIZE;
			process.env.PG_POOL_SIZE = '4';
			const pooled = openDatabase(url.href);
			if (before === undefined) delete process.env.PG_POOL_SIZE;
			else process.env.PG_POOL_SIZE = before;
			const count = async () =>
				Number(
					(
						await sql<{ n: string }>`select count(*) as n from pg_stat_activity
							where application_name = 'newsmark-pool-test'`.execute(opened.db)
					).rows[0].n
				);
			try {
				expect(await count()).toBe(0);
				await pooled.openConnections();
				expect(await count()).toBe(4);
			} finally {
				await pooled.close();
			}
		}
	);
});
