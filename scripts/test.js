// `npm test`: the type check, the lint, a production build, the unit and integration tests (vitest,
// with component tests in the system Chromium) and the browser journeys (Playwright, system Chromium).
// Stops at the first failing step and says which.
import { spawnSync } from 'node:child_process';
import { chromiumPath } from './chromium.js';

try {
	console.log(`Chromium: ${chromiumPath()}`);
} catch (e) {
	console.error(`\n${e.message}\n`);
	process.exit(1);
}
if (!process.env.TEST_DATABASE_URL) {
	console.log(
		'PostgreSQL tests: skipped: no TEST_DATABASE_URL (set it to a postgres:// URL of a role that may create databases).'
	);
}

const steps = [
	['type check', 'npx', ['svelte-kit', 'sync']],
	['type check', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings']],
	['lint', 'npm', ['run', '--silent', 'lint']],
	['build', 'npx', ['vite', 'build', '--logLevel', 'warn']],
	['unit, integration and component tests', 'npx', ['vitest', 'run']],
	['browser journeys', 'npx', ['playwright', 'test']]
];

const only = process.argv.slice(2);
for (const [name, cmd, args] of steps) {
	if (only.length && !only.some((o) => name.includes(o))) continue;
	console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
	const started = Date.now();
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
	const secs = ((Date.now() - started) / 1000).toFixed(1);
	if (r.status !== 0) {
		console.error(`\n✗ ${name} failed (${secs} s).`);
		process.exit(r.status ?? 1);
	}
	console.log(`✓ ${name} (${secs} s)`);
}
console.log('\nAll test steps passed.');
