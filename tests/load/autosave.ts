/**
 * Autosave under load: N simulated learners (default 1,000), each saving a growing draft every 2 s for
 * D seconds (default 60), about N/2 saves a second against the built server on a fresh SQLite file (or
 * PostgreSQL with `--db postgres`, on TEST_DATABASE_URL's server). Prints saves/s, latency p50/p99/max
 * and errors (any non-200), then checks every learner's last acknowledged revision and spans against
 * the database (lost writes must be 0). First a quarter as many other learners warm the server up for
 * 10 s (`--warmup-s 0` measures from a cold start instead: the first seconds then run slower while V8
 * is still compiling the request path). `--servers N` starts N app servers on the one database (as a
 * PostgreSQL deployment runs), each learner staying on one of them as behind a load balancer.
 *
 * Run:  npx tsx tests/load/autosave.ts [--learners 1000] [--seconds 60] [--db sqlite|postgres]
 *                                      [--interval-ms 2000] [--stagger-ms 2000] [--p99-max MS]
 *                                      [--warmup-s 10] [--servers 1]
 *
 * Exits 0 when there were no errors and no lost writes (and p99 ≤ --p99-max when that is given: by
 * default the 100 ms target is reported, not enforced, since timings on a shared machine are noisy),
 * 1 when a check failed, 2 when it could not run, 3 when it overran its time limit.
 */
import { parseArgs } from 'node:util';
import { autosaveRun } from './lib/scenario';
import { main } from './lib/run';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '1000' },
		seconds: { type: 'string', default: '60' },
		db: { type: 'string', default: 'sqlite' },
		'interval-ms': { type: 'string', default: '2000' },
		'stagger-ms': { type: 'string', default: '2000' },
		'p99-max': { type: 'string' },
		'warmup-s': { type: 'string', default: '10' },
		servers: { type: 'string', default: '1' }
	}
});
const learners = Number(values.learners);
const seconds = Number(values.seconds);
const kind = values.db === 'postgres' || values.db === 'pg' ? 'postgres' : 'sqlite';
const p99Max = values['p99-max'] === undefined ? undefined : Number(values['p99-max']);
const TARGET_P99 = 100;
if (!(learners >= 1 && learners <= 20_000) || !(seconds > 0 && seconds <= 3600)) {
	console.error('--learners must be 1 to 20000 and --seconds 1 to 3600');
	process.exit(2);
}
if (!['sqlite', 'postgres', 'pg'].includes(values.db!)) {
	console.error('--db must be sqlite or postgres');
	process.exit(2);
}

main(
	async () => {
		const r = await autosaveRun({
			kind,
			learners,
			seconds,
			intervalMs: Number(values['interval-ms']),
			staggerMs: Number(values['stagger-ms']),
			warmupSeconds: Number(values['warmup-s']),
			servers: Number(values.servers)
		});
		const failures: string[] = [];
		if (r.summary.errors) failures.push(`${r.summary.errors} saves did not get a 200`);
		if (r.verification.lost) failures.push(`${r.verification.lost} lost writes`);
		if (r.verification.unexpected) failures.push(`${r.verification.unexpected} unexpected rows`);
		if (r.serverErrors.length) failures.push(`${r.serverErrors.length} server errors logged`);
		const budget = p99Max ?? TARGET_P99;
		const met = r.summary.p99 <= budget;
		console.log(
			`p99 target ${budget} ms: ${met ? 'met' : 'MISSED'} (${r.summary.p99.toFixed(1)} ms)` +
				(p99Max === undefined ? ' — reported, not enforced (pass --p99-max to enforce)' : '')
		);
		if (p99Max !== undefined && !met)
			failures.push(`p99 ${r.summary.p99.toFixed(1)} ms > ${p99Max} ms`);
		console.log(failures.length ? `✗ ${failures.join('; ')}` : '✓ no errors, no lost writes');
		return failures.length ? 1 : 0;
	},
	// Setup and checks take well under two minutes even for thousands of learners.
	(seconds + 180) * 1000
);
