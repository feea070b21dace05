import { requireAssignment } from '$lib/server/assignments';
import { gradesCsv } from '$lib/server/exports';
import { gradebook } from '$lib/server/gradebook';
import { requireUser } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** The gradebook as a CSV download (instructors only). */
export const GET: RequestHandler = async ({ locals, url, params }) => {
	const user = requireUser(locals, url, true);
	const { assignment } = await requireAssignment(user, params.id, ['instructor']);
	const csv = gradesCsv(await gradebook(assignment));
	const name = assignment.title.replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'grades';
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="grades.csv"; filename*=UTF-8''${encodeURIComponent(name)}-grades.csv`
		}
	});
};
