/**
 * The instructor's article journey: log in, upload the sample .txt, check the live preview, save, open
 * the reference editor, tag a span and give it a rationale, reload and find both again; no
 * accessibility violations (axe) on the add-article page and the reference editor.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { expectNoAxeViolations, textBox } from './helpers/e2e';

const FIXTURE = 'tests/fixtures/g20-syria.txt';
const sample = JSON.parse(readFileSync('src/lib/fixtures/g20-syria.json', 'utf8')) as {
	title: string;
	blocks: string[];
};

test('an instructor uploads an article, previews it, saves it and writes a reference span', async ({
	page
}) => {
	// axe takes seconds per page on a busy machine.
	test.setTimeout(120_000);
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto('/login?next=/articles/new');
	await page.fill('#email', 'teacher@example.com');
	await page.fill('#password', 'demo-password-123');
	await Promise.all([page.waitForURL('**/articles/new'), page.click('button[type=submit]')]);
	await expect(page.getByRole('heading', { level: 1, name: 'Add an article' })).toBeVisible();
	// Wait for hydration: the no-JavaScript Preview button goes away.
	await expect(page.getByRole('button', { name: 'Preview' })).toHaveCount(0);

	// Upload: the preview shows the headline, the byline and the paragraphs as they will appear.
	await page.getByLabel('Upload a .txt file').setInputFiles(FIXTURE);
	const preview = page.getByRole('region', { name: 'Preview' });
	await expect(preview.getByRole('heading', { level: 3 })).toHaveText(sample.title);
	await expect(preview.getByText('By Jon Douglas')).toBeVisible();
	await expect(preview.getByText('16 paragraphs · 548 words · with a byline')).toBeVisible();
	await expect(preview.getByText(sample.blocks[16])).toBeVisible();
	await expect(
		page.getByRole('status').filter({ hasText: 'Loaded "g20-syria.txt"' })
	).toBeVisible();
	await expect(page.getByLabel('Or paste the article')).toHaveValue(/^Obama, Putin have/);
	await expectNoAxeViolations(page);

	// Save: the article page, with the next step.
	await Promise.all([
		page.waitForURL(/\/articles\/[a-z0-9]+\?saved=created$/),
		page.getByRole('button', { name: 'Save article' }).click()
	]);
	const id = /\/articles\/([a-z0-9]+)/.exec(page.url())![1];
	await expect(page.getByText('Article saved. Next, write its reference')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(sample.title);

	// The reference editor.
	await page.getByRole('link', { name: 'Write the reference' }).first().click();
	await page.waitForURL(`**/articles/${id}/reference`);
	await expect(page.locator('.ProseMirror[contenteditable="true"]')).toBeVisible();
	await expect(page.locator('#save-status')).toHaveText('Saved');

	// Tag "US officials have said" as unclear sourcing by dragging over it and pressing 4.
	const box = await textBox(page, 'US officials have said');
	await page.mouse.move(box.start.x + 2, box.start.y);
	await page.mouse.down();
	await page.mouse.move((box.start.x + box.end.x) / 2, box.end.y, { steps: 5 });
	await page.mouse.move(box.end.x - 2, box.end.y, { steps: 5 });
	await page.mouse.up();
	await page.keyboard.press('4');
	const list = page.locator('ul#ref-list');
	await expect(list.locator('li')).toHaveCount(1);
	await expect(list.locator('li').first()).toContainText('US officials have said');

	// Its rationale, in the side list.
	const rationale =
		'No official is named: the reader cannot tell who said it or how they would know.';
	const item = list.locator('li').first();
	if ((await item.locator('button.nm-card-pick').getAttribute('aria-expanded')) !== 'true') {
		await item.locator('button.nm-card-pick').click();
	}
	await item.getByLabel('Rationale').fill(rationale);
	await item.getByRole('button', { name: 'Save rationale' }).click();
	await expect(item).toContainText(rationale);
	await expect(page.locator('#save-status')).toHaveText('All changes saved');
	await expectNoAxeViolations(page);

	// Reload: both are there, from the server.
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	await expect(page.locator('.ProseMirror[contenteditable="true"]')).toBeVisible();
	await expect(list.locator('li')).toHaveCount(1);
	await expect(list.locator('li').first()).toContainText('US officials have said');
	await expect(list.locator('li').first()).toContainText(rationale);
	await expect(
		page.locator('.ProseMirror mark[data-tag="unclear_sourcing"]').first()
	).toBeVisible();

	// The article page sums it up.
	await page.goto(`/articles/${id}`);
	await expect(page.getByRole('region', { name: 'Reference summary' })).toContainText('1 span');
	await expect(page.getByRole('list', { name: 'Reference spans' })).toContainText(rationale);
});
