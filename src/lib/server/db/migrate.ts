/**
 * Runs the TypeScript migrations at start. Kysely records each applied migration in its own table, so
 * each runs once; the list is static (not read from a folder) so it survives bundling.
 */
import { Migrator, type Kysely, type Migration } from 'kysely';
import * as m0001 from './migrations/0001_initial';
import * as m0002 from './migrations/0002_reference_orphans';
import * as m0003 from './migrations/0003_article_text_edits';
import * as m0004 from './migrations/0004_limit_attempts';

const migrations: Record<string, Migration> = {
	'0001_initial': m0001,
	'0002_reference_orphans': m0002,
	'0003_article_text_edits': m0003,
	'0004_limit_attempts': m0004
};

/** Applies every migration not yet applied; throws with the failing migration's name and cause. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<string[]> {
	const migrator = new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error) {
		const cause = error instanceof Error ? error.message : String(error);
		throw new Error(
			`Database migration ${failed ? `"${failed.migrationName}" ` : ''}failed: ${cause}`,
			{ cause: error }
		);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
