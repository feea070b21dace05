/**
 * An assignment's exports: the gradebook as CSV (UTF-8 with a byte-order mark so spreadsheets detect
 * the encoding, a header row, RFC 4180 quoting by papaparse, and formula-looking cells neutralised), and
 * every submission plus the reference as one W3C Web Annotation collection.
 */
import Papa from 'papaparse';
import {
	ANNO_CONTEXT,
	exportAnnotations,
	type W3CAnnotation,
	type W3CAnnotationCollection
} from '$lib/annotation/w3c';
import { TAGS, TAG_INFO } from '$lib/annotation/tags';
import type { ReferenceSpan } from '$lib/annotation/types';
import type { Assignment } from './assignments';
import type { Gradebook } from './gradebook';

const STATUS = { not_started: 'not started', drafting: 'drafting', submitted: 'submitted' };
const round = (x: number | null) => (x === null ? '' : String(Math.round(x * 100) / 100));

/** The gradebook as CSV text. */
export function gradesCsv(book: Gradebook): string {
	const header = [
		'Learner',
		'E-mail',
		'Status',
		'Grade',
		'Computed grade',
		'Submitted at (UTC)',
		'Late',
		...TAGS.map((t) => `${TAG_INFO[t].label} F1`),
		'Missed',
		'Extra'
	];
	const rows = book.rows.map((r) => [
		r.name,
		r.email,
		STATUS[r.status],
		round(r.grade),
		round(r.computedGrade),
		r.submittedAt ?? '',
		r.status === 'submitted' ? (r.late ? 'yes' : 'no') : '',
		...TAGS.map((t) => round(r.perTagF1?.[t] ?? null)),
		r.missed ?? '',
		r.extra ?? ''
	]);
	return '\uFEFF' + Papa.unparse([header, ...rows], { escapeFormulae: true, newline: '\r\n' });
}

/** Every latest submission, and the reference, as one W3C AnnotationCollection. */
export function annotationsJsonLd(
	assignment: Assignment,
	book: Gradebook,
	reference: readonly ReferenceSpan[],
	origin: string
): W3CAnnotationCollection {
	const base = `${origin}/assignments/${assignment.id}`;
	const source = `${origin}/articles/${assignment.articleId}`;
	const items: W3CAnnotation[] = [];
	items.push(
		...exportAnnotations({
			text: book.text,
			spans: reference,
			source,
			idBase: `${base}/reference`,
			creator: { id: `${base}/reference`, type: 'Person', name: 'Reference (instructor)' }
		}).first.items
	);
	for (const row of book.rows) {
		const sub = book.submissions.get(row.userId);
		if (!sub) continue;
		items.push(
			...exportAnnotations({
				text: book.text,
				spans: sub.spans,
				source,
				idBase: `${base}/submissions/${row.userId}/${sub.attempt}`,
				creator: { id: `${origin}/users/${row.userId}`, type: 'Person', name: row.name },
				created: new Date(sub.submittedAt)
			}).first.items
		);
	}
	return {
		'@context': ANNO_CONTEXT,
		id: `${base}/annotations`,
		type: 'AnnotationCollection',
		label: `${assignment.title}: reference and submissions`,
		total: items.length,
		first: {
			id: `${base}/annotations/page/1`,
			type: 'AnnotationPage',
			partOf: `${base}/annotations`,
			startIndex: 0,
			items
		},
		last: `${base}/annotations/page/1`
	};
}
