/** The signed-in user's articles: list them, or add one from its plain text. */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { BodyError, apiError, parseBody, readJson } from '$lib/server/api';
import {
	articleJson,
	createArticle,
	inputStatus,
	listOwnedArticles,
	parseArticleInput
} from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import type { RequestHandler } from './$types';

const NewArticle = v.object({
	text: v.string('must be the article as text'),
	public: v.optional(v.boolean('must be true or false'))
});

/** The newest version of each article the user owns: `[{id, title, version, public, referenceSpans, assignments, …}]`. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals, url, true);
	return json(await listOwnedArticles(user.id));
};

/** Adds an article from `{text, public?}` (the .txt format); 201 with the article. */
export const POST: RequestHandler = async ({ locals, url, request }) => {
	const user = requireUser(locals, url, true);
	try {
		const body = parseBody(NewArticle, await readJson(request));
		const input = parseArticleInput(body.text);
		if (!input.ok) {
			return apiError(inputStatus(input.code), `text: ${input.message}`, 'text', {
				code: input.code
			});
		}
		const article = await createArticle(user.id, input.parsed, { public: body.public ?? false });
		return json(articleJson(article), {
			status: 201,
			headers: { location: `/api/articles/${article.id}` }
		});
	} catch (e) {
		if (e instanceof BodyError) return e.response;
		throw e;
	}
};
