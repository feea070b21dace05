/**
 * The reference annotation of an article version: the owner reads and saves it, instructors of a class
 * using the version read it. Saves name the revision they were based on; a stale one gets 409 with the
 * current reference, never an overwrite.
 */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { BodyError, apiError, parseBody, readJson } from '$lib/server/api';
import {
	getFullReference,
	requireArticle,
	saveReference,
	textFingerprint
} from '$lib/server/articles';
import { requireUser } from '$lib/server/policy';
import { ReferenceSpanList, anchorAll, fitSpans } from '$lib/server/span-payload';
import type { RequestHandler } from './$types';

const ReferenceBody = v.object({
	revision: v.pipe(
		v.number('must be a number'),
		v.integer('must be a whole number'),
		v.minValue(0, 'must not be negative')
	),
	spans: ReferenceSpanList
});

/** `{revision, spans, updatedAt, orphans}`: spans with rationale notes and alsoAccept. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { article } = await requireArticle(user, params.id);
	return json(await getFullReference(article.id));
};

/**
 * Saves `{revision, spans}` on top of that revision → `{revision, spans}` (spans as stored). With
 * `?text=<fingerprint>` (as the editor sends), a save made on a text that has since been edited is
 * refused (409 `text_changed`): its offsets would no longer line up.
 */
export const PUT: RequestHandler = async ({ locals, url, params, request }) => {
	const user = requireUser(locals, url, true);
	const { article } = await requireArticle(user, params.id, 'edit');
	const madeOn = url.searchParams.get('text');
	if (madeOn && madeOn !== textFingerprint(article.text)) {
		return apiError(
			409,
			"The article's text was edited after this editor was opened, so these highlights no longer line up with it. Reload the page: the reference was carried over to the new text.",
			'text',
			{ code: 'text_changed' }
		);
	}
	try {
		const body = parseBody(ReferenceBody, await readJson(request));
		const spans = anchorAll(article.text, fitSpans(article.text, body.spans));
		const saved = await saveReference(article.id, user.id, body.revision, spans);
		if (!saved.ok) {
			return apiError(
				409,
				`The reference changed elsewhere (now at revision ${saved.current.revision}, your save was based on ${body.revision}).`,
				'revision',
				{ code: 'stale', current: saved.current }
			);
		}
		return json({ revision: saved.revision, spans: saved.spans });
	} catch (e) {
		if (e instanceof BodyError) return e.response;
		throw e;
	}
};
