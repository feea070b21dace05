/**
 * Hostile text in a real browser: class name, assignment title and instructions, article title, text and
 * byline, reference rationale, learner's name and note, and grader's comment all carry an XSS payload
 * (`<img onerror>`, `<script>`, `javascript:`). On every page that shows them, after hydration and the
 * ProseMirror article view have run, no dialog opens, no element is made from the payload, and the
 * payload reads as the literal text that was typed.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { DEMO_PASSWORD, login, signUp } from './helpers/e2e';

const xss = (n: number) =>
	`<img src=x onerror=alert(${n})><script>alert(${n})</script> javascript:alert(${n})`;

/** Posts a form from the page's own origin (as the browser would), without following redirects. */
async function postForm(
	request: APIRequestContext,
	baseURL: string,
	path: string,
	fields: Record<string, string>
) {
	return request.post(path, {
		form: fields,
		headers: { origin: baseURL, accept: 'text/html' },
		maxRedirects: 0
	});
}

/** Opens a page, waits for it to settle, and checks that the payloads stayed text. */
async function expectInert(page: Page, path: string, fields: number[], dialogs: string[]) {
	await page.goto(path);
	await page.waitForLoadState('networkidle');
	expect(dialogs, `${path}: dialogs`).toEqual([]);
	expect(await page.locator('img[src="x"]').count(), `${path}: <img> from a payload`).toBe(0);
	const scripts = await page
		.locator('script')
		// (the hydration data mentions the payloads as JSON strings; a script made from one is just it)
		.evaluateAll(
			(els) => els.filter((e) => /^\s*alert\(\d+\)\s*$/.test(e.textContent ?? '')).length
		);
	expect(scripts, `${path}: <script> from a payload`).toBe(0);
	const links = await page
		.locator('a[href]')
		.evaluateAll(
			(els) => els.filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? '')).length
		);
	expect(links, `${path}: javascript: links`).toBe(0);
	const text = await page.evaluate(() => {
		// the document's text (shown or folded away, e.g. a note in a collapsed row), its attribute
		// values (tooltips, labels) and the values of form fields (the edit page's textarea)
		const parts = [document.body.textContent ?? ''];
		for (const e of document.body.querySelectorAll('*')) {
			for (const a of e.attributes) parts.push(a.value);
			if (e instanceof HTMLTextAreaElement || e instanceof HTMLInputElement) parts.push(e.value);
		}
		return parts.join('\n');
	});
	const shown = Array.from({ length: 10 }, (_, i) => i + 1).filter((n) =>
		text.includes(`<img src=x onerror=alert(${n})>`)
	);
	expect(shown, `${path}: the fields shown literally`).toEqual(expect.arrayContaining(fields));
}

test('hostile text stays text on every page, in a real browser', async ({
	page,
	browser,
	baseURL
}) => {
	test.setTimeout(120_000);
	const dialogs: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});

	// The instructor sets up a class, an article with a reference, and an assignment.
	await login(page, 'teacher@example.com', DEMO_PASSWORD);
	const req = page.request;
	const created = await postForm(req, baseURL!, '/?/createClass', { name: xss(1) });
	expect(created.status()).toBe(303);
	const classId = /\/classes\/([^/?#]+)/.exec(created.headers()['location'])![1];
	const txt = `${xss(4)}\n\n${xss(5)} The minister said it was fine.\n\nA second paragraph.\n\n• ${xss(6)}`;
	const made = await req.post('/api/articles', {
		data: { text: txt, public: true },
		headers: { origin: baseURL! }
	});
	expect(made.status()).toBe(201);
	const article = (await made.json()) as { id: string; text: string; slug: string };
	const start = article.text.indexOf(xss(5));
	const span = { start, end: start + xss(5).length };
	const ref = await req.put(`/api/articles/${article.id}/reference`, {
		data: { revision: 0, spans: [{ ...span, tag: 'claim', note: xss(7) }] },
		headers: { origin: baseURL! }
	});
	expect(ref.status()).toBe(200);
	const assigned = await postForm(req, baseURL!, `/classes/${classId}/assignments/new`, {
		articleId: article.id,
		title: xss(2),
		instructions: xss(3),
		timeZone: 'UTC',
		revealPolicy: 'after_submit',
		threshold: '0.5',
		halfCredit: 'on'
	});
	expect(assigned.status()).toBe(303);
	const assignmentId = /\/assignments\/([^/?#]+)/.exec(assigned.headers()['location'])![1];
	const classPage = await (await req.get(`/classes/${classId}`)).text();
	const code = /<p class="code[ "][^>]*>\s*([A-Z0-9]+)\s*<\/p>/.exec(classPage)![1];

	// A learner with a hostile name joins, writes a hostile note and submits.
	const learnerContext = await browser.newContext();
	const learner = await learnerContext.newPage();
	learner.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	await signUp(learner, xss(9), 'xss-e2e@example.com', 'a learner password');
	const lreq = learner.request;
	expect((await postForm(lreq, baseURL!, '/?/join', { code })).status()).toBe(303);
	const draft = await lreq.put(`/api/assignments/${assignmentId}/draft`, {
		data: { revision: 0, spans: [{ ...span, tag: 'opinion', note: xss(8) }] },
		headers: { origin: baseURL! }
	});
	expect(draft.status()).toBe(200);
	const submitted = await lreq.post(`/api/assignments/${assignmentId}/submit`, {
		headers: { origin: baseURL! }
	});
	expect(submitted.status()).toBe(201);
	const result = await lreq.get(`/api/assignments/${assignmentId}/result`);
	const learnerId = ((await result.json()) as { learner: string }).learner;
	const comment = await postForm(
		req,
		baseURL!,
		`/assignments/${assignmentId}/submissions/${learnerId}?/comment`,
		{ comment: xss(10) }
	);
	expect(comment.status()).toBe(200);

	// Every page that shows them, as the instructor…
	await expectInert(page, '/', [1], dialogs);
	await expectInert(page, `/classes/${classId}`, [1, 2, 9], dialogs);
	await expectInert(page, `/assignments/${assignmentId}`, [1, 2, 3, 9], dialogs);
	await expectInert(
		page,
		`/assignments/${assignmentId}/submissions/${learnerId}`,
		[5, 7, 9, 10],
		dialogs
	);
	await expectInert(page, `/assignments/${assignmentId}/insights`, [2, 5], dialogs);
	await expectInert(page, '/articles', [4], dialogs);
	await expectInert(page, `/articles/${article.id}`, [4, 5, 6, 7], dialogs);
	await expectInert(page, `/articles/${article.id}/reference`, [4, 5, 7], dialogs);
	await expectInert(page, `/articles/${article.id}/edit`, [4, 5, 6], dialogs);
	await expectInert(page, '/practice', [4], dialogs);
	await expectInert(page, `/practice/${article.slug}`, [4, 5, 6], dialogs);
	// …and as the learner, with the feedback open.
	await expectInert(learner, '/', [1], dialogs);
	await expectInert(learner, `/classes/${classId}`, [1, 2], dialogs);
	await expectInert(learner, `/assignments/${assignmentId}`, [1, 2, 3, 4, 5, 6, 7, 10], dialogs);
	await learnerContext.close();
});
