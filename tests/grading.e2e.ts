/**
 * Grading in the browser: the instructor's submissions table (sorting, filtering, one click to a
 * submission), the submission against the reference with its score, a grade override and a comment,
 * the CSV and JSON-LD exports, class insights; then the learner's feedback after the due date. Axe finds
 * no violations on any of these pages.
 */
import { expect, test } from '@playwright/test';
import Papa from 'papaparse';
import { demoIds, expectNoAxeViolations, login, withDb } from './helpers/e2e';

test('an instructor grades the demo assignment and a learner reads the feedback', async ({
	page,
	browser
}) => {
	const { assignmentId, user } = demoIds();
	await login(page, 'teacher@example.com');
	await page.goto(`/assignments/${assignmentId}`);
	await expect(page.getByRole('heading', { name: /Submissions/ })).toBeVisible();
	const rows = page.getByRole('region', { name: 'Submissions' }).locator('tbody tr');
	await expect(rows).toHaveCount(3);
	await expectNoAxeViolations(page);

	// Sort by grade (numbers sort highest first): Ben (strong) above Chloé; no grade sinks.
	await page.getByRole('button', { name: /^Grade/ }).click();
	await expect(rows.nth(0)).toContainText('Ben Larsen');
	await expect(rows.nth(1)).toContainText('Chloé Martin');
	await expect(rows.nth(2)).toContainText('Not started');
	await page.getByLabel('Status').selectOption('submitted');
	await expect(rows).toHaveCount(2);
	await page.getByLabel('Find a learner').fill('chlo');
	await expect(rows).toHaveCount(1);

	await rows.getByRole('link', { name: 'Chloé Martin' }).click();
	await expect(page.getByRole('heading', { name: 'Chloé Martin', level: 1 })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Outcomes' })).toContainText('11 correct');
	await expect(page.locator('.ProseMirror mark').first()).toBeVisible();
	await expectNoAxeViolations(page);

	// Overlaid: N steps to the first difference (mislabeled, missed or extra), selected and announced.
	const announced = page.locator('#difference-status');
	await expect(page.getByRole('radio', { name: 'Overlaid' })).toBeChecked();
	await page.getByRole('heading', { name: 'Chloé Martin', level: 1 }).click();
	await page.keyboard.press('n');
	await expect(announced).toHaveText(/^Difference 1 of \d+: (mislabeled|missed|extra) /);
	await expect(page.locator('.ProseMirror mark[data-selected]').first()).toBeVisible();

	// Side by side: the learner's work and the reference, each with its outcomes; N twice, P once.
	await page.getByRole('radio', { name: 'Side by side' }).check();
	const learnerCol = page.getByRole('region', { name: "Learner's work" });
	const referenceCol = page.getByRole('region', { name: 'Reference', exact: true });
	await expect(learnerCol.locator('.ProseMirror mark[data-outcome]').first()).toBeVisible();
	await expect(referenceCol.locator('mark[data-outcome="missed"]').first()).toBeAttached();
	await expect(learnerCol.locator('mark[data-outcome="missed"]')).toHaveCount(0);
	await expect(referenceCol.getByRole('list', { name: /Reference spans/ })).toContainText(
		'Rationale:'
	);
	await page.keyboard.press('n');
	await page.keyboard.press('n');
	await expect(announced).toHaveText(/^Difference 3 of (\d+): (mislabeled|missed|extra) \w+/);
	const total = Number((await announced.textContent())!.match(/of (\d+)/)![1]);
	await page.getByRole('button', { name: 'Previous difference' }).click();
	await expect(announced).toHaveText(new RegExp(`^Difference 2 of ${total}: `));
	await expect(page.locator('.side-by-side mark[data-selected]').first()).toBeVisible();
	await expectNoAxeViolations(page);
	// Remembered: the page opens side by side again.
	await page.reload();
	await expect(page.getByRole('radio', { name: 'Side by side' })).toBeChecked();
	await expect(learnerCol.locator('.ProseMirror')).toBeVisible();
	await page.getByRole('radio', { name: 'Overlaid' }).check();
	await expect(page.locator('.nm-mode-comparison')).toBeVisible();

	await page.getByLabel('Your grade (0–100)').fill('150');
	await page.getByRole('button', { name: 'Save grade' }).click();
	await expect(page.getByText('The grade must be between 0 and 100.')).toBeVisible();
	await page.getByLabel('Your grade (0–100)').fill('55');
	await page.getByRole('button', { name: 'Save grade' }).click();
	await expect(page.getByText('Grade set to 55.')).toBeVisible();
	await expect(page.getByText(/Set to 55 by Ms\. Rivera/)).toBeVisible();
	await page
		.getByRole('textbox', { name: 'Comment' })
		.fill('Good eye for sourcing; look again at the claims.');
	await page.getByRole('button', { name: 'Save comment' }).click();
	await expect(page.getByText('Comment saved.')).toBeVisible();

	// The table shows the override beside the computed grade; the CSV carries it.
	await page.goto(`/assignments/${assignmentId}`);
	await expect(page.getByText('(set; computed 45.3)')).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Grades (CSV)' }).click();
	const csvPath = await (await download).path();
	const { readFileSync } = await import('node:fs');
	const parsed = Papa.parse<string[]>(readFileSync(csvPath!, 'utf8').replace(/^\uFEFF/, ''));
	const chloe = parsed.data.find((r) => r[0] === 'Chloé Martin')!;
	expect(chloe.slice(2, 5)).toEqual(['submitted', '55', '45.28']);

	const ld = await page.request.get(`/api/assignments/${assignmentId}/annotations.jsonld`);
	expect((await ld.json())['@context']).toBe('http://www.w3.org/ns/anno.jsonld');

	await page.getByRole('link', { name: 'Class insights' }).click();
	await expect(page.getByRole('heading', { name: 'How tags were confused' })).toBeVisible();
	await expect(page.getByText('2 of 3 learners submitted')).toBeVisible();
	await expectNoAxeViolations(page);

	// Before the due date the learner sees only what they submitted, no reference.
	const learner = await (await browser.newContext()).newPage();
	await login(learner, 'learner3@example.com');
	await learner.goto(`/assignments/${assignmentId}`);
	await expect(learner.getByText(/Your feedback appears after the due date/)).toBeVisible();
	await expect(learner.getByText('Comment from your instructor')).toHaveCount(0);
	expect(await learner.content()).not.toContain('The headline&#39;s claim');

	withDb((db) =>
		db
			.prepare('update assignments set due_at = ? where id = ?')
			.run(new Date(Date.now() - 60_000).toISOString(), assignmentId)
	);
	await learner.reload();
	await expect(learner.getByText('Comment from your instructor')).toBeVisible();
	await expect(learner.getByText('Good eye for sourcing')).toBeVisible();
	await expect(learner.getByLabel('Grade 55 out of 100')).toBeVisible();
	await expect(learner.getByText('Set by your instructor. Computed grade: 45.3.')).toBeVisible();
	await expectNoAxeViolations(learner);
	expect(user['learner3@example.com']).toBeTruthy();
});
