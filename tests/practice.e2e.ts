/**
 * The practice page, as a learner uses it: tag three spans (one by dragging the mouse, one with the
 * keyboard only, one inside another), reload and find them again, clear them; no accessibility
 * violations (axe); on a phone-sized screen the list of highlights sits below the article; the article the
 * server draws is laid out as the editor that replaces it.
 */
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expectNoAxeViolations, pressKey, tabTo, textBox } from './helpers/e2e';

const URL = '/practice/g20-syria-talks';

/** The highlights drawn in the article: tag and text of each span (fragments joined). */
async function highlights(page: Page) {
	return page.evaluate(() => {
		const spans = new Map<string, { tag: string; text: string }>();
		for (const m of document.querySelectorAll<HTMLElement>('.ProseMirror mark[data-key]')) {
			const key = m.dataset.key!;
			const entry = spans.get(key) ?? { tag: m.dataset.tag!, text: '' };
			// Only the fragment's own text: nested marks of other spans are counted once each.
			entry.text += m.textContent;
			spans.set(key, entry);
		}
		return [...spans.values()].map((s) => `${s.tag}: ${s.text}`).sort();
	});
}

test.beforeEach(async ({ page }) => {
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto(URL);
	await page.evaluate(() => localStorage.clear());
	await page.reload();
	await expect(page.locator('.ProseMirror[contenteditable="true"]')).toBeVisible();
});

test('tag three spans by mouse, keyboard and overlap; they survive a reload; Clear all asks first', async ({
	page
}) => {
	const article = page.getByRole('textbox', { name: /^Article:/ });
	const list = page.locator('ul#practice-list');

	// 1. Mouse: drag from inside "US" to inside "said"; the selection snaps to whole words.
	const box = await textBox(page, 'US officials have said');
	await page.mouse.move(box.start.x + 3, box.start.y);
	await page.mouse.down();
	await page.mouse.move(Math.round((box.start.x + box.end.x) / 2), box.end.y, { steps: 5 });
	await page.mouse.move(box.end.x - 3, box.end.y, { steps: 5 });
	await page.mouse.up();
	const toolbar = page.getByRole('toolbar', { name: 'Tag the selection' });
	await expect(toolbar).toBeVisible();
	await toolbar.getByRole('button', { name: /Unclear sourcing/ }).click();
	await expect(page.getByRole('status').first()).toHaveText(
		"Tagged 'US officials have said' as unclear sourcing"
	);
	await expect(list.locator('li')).toHaveCount(1);

	// 2. Keyboard only: Tab to the article, extend word by word over the headline, press 2.
	await page.locator('body').click({ position: { x: 5, y: 5 } });
	await pressKey(page, 'Home');
	expect(await tabTo(page, article), 'Tab reaches the article').toBe(true);
	await pressKey(page, 'Control+Home');
	for (let i = 0; i < 15; i++) {
		const sel = await page.evaluate(() => getSelection()!.toString());
		if (sel.trimEnd().endsWith('Syria')) break;
		await pressKey(page, 'Control+Shift+ArrowRight');
	}
	await pressKey(page, '2');
	await expect(page.getByRole('status').first()).toHaveText(
		"Tagged 'Obama, Putin have 'candid, blunt' chat on Syria' as claim"
	);

	// 3. Overlapping: "candid, blunt" inside the headline's claim, tagged as a quote with Q.
	const inner = await textBox(page, 'candid, blunt');
	await page.mouse.move(inner.start.x, inner.start.y);
	await page.mouse.down();
	await page.mouse.move(inner.end.x, inner.end.y, { steps: 6 });
	await page.mouse.up();
	await page.keyboard.press('q');
	await expect(page.getByRole('status').first()).toHaveText("Tagged 'candid, blunt' as quote");

	const expected = [
		"claim: Obama, Putin have 'candid, blunt' chat on Syria",
		'quote: candid, blunt',
		'unclear_sourcing: US officials have said'
	];
	expect(await highlights(page)).toEqual(expected);
	// The quote is drawn inside the claim: two nested marks.
	await expect(page.locator('mark[data-tag="claim"] mark[data-tag="quote"]').first()).toBeVisible();

	// Reload: the work is still there, highlighted and listed in text order.
	await page.reload();
	await expect(page.locator('.ProseMirror mark').first()).toBeVisible();
	expect(await highlights(page)).toEqual(expected);
	await expect(list.locator('li')).toHaveCount(3);
	await expect(list.locator('li').nth(0)).toContainText('Claim');
	await expect(list.locator('li').nth(1)).toContainText('candid, blunt');
	await expect(list.locator('li').nth(2)).toContainText('US officials have said');

	// Clear all asks first; keeping them changes nothing, confirming removes them for good.
	await page.getByRole('button', { name: 'Clear all' }).click();
	const dialog = page.getByRole('dialog', { name: 'Clear all highlights?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Keep them' }).click();
	await expect(list.locator('li')).toHaveCount(3);
	await page.getByRole('button', { name: 'Clear all' }).click();
	await dialog.getByRole('button', { name: 'Clear all' }).click();
	await expect(list.locator('li')).toHaveCount(0);
	await expect(page.locator('.ProseMirror mark')).toHaveCount(0);
	await page.reload();
	await expect(page.locator('.ProseMirror[contenteditable="true"]')).toBeVisible();
	await expect(page.locator('.ProseMirror mark')).toHaveCount(0);
});

test('choosing a span in the list selects it; it can be retagged and given a note there', async ({
	page
}) => {
	await page.evaluate(() =>
		localStorage.setItem(
			'newsmark:practice:g20-syria-talks',
			JSON.stringify({
				version: 1,
				savedAt: new Date().toISOString(),
				spans: [{ start: 19, end: 32, tag: 'claim' }]
			})
		)
	);
	await page.reload();
	const item = page.locator('ul#practice-list li').first();
	await item.getByRole('button', { name: /candid, blunt/ }).click();
	await expect(page.locator('mark[data-selected]').first()).toHaveText('candid, blunt');
	await item.getByRole('button', { name: 'Quote' }).click();
	await expect(page.locator('mark[data-tag="quote"]')).toHaveText('candid, blunt');
	await item.getByLabel('Note').fill('Quoted words, but whose?');
	await item.getByRole('button', { name: 'Save note' }).click();
	await expect(item).toContainText('Quoted words, but whose?');
	await page.reload();
	await expect(page.locator('ul#practice-list li').first()).toContainText(
		'Quoted words, but whose?'
	);
	await expect(page.locator('mark[data-tag="quote"]')).toHaveText('candid, blunt');
});

test('no accessibility violations (axe), with highlights, the toolbar and an open list item', async ({
	page
}) => {
	await page.evaluate(() =>
		localStorage.setItem(
			'newsmark:practice:g20-syria-talks',
			JSON.stringify({
				version: 1,
				savedAt: new Date().toISOString(),
				spans: [
					{ start: 0, end: 47, tag: 'claim' },
					{ start: 19, end: 32, tag: 'quote', note: 'Whose words?' }
				]
			})
		)
	);
	await page.reload();
	await expect(page.locator('.ProseMirror mark').first()).toBeVisible();
	const clean = await new AxeBuilder({ page }).analyze();
	expect(
		clean.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)
	).toEqual([]);

	// With the toolbar showing and a list item open.
	await page.locator('ul#practice-list li').nth(1).getByRole('button').first().click();
	const box = await textBox(page, 'Secretary of State');
	await page.mouse.move(box.start.x, box.start.y);
	await page.mouse.down();
	await page.mouse.move(box.end.x, box.end.y, { steps: 4 });
	await page.mouse.up();
	await expect(page.getByRole('toolbar')).toBeVisible();
	const busy = await new AxeBuilder({ page }).analyze();
	expect(busy.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
		[]
	);
});

test('the article drawn by the server is laid out as the editor lays it out, line for line', async ({
	page,
	browser
}) => {
	// Until the editor has downloaded, the page shows the server's drawing of the article; the editor then
	// takes its place without moving a line (no layout shift, and the largest paint stays the first one).
	const blocks = (root: string) =>
		`[...document.querySelectorAll('${root} > *')].map((b) => { const r = b.getBoundingClientRect(); return [b.tagName, r.x, r.y, r.width, r.height].join(' '); })`;
	for (const width of [1280, 390]) {
		const server = await browser.newContext({
			javaScriptEnabled: false,
			viewport: { width, height: 844 }
		});
		const plain = await server.newPage();
		await plain.goto(URL);
		const drawn = await plain.evaluate(blocks('.nm-fallback'));
		await server.close();
		await page.setViewportSize({ width, height: 844 });
		await page.reload();
		await expect(page.locator('.nm-annotator[data-ready] .ProseMirror')).toBeVisible();
		expect(await page.evaluate(blocks('.ProseMirror'))).toEqual(drawn);
	}
});

test('on a phone-sized screen the list sits below the article', async ({ page }) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await page.reload();
	const article = page.locator('.ProseMirror');
	const list = page.getByRole('heading', { name: /Your highlights/ });
	await expect(article).toBeVisible();
	const a = (await article.boundingBox())!;
	const l = (await list.boundingBox())!;
	expect(l.y).toBeGreaterThanOrEqual(a.y + a.height);
	// The article takes the screen's width (no side column squeezing it).
	expect(a.width).toBeGreaterThan(300);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow).toBeLessThanOrEqual(0);
});

test('on a touch phone, a selection brings up the docked tag bar, and a tap tags it', async ({
	browser
}) => {
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true,
		deviceScaleFactor: 2
	});
	const page = await context.newPage();
	try {
		await page.goto(URL);
		await expect(page.locator('.ProseMirror[contenteditable="true"]')).toBeVisible();
		// No virtual keyboard for an article that cannot be typed into.
		await expect(page.locator('.ProseMirror')).toHaveAttribute('inputmode', 'none');
		// What the system does after a long press and dragging the handles: a selection in the article.
		await page.locator('.ProseMirror').tap({ position: { x: 40, y: 20 } });
		await page.evaluate(() => {
			const root = document.querySelector<HTMLElement>('.ProseMirror')!;
			for (const p of root.querySelectorAll('p')) {
				const t = p.firstChild as Text | null;
				const i = t?.data.indexOf('Secretary of State John Kerry') ?? -1;
				if (!t || i < 0) continue;
				const r = document.createRange();
				r.setStart(t, i + 2);
				r.setEnd(t, i + 27);
				getSelection()!.removeAllRanges();
				getSelection()!.addRange(r);
				return;
			}
		});
		const bar = page.getByRole('toolbar', { name: 'Tag the selection' });
		await expect(bar).toBeVisible();
		const box = (await bar.boundingBox())!;
		// Docked at the bottom of the screen, across its width.
		expect(box.y + box.height).toBeGreaterThan(844 - 4);
		expect(box.width).toBeGreaterThan(380);
		await bar.getByRole('button', { name: /Claim/ }).tap();
		await expect(page.getByRole('status').first()).toHaveText(
			"Tagged 'Secretary of State John Kerry' as claim"
		);
		await expect(page.locator('mark[data-tag="claim"]')).toHaveText(
			'Secretary of State John Kerry'
		);
	} finally {
		await context.close();
	}
});

test('self-study: checking shows the feedback at once; try again keeps the scores, with and without an account', async ({
	page,
	browser
}) => {
	test.setTimeout(120_000);
	const check = async (p: Page, spans: object[]) => {
		await p.evaluate(
			(spans) =>
				localStorage.setItem(
					'newsmark:practice:g20-syria-talks',
					JSON.stringify({ version: 1, savedAt: new Date().toISOString(), spans })
				),
			spans
		);
		await p.reload();
		await p.getByRole('button', { name: 'Check my work' }).click();
		await expect(p.getByRole('heading', { name: 'Your feedback' })).toBeFocused();
	};
	// Without an account: the key's rationale appears only after checking; the scores stay in the browser.
	expect(await page.content()).not.toContain('Quoted words, but no speaker is named');
	await check(page, [{ start: 673, end: 695, tag: 'unclear_sourcing' }]);
	await expect(page.getByRole('list', { name: 'Outcomes' })).toContainText('1 correct');
	await expect(
		page.getByText('You found 1 of 33 reference spans with the right tag')
	).toBeVisible();
	await expectNoAxeViolations(page);
	await page.getByRole('button', { name: 'Try again' }).click();
	await expect(page.locator('ul#practice-list li')).toHaveCount(0);
	await check(page, [
		{ start: 673, end: 695, tag: 'unclear_sourcing' },
		{ start: 974, end: 1004, tag: 'quote' }
	]);
	const scores = page.getByRole('heading', { name: 'Your scores on this article' }).locator('..');
	await expect(scores.locator('li')).toHaveCount(2);
	await expect(scores).toContainText('Kept in this browser');

	// With an account: the history is on the server, so it follows the learner to a fresh browser.
	const context = await browser.newContext();
	const p = await context.newPage();
	await p.goto('/signup');
	await p.getByLabel('Your name').fill('Practice Pat');
	await p.getByLabel('E-mail').fill(`pat-${Date.now()}@example.com`);
	await p.getByLabel('Password').fill('a long password');
	await Promise.all([p.waitForURL('/'), p.getByRole('button', { name: 'Create account' }).click()]);
	await p.goto(URL);
	await check(p, [{ start: 673, end: 695, tag: 'unclear_sourcing' }]);
	await p.getByRole('button', { name: 'Try again' }).click();
	await p.evaluate(() => localStorage.clear());
	await check(p, [{ start: 50, end: 180, tag: 'quote' }]);
	const mine = p.getByRole('heading', { name: 'Your scores on this article' }).locator('..');
	await expect(mine.locator('li')).toHaveCount(2);
	await expect(mine).not.toContainText('Kept in this browser');
	await context.close();
});
