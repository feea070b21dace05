/**
 * Shared steps of the browser journeys: logging in through the real form, the demo's ids, axe checks,
 * and direct access to the journeys' SQLite file (to move a due date, say) — the server started by
 * playwright.config.ts keeps its database at tmp/e2e-PORT/newsmark.db.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import Database from 'better-sqlite3';

export const DEMO_PASSWORD = process.env.NEWSMARK_DEMO_PASSWORD ?? 'demo-password-123';

/** Logs in through the log-in page and waits until it has left it. */
export async function login(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
	await page.goto('/login');
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill(password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/login')),
		page.getByRole('button', { name: 'Log in' }).click()
	]);
}

/** Runs a function on the journeys' database file. */
export function withDb<T>(fn: (db: Database.Database) => T): T {
	const db = new Database(`tmp/e2e-${process.env.E2E_PORT ?? 4173}/newsmark.db`);
	try {
		return fn(db);
	} finally {
		db.close();
	}
}

/** The demo assignment's id and the demo users' ids by e-mail. */
export function demoIds() {
	return withDb((db) => {
		const assignment = db
			.prepare("select id from assignments where title like 'Who says so%'")
			.get() as { id: string };
		const users = db.prepare('select id, email from users').all() as {
			id: string;
			email: string;
		}[];
		return {
			assignmentId: assignment.id,
			user: Object.fromEntries(users.map((u) => [u.email, u.id]))
		};
	});
}

/** Asserts axe finds no accessibility violations on the page as it is now. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
	const results = await new AxeBuilder({ page }).analyze();
	expect(
		results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length}) ${v.nodes[0]?.target}`)
	).toEqual([]);
}

/**
 * Screen coordinates just inside the first and the last character of `needle` in the annotated article
 * (`.ProseMirror`), after scrolling its block to the middle of the screen: where a person starts and
 * ends a drag.
 */
export async function textBox(page: Page, needle: string) {
	return page.evaluate((needle) => {
		const root = document.querySelector('.ProseMirror')!;
		for (const block of root.querySelectorAll('h1, h2, p:not(.nm-byline)')) {
			const i = block.textContent!.indexOf(needle);
			if (i < 0) continue;
			block.scrollIntoView({ block: 'center' });
			const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
			const rectAt = (offset: number) => {
				let at = 0;
				for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
					if (offset < at + n.data.length) {
						const r = document.createRange();
						r.setStart(n, offset - at);
						r.setEnd(n, offset - at + 1);
						walker.currentNode = block;
						return r.getBoundingClientRect();
					}
					at += n.data.length;
				}
				throw new Error('offset outside');
			};
			const first = rectAt(i);
			const last = rectAt(i + needle.length - 1);
			return {
				start: { x: Math.round(first.left + 2), y: Math.round(first.top + first.height / 2) },
				end: { x: Math.round(last.right - 2), y: Math.round(last.top + last.height / 2) }
			};
		}
		throw new Error(`${needle} not found`);
	}, needle);
}

/** Selects `needle` in the annotated article by dragging the mouse over it, as a person would. */
export async function dragSelect(page: Page, needle: string): Promise<void> {
	const box = await textBox(page, needle);
	await page.mouse.move(box.start.x, box.start.y);
	await page.mouse.down();
	await page.mouse.move(Math.round((box.start.x + box.end.x) / 2), box.end.y, { steps: 5 });
	await page.mouse.move(box.end.x, box.end.y, { steps: 5 });
	await page.mouse.up();
}

/** The highlights drawn in the article as `tag: text` (fragments of one span joined), sorted. */
export async function highlights(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const spans = new Map<string, { tag: string; text: string }>();
		for (const m of document.querySelectorAll<HTMLElement>('.ProseMirror mark[data-key]')) {
			const key = m.dataset.key!;
			const entry = spans.get(key) ?? { tag: m.dataset.tag!, text: '' };
			entry.text += m.textContent;
			spans.set(key, entry);
		}
		return [...spans.values()].map((s) => `${s.tag}: ${s.text}`).sort();
	});
}

/** Signs up through the sign-up page and waits until it has left it. */
export async function signUp(page: Page, name: string, email: string, password: string) {
	await page.goto('/signup');
	await page.getByLabel('Your name').fill(name);
	await page.getByLabel('E-mail').fill(email);
	await page.getByLabel('Password').fill(password);
	await Promise.all([
		page.waitForURL((u) => !u.pathname.startsWith('/signup')),
		page.getByRole('button', { name: 'Create account' }).click()
	]);
}

/**
 * Waits two animation frames: the moment a person takes to see what they did. Chromium may deliver
 * `selectionchange` (which ProseMirror reads the selection from) after a key pressed at machine speed.
 */
export async function nextFrames(page: Page): Promise<void> {
	await page.evaluate(
		() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
	);
}

/** Presses a key at a person's pace: the next key waits until the page has drawn the last one. */
export async function pressKey(page: Page, key: string): Promise<void> {
	await page.keyboard.press(key);
	await nextFrames(page);
}

/**
 * Presses Tab until `target` has the focus (at most `limit` times) and tells whether it got there.
 * It then waits as a person would before the next key: ProseMirror puts its own selection back 20 ms
 * after it gains the focus if the caret has not moved, and a key pressed before that (Ctrl+Home on a
 * caret already at the start, say) would be undone by it.
 */
export async function tabTo(page: Page, target: Locator, limit = 40): Promise<boolean> {
	for (let i = 0; i < limit; i++) {
		await pressKey(page, 'Tab');
		if (await target.evaluate((el) => el === document.activeElement)) {
			await page.waitForTimeout(100);
			return true;
		}
	}
	return false;
}
