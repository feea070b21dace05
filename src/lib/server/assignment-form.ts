/**
 * Reading the new-assignment form: dates typed in the instructor's time zone become UTC, and every field
 * gets a message a person can act on.
 */
import * as v from 'valibot';
import type { RevealPolicy } from './db/schema';
import { isTimeZone, zonedToUtc } from './time';

export interface AssignmentFields {
	articleId: string;
	title: string;
	instructions: string;
	opensAt: string | null;
	dueAt: string | null;
	timeZone: string;
	revealPolicy: RevealPolicy;
	threshold: number;
	halfCredit: boolean;
	allowLate: boolean;
	allowResubmit: boolean;
}

const Title = v.pipe(
	v.string(),
	v.trim(),
	v.nonEmpty('Give the assignment a title.'),
	v.maxLength(200, 'Use at most 200 characters for the title.')
);
const Instructions = v.pipe(
	v.string(),
	v.trim(),
	v.maxLength(5000, 'Use at most 5,000 characters for the instructions.')
);

/** Parses the form; `articles` are the ids this instructor may assign. */
export function parseAssignmentForm(
	form: FormData,
	articles: Set<string>
): { ok: true; value: AssignmentFields } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const get = (k: string) => String(form.get(k) ?? '');

	const articleId = get('articleId');
	if (!articles.has(articleId)) errors.articleId = 'Choose an article from the list.';

	const title = v.safeParse(Title, get('title'));
	if (!title.success) errors.title = title.issues[0].message;
	const instructions = v.safeParse(Instructions, get('instructions'));
	if (!instructions.success) errors.instructions = instructions.issues[0].message;

	const timeZone = get('timeZone') || 'UTC';
	if (!isTimeZone(timeZone)) errors.timeZone = `Unknown time zone "${timeZone}".`;

	const date = (field: 'opensAt' | 'dueAt', label: string): string | null => {
		const raw = get(field);
		if (!raw) return null;
		// With an unknown zone, the zone's own message says what is wrong.
		if (!isTimeZone(timeZone)) return null;
		const d = zonedToUtc(raw, timeZone);
		if (!d) {
			errors[field] = `The ${label} is not a date and time.`;
			return null;
		}
		return d.toISOString();
	};
	const opensAt = date('opensAt', 'opening date');
	const dueAt = date('dueAt', 'due date');
	if (opensAt && dueAt && dueAt <= opensAt)
		errors.dueAt = 'The due date must come after the opening date.';

	const revealPolicy = get('revealPolicy') as RevealPolicy;
	if (!['after_submit', 'after_due', 'manual'].includes(revealPolicy)) {
		errors.revealPolicy = 'Choose when learners see the reference.';
	}
	if (revealPolicy === 'after_due' && !get('dueAt')) {
		errors.dueAt = 'Set a due date, or choose another moment to reveal the reference.';
	}

	const threshold = Number(get('threshold') || '0.5');
	if (!(threshold > 0 && threshold <= 1)) {
		errors.threshold = 'The overlap threshold must be more than 0 and at most 1.';
	}

	if (Object.keys(errors).length) return { ok: false, errors };
	return {
		ok: true,
		value: {
			articleId,
			title: title.output as string,
			instructions: instructions.output as string,
			opensAt,
			dueAt,
			timeZone,
			revealPolicy,
			threshold,
			halfCredit: form.get('halfCredit') === 'on',
			allowLate: form.get('allowLate') === 'on',
			allowResubmit: form.get('allowResubmit') === 'on'
		}
	};
}
