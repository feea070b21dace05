/**
 * The figures the server serves, checked against the comparison engine run here on the same data: the
 * submissions API (grade, per-tag F1, missed, extra) and the result API (the whole comparison, with κ
 * also recomputed character by character) for the two demo submissions and hand-made ones submitted
 * through the API, under the demo's options and under stricter ones; the gradebook CSV (BOM, header,
 * RFC 4180 quoting of a hostile name, formula escaping, the same numbers) through papaparse; and the
 * W3C JSON-LD export, whose items import back to exactly each learner's submitted spans.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cohensKappa } from '../../src/lib/annotation/agreement';
import { compare } from '../../src/lib/annotation/compare';
import { normalizeSpans } from '../../src/lib/annotation/spans';
import { TAGS, TAG_INFO, type Tag } from '../../src/lib/annotation/tags';
import type { Comparison, ReferenceSpan, Span } from '../../src/lib/annotation/types';
import { importAnnotations } from '../../src/lib/annotation/w3c';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import {
	MISSES_SPANS,
	PASSWORD,
	SAMPLE,
	STRONG_SPANS,
	body,
	createAssignment,
	daysFromNow,
	demo,
	joinWithCode,
	logIn,
	plain,
	shownJoinCode,
	signUp,
	submitSpans,
	utcLocal,
	type Demo
} from '../helpers/classroom';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import type { Client } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('grading');

const TEXT = SAMPLE.text;
const REFERENCE: ReferenceSpan[] = SAMPLE.reference.spans;
const HOSTILE_NAME = 'Zoë "Zed", 李\nNg';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","x")';

/** Every reference span with a tag the reference does not accept for it. */
const MISLABELED: Span[] = REFERENCE.map((s) => ({
	start: s.start,
	end: s.end,
	tag: TAGS.find((t) => t !== s.tag && !(s.alsoAccept ?? []).includes(t))!
}));

/** The reference's spans with notes of the learner's own (quotes, commas, a newline, an emoji). */
const EXACT: Span[] = REFERENCE.map((s, i) => ({
	start: s.start,
	end: s.end,
	tag: s.tag,
	...(i % 3 === 0 ? { note: `Note ${i}: "quoted", with a comma,\na newline and 😀 — ok` } : {})
}));

/** Reference spans with their start moved 3 characters in (some still pair, some not) and extras. */
const SHIFTED: Span[] = [
	...REFERENCE.filter((s) => s.end - s.start > 8).map((s) => ({
		start: s.start + 3,
		end: s.end,
		tag: s.tag
	})),
	{ start: 183, end: 188, tag: 'unclear_sourcing' }, // "Obama"
	{ start: 0, end: 47, tag: 'opinion', note: '' } // an empty note is still a note
];

interface Row {
	userId: string;
	name: string;
	email: string;
	status: string;
	submittedAt: string | null;
	late: boolean;
	attempt: number | null;
	grade: number | null;
	computedGrade: number | null;
	perTagF1: Record<Tag, number | null> | null;
	missed: number | null;
	extra: number | null;
}

/** κ per tag, character by character (independently of compare's interval arithmetic). */
function kappaByCharacter(reference: readonly Span[], submitted: readonly Span[]) {
	const out = {} as Record<Tag, number>;
	for (const tag of TAGS) {
		const a = new Uint8Array(TEXT.length);
		const b = new Uint8Array(TEXT.length);
		for (const s of reference) if (s.tag === tag) a.fill(1, s.start, s.end);
		for (const s of submitted) if (s.tag === tag) b.fill(1, s.start, s.end);
		out[tag] = cohensKappa(a, b);
	}
	return out;
}

describe.each(DATABASE_KINDS)('grading on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let ids: Demo;
	let teacher: Client;
	/** Every submitted learner: the spans the server should have scored. */
	const submitted = new Map<string, { name: string; spans: Span[] }>();
	let strictId: string;

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
		ids = await demo(direct);
		teacher = await logIn(server, 'teacher@example.com');
		submitted.set(ids.learners[1], { name: 'Ben Larsen', spans: STRONG_SPANS });
		submitted.set(ids.learners[2], { name: 'Chloé Martin', spans: MISSES_SPANS });

		const code = (await shownJoinCode(teacher, ids.classId))!;
		strictId = await createAssignment(teacher, ids.classId, {
			articleId: ids.articleId,
			title: 'Strict: exact boundaries, no half credit',
			dueAt: utcLocal(daysFromNow(7)),
			revealPolicy: 'after_due',
			threshold: '1',
			halfCredit: false
		});
		const handMade: [string, string, Span[]][] = [
			[HOSTILE_NAME, 'zoe@example.com', MISLABELED],
			['Pat Perfect', 'pat@example.com', EXACT],
			[FORMULA_NAME, 'sam@example.com', SHIFTED]
		];
		for (const [name, email, spans] of handMade) {
			const { client, id } = await signUp(server, direct, name, email);
			expect((await joinWithCode(client, code)).status).toBe(303);
			await submitSpans(client, ids.assignmentId, spans);
			await submitSpans(client, strictId, spans);
			submitted.set(id, { name, spans: normalizeSpans(TEXT, spans).spans });
		}
	}, 60_000);
	afterAll(async () => {
		if (!kind.available) return;
		await direct.close();
		await server.stop();
		await server.db.drop();
	});

	async function rows(assignmentId: string): Promise<Row[]> {
		const r = await teacher.get(`/api/assignments/${assignmentId}/submissions`);
		expect(r.status).toBe(200);
		return body<Row[]>(r);
	}

	const DEMO_OPTIONS = { threshold: 0.5, halfCredit: true, textLength: TEXT.length };
	const STRICT_OPTIONS = { threshold: 1, halfCredit: false, textLength: TEXT.length };

	for (const [label, options, which] of [
		['the demo assignment (θ 0.5, half credit)', DEMO_OPTIONS, 'demo'],
		['a strict assignment (θ 1, no half credit)', STRICT_OPTIONS, 'strict']
	] as const) {
		it.skipIf(!kind.available)(
			`serves grade, per-tag F1, missed and extra as compare() computes them: ${label}`,
			async () => {
				const id = which === 'demo' ? ids.assignmentId : strictId;
				const list = await rows(id);
				const expectedLearners = which === 'demo' ? submitted.size : 3;
				const done = list.filter((r) => r.status === 'submitted');
				expect(done).toHaveLength(expectedLearners);
				for (const row of done) {
					const mine = submitted.get(row.userId)!;
					expect(row.name).toBe(mine.name);
					const expected = compare(REFERENCE, mine.spans, options);
					expect(row.grade, mine.name).toBe(expected.grade);
					expect(row.computedGrade, mine.name).toBe(expected.grade);
					expect(row.perTagF1, mine.name).toEqual(
						Object.fromEntries(TAGS.map((t) => [t, expected.perTag[t].f1]))
					);
					expect(row.missed, mine.name).toBe(expected.missed.length);
					expect(row.extra, mine.name).toBe(expected.extra.length);
				}
				// learner1 has not started: listed, with no figures
				const idle = list.find((r) => r.userId === ids.learners[0]);
				expect(idle).toMatchObject({
					status: 'not_started',
					grade: null,
					perTagF1: null,
					missed: null,
					extra: null
				});
				// the cases mean something: a perfect, a half-credit and a partial score
				const grades = new Map(done.map((r) => [submitted.get(r.userId)!.name, r.grade]));
				expect(grades.get('Pat Perfect')).toBe(100);
				expect(grades.get(HOSTILE_NAME)).toBe(which === 'demo' ? 50 : 0);
			}
		);
	}

	it.skipIf(!kind.available)(
		"serves each learner's result (comparison and κ) as compare() computes it",
		async () => {
			for (const [learner, mine] of submitted) {
				const r = await teacher.get(
					`/api/assignments/${ids.assignmentId}/result?learner=${learner}`
				);
				expect(r.status, mine.name).toBe(200);
				const result = body<{
					grade: number;
					submitted: Span[];
					reference: ReferenceSpan[];
					comparison: Comparison;
				}>(r);
				expect(plain(result.submitted), mine.name).toEqual(plain(mine.spans));
				expect(plain(result.reference)).toEqual(plain(REFERENCE));
				const expected = compare(REFERENCE, result.submitted, DEMO_OPTIONS);
				expect(result.comparison, mine.name).toEqual(expected);
				expect(result.grade).toBe(expected.grade);
				const kappa = kappaByCharacter(REFERENCE, result.submitted);
				for (const t of TAGS) {
					expect(result.comparison.kappa[t], `${mine.name} κ ${t}`).toBeCloseTo(kappa[t], 12);
				}
			}
		}
	);

	it.skipIf(!kind.available)(
		'exports a gradebook CSV that survives papaparse: BOM, header, a hostile name, same numbers',
		async () => {
			const res = await fetch(`${server.url}/api/assignments/${ids.assignmentId}/grades.csv`, {
				headers: { cookie: teacher.cookieHeader() }
			});
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="grades\.csv"/);
			const bytes = new Uint8Array(await res.arrayBuffer());
			expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(bytes);
			expect(text.charCodeAt(0)).toBe(0xfeff);

			const parsed = Papa.parse<Record<string, string>>(text.slice(1), {
				header: true,
				skipEmptyLines: true
			});
			expect(parsed.errors).toEqual([]);
			const f1Columns = TAGS.map((t) => `${TAG_INFO[t].label} F1`);
			expect(parsed.meta.fields).toEqual([
				'Learner',
				'E-mail',
				'Status',
				'Grade',
				'Computed grade',
				'Submitted at (UTC)',
				'Late',
				...f1Columns,
				'Missed',
				'Extra'
			]);
			const api = await rows(ids.assignmentId);
			expect(parsed.data).toHaveLength(api.length);
			const round = (x: number | null) => (x === null ? '' : String(Math.round(x * 100) / 100));
			for (const row of api) {
				const line = parsed.data.find((d) => d['E-mail'] === row.email)!;
				expect(line, row.email).toBeDefined();
				const shownName = row.name.startsWith('=') ? `'${row.name}` : row.name;
				expect(line.Learner).toBe(shownName);
				expect(line.Status).toBe(row.status.replace('_', ' '));
				expect(line.Grade).toBe(round(row.grade));
				expect(line['Computed grade']).toBe(round(row.computedGrade));
				expect(line['Submitted at (UTC)']).toBe(row.submittedAt ?? '');
				expect(line.Late).toBe(row.status === 'submitted' ? (row.late ? 'yes' : 'no') : '');
				TAGS.forEach((t, i) => {
					expect(line[f1Columns[i]], `${row.email} ${t}`).toBe(round(row.perTagF1?.[t] ?? null));
				});
				expect(line.Missed).toBe(row.missed === null ? '' : String(row.missed));
				expect(line.Extra).toBe(row.extra === null ? '' : String(row.extra));
			}
			// the hostile name came back whole, and the formula was neutralised
			const names = parsed.data.map((d) => d.Learner);
			expect(names).toContain(HOSTILE_NAME);
			expect(names).toContain(`'${FORMULA_NAME}`);
			expect(names.some((n) => n.startsWith('='))).toBe(false);
		}
	);

	it.skipIf(!kind.available)(
		"exports W3C JSON-LD whose items import back to exactly each learner's spans",
		async () => {
			const r = await teacher.get(`/api/assignments/${ids.assignmentId}/annotations.jsonld`);
			expect(r.status).toBe(200);
			expect(r.headers.get('content-type')).toMatch(/^application\/ld\+json/);
			const doc = JSON.parse(r.text);
			expect(doc['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
			expect(doc.type).toBe('AnnotationCollection');
			expect(doc.first.type).toBe('AnnotationPage');
			const items: {
				id: string;
				created: string;
				creator: { id: string; name: string };
			}[] = doc.first.items;
			expect(Array.isArray(items)).toBe(true);
			expect(doc.total).toBe(items.length);
			const expectedTotal =
				REFERENCE.length + [...submitted.values()].reduce((n, s) => n + s.spans.length, 0);
			expect(items).toHaveLength(expectedTotal);
			for (const a of items) {
				expect(() => new URL(a.id)).not.toThrow();
				expect(a.created).toMatch(/(Z|[+-]\d\d:\d\d)$/);
			}
			expect(new Set(items.map((a) => a.id)).size).toBe(items.length);

			const byCreator = new Map<string, typeof items>();
			for (const a of items) {
				const key = a.creator.id;
				byCreator.set(key, [...(byCreator.get(key) ?? []), a]);
			}
			for (const [learner, mine] of submitted) {
				const theirs = byCreator.get(`${server.url}/users/${learner}`) ?? [];
				expect(theirs.length, mine.name).toBe(mine.spans.length);
				expect(theirs.every((a) => a.creator.name === mine.name)).toBe(true);
				const back = importAnnotations({ type: 'AnnotationPage', items: theirs }, TEXT);
				expect(plain(back), mine.name).toEqual(plain(mine.spans));
			}
			const refItems = byCreator.get(`${server.url}/assignments/${ids.assignmentId}/reference`)!;
			const ref = importAnnotations({ type: 'AnnotationPage', items: refItems }, TEXT);
			expect(plain(ref)).toEqual(plain(REFERENCE));
			// the whole document imports too: every annotation, in order
			expect(importAnnotations(doc, TEXT)).toHaveLength(items.length);
		}
	);
	it.skipIf(!kind.available)(
		"serves an instructor's grade override everywhere, keeping the computed grade beside it",
		async () => {
			const pat = [...submitted].find(([, m]) => m.name === 'Pat Perfect')![0];
			const page = `/assignments/${strictId}/submissions/${pat}`;
			const bad = await teacher.form(`${page}?/override`, { grade: '150' });
			expect(bad.status).toBe(400);
			expect(bad.text).toContain('The grade must be between 0 and 100.');
			const ok = await teacher.form(`${page}?/override`, { grade: '72.5' });
			expect(ok.status).toBe(200);
			try {
				const row = (await rows(strictId)).find((r) => r.userId === pat)!;
				expect(row).toMatchObject({ grade: 72.5, computedGrade: 100, overridden: true });
				const result = body<{ grade: number; computedGrade: number; overridden: boolean }>(
					await teacher.get(`/api/assignments/${strictId}/result?learner=${pat}`)
				);
				expect(result).toMatchObject({ grade: 72.5, computedGrade: 100, overridden: true });
				const csv = Papa.parse<Record<string, string>>(
					(await teacher.get(`/api/assignments/${strictId}/grades.csv`)).text.replace(
						/^\uFEFF/,
						''
					),
					{ header: true, skipEmptyLines: true }
				);
				const line = csv.data.find((d) => d['E-mail'] === 'pat@example.com')!;
				expect([line.Grade, line['Computed grade']]).toEqual(['72.5', '100']);
			} finally {
				await teacher.form(`${page}?/override`, { grade: '' });
			}
			const cleared = (await rows(strictId)).find((r) => r.userId === pat)!;
			expect(cleared).toMatchObject({ grade: 100, overridden: false });
		}
	);

	it.skipIf(!kind.available)(
		'exports positions in code points on an article with emoji, and imports them back to the same spans',
		async () => {
			const created = await teacher.json('POST', '/api/articles', {
				text: 'Café owners 🇫🇷 say “no” to the plan\n\nThe mayor 😀 said: "We will act soon." Critics disagree.\n\nOfficials, who asked not to be named, said 𝒳 rose by 3%.\n'
			});
			expect(created.status, created.text).toBe(201);
			const article = body<{ id: string; text: string }>(created);
			const text = article.text;
			const at = (needle: string) => {
				const start = text.indexOf(needle);
				expect(start, needle).toBeGreaterThan(-1);
				return { start, end: start + needle.length };
			};
			const reference: ReferenceSpan[] = [
				{ ...at('say “no” to the plan'), tag: 'claim', note: 'Paraphrase 🇫🇷.' },
				{ ...at('"We will act soon."'), tag: 'quote', note: 'Direct quote.' },
				{ ...at('Officials, who asked not to be named,'), tag: 'unclear_sourcing' },
				{ ...at('𝒳 rose by 3%'), tag: 'claim' }
			];
			const saved = await teacher.json('PUT', `/api/articles/${article.id}/reference`, {
				revision: 0,
				spans: reference
			});
			expect(saved.status, saved.text).toBe(200);
			const assignmentId = await createAssignment(teacher, ids.classId, {
				articleId: article.id,
				title: 'Emoji',
				dueAt: utcLocal(daysFromNow(7)),
				revealPolicy: 'after_submit'
			});
			const pat = await logIn(server, 'pat@example.com', PASSWORD);
			const spans: Span[] = [
				{ ...at('Café owners 🇫🇷'), tag: 'opinion', note: 'Flag 🇫🇷 and 😀 in a note' },
				{ ...at('We will act soon.'), tag: 'quote' },
				{ ...at('𝒳 rose'), tag: 'claim', note: '𝒳!' }
			];
			await submitSpans(pat, assignmentId, spans);
			const patId = [...submitted].find(([, m]) => m.name === 'Pat Perfect')![0];

			const result = body<{ comparison: Comparison }>(
				await pat.get(`/api/assignments/${assignmentId}/result`)
			);
			expect(result.comparison).toEqual(
				compare(reference, spans, { threshold: 0.5, halfCredit: true, textLength: text.length })
			);

			const doc = JSON.parse(
				(await teacher.get(`/api/assignments/${assignmentId}/annotations.jsonld`)).text
			);
			type Item = {
				creator: { id: string };
				target: { selector: { type: string; start?: number; end?: number; exact?: string }[] };
			};
			const theirs = (doc.first.items as Item[]).filter(
				(a) => a.creator.id === `${server.url}/users/${patId}`
			);
			expect(theirs).toHaveLength(spans.length);
			const codePoints = (i: number) => Array.from(text.slice(0, i)).length;
			const sorted = [...spans].sort((a, b) => a.start - b.start);
			theirs.forEach((a, i) => {
				const position = a.target.selector.find((x) => x.type === 'TextPositionSelector')!;
				const quote = a.target.selector.find((x) => x.type === 'TextQuoteSelector')!;
				expect(position.start).toBe(codePoints(sorted[i].start));
				expect(position.end).toBe(codePoints(sorted[i].end));
				expect(quote.exact).toBe(text.slice(sorted[i].start, sorted[i].end));
			});
			const back = importAnnotations({ type: 'AnnotationPage', items: theirs }, text);
			expect(plain(back)).toEqual(plain(spans));
		}
	);
});
