/**
 * A learner's draft on an assignment: the spans as last saved, with a revision number. A save names the
 * revision it was based on; a stale one is refused (409) with the current draft, so a second tab or a
 * reload never silently overwrites newer work.
 */
import type { Span } from '$lib/annotation/types';
import { db } from './db';
import { nowIso } from './ids';

export interface Draft {
	revision: number;
	spans: Span[];
	updatedAt: string | null;
}

/** The learner's draft, or revision 0 with no spans when there is none. */
export async function getDraft(assignmentId: string, userId: string): Promise<Draft> {
	const row = await db()
		.selectFrom('drafts')
		.select(['revision', 'spans', 'updated_at'])
		.where('assignment_id', '=', assignmentId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
	if (!row) return { revision: 0, spans: [], updatedAt: null };
	return {
		revision: Number(row.revision),
		spans: JSON.parse(row.spans),
		updatedAt: row.updated_at
	};
}

export type SaveResult = { ok: true; revision: number } | { ok: false; current: Draft };

/**
 * Saves spans on top of `baseRevision`, as one conditional write: the first save (base 0) inserts
 * revision 1, later saves update only when the stored revision is still the base. Otherwise nothing is
 * written and the current draft comes back.
 */
export async function saveDraft(
	assignmentId: string,
	userId: string,
	baseRevision: number,
	spans: Span[]
): Promise<SaveResult> {
	const now = nowIso();
	const body = JSON.stringify(spans);
	if (baseRevision === 0) {
		const r = await db()
			.insertInto('drafts')
			.values({
				assignment_id: assignmentId,
				user_id: userId,
				revision: 1,
				spans: body,
				updated_at: now
			})
			.onConflict((oc) => oc.columns(['assignment_id', 'user_id']).doNothing())
			.executeTakeFirst();
		if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) return { ok: true, revision: 1 };
	} else {
		const r = await db()
			.updateTable('drafts')
			.set({ revision: baseRevision + 1, spans: body, updated_at: now })
			.where('assignment_id', '=', assignmentId)
			.where('user_id', '=', userId)
			.where('revision', '=', baseRevision)
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) === 1) return { ok: true, revision: baseRevision + 1 };
	}
	return { ok: false, current: await getDraft(assignmentId, userId) };
}
