// `npm run backup -- FILE`: a consistent copy of the SQLite database while the server runs, through
// SQLite's online backup API (pages are copied in steps; writers are never blocked for long).
// For PostgreSQL use pg_dump (see README, "Backups").
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

const target = process.argv[2];
const source = (process.env.DATABASE_URL || './data/newsmark.db').replace(
	/^(file|sqlite):(\/\/)?/i,
	''
);
if (!target) {
	console.error(
		'Usage: npm run backup -- FILE   (copies the SQLite database named by DATABASE_URL)'
	);
	process.exit(2);
}
if (/^postgres(ql)?:\/\//i.test(source)) {
	console.error('DATABASE_URL names PostgreSQL: back it up with pg_dump (see README, "Backups").');
	process.exit(2);
}
if (!existsSync(source)) {
	console.error(`No database at ${source}. Set DATABASE_URL to the SQLite file to back up.`);
	process.exit(2);
}
if (existsSync(target)) {
	console.error(`${target} exists already; choose a new file name (nothing was overwritten).`);
	process.exit(2);
}
const db = new Database(source, { readonly: true, fileMustExist: true });
const started = Date.now();
await db.backup(target);
db.close();
const check = new Database(target, { readonly: true });
const ok = check.pragma('integrity_check', { simple: true });
const users = (check.prepare('select count(*) as n from users').get() as { n: number }).n;
check.close();
if (ok !== 'ok') {
	console.error(`The copy at ${target} failed its integrity check: ${ok}`);
	process.exit(1);
}
console.log(
	`Backed up ${source} to ${target} in ${Date.now() - started} ms (${users} accounts; integrity ok).`
);
