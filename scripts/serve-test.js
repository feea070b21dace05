// Starts the built server for the browser journeys on a fresh SQLite file with a known demo password.
import { mkdirSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { SERVER_DEFAULTS } from './server-defaults.js';

const dir = `tmp/e2e-${process.env.PORT ?? 4173}`;
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });

const child = spawn(process.execPath, ['build/index.js'], {
	stdio: 'inherit',
	env: {
		...SERVER_DEFAULTS,
		...process.env,
		DATABASE_URL: `${dir}/newsmark.db`,
		NEWSMARK_DEMO_PASSWORD: process.env.NEWSMARK_DEMO_PASSWORD ?? 'demo-password-123',
		ORIGIN: `http://127.0.0.1:${process.env.PORT ?? 4173}`,
		HOST: '127.0.0.1',
		NEWSMARK_RATE_LIMIT: process.env.NEWSMARK_RATE_LIMIT ?? 'relaxed'
	}
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
