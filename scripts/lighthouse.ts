// Lighthouse audit (performance, accessibility, best practices) of the home, practice and assignment
// pages, in the system Chromium, against the built server on a fresh demo database.
// Usage: npx vite build && npx tsx scripts/lighthouse.ts [--keep DIR]   (fetches lighthouse@12.2.3 with
// npx once). --keep DIR keeps each page's JSON report there (home.json, practice.json, assignment.json)
// with its trace and DevTools log (home-0.trace.json, …), to read the audits behind a score.
// Targets: performance ≥ 95, accessibility 100, best practices ≥ 95. Scores swing with machine load:
// run it on a quiet machine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromiumPath } from './chromium.js';
import { Client } from '../tests/helpers/http';
import { DEMO_PASSWORD, startServer } from '../tests/helpers/server';

/** Runs lighthouse on one URL, writing its JSON report to `out` (and, with `assets`, its trace beside). */
function audit(url: string, cookie: string | null, out: string, assets: boolean) {
	execFileSync(
		'npx',
		[
			'-y',
			'lighthouse@12.2.3',
			url,
			'--quiet',
			'--only-categories=performance,accessibility,best-practices',
			'--output=json',
			`--output-path=${out}`,
			...(assets ? ['--save-assets'] : []),
			'--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update',
			...(cookie ? [`--extra-headers=${JSON.stringify({ cookie })}`] : [])
		],
		{
			env: { ...process.env, CHROME_PATH: chromiumPath() },
			stdio: ['ignore', 'ignore', 'inherit']
		}
	);
}

const keepAt = process.argv.indexOf('--keep');
const keep = keepAt >= 0 ? process.argv[keepAt + 1] : null;
if (keepAt >= 0 && !keep) throw new Error('--keep needs a directory');
if (keep) mkdirSync(keep, { recursive: true });

const dir = mkdtempSync(join(tmpdir(), 'newsmark-lh-'));
const server = await startServer({
	url: join(dir, 'newsmark.db'),
	drop: async () => rmSync(dir, { recursive: true, force: true })
});
try {
	const learner = new Client(server.url);
	await learner.login('learner1@example.com', DEMO_PASSWORD);
	const db = new Database(server.db.url, { readonly: true });
	const { id } = db.prepare('select id from assignments').get() as { id: string };
	db.close();
	const pages: [string, string, string | null, string][] = [
		['home', '/', null, 'home'],
		['practice', '/practice/g20-syria-talks', null, 'practice'],
		['assignment (learner)', `/assignments/${id}`, learner.cookieHeader(), 'assignment']
	];
	console.log('page                      perf  a11y  best-practices   FCP s  LCP s  TBT ms   CLS');
	for (const [name, path, cookie, file] of pages) {
		const out = join(keep ?? dir, `${file}.json`);
		// Lighthouse sometimes loses its trace on a loaded machine (NO_NAVSTART): try up to three times.
		for (let attempt = 1; ; attempt++) {
			try {
				audit(server.url + path, cookie, out, !!keep);
				break;
			} catch (e) {
				if (attempt === 3) throw e;
			}
		}
		const report = JSON.parse(readFileSync(out, 'utf8'));
		const c = report.categories;
		const score = (k: string) => String(Math.round(c[k].score * 100)).padStart(4);
		const metric = (k: string, unit: number, digits: number, width: number) =>
			(report.audits[k].numericValue / unit).toFixed(digits).padStart(width);
		console.log(
			`${name.padEnd(24)} ${score('performance')}  ${score('accessibility')}  ${score('best-practices')}` +
				`           ${metric('first-contentful-paint', 1000, 1, 5)}  ${metric('largest-contentful-paint', 1000, 1, 5)}` +
				`  ${metric('total-blocking-time', 1, 0, 6)}  ${metric('cumulative-layout-shift', 1, 3, 5)}`
		);
	}
} finally {
	await server.stop();
	await server.db.drop();
}
