/**
 * The built app server (build/index.js, as `npm start` runs it) under the load scripts' control: started
 * on loopback on a given port and database, stopped gently or killed with SIGKILL, restarted on the same
 * database and port.
 *
 * Other people rebuild `build/` in this checkout while a run is going, so every script first copies
 * the build into a private temporary folder (with a `node_modules` link and a `package.json` saying
 * "module") and runs its servers from that copy: a run always uses one build from start to end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SERVER_DEFAULTS } from '../../../scripts/server-defaults.js';
import { freePort } from '../../helpers/server';
import { onCleanup, sleep, trackChild, trackFolder } from './run';

export const DEMO_PASSWORD = 'load-demo-password-123';

function sleepSync(ms: number): void {
	Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const ROOT = resolve(import.meta.dirname, '../../..');

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
		if (!entry.isFile()) continue;
		newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/** Copies build/ to a private folder (once per process); returns the path of its index.js. */
let snapshot: string | null = null;
export function buildSnapshot(): string {
	if (snapshot) return snapshot;
	const build = join(ROOT, 'build');
	// Someone may be rebuilding right now: give a build in progress a minute to finish.
	for (let i = 0; i < 20 && !existsSync(join(build, 'index.js')); i++) sleepSync(3000);
	if (!existsSync(join(build, 'index.js'))) {
		throw new Error('build/index.js is missing: run `npx vite build` first.');
	}
	const dir = mkdtempSync(join(tmpdir(), 'newsmark-load-'));
	trackFolder(dir);
	for (let attempt = 1; ; attempt++) {
		// A rebuild during the copy would leave a mix of two builds (or files vanish under cpSync):
		// copy again, after a pause, until nothing moved while copying.
		try {
			const before = newestMtime(build);
			rmSync(join(dir, 'build'), { recursive: true, force: true });
			cpSync(build, join(dir, 'build'), { recursive: true });
			if (newestMtime(build) === before && existsSync(join(dir, 'build', 'index.js'))) {
				const stale = newestMtime(join(ROOT, 'src')) > before;
				console.log(
					`build: ${new Date(before).toISOString()}` +
						(stale ? ' (note: some file in src/ is newer than this build)' : '')
				);
				break;
			}
		} catch (e) {
			if (attempt === 10) throw e;
		}
		if (attempt === 10) throw new Error('build/ kept changing while it was copied; try again');
		sleepSync(3000);
	}
	writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
	snapshot = join(dir, 'build', 'index.js');
	return snapshot;
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (clock ticks are 1/100 s on Linux). */
export function processCpuSeconds(pid: number | undefined): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return NaN;
	}
}

export interface AppServer {
	name: string;
	url: string;
	port: number;
	databaseUrl: string;
	/** Starts (or restarts) the process; resolves when /healthz answers 200. */
	start(): Promise<void>;
	/** SIGKILL, and waits for the process to be gone. */
	kill9(): Promise<void>;
	/** SIGTERM, then SIGKILL after 10 s. */
	stop(): Promise<void>;
	running(): boolean;
	pid(): number | undefined;
	/** CPU time (user + system) the current process has used, in seconds (Linux /proc; NaN elsewhere). */
	cpuSeconds(): number;
	/** The last ~64 KB the server printed. */
	output(): string;
	/** Lines the server logged at level "error" (unhandled errors), across restarts. */
	errorLines(): string[];
}

/** An app server on `databaseUrl` at a free loopback port (not started yet). */
export async function appServer(
	name: string,
	databaseUrl: string,
	env: Record<string, string> = {}
): Promise<AppServer> {
	const entry = buildSnapshot();
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let child: ChildProcess | null = null;
	let out = '';
	const errors: string[] = [];
	let partial = '';
	const echo = !!process.env.LOAD_SERVER_OUTPUT;
	const keep = (d: Buffer) => {
		const s = d.toString();
		// LOAD_SERVER_OUTPUT=1: show what the servers print, as they print it (for diagnosis).
		if (echo) process.stderr.write(s.replace(/^(?=.)/gm, `${name}| `));
		out = (out + s).slice(-65_536);
		const lines = (partial + s).split('\n');
		partial = lines.pop() ?? '';
		for (const line of lines) if (line.includes('"level":"error"')) errors.push(line);
	};
	const alive = () => !!child && child.exitCode === null && child.signalCode === null;
	const exited = (c: ChildProcess) =>
		c.exitCode !== null || c.signalCode !== null
			? Promise.resolve()
			: new Promise<void>((r) => c.once('exit', () => r()));

	const server: AppServer = {
		name,
		url,
		port,
		databaseUrl,
		running: alive,
		pid: () => child?.pid,
		output: () => out,
		cpuSeconds: () => processCpuSeconds(child?.pid),
		errorLines: () => errors,
		async start() {
			if (alive()) throw new Error(`${name} is already running`);
			// LOAD_SERVER_ARGS: extra node flags for the servers, e.g. "--cpu-prof --cpu-prof-dir=tmp/prof".
			const extra = (process.env.LOAD_SERVER_ARGS ?? '').split(' ').filter(Boolean);
			const c = spawn(process.execPath, [...extra, entry], {
				cwd: ROOT,
				env: {
					...SERVER_DEFAULTS,
					...process.env,
					PORT: String(port),
					HOST: '127.0.0.1',
					ORIGIN: url,
					DATABASE_URL: databaseUrl,
					NEWSMARK_DEMO: 'off',
					NEWSMARK_DEMO_PASSWORD: DEMO_PASSWORD,
					...env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			});
			child = c;
			trackChild(c);
			c.stdout!.on('data', keep);
			c.stderr!.on('data', keep);
			const deadline = Date.now() + 60_000;
			for (;;) {
				if (!alive()) throw new Error(`${name} exited (${c.exitCode ?? c.signalCode}):\n${out}`);
				try {
					const r = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
					if (r.ok) return;
				} catch {
					// not listening yet
				}
				if (Date.now() > deadline) {
					c.kill('SIGKILL');
					throw new Error(`${name} did not answer /healthz within 60 s:\n${out}`);
				}
				await sleep(50);
			}
		},
		async kill9() {
			if (!child || !alive()) return;
			const done = exited(child);
			child.kill('SIGKILL');
			await done;
		},
		async stop() {
			if (!child || !alive()) return;
			const c = child;
			const done = exited(c);
			c.kill('SIGTERM');
			const timer = setTimeout(() => c.kill('SIGKILL'), 10_000);
			await done;
			clearTimeout(timer);
		}
	};
	onCleanup(`stop ${name}`, () => server.stop());
	return server;
}
