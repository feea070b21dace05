import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { BodyError, apiError, parseBody, readJson } from '$lib/server/api';
import { mayWork, requireAssignment, requireLearnerWork } from '$lib/server/assignments';
import { getDraft, saveDraft } from '$lib/server/drafts';
import { requireUser } from '$lib/server/policy';
import { SpanList, fitSpans } from '$lib/server/span-payload';
import type { RequestHandler } from './$types';

const DraftBody = v.object(
	{
		revision: v.pipe(
			v.number('must be a number'),
			v.integer('must be a whole number'),
			v.minValue(0, 'must not be negative'),
			// Above any revision a draft can reach (the column is a 32-bit integer on PostgreSQL).
			v.maxValue(2_147_483_646, 'is larger than any revision of this draft')
		),
		spans: SpanList
	},
	'Send a JSON object {"revision": number, "spans": [...]}.'
);

/** The learner's draft: `{revision, spans}`. */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	await requireAssignment(user, params.id, ['learner']);
	const draft = await getDraft(params.id, user.id);
	return json({ revision: draft.revision, spans: draft.spans, updatedAt: draft.updatedAt });
};

/** Saves the draft on top of the revision it names; 409 with the current draft when that is stale. */
export const PUT: RequestHandler = async ({ locals, url, params, request }) => {
	const user = requireUser(locals, url, true);
	const { assignment, submitted, text } = await requireLearnerWork(user, params.id);
	try {
		const body = parseBody(DraftBody, await readJson(request));
		const spans = fitSpans(text, body.spans);
		if (!mayWork(assignment, submitted)) {
			return apiError(
				409,
				submitted
					? 'This assignment is submitted; its work can no longer change.'
					: 'This assignment is closed (or not open yet); the draft can no longer change.',
				undefined,
				{ code: submitted ? 'submitted' : 'closed' }
			);
		}
		const saved = await saveDraft(assignment.id, user.id, body.revision, spans);
		if (!saved.ok) {
			return apiError(
				409,
				`This draft changed elsewhere (now at revision ${saved.current.revision}, your save was based on ${body.revision}).`,
				'revision',
				{ code: 'stale', current: saved.current }
			);
		}
		return json({ revision: saved.revision, spans });
	} catch (e) {
		if (e instanceof BodyError) return e.response;
		throw e;
	}
};
