import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { findArticle, getReference } from '$lib/server/articles';
import { requireAssignment } from '$lib/server/assignments';
import { db } from '$lib/server/db';
import { scoreSubmission } from '$lib/server/grading';
import { requireUser, roleInClass } from '$lib/server/policy';
import { latestSubmission, setComment, setGradeOverride, userName } from '$lib/server/submissions';
import type { Actions, PageServerLoad } from './$types';

async function instructorAndSubmission(locals: App.Locals, url: URL, id: string, learner: string) {
	const user = requireUser(locals, url);
	const { assignment } = await requireAssignment(user, id, ['instructor']);
	if ((await roleInClass(learner, assignment.classId, { includeRemoved: true })) !== 'learner') {
		error(404, 'No such learner in this class.');
	}
	const submission = await latestSubmission(assignment.id, learner);
	if (!submission) error(404, 'This learner has not submitted yet.');
	return { user, assignment, submission };
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	const { assignment, submission } = await instructorAndSubmission(
		locals,
		url,
		params.id,
		params.learner
	);
	const [article, reference, learner] = await Promise.all([
		findArticle(db(), assignment.articleId),
		getReference(db(), assignment.articleId),
		db()
			.selectFrom('users')
			.select(['id', 'name', 'email'])
			.where('id', '=', params.learner)
			.executeTakeFirstOrThrow()
	]);
	const scored = scoreSubmission(assignment, reference.spans, article!.text.length, submission);
	return {
		assignment: {
			id: assignment.id,
			title: assignment.title,
			classId: assignment.classId,
			className: assignment.className,
			timeZone: assignment.timeZone,
			halfCredit: assignment.halfCredit
		},
		article: { blocks: article!.blocks, text: article!.text, byline: article!.byline },
		learner,
		stillInClass: (await roleInClass(params.learner, assignment.classId)) === 'learner',
		submission: {
			attempt: submission.attempt,
			submittedAt: submission.submittedAt,
			late: submission.late,
			spans: submission.spans,
			comment: submission.comment,
			commentAt: submission.commentAt,
			commentBy: await userName(submission.commentBy),
			overrideAt: submission.overrideAt,
			overrideBy: await userName(submission.overrideBy)
		},
		reference: reference.spans,
		comparison: scored.comparison,
		grade: scored.grade,
		computedGrade: scored.computedGrade,
		overridden: scored.overridden
	};
};

const Grade = v.union([
	v.literal(''),
	v.pipe(
		v.string(),
		v.transform(Number),
		v.number('Enter the grade as a number.'),
		v.minValue(0, 'The grade must be between 0 and 100.'),
		v.maxValue(100, 'The grade must be between 0 and 100.')
	)
]);

export const actions: Actions = {
	override: async ({ locals, url, params, request }) => {
		const { user, submission } = await instructorAndSubmission(
			locals,
			url,
			params.id,
			params.learner
		);
		const raw = String((await request.formData()).get('grade') ?? '').trim();
		const parsed = v.safeParse(Grade, raw);
		if (!parsed.success || (raw !== '' && Number.isNaN(Number(raw)))) {
			return fail(400, {
				gradeError: parsed.success ? 'Enter the grade as a number.' : parsed.issues[0].message,
				grade: raw
			});
		}
		const grade = raw === '' ? null : Math.round(Number(raw) * 10) / 10;
		await setGradeOverride(submission.id, grade, user.id);
		return {
			notice:
				grade === null ? 'Override removed: the computed grade counts.' : `Grade set to ${grade}.`
		};
	},
	comment: async ({ locals, url, params, request }) => {
		const { user, submission } = await instructorAndSubmission(
			locals,
			url,
			params.id,
			params.learner
		);
		const comment = String((await request.formData()).get('comment') ?? '');
		if (comment.length > 5000) {
			return fail(400, { commentError: 'Keep the comment under 5,000 characters.', comment });
		}
		await setComment(submission.id, comment, user.id);
		return {
			notice: comment.trim()
				? 'Comment saved. The learner sees it with their feedback.'
				: 'Comment removed.'
		};
	}
};
