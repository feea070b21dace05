/**
 * One autosave run from nothing: a fresh database, the built server on it, a class of N learners, the
 * load, and the database check. Shared by tests/load/autosave.ts and scripts/bench/load.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpuSince, cpuSnapshot, formatCpu, listenOverflows, machineBusy, type CpuUse } from './cpu';
import { freshDatabase, openDirect, type Kind } from './direct';
import {
	type Learner,
	formatSummary,
	formatVerification,
	makeLearners,
	runLoad,
	verifyDrafts,
	type Summary,
	type Verification
} from './load';
import { machineLoad } from './run';
import { appServer, type AppServer } from './server';
import { checkSetUp, setUpClass } from './setup';

export interface AutosaveOptions {
	kind: Kind;
	learners: number;
	seconds: number;
	intervalMs: number;
	staggerMs: number;
	/**
	 * Seconds of lighter load (a quarter of the learners, other accounts) before the measured run, so
	 * the figures are those of a running server rather than of its first seconds (V8 still compiling
	 * the request path); 0 measures from a cold start.
	 */
	warmupSeconds?: number;
	/** App servers on the one database (started one after another), each learner staying on one. */
	servers?: number;
}

export interface AutosaveResult {
	options: AutosaveOptions;
	summary: Summary;
	verification: Verification;
	serverErrors: string[];
	loadBefore: string;
	loadAfter: string;
	cpu: CpuUse;
}

export async function autosaveRun(o: AutosaveOptions): Promise<AutosaveResult> {
	const label = `[${o.kind}]`;
	const db = await freshDatabase(o.kind);
	const servers: AppServer[] = [];
	for (let i = 0; i < (o.servers ?? 1); i++) {
		const s = await appServer(`server ${i + 1} (${o.kind})`, db.url);
		await s.start();
		servers.push(s);
	}
	const [server] = servers;
	const pick = (L: Learner) => L.account.index % servers.length;
	const direct = openDirect(db.url);
	try {
		const t = performance.now();
		const warmupSeconds = o.warmupSeconds ?? 0;
		const warmupCount = warmupSeconds > 0 ? Math.max(1, Math.round(o.learners / 4)) : 0;
		const cls = await setUpClass(server.url, direct, o.learners + warmupCount);
		await checkSetUp(server.url, cls);
		console.log(
			`${label} ${o.learners} learners with sessions, class and assignment ready in ${((performance.now() - t) / 1000).toFixed(1)} s; ` +
				`each saves every ${o.intervalMs / 1000} s for ${o.seconds} s (≈ ${Math.round((o.learners * 1000) / o.intervalMs)} saves/s offered)`
		);
		const everyone = makeLearners(cls.learners, cls.articleText, servers.length);
		const learners = everyone.slice(0, o.learners);
		if (warmupCount > 0) {
			const warmers = everyone.slice(o.learners);
			const warm = await runLoad({
				targets: servers,
				pick,
				learners: warmers,
				assignmentId: cls.assignmentId,
				seconds: warmupSeconds,
				intervalMs: o.intervalMs,
				staggerMs: o.staggerMs
			});
			warmers.forEach((L) => L.closeConnections());
			console.log(
				`${label} warm-up (not counted below): ${warmers.length} other learners for ${warmupSeconds} s; ${formatSummary(warm.summary())}`
			);
		}
		const busy = await machineBusy(2000);
		const loadBefore = `${machineLoad()}, cores ${(100 * busy).toFixed(0)}% busy just before the run`;
		const pids = () => servers.map((s) => s.pid());
		const cpu0 = cpuSnapshot(pids());
		const overflows0 = listenOverflows();
		const lag = monitorEventLoopDelay({ resolution: 10 });
		lag.enable();
		const stats = await runLoad({
			targets: servers,
			pick,
			learners,
			assignmentId: cls.assignmentId,
			seconds: o.seconds,
			intervalMs: o.intervalMs,
			staggerMs: o.staggerMs
		});
		lag.disable();
		const loadAfter = machineLoad();
		const cpu = cpuSince(cpu0, pids());
		const overflows = listenOverflows() - overflows0;
		learners.forEach((L) => L.closeConnections());
		const summary = stats.summary();
		console.log(`${label} ${formatSummary(summary)}`);
		if (o.seconds >= 20 || process.env.LOAD_BUCKET_MS)
			console.log(
				`${label} latency by start time:\n${stats.timeline(Number(process.env.LOAD_BUCKET_MS ?? 10_000))}`
			);
		for (const e of stats.errors.slice(0, 5)) {
			console.log(`${label}   e.g. learner ${e.learner}: ${e.kind} ${e.detail}`);
		}
		console.log(`${label} ${formatCpu(cpu, summary.saves + summary.errors)}`);
		console.log(
			`${label} the load generator's own event-loop delay (part of every latency above): p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`
		);
		if (overflows > 0) {
			console.log(
				`${label} the kernel dropped ${overflows} connection attempts on full accept queues (any listener on this machine; a dropped attempt is retried after 1 s, 3 s, …)`
			);
		}
		const verification = await verifyDrafts(direct, cls.assignmentId, everyone);
		console.log(`${label} ${formatVerification(verification)}`);
		console.log(`${label} machine: before ${loadBefore}; after ${loadAfter}`);
		const serverErrors = servers.flatMap((s) => s.errorLines());
		if (serverErrors.length) {
			console.log(
				`${label} the server logged ${serverErrors.length} errors, first:\n${serverErrors[0]}`
			);
		}
		return { options: o, summary, verification, serverErrors, loadBefore, loadAfter, cpu };
	} finally {
		await direct.close();
		for (const s of servers) await s.stop();
		await db.drop();
	}
}
