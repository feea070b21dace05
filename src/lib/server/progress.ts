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

/** Per assignment: how many of the given learners have not started, are drafting, or submitted (late). */
export async function assignmentCounts(
	assignmentIds: string[],
	learnerIds: string[]
): Promise<Map<string, { notStarted: number; drafting: number; submitted: number; late: number }>> {
	const out = new Map(
		assignmentIds.map((id) => [
			id,
			{ notStarted: learnerIds.length, drafting: 0, submitted: 0, late: 0 }
		])
	);
	if (!assignmentIds.length || !learnerIds.length) return out;
	const learners = new Set(learnerIds);
	const drafts = await db()
		.selectFrom('drafts')
		.select(['assignment_id', 'user_id'])
		.where('assignment_id', 'in', assignmentIds)
		.execute();
	const subs = await db()
		.selectFrom('submissions')
		.select(['assignment_id', 'user_id', 'late', 'attempt'])
		.where('assignment_id', 'in', assignmentIds)
		.execute();
	const submitted = new Map<string, { attempt: number; late: boolean }>();
	for (const s of subs) {
		if (!learners.has(s.user_id)) continue;
		const key = `${s.assignment_id} ${s.user_id}`;
		const prev = submitted.get(key);
		// Lateness is the latest attempt's.
		if (!prev || s.attempt > prev.attempt)
			submitted.set(key, { attempt: s.attempt, late: s.late === 1 });
	}
	for (const [key, latest] of submitted) {
		const c = out.get(key.split(' ')[0])!;
		c.submitted++;
		c.notStarted--;
		if (latest.late) c.late++;
	}
	for (const d of drafts) {
		if (!learners.has(d.user_id) || submitted.has(`${d.assignment_id} ${d.user_id}`)) continue;
		const c = out.get(d.assignment_id)!;
		c.drafting++;
		c.notStarted--;
	}
	return out;
}
