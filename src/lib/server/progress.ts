/** Whether learners have a draft or a submission, for many assignments or learners at once. */
import { db } from './db';

export interface Progress {
	draft: boolean;
	submitted: boolean;
}

/** For one learner: per assignment id, whether they have a draft and a submission. */
export async function learnerProgress(
	userId: string,
	assignmentIds: string[]
): Promise<Map<string, Progress>> {
	const out = new Map<string, Progress>(
		assignmentIds.map((id) => [id, { draft: false, submitted: false }])
	);
	if (!assignmentIds.length) return out;
	const drafts = await db()
		.selectFrom('drafts')
		.select('assignment_id')
		.where('user_id', '=', userId)
		.where('assignment_id', 'in', assignmentIds)
		.execute();
	const subs = await db()
		.selectFrom('submissions')
		.select('assignment_id')
		.where('user_id', '=', userId)
		.where('assignment_id', 'in', assignmentIds)
		.execute();
	for (const d of drafts) out.get(d.assignment_id)!.draft = true;
	for (const s of subs) out.get(s.assignment_id)!.submitted = true;
	return out;
}
