/**
 * A class from the first sign-up to the feedback, as the people in it use it: a new instructor signs
 * up, creates a class, pastes an article, writes its reference and assigns it with the reference shown
 * as soon as each learner submits. A new learner (a second browser) signs up, joins with the code, tags
 * one span with the mouse and one with the keyboard only, reloads and finds them, tags a third while
 * offline (the badge says so; nothing is lost), comes back online (saved without doing anything),
 * submits and reads the feedback at once. The instructor then sees the submission with its grade. Axe
 * finds no violations on the class page (both views), the new-assignment page, the learner's page while
 * annotating and the feedback.
 */
import { expect, test, type Page } from '@playwright/test';
import {
	dragSelect,
	expectNoAxeViolations,
	highlights,
	pressKey,
	signUp,
	tabTo
} from './helpers/e2e';

const HEADLINE = 'Council votes to close Elm Street library';
const CLAIM = 'The city council voted 5-2 on Tuesday to close the Elm Street library';
const QUOTE = 'We cannot keep every door open';
const SOURCING = 'Officials familiar with the budget said';
const ARTICLE = [
	HEADLINE,
	`${CLAIM} at the end of June.`,
	`"${QUOTE}," said Mayor Dana Ortiz after the vote.`,
	`${SOURCING} the savings would reach $400,000 a year.`,
	'The decision is a mistake the city will regret for a generation.'
].join('\n\n');

/** Waits until the annotator can be used (ProseMirror mounted in place of the server-drawn text). */
async function annotatorReady(page: Page) {
	await expect(page.locator('.nm-annotator[data-ready] .ProseMirror')).toBeVisible();
}

test('an instructor sets up a class and a learner does the assignment', async ({
	page,
	browser
}) => {
	// Axe takes seconds per page on a busy machine.
	test.setTimeout(120_000);
	const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
	const password = 'correct-horse-battery';
	await page.setViewportSize({ width: 1280, height: 900 });

	// --- The instructor: sign up, create the class.
	await signUp(page, 'Ines Okafor', `ines.${run}@example.com`, password);
	await expect(page.getByRole('heading', { level: 1, name: 'Your classes' })).toBeVisible();
	const className = `Media literacy ${run}`;
	await page.getByLabel('Class name').fill(className);
	await Promise.all([
		page.waitForURL(/\/classes\/[^/]+$/),
		page.getByRole('button', { name: 'Create class' }).click()
	]);
	const classUrl = new URL(page.url()).pathname;
	await expect(page.getByRole('heading', { level: 1, name: className })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Invite learners' })).toBeVisible();
	const code = (await page.locator('.code').innerText()).trim();
	expect(code).toMatch(/^[A-Z0-9]{4,}$/);
	await expect(page.getByText('Nobody has joined yet.')).toBeVisible();
	await expectNoAxeViolations(page);

	// --- The article, pasted.
	await page.goto('/articles/new');
	await expect(page.getByRole('button', { name: 'Preview' })).toHaveCount(0);
	await page.getByLabel('Or paste the article').fill(ARTICLE);
	const preview = page.getByRole('region', { name: 'Preview' });
	await expect(preview.getByRole('heading', { level: 3 })).toHaveText(HEADLINE);
	await Promise.all([
		page.waitForURL(/\/articles\/[a-z0-9]+\?saved=created$/),
		page.getByRole('button', { name: 'Save article' }).click()
	]);
	const articleId = /\/articles\/([a-z0-9]+)/.exec(page.url())![1];

	// --- Its reference: two spans, dragged over and tagged from the keyboard.
	await page.getByRole('link', { name: 'Write the reference' }).first().click();
	await page.waitForURL(`**/articles/${articleId}/reference`);
	await annotatorReady(page);
	await expect(page.locator('#save-status')).toHaveText('Saved');
	const refList = page.locator('ul#ref-list');
	await dragSelect(page, SOURCING);
	await page.keyboard.press('4');
	await expect(refList.locator('li')).toHaveCount(1);
	await dragSelect(page, CLAIM);
	await page.keyboard.press('2');
	await expect(refList.locator('li')).toHaveCount(2);
	expect(await highlights(page)).toEqual([`claim: ${CLAIM}`, `unclear_sourcing: ${SOURCING}`]);
	await expect(page.locator('#save-status')).toHaveText('All changes saved');

	// --- The assignment, revealed as soon as each learner submits.
	await page.goto(`${classUrl}/assignments/new`);
	await expect(page.getByRole('heading', { level: 1, name: 'New assignment' })).toBeVisible();
	const articleSelect = page.getByLabel('Article');
	await expect(articleSelect.locator(`option[value="${articleId}"]`)).toHaveText(
		`${HEADLINE} — 2 reference spans`
	);
	await articleSelect.selectOption(articleId);
	const title = 'Who is speaking? The library vote';
	await page.getByLabel('Title', { exact: true }).fill(title);
	await page.getByLabel(/As soon as each learner submits/).check();
	await expectNoAxeViolations(page);
	await Promise.all([
		page.waitForURL((u) => /^\/assignments\/[^/]+$/.test(u.pathname)),
		page.getByRole('button', { name: 'Create assignment' }).click()
	]);
	const assignmentUrl = new URL(page.url()).pathname;
	const assignmentId = assignmentUrl.split('/').pop()!;
	await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
	await expect(page.getByText(/Reference revealed: as soon as each learner submits/)).toBeVisible();

	// --- The learner, in a browser of their own: sign up, join with the code.
	const learnerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	const learner = await learnerContext.newPage();
	try {
		await signUp(learner, 'Leo Martins', `leo.${run}@example.com`, password);
		await learner.getByLabel('Join code').fill(code.toLowerCase());
		await Promise.all([
			learner.waitForURL(`**${classUrl}`),
			learner.getByRole('button', { name: 'Join', exact: true }).click()
		]);
		await expect(learner.getByRole('heading', { level: 1, name: className })).toBeVisible();
		// The learner's view: the assignment, no join code, no roster.
		await expect(learner.getByRole('heading', { name: 'Invite learners' })).toHaveCount(0);
		await expect(learner.locator('.code')).toHaveCount(0);
		const card = learner.locator('li.assignment').filter({ hasText: title });
		await expect(card.locator('.state')).toHaveText('Not started');
		await expectNoAxeViolations(learner);

		await card.getByRole('link', { name: title }).click();
		await learner.waitForURL(`**${assignmentUrl}`);
		await annotatorReady(learner);
		const badge = learner.locator('p[data-status]');
		const list = learner.locator('ul#nm-list');
		await expect(badge).toHaveAttribute('data-status', 'saved');

		// 1. The mouse: drag over the attribution, pick the tag in the toolbar.
		await dragSelect(learner, SOURCING);
		const toolbar = learner.getByRole('toolbar', { name: 'Tag the selection' });
		await expect(toolbar).toBeVisible();
		await toolbar.getByRole('button', { name: /Unclear sourcing/ }).click();
		await expect(list.locator('li')).toHaveCount(1);

		// 2. The keyboard only: Tab into the article, down to the first paragraph, Shift+arrows, 2.
		const article = learner.getByRole('textbox', { name: /^Article/ });
		await pressKey(learner, 'Escape');
		await learner.locator('h1').click();
		expect(await tabTo(learner, article), 'Tab reaches the article').toBe(true);
		await pressKey(learner, 'Control+Home');
		await pressKey(learner, 'ArrowDown');
		await pressKey(learner, 'Home');
		// The caret sits at the start of the first paragraph.
		expect(
			await learner.evaluate(() => {
				const s = getSelection()!;
				return [
					s.isCollapsed,
					s.anchorOffset,
					s.anchorNode?.parentElement?.closest('p')?.textContent
				];
			})
		).toEqual([true, 0, `${CLAIM} at the end of June.`]);
		for (let i = 0; i < 20; i++) {
			const sel = await learner.evaluate(() => getSelection()!.toString());
			if (sel.trimEnd().endsWith('library')) break;
			await pressKey(learner, 'Control+Shift+ArrowRight');
		}
		expect((await learner.evaluate(() => getSelection()!.toString())).trim()).toBe(CLAIM);
		await pressKey(learner, '2');
		await expect(learner.getByRole('status').filter({ hasText: /^Tagged/ })).toHaveText(
			/^Tagged 'The city council voted 5-2 on Tuesday to close .*' as claim$/
		);
		await expect(list.locator('li')).toHaveCount(2);
		expect(await highlights(learner)).toEqual([`claim: ${CLAIM}`, `unclear_sourcing: ${SOURCING}`]);
		await expect(badge).toHaveText(/Saved/);
		await expect(badge).toHaveAttribute('data-status', 'saved');
		await expectNoAxeViolations(learner);

		// Reload: both are there, and the server has them.
		await learner.reload();
		await annotatorReady(learner);
		expect(await highlights(learner)).toEqual([`claim: ${CLAIM}`, `unclear_sourcing: ${SOURCING}`]);
		const saved = await learner.request.get(`/api/assignments/${assignmentId}/draft`);
		expect(saved.ok()).toBe(true);
		expect((await saved.json()).spans).toHaveLength(2);

		// 3. Offline: the third span is kept on the device and the badge says so.
		await learnerContext.setOffline(true);
		await dragSelect(learner, QUOTE);
		await learner.keyboard.press('q');
		await expect(list.locator('li')).toHaveCount(3);
		await expect(badge).toHaveText(/Offline — kept on this device/);
		await expect(badge).toHaveAttribute('data-status', 'offline');
		// Back online: saved again without the learner doing anything.
		await learnerContext.setOffline(false);
		await expect(badge).toHaveAttribute('data-status', 'saved');
		await expect(badge).toHaveText(/Saved/);
		const afterOffline = await learner.request.get(`/api/assignments/${assignmentId}/draft`);
		const spans = (await afterOffline.json()).spans as { tag: string }[];
		expect(spans.map((s) => s.tag).sort()).toEqual(['claim', 'quote', 'unclear_sourcing']);

		// Submit, confirm; the feedback shows at once.
		await learner.getByRole('button', { name: 'Submit', exact: true }).click();
		const dialog = learner.getByRole('dialog', { name: 'Submit your work?' });
		await expect(dialog).toBeVisible();
		await expect(dialog).toContainText('You tagged 3 spans.');
		await dialog.getByRole('button', { name: 'Yes, submit' }).click();
		await expect(dialog).toBeHidden();
		await expect(learner.getByRole('heading', { name: 'Score' })).toBeVisible();
		// Two of the reference's spans found, one extra quote: 100 × 2·2 / (3 + 2) = 80.
		await expect(learner.getByLabel('Grade 80 out of 100')).toBeVisible();
		const outcomes = learner.getByRole('list', { name: 'Outcomes' });
		await expect(outcomes).toContainText('2 correct');
		await expect(outcomes).toContainText('1 extra');
		await expect(
			learner.getByRole('heading', { name: 'Your work beside the reference' })
		).toBeVisible();
		await expect(learner.locator('.ProseMirror mark').first()).toBeVisible();
		// The work is frozen: nothing left to edit or submit.
		await expect(learner.locator('.ProseMirror[contenteditable="true"]')).toHaveCount(0);
		await expect(learner.getByRole('button', { name: /^Submit/ })).toHaveCount(0);
		await expect(learner.locator('.meta strong')).toHaveText('Feedback ready');
		await expectNoAxeViolations(learner);
		// The class page says so too.
		await learner.goto(classUrl);
		await expect(card.locator('.state')).toHaveText('Feedback ready');

		// --- The instructor sees the learner as submitted, with the grade, and opens the submission.
		await page.goto(assignmentUrl);
		const rows = page.getByRole('region', { name: 'Submissions' }).locator('tbody tr');
		await expect(rows).toHaveCount(1);
		await expect(rows.first()).toContainText('Leo Martins');
		await expect(rows.first().locator('.status')).toHaveText('Submitted');
		await expect(rows.first().locator('td.num').first()).toHaveText('80');
		await rows.first().getByRole('link', { name: 'Leo Martins' }).click();
		await page.waitForURL(`**${assignmentUrl}/submissions/**`);
		await expect(page.getByRole('heading', { level: 1, name: 'Leo Martins' })).toBeVisible();
		await expect(page.getByRole('list', { name: 'Outcomes' })).toContainText('2 correct');

		// The class page, as the instructor sees it now.
		await page.goto(classUrl);
		const progress = page
			.locator('li.assignment')
			.filter({ hasText: title })
			.getByRole('definition');
		await expect(progress).toHaveText(['0', '0', '1']);
		await expect(page.getByRole('heading', { name: 'Learners (1)' })).toBeVisible();
		await expect(page.getByText('Leo Martins')).toBeVisible();
		await expectNoAxeViolations(page);
	} finally {
		await learnerContext.close();
	}
});
