/**
 * The life of a load script: a hard deadline, cleanup of everything it started (server processes,
 * temporary databases and folders) on success, on failure, on Ctrl-C and on the deadline, and the exit
 * code. Every script calls `main()` once.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';

type Cleanup = () => Promise<void> | void;

const cleanups: { name: string; fn: Cleanup }[] = [];
const children = new Set<ChildProcess>();
const folders = new Set<string>();

/** Runs `fn` at the end (last registered runs first). */
export function onCleanup(name: string, fn: Cleanup): void {
	cleanups.push({ name, fn });
}

/** A child process to SIGKILL at exit if it is still running (covers abrupt exits too). */
export function trackChild(child: ChildProcess): void {
	children.add(child);
	child.once('exit', () => children.delete(child));
}

/** A temporary folder to remove at exit. */
export function trackFolder(path: string): void {
	folders.add(path);
}

let cleaning: Promise<void> | null = null;

async function cleanUp(): Promise<void> {
	cleaning ??= (async () => {
		for (const { name, fn } of cleanups.splice(0).reverse()) {
			try {
				await withTimeout(Promise.resolve(fn()), 30_000, `cleanup ${name}`);
			} catch (e) {
				console.error(`cleanup "${name}" failed: ${(e as Error).message}`);
			}
		}
		killChildrenNow();
	})();
	return cleaning;
}

function killChildrenNow(): void {
	for (const c of children) {
		if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
	}
	for (const f of folders) rmSync(f, { recursive: true, force: true });
	folders.clear();
}

/** Rejects when `p` has not settled within `ms`. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
		})
	]);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The 1-minute load average and the core count, for the figures. */
export function machineLoad(): string {
	const [one, five] = loadavg();
	return `load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min)`;
}

/**
 * Runs a script: its exit code is what `fn` returns (0 = every check passed), 2 when it threw (it
 * could not run), 3 when it passed `deadlineMs`, 130 on Ctrl-C. Cleans up in every case.
 */
export function main(fn: () => Promise<number>, deadlineMs: number): void {
	process.on('exit', killChildrenNow);
	for (const sig of ['SIGINT', 'SIGTERM'] as const) {
		process.once(sig, () => {
			console.error(`\n${sig}: cleaning up`);
			void cleanUp().then(() => process.exit(130));
		});
	}
	let deadline: NodeJS.Timeout | undefined;
	const timedOut = new Promise<number>((resolve) => {
		deadline = setTimeout(() => {
			console.error(`✗ gave up: the script ran longer than its ${deadlineMs / 1000} s limit`);
			resolve(3);
		}, deadlineMs);
	});
	void (async () => {
		let code: number;
		try {
			code = await Promise.race([fn(), timedOut]);
		} catch (e) {
			console.error(`✗ could not run: ${(e as Error).stack ?? e}`);
			code = 2;
		}
		clearTimeout(deadline);
		await cleanUp();
		process.exit(code);
	})();
}
