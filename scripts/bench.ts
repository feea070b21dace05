// `npm run bench`: runs every benchmark in scripts/bench/ one after another (each prints its figures).
// Name some to run only those: `npm run bench -- engine`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const benches = readdirSync('scripts/bench')
	.filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
	.filter((f) => !only.length || only.some((o) => f.includes(o)))
	.sort();

let failed = 0;
for (const file of benches) {
	console.log(`\n=== ${file}`);
	const r = spawnSync('npx', ['tsx', `scripts/bench/${file}`], { stdio: 'inherit' });
	if (r.status !== 0) {
		failed++;
		console.error(`✗ ${file} exited with ${r.status}`);
	}
}
process.exit(failed ? 1 : 0);
