import { getReference } from '$lib/server/articles';
import { requireAssignment } from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { annotationsJsonLd } from '$lib/server/exports';
import { gradebook } from '$lib/server/gradebook';
import { requireUser } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** The reference and every submission as W3C Web Annotation JSON-LD (instructors only). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { assignment } = await requireAssignment(user, params.id, ['instructor']);
	const [book, reference] = await Promise.all([
		gradebook(assignment),
		getReference(db(), assignment.articleId)
	]);
	const doc = annotationsJsonLd(assignment, book, reference.spans, url.origin);
	return new Response(JSON.stringify(doc, null, 2), {
		headers: {
			'content-type':
				'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
			'content-disposition': 'attachment; filename="annotations.jsonld"'
		}
	});
};
