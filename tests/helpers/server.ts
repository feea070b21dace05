/**
 * Starts the real built server (build/index.js, as `npm start` runs it) on a free port with a fresh
 * database, for integration tests over HTTP. `npm test` builds before the tests run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { SERVER_DEFAULTS } from '../../scripts/server-defaults.js';
import type { TestDatabase } from './databases';

export interface RunningServer {
	url: string;
	db: TestDatabase;
	process: ChildProcess;
	/** Everything the server printed. */
	output: () => string;
	stop(): Promise<void>;
}

export const DEMO_PASSWORD = 'demo-password-123';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
		});
	});
}

/** Starts the built server on `db`; resolves once /healthz answers. */
export async function startServer(
	db: TestDatabase,
	env: Record<string, string> = {}
): Promise<RunningServer> {
	if (!existsSync('build/index.js')) {
		throw new Error('build/index.js is missing: run `npx vite build` (npm test does) first.');
	}
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let out = '';
	const child = spawn(process.execPath, ['build/index.js'], {
		env: {
			...SERVER_DEFAULTS,
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATABASE_URL: db.url,
			NEWSMARK_DEMO_PASSWORD: DEMO_PASSWORD,
			NEWSMARK_LOG: 'off',
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout!.on('data', (d) => (out += d));
	child.stderr!.on('data', (d) => (out += d));
	const deadline = Date.now() + 30_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${out}`);
		try {
			const r = await fetch(`${url}/healthz`);
			if (r.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`server did not answer /healthz within 30 s:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		db,
		process: child,
		output: () => out,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
