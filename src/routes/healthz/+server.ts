import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { database } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers: 200 when the database answers, 503 when it does not. */
export const GET: RequestHandler = async () => {
	try {
		const { db, dialect } = database();
		await sql`select 1`.execute(db);
		return json({ status: 'ok', database: dialect });
	} catch {
		return json({ status: 'unavailable', database: 'unreachable' }, { status: 503 });
	}
};
