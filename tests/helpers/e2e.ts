/**
 * Shared steps of the browser journeys: logging in through the real form, the demo's ids, axe checks,
 * and direct access to the journeys' SQLite file (to move a due date, say) — the server started by
 * playwright.config.ts keeps its database at tmp/e2e-PORT/newsmark.db.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
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
