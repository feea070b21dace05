/**
 * Browser journeys: the built server (adapter-node) on a fresh SQLite file, driven in the system Chromium.
 * `npm test` builds first; to run alone: `npx vite build && npx playwright test`.
 */
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';

const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: 'tests',
	testMatch: '**/*.e2e.ts',
	// Generous: axe and a loaded 2-core machine make journeys slow; the assertions decide, not the clock.
	timeout: 180_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
		trace: 'retain-on-failure'
	},
	webServer: {
		command: 'node scripts/serve-test.js',
		url: `http://127.0.0.1:${port}/healthz`,
		reuseExistingServer: false,
		timeout: 60_000,
		env: { PORT: String(port) }
	}
});
