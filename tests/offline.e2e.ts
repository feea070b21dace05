/**
 * A learner who loses the connection for five minutes loses nothing. On an assignment of the demo class
 * (a fresh copy of the demo assignment, due in a week, so the order of the journeys does not matter),
 * learner1 tags a span online, then goes offline and keeps annotating for five minutes of the page's
 * time (Playwright's clock: no real waiting) — four more spans and a note. All along, the badge says
 * offline, the page retries with back-off, the work stays on the page and in localStorage, and the server
 * still has only what was saved before. Back online, the page saves by itself; the server has every span
 * and the note, and a reload shows them.
 */
import { expect, test, type Page } from '@playwright/test';
import { demoIds, dragSelect, highlights, login, withDb } from './helpers/e2e';

interface Span {
	start: number;
	end: number;
	tag: string;
	note?: string;
}

/** Copies the demo assignment as a new one, due a week from now; returns its id. */
function freshAssignment(title: string): string {
	const { assignmentId } = demoIds();
	const id = `e2eoff${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
	withDb((db) => {
		const row = db.prepare('select * from assignments where id = ?').get(assignmentId) as Record<
			string,
			unknown
		>;
		const copy = {
			...row,
			id,
			title,
			opens_at: null,
			due_at: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
			reveal_policy: 'after_due',
			revealed_at: null,
			created_at: new Date().toISOString()
		};
		const cols = Object.keys(copy);
		db.prepare(
			`insert into assignments (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`
		).run(copy);
	});
	return id;
}

const key = (s: Span) => `${s.start}:${s.end}:${s.tag}:${s.note ?? ''}`;
const keys = (spans: Span[]) => spans.map(key).sort();

/** The draft as the server keeps it (straight from the database), or null before the first save. */
function draftInDb(assignmentId: string, learnerId: string) {
	return withDb((db) => {
		const row = db
			.prepare('select revision, spans from drafts where assignment_id = ? and user_id = ?')
			.get(assignmentId, learnerId) as { revision: number; spans: string } | undefined;
		return row ? { revision: row.revision, spans: JSON.parse(row.spans) as Span[] } : null;
	});
}

/** Logs learner1 in and opens the assignment, ready to annotate. */
async function openAsLearner(page: Page, assignmentId: string, title: string) {
	await page.setViewportSize({ width: 1280, height: 900 });
	await login(page, 'learner1@example.com');
	await page.goto(`/assignments/${assignmentId}`);
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.locator('.nm-annotator[data-ready] .ProseMirror')).toBeVisible();
}

test('a learner offline for five minutes loses nothing', async ({ page, context }) => {
	test.setTimeout(120_000);
	const title = `Offline drill ${Date.now().toString(36)}`;
	const assignmentId = freshAssignment(title);
	const learnerId = demoIds().user['learner1@example.com'];
	const storageKey = `newsmark:draft:${learnerId}:${assignmentId}`;
	const serverDraft = () => draftInDb(assignmentId, learnerId);
	const stored = (p: Page) =>
		p.evaluate((k) => {
			const raw = localStorage.getItem(k);
			return raw ? (JSON.parse(raw) as { base: number; spans: Span[]; dirty: boolean }) : null;
		}, storageKey);

	await page.clock.install();
	await openAsLearner(page, assignmentId, title);
	const badge = page.locator('p[data-status]');
	const list = page.locator('ul#nm-list');
	await expect(badge).toHaveAttribute('data-status', 'saved');

	// Online: one span, saved on the server.
	await dragSelect(page, 'Secretary of State John Kerry');
	await page.keyboard.press('c');
	await expect(badge).toHaveAttribute('data-status', 'saved');
	await expect(badge).toHaveText(/Saved/);
	const before = serverDraft()!;
	expect(before.spans).toHaveLength(1);

	// Offline for five minutes of the page's time: retries fail and back off; annotating goes on.
	const failedSaves: number[] = [];
	page.on('requestfailed', (r) => {
		if (r.method() === 'PUT' && r.url().endsWith(`/api/assignments/${assignmentId}/draft`))
			failedSaves.push(Date.now());
	});
	/** Lets `ms` of the page's time pass, ten seconds at a time (so each retry gets to run). */
	const pass = async (ms: number) => {
		for (let left = ms; left > 0; left -= 10_000) {
			await page.clock.runFor(Math.min(10_000, left));
			await expect(badge).toHaveAttribute('data-status', /offline|saving/);
		}
		await expect(badge).toHaveAttribute('data-status', 'offline');
		await expect(badge).toHaveText(/Offline — kept on this device/);
	};
	await context.setOffline(true);
	const startedAt = await page.evaluate(() => Date.now());

	await dragSelect(page, 'US officials have said');
	await page.keyboard.press('u');
	await expect(badge).toHaveText(/Offline — kept on this device/);
	await pass(60_000);

	await dragSelect(page, "we haven't yet closed the gaps");
	await page.keyboard.press('q');
	await pass(60_000);

	await dragSelect(page, 'Is that possible considering there are such fundamental differences');
	await page.keyboard.press('o');
	await pass(30_000);

	// A note on the opinion, written in the side list.
	const note = 'A question, not a fact: the reporter frames doubt.';
	const item = list.locator('li').filter({ hasText: 'Is that possible' });
	if ((await item.locator('button.nm-card-pick').getAttribute('aria-expanded')) !== 'true') {
		await item.locator('button.nm-card-pick').click();
	}
	await item.getByLabel('Note').fill(note);
	await item.getByRole('button', { name: 'Save note' }).click();
	await expect(item).toContainText(note);
	await pass(60_000);

	await dragSelect(page, 'according to the ministry');
	await page.keyboard.press('4');
	await expect(list.locator('li')).toHaveCount(5);
	const elapsed = (await page.evaluate(() => Date.now())) - startedAt;
	await pass(300_000 - elapsed);
	expect((await page.evaluate(() => Date.now())) - startedAt).toBeGreaterThanOrEqual(300_000);

	// After five minutes: still offline, the work on the page and in the browser, not on the server.
	const shown = await highlights(page);
	expect(shown).toHaveLength(5);
	expect(shown).toEqual(
		expect.arrayContaining([
			'claim: Secretary of State John Kerry',
			'unclear_sourcing: US officials have said',
			'unclear_sourcing: according to the ministry'
		])
	);
	await expect(list.locator('li')).toHaveCount(5);
	const kept = (await stored(page))!;
	expect(kept.dirty).toBe(true);
	expect(kept.base).toBe(before.revision);
	expect(kept.spans).toHaveLength(5);
	expect(kept.spans.find((s) => s.tag === 'opinion')?.note).toBe(note);
	expect(serverDraft()).toEqual(before);
	// The page kept trying, backing off rather than hammering (2 s, 4 s, … up to 30 s apart).
	expect(failedSaves.length).toBeGreaterThanOrEqual(5);
	expect(failedSaves.length).toBeLessThanOrEqual(30);

	// Back online: saved without doing anything; the server has every span and the note.
	await context.setOffline(false);
	await expect(badge).toHaveAttribute('data-status', 'saved');
	await expect(badge).toHaveText(/Saved/);
	const res = await page.request.get(`/api/assignments/${assignmentId}/draft`);
	expect(res.ok()).toBe(true);
	const draft = (await res.json()) as { revision: number; spans: Span[] };
	expect(draft.revision).toBeGreaterThan(before.revision);
	expect(keys(draft.spans)).toEqual(keys(kept.spans));
	expect(keys(serverDraft()!.spans)).toEqual(keys(kept.spans));
	expect((await stored(page))!.dirty).toBe(false);

	// A reload (browser copy cleared) shows all of it, from the server.
	await page.evaluate((k) => localStorage.removeItem(k), storageKey);
	await page.reload();
	await expect(page.locator('.nm-annotator[data-ready] .ProseMirror')).toBeVisible();
	expect(await highlights(page)).toEqual(shown);
	await expect(list.locator('li').filter({ hasText: 'Is that possible' })).toContainText(note);
});

test('work tagged offline survives closing the tab and is sent on the next visit', async ({
	page,
	context
}) => {
	const title = `Offline, tab closed ${Date.now().toString(36)}`;
	const assignmentId = freshAssignment(title);
	const learnerId = demoIds().user['learner1@example.com'];
	await openAsLearner(page, assignmentId, title);
	const badge = page.locator('p[data-status]');

	await context.setOffline(true);
	await dragSelect(page, 'US officials have said');
	await page.keyboard.press('u');
	await dragSelect(page, 'according to the ministry');
	await page.keyboard.press('u');
	await expect(badge).toHaveText(/Offline — kept on this device/);
	const shown = await highlights(page);
	expect(shown).toHaveLength(2);
	await page.close();
	expect(draftInDb(assignmentId, learnerId)).toBeNull();

	// Later, online again: the assignment opens with the work, and sends it without being asked.
	await context.setOffline(false);
	const again = await context.newPage();
	await again.setViewportSize({ width: 1280, height: 900 });
	await again.goto(`/assignments/${assignmentId}`);
	await expect(again.locator('.nm-annotator[data-ready] .ProseMirror')).toBeVisible();
	expect(await highlights(again)).toEqual(shown);
	await expect(again.locator('p[data-status]')).toHaveAttribute('data-status', 'saved');
	await expect.poll(() => draftInDb(assignmentId, learnerId)?.spans.length).toBe(2);
});

test('submitting while offline says so, and works once back online', async ({ page, context }) => {
	const title = `Offline submit ${Date.now().toString(36)}`;
	const assignmentId = freshAssignment(title);
	await openAsLearner(page, assignmentId, title);
	const badge = page.locator('p[data-status]');
	await dragSelect(page, 'Secretary of State John Kerry');
	await page.keyboard.press('c');
	await expect(badge).toHaveAttribute('data-status', 'saved');

	// Everything is saved; the connection drops just before submitting.
	await context.setOffline(true);
	await page.getByRole('button', { name: 'Submit', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Submit your work?' });
	const yes = dialog.getByRole('button', { name: 'Yes, submit' });
	await yes.click();
	// The learner is told it did not go through, and may try again.
	await expect(dialog.getByRole('alert')).toBeVisible();
	await expect(yes).toBeEnabled();

	await context.setOffline(false);
	await yes.click();
	await expect(dialog).toBeHidden();
	await expect(
		page.getByRole('status').filter({ hasText: 'Your feedback appears after the due date' })
	).toContainText('Submitted on');
});
