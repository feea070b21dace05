import { sveltekit } from '@sveltejs/kit/vite';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumPath, chromiumArgs } from './scripts/chromium.js';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.spec.ts', 'scripts/**/*.spec.ts', 'tests/integration/**/*.spec.ts'],
					exclude: ['src/**/*.svelte.spec.ts', 'src/lib/annotator/**'],
					testTimeout: 20_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'client',
					include: ['src/lib/annotator/**/*.spec.ts', 'src/**/*.svelte.spec.ts'],
					browser: {
						enabled: true,
						headless: true,
						provider: playwright({
							// Resolved only under vitest, so a build or `npm start` never needs a browser.
							launchOptions: {
								executablePath: process.env.VITEST ? chromiumPath() : undefined,
								args: chromiumArgs
							}
						}),
						instances: [{ browser: 'chromium' }]
					}
				}
			}
		]
	}
});
