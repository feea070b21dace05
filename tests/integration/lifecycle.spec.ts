/**
 * The server's life cycle as an operator sees it, on SQLite and PostgreSQL: a graceful stop (SIGTERM,
 * as systemd, Docker or a deploy sends it) closes the database and ends the process, rather than
 * hanging on the database's open connections until it is killed.
 */
import { describe, expect, it } from 'vitest';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { startServer } from '../helpers/server';

announcePostgresSkip('server life cycle');

describe.each(DATABASE_KINDS)('server life cycle on $name', (kind) => {
	it.skipIf(!kind.available)(
		'stops within 10 s of SIGTERM with exit code 0 once it has served requests',
		async () => {
			const server = await startServer(await kind.create());
			try {
				expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
				const exited = new Promise<number | null>((resolve) =>
					server.process.once('exit', (code) => resolve(code))
				);
				server.process.kill('SIGTERM');
				const outcome = await Promise.race([
					exited,
					new Promise<string>((r) => setTimeout(() => r('still running after 10 s'), 10_000))
				]);
				expect(outcome, server.output()).toBe(0);
			} finally {
				server.process.kill('SIGKILL');
				await server.db.drop();
			}
		},
		30_000
	);
});
