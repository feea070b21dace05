/**
 * A `pg` pool whose queries with parameters run as named prepared statements, so PostgreSQL parses
 * and plans each SQL text once per connection instead of on every autosave. Kysely sends plain
 * `(sql, values)` queries; this gives each text a name derived from its hash. Bounded per connection
 * (Kysely's `in (…)` lists make new texts); a connection whose statement went stale under a schema
 * change goes back to unnamed queries.
 */
import { createHash } from 'node:crypto';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Named statements kept per connection; texts past it run unnamed. */
export const STATEMENTS_PER_CONNECTION = 300;

// PostgreSQL's "cached plan must not change result type" after a column was added or dropped.
const STALE_PLAN = '0A000';

// The names of texts seen (hashing on every query was 1% of a saving server's CPU); emptied when
// full, since Kysely's `in (…)` lists make ever new texts.
const names = new Map<string, string>();

function statementName(sql: string): string {
	let name = names.get(sql);
	if (name === undefined) {
		if (names.size >= 1000) names.clear();
		name = 'nm_' + createHash('sha1').update(sql).digest('hex').slice(0, 24);
		names.set(sql, name);
	}
	return name;
}

function preparing(client: pg.PoolClient, limit: number): PostgresPoolClient {
	const named = new Set<string>();
	let disabled = false;
	return {
		query(sql: unknown, parameters?: ReadonlyArray<unknown>) {
			if (typeof sql !== 'string' || !parameters?.length || disabled) {
				return client.query(sql as string, parameters as unknown[]);
			}
			const name = statementName(sql);
			if (!named.has(name)) {
				if (named.size >= limit) return client.query(sql, parameters as unknown[]);
				named.add(name);
			}
			return client
				.query({ name, text: sql, values: parameters as unknown[] })
				.catch((e: { code?: string }) => {
					if (e?.code !== STALE_PLAN) throw e;
					disabled = true;
					return client.query(sql, parameters as unknown[]);
				});
		},
		release: (destroy?: boolean) => client.release(destroy)
	} as unknown as PostgresPoolClient;
}

/** Wraps `pool` for Kysely's PostgresDialect; each pooled connection keeps its own statements. */
export function preparingPool(pool: pg.Pool, limit = STATEMENTS_PER_CONNECTION): PostgresPool {
	const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();
	return {
		async connect() {
			const client = await pool.connect();
			let wrapper = wrappers.get(client);
			if (!wrapper) {
				wrapper = preparing(client, limit);
				wrappers.set(client, wrapper);
			}
			return wrapper;
		},
		end: () => pool.end()
	};
}
