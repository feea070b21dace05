/**
 * Benchmark of autosave under load, full size: 1,000 simulated learners saving a growing draft every
 * 2 s for 60 s (≈ 500 saves/s, after a 10-s warm-up by 250 others) against the built server, on a
 * fresh SQLite file and, when TEST_DATABASE_URL is set, on a fresh PostgreSQL database. Prints
 * saves/s, latency p50/p99/max, errors and lost writes (the fault scripts are in tests/load/, see
 * tests/load/RESULTS.md).
 *
 * It never fails on timing: it exits non-zero only when it could not run (no build, no database) or
 * when a write was lost. Needs build/ (`npx vite build`).
 *
 * Run: npx tsx scripts/bench/load.ts [--learners 1000] [--seconds 60] [--warmup-s 10]
 */
import { parseArgs } from 'node:util';
import { autosaveRun, type AutosaveResult } from '../../tests/load/lib/scenario';
import { machineLoad, main } from '../../tests/load/lib/run';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '1000' },
		seconds: { type: 'string', default: '60' },
		'warmup-s': { type: 'string', default: '10' }
	}
});
const learners = Number(values.learners);
const seconds = Number(values.seconds);
const warmupSeconds = Number(values['warmup-s']);

main(
	async () => {
		console.log(
			`autosave load: ${learners} learners × one save every 2 s × ${seconds} s; ${machineLoad()} (a shared machine: timings are noisy)`
		);
		const kinds = [
			'sqlite',
			...(process.env.TEST_DATABASE_URL ? ['postgres' as const] : [])
		] as const;
		if (!process.env.TEST_DATABASE_URL) console.log('PostgreSQL: skipped (no TEST_DATABASE_URL)');
		const results: AutosaveResult[] = [];
		for (const kind of kinds) {
			results.push(
				await autosaveRun({
					kind,
					learners,
					seconds,
					intervalMs: 2000,
					staggerMs: 2000,
					warmupSeconds
				})
			);
		}
		console.log('\ndatabase    saves/s   p50 ms   p99 ms   max ms   errors   lost writes');
		for (const r of results) {
			const s = r.summary;
			console.log(
				[
					r.options.kind.padEnd(10),
					s.savesPerSecond.toFixed(1).padStart(8),
					s.p50.toFixed(1).padStart(8),
					s.p99.toFixed(1).padStart(8),
					s.max.toFixed(1).padStart(8),
					String(s.errors).padStart(8),
					String(r.verification.lost + r.verification.unexpected).padStart(13)
				].join(' ')
			);
		}
		const lost = results.reduce((n, r) => n + r.verification.lost + r.verification.unexpected, 0);
		if (lost) console.error(`✗ ${lost} writes lost or unexpected`);
		return lost ? 1 : 0;
	},
	(2 * (seconds + warmupSeconds) + 400) * 1000
);
