/**
 * Crash safety: the autosave load runs against the built server, and in the middle of it the server is
 * killed with SIGKILL (no shutdown, no checkpoint), five times, restarted each time on the same
 * database and port. SQLite by default; `--db postgres` on TEST_DATABASE_URL's server (there the app
 * dies with its connections open and transactions in flight; PostgreSQL itself keeps running). After
 * every restart:
 * - the server opens the database and answers /healthz (on SQLite it recovers the WAL itself: this
 *   script keeps no connection open across a kill, so the restarted server is the first to open the
 *   crashed file; on PostgreSQL it opens its pool of connections again);
 * - on SQLite, `PRAGMA integrity_check` is "ok";
 * - every save acknowledged before the kill is in the database with its revision and spans; a save
 *   that was in flight at the kill may be there or not (it was never acknowledged), nothing else may.
 * Learners then go on from what is stored. At the end the server is stopped normally and checked once
 * more.
 *
 * Run:  npx tsx tests/load/crash.ts [--learners 300] [--kills 5] [--min-ms 3000] [--max-ms 8000]
 *                                   [--db sqlite|postgres]
 *
 * Exits 0 when every check passed, 1 when one failed, 2 when it could not run, 3 on its time limit.
 */
import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { freshDatabase, openDirect } from './lib/direct';
import {
	Stop,
	formatSummary,
	formatVerification,
	makeLearners,
	runLoad,
	verifyDrafts,
	type ErrorRecord,
	type Learner,
	type Verification
} from './lib/load';
import { machineLoad, main, sleep } from './lib/run';
import { random } from './lib/spans';
import { appServer, type AppServer } from './lib/server';
import { checkSetUp, setUpClass } from './lib/setup';

const { values } = parseArgs({
	options: {
		learners: { type: 'string', default: '300' },
		kills: { type: 'string', default: '5' },
		'min-ms': { type: 'string', default: '3000' },
		'max-ms': { type: 'string', default: '8000' },
		seed: { type: 'string', default: '1' },
		db: { type: 'string', default: 'sqlite' }
	}
});
if (!['sqlite', 'postgres'].includes(values.db!)) {
	console.error('--db must be sqlite or postgres');
	process.exit(2);
}
const kind = values.db as 'sqlite' | 'postgres';
const learnerCount = Number(values.learners);
const kills = Number(values.kills);
const minMs = Number(values['min-ms']);
const maxMs = Number(values['max-ms']);
if (!(learnerCount >= 1 && learnerCount <= 20_000) || !(kills >= 1 && kills <= 50)) {
	console.error('--learners must be 1 to 20000 and --kills 1 to 50');
	process.exit(2);
}
if (!(minMs >= 0 && maxMs >= minMs && maxMs <= 120_000)) {
	console.error('--min-ms and --max-ms: 0 ≤ min ≤ max ≤ 120000');
	process.exit(2);
}

function fileSize(path: string): number {
	try {
		return statSync(path).size;
	} catch {
		return 0;
	}
}

interface CheckResult {
	ok: boolean;
	/** The integrity check's answer, or "not applicable" (PostgreSQL). */
	integrity: string;
	verification: Verification;
	line: string;
}

/** Integrity and the drafts, through a connection opened now and closed before returning. */
async function checkDatabase(
	url: string,
	assignmentId: string,
	learners: Learner[]
): Promise<CheckResult> {
	const direct = openDirect(url);
	try {
		const checked = await direct.integrityCheck();
		const integrity = checked ?? 'not applicable';
		const v = await verifyDrafts(direct, assignmentId, learners);
		for (const L of learners) L.resync(v.rows.get(L.account.id) ?? null);
		return {
			ok: (checked ?? 'ok') === 'ok' && v.lost === 0 && v.unexpected === 0,
			integrity,
			verification: v,
			line: formatVerification(v)
		};
	} finally {
		await direct.close();
	}
}

/**
 * Errors while the server was up. A save that timed out on an overloaded machine, and the 409 that
 * follows when that save had in fact been written, are the protocol working: noted, not failed (this
 * script is about durability). Anything else (a 5xx, a reset connection, another 4xx) fails the run.
 */
function reportErrors(when: string, errors: ErrorRecord[], failures: string[]): void {
	if (!errors.length) return;
	const overload = errors.filter((e) => e.kind === 'TIMEOUT' || e.kind.startsWith('409 stale'));
	const other = errors.filter((e) => !overload.includes(e));
	if (overload.length) {
		console.log(
			`  note (${when}): ${overload.length} saves timed out or were refused as stale after a timeout: the machine was overloaded`
		);
	}
	if (other.length) {
		failures.push(`${when}: ${other.length} errors`);
		for (const e of other.slice(0, 3))
			console.log(`  e.g. learner ${e.learner}: ${e.kind} ${e.detail}`);
	}
}

main(
	async () => {
		const db = await freshDatabase(kind);
		const server: AppServer = await appServer('server', db.url);
		await server.start();
		const direct = openDirect(db.url);
		const cls = await setUpClass(server.url, direct, learnerCount);
		await direct.close();
		await checkSetUp(server.url, cls);
		const learners = makeLearners(cls.learners, cls.articleText);
		const pickDelay = random(Number(values.seed));
		console.log(
			`${learnerCount} learners saving every 2 s (≈ ${learnerCount / 2} saves/s) on ${kind === 'sqlite' ? db.url : 'a fresh PostgreSQL database'}; ` +
				`${kills} kills with SIGKILL, each ${minMs / 1000}–${maxMs / 1000} s into a round; ${machineLoad()}`
		);
		const failures: string[] = [];
		const totals = { acknowledged: 0, inFlight: 0, committedUnacked: 0, errors: 0 };

		for (let round = 1; round <= kills; round++) {
			const stop = new Stop();
			const killAfter = minMs + pickDelay() * (maxMs - minMs);
			const acksBefore = learners.reduce((n, L) => n + L.acks, 0);
			const loading = runLoad({
				targets: [server],
				learners,
				assignmentId: cls.assignmentId,
				seconds: maxMs / 1000 + 30,
				stop,
				requestTimeoutMs: 10_000
			});
			await sleep(killAfter);
			const wal =
				kind === 'sqlite'
					? ` (WAL file left behind: ${(fileSize(`${db.url}-wal`) / 1024).toFixed(0)} KiB)`
					: '';
			const killedAt = performance.now();
			await server.kill9();
			stop.stop();
			const stats = await loading;
			learners.forEach((L) => L.closeConnections());
			const before = stats.errors.filter((e) => e.at < killedAt);
			const acked = learners.reduce((n, L) => n + L.acks, 0) - acksBefore;
			// Saves sent and never answered: in flight when the process died, or sent while it was dying.
			const unanswered = learners.filter((L) => L.uncertain).length;

			const t = performance.now();
			await server.start();
			const restartMs = performance.now() - t;
			const check = await checkDatabase(db.url, cls.assignmentId, learners);
			const committed = check.verification.committedUnacknowledged;
			totals.acknowledged += acked;
			totals.inFlight += unanswered;
			totals.committedUnacked += committed;
			totals.errors += before.length;
			console.log(
				`kill ${round}/${kills} at ${(killAfter / 1000).toFixed(1)} s${wal}: ` +
					`${acked} saves acknowledged this round, ${before.length} errors before the kill, ` +
					`${unanswered} saves left unanswered by it (${committed} of them found written); ` +
					`restarted and healthy in ${restartMs.toFixed(0)} ms; integrity_check: ${check.integrity}\n  ${check.line}\n  ${formatSummary(stats.summary())}`
			);
			reportErrors(`round ${round}, before the kill`, before, failures);
			if (!check.ok) failures.push(`round ${round}: ${check.integrity}; ${check.line}`);
		}

		// After the last restart: a short load with no kill, a normal stop, and the last check.
		const stats = await runLoad({
			targets: [server],
			learners,
			assignmentId: cls.assignmentId,
			seconds: 4
		});
		learners.forEach((L) => L.closeConnections());
		totals.acknowledged += stats.ok;
		console.log(`after the last restart: ${formatSummary(stats.summary())}`);
		reportErrors('after the last restart', stats.errors, failures);
		await server.stop();
		const last = await checkDatabase(db.url, cls.assignmentId, learners);
		console.log(`after a normal stop: integrity_check ${last.integrity}; ${last.line}`);
		if (!last.ok) failures.push(`final check: ${last.integrity}; ${last.line}`);
		if (server.errorLines().length) {
			failures.push(`the server logged ${server.errorLines().length} errors`);
			console.log(server.errorLines().slice(0, 3).join('\n'));
		}

		console.log(
			`\ntotals: ${kills} kills; ${totals.acknowledged} saves acknowledged, all checked present as the last ` +
				`acknowledged state of each learner; ${totals.inFlight} saves left unanswered by a kill, ` +
				`${totals.committedUnacked} of them found written (never acknowledged: allowed either way); errors before a kill ${totals.errors}; ${machineLoad()}`
		);
		console.log(
			failures.length
				? `✗ ${failures.join('\n✗ ')}`
				: `✓ nothing acknowledged was lost${kind === 'sqlite' ? ', the file was sound after every kill' : ', the server came back after every kill'}`
		);
		return failures.length ? 1 : 0;
	},
	(kills * (maxMs / 1000 + 120) + 180) * 1000
);
