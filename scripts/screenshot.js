// Takes Chromium screenshots of pages of a running server, to look at what we built.
// Usage: node scripts/screenshot.js BASE_URL OUT_DIR [path[@width]] … (log in first with LOGIN=email:password)
import { chromium } from 'playwright';
import { mkdirSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from './chromium.js';

const [base, out, ...paths] = process.argv.slice(2);
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
if (process.env.LOGIN) {
	const [email, password] = process.env.LOGIN.split(':');
	await page.goto(`${base}/login`);
	await page.fill('#email', email);
	await page.fill('#password', password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/login')),
		page.click('button[type=submit]')
	]);
}
for (const spec of paths) {
	const [path, width] = spec.split('@');
	await page.setViewportSize({ width: Number(width ?? 1280), height: 900 });
	await page.goto(base + path);
	await page.waitForLoadState('networkidle');
	const name =
		(path.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home') +
		(width ? `_${width}` : '');
	await page.screenshot({ path: `${out}/${name}.png`, fullPage: process.env.FULL !== '0' });
	console.log(`${out}/${name}.png`);
}
await browser.close();
