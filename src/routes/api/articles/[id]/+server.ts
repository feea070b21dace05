/** One article version: read it (owner, or an instructor of a class using it), or edit its text (owner). */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { BodyError, apiError, parseBody, readJson } from '$lib/server/api';
import {
	articleJson,
	editArticle,
	inputStatus,
	latestVersion,
	parseArticleInput,
	requireArticle,
	textFingerprint
} from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import type { RequestHandler } from './$types';

const EditBody = v.object({
	text: v.string('must be the article as text'),
	public: v.optional(v.boolean('must be true or false')),
	base: v.optional(v.string('must be the fingerprint the article was read with'))
});

/** The article with `access` (owner/viewer), the fingerprint to edit it with, and the newest version's id. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { article, access } = await requireArticle(user, params.id);
	const latest = article.superseded ? (await latestVersion(article.lineageId)).id : article.id;
	return json({
		...articleJson(article),
		access,
		latestId: latest,
		fingerprint: textFingerprint(article.text)
	});
};

/**
 * Edits the text `{text, public?, base?}`: in place when nobody worked on this version, otherwise as a
 * new version (`mode: "new_version"`, the new `article.id`). The reference is carried over; spans that
 * could not be are listed in `orphaned`.
 */
export const PUT: RequestHandler = async ({ locals, url, params, request }) => {
	const user = requireUser(locals, url, true);
	const { article } = await requireArticle(user, params.id, 'edit');
	try {
		const body = parseBody(EditBody, await readJson(request));
		const input = parseArticleInput(body.text);
		if (!input.ok) {
			return apiError(inputStatus(input.code), `text: ${input.message}`, 'text', {
				code: input.code
			});
		}
		const r = await editArticle(user.id, article.id, input.parsed, {
			public: body.public ?? article.public,
			base: body.base
		});
		if (!r.ok) {
			return apiError(r.status, r.message, r.field, {
				code: r.code,
				...(r.latestId ? { latestId: r.latestId } : {})
			});
		}
		return json({
			mode: r.mode,
			article: articleJson(r.article),
			carried: r.carried,
			moved: r.moved,
			orphaned: r.orphaned
		});
	} catch (e) {
		if (e instanceof BodyError) return e.response;
		throw e;
	}
};
