import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { BodyError, parseBody, readJson } from '$lib/server/api';
import {
	attemptHistory,
	mayPractice,
	practiceArticle,
	saveAttempt,
	scorePractice
} from '$lib/server/practice';
import { SpanList, fitSpans } from '$lib/server/span-payload';
import type { RequestHandler } from './$types';

const AttemptBody = v.object({ spans: SpanList }, 'Send a JSON object {"spans": [...]}.');

const NOT_YET =
	'This article is also an assignment in one of your classes: its feedback opens with that assignment.';

/** The signed-in learner's attempts on this practice article. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const article = await practiceArticle(params.slug);
	if (!article) error(404, 'No such practice article.');
	if (!locals.user) return json([]);
	return json(await attemptHistory(locals.user.id, article));
};

/**
 * Submits an attempt: the full comparison with the reference and its rationales comes back at once;
 * for a signed-in learner the attempt joins their history.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const article = await practiceArticle(params.slug);
	if (!article) error(404, 'No such practice article.');
	const userId = locals.user?.id ?? null;
	if (!(await mayPractice(userId, article))) error(403, NOT_YET);
	try {
		const body = parseBody(AttemptBody, await readJson(request));
		const spans = fitSpans(article.text, body.spans);
		const result = await scorePractice(article, spans);
		const attempt = userId ? await saveAttempt(userId, article.id, spans, result.grade) : null;
		return json({
			...result,
			attempt,
			history: userId ? await attemptHistory(userId, article) : null
		});
	} catch (e) {
		if (e instanceof BodyError) return e.response;
		throw e;
	}
};
