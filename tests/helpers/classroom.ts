/**
 * Classroom helpers for integration tests over the real server: people signing up and logging in,
 * classes and join codes, assignments made through the real form, drafts and submissions through the
 * JSON API, and direct reads/writes of the database to set up states (a due date in the past, …).
 */
import sampleJson from '../../src/lib/fixtures/g20-syria.json';
import strongJson from '../../src/lib/annotation/fixtures/learner-strong.json';
import missesJson from '../../src/lib/annotation/fixtures/learner-misses.json';
import type { ReferenceSpan, Span } from '../../src/lib/annotation/types';
import type { Db } from '../../src/lib/server/db/connect';
import type { AssignmentUpdate } from '../../src/lib/server/db/schema';
import { Client, type Reply } from './http';
import { DEMO_PASSWORD, type RunningServer } from './server';

/** The sample article as the demo seeds it (its text and full reference). */
export const SAMPLE = sampleJson as unknown as {
	id: string;
	title: string;
	blocks: string[];
	text: string;
	reference: { spans: ReferenceSpan[] };
};
/** The two demo submissions (learner2, learner3). */
export const STRONG_SPANS = strongJson.spans as Span[];
export const MISSES_SPANS = missesJson.spans as Span[];

/** The password of every account the helpers sign up. */
export const PASSWORD = 'classroom password';

export const DEMO_TEACHER = 'teacher@example.com';
export const DEMO_CLASS = 'Media Literacy 101 (demo)';

/** The characters a join code may use: no 0/O, 1/I/L, 5/S, 2/Z, 8/B. */
export const UNAMBIGUOUS_CODE = /^[ACDEFGHJKMNPQRTUVWXY34679]{7}$/;

/** A logged-in demo account. */
export async function logIn(
	server: RunningServer,
	email: string,
	password = DEMO_PASSWORD
): Promise<Client> {
	const c = new Client(server.url);
	const r = await c.login(email, password);
	if (r.status !== 303) throw new Error(`log-in of ${email} failed: ${r.status}\n${r.text}`);
	return c;
}

/** Signs up a new account through /signup; returns the signed-in client and the user's id. */
export async function signUp(
	server: RunningServer,
	direct: Db,
	name: string,
	email: string
): Promise<{ client: Client; id: string }> {
	const client = new Client(server.url);
	const r = await client.form('/signup', { name, email, password: PASSWORD });
	if (r.status !== 303) throw new Error(`sign-up of ${email} failed: ${r.status}\n${r.text}`);
	return { client, id: await userId(direct, email) };
}

/** A user's id by e-mail. */
export async function userId(direct: Db, email: string): Promise<string> {
	const row = await direct.db
		.selectFrom('users')
		.select('id')
		.where('email', '=', email.trim().toLowerCase())
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Creates a class through the home page's action; returns its id. */
export async function createClass(client: Client, name: string): Promise<string> {
	const r = await client.form('/?/createClass', { name });
	const m = /^\/classes\/([^/?#]+)$/.exec(r.location ?? '');
	if (r.status !== 303 || !m) throw new Error(`class not created: ${r.status} ${r.location}`);
	return m[1];
}

/** The join code as the class page shows it to its instructor, or null when joining is off. */
export async function shownJoinCode(client: Client, classId: string): Promise<string | null> {
	const page = await client.get(`/classes/${classId}`);
	if (page.status !== 200) throw new Error(`class page: ${page.status}`);
	const m = /<p class="code[ "][^>]*>\s*([A-Z0-9]+)\s*<\/p>/.exec(page.text);
	return m ? m[1] : null;
}

/** Joins with a code through the home page's form. */
export function joinWithCode(client: Client, code: string): Promise<Reply> {
	return client.form('/?/join', { code });
}

/** The fields of the new-assignment form (strings as a browser sends them). */
export interface AssignmentForm {
	articleId: string;
	title?: string;
	instructions?: string;
	opensAt?: string;
	dueAt?: string;
	timeZone?: string;
	revealPolicy?: 'after_submit' | 'after_due' | 'manual';
	threshold?: string;
	halfCredit?: boolean;
	allowLate?: boolean;
	allowResubmit?: boolean;
}

/** Posts the new-assignment form; the raw reply. */
export function postAssignment(client: Client, classId: string, f: AssignmentForm) {
	const fields: Record<string, string> = {
		articleId: f.articleId,
		title: f.title ?? 'Test assignment',
		instructions: f.instructions ?? '',
		opensAt: f.opensAt ?? '',
		dueAt: f.dueAt ?? '',
		timeZone: f.timeZone ?? 'UTC',
		revealPolicy: f.revealPolicy ?? 'after_submit',
		threshold: f.threshold ?? '0.5'
	};
	if (f.halfCredit ?? true) fields.halfCredit = 'on';
	if (f.allowLate) fields.allowLate = 'on';
	if (f.allowResubmit) fields.allowResubmit = 'on';
	return client.form(`/classes/${classId}/assignments/new`, fields);
}

/** Creates an assignment through the real form; returns its id. */
export async function createAssignment(
	client: Client,
	classId: string,
	f: AssignmentForm
): Promise<string> {
	const r = await postAssignment(client, classId, f);
	const m = /^\/assignments\/([^/?#]+)$/.exec(r.location ?? '');
	if (r.status !== 303 || !m) {
		throw new Error(`assignment not created: ${r.status} ${r.location}\n${r.text.slice(0, 2000)}`);
	}
	return m[1];
}

/** `YYYY-MM-DDTHH:mm` of a UTC instant (for a form with time zone UTC). */
export function utcLocal(date: Date): string {
	return date.toISOString().slice(0, 16);
}

/** A date `days` from now (negative: in the past). */
export function daysFromNow(days: number): Date {
	return new Date(Date.now() + days * 86_400_000);
}

/** Changes an assignment's row directly (e.g. to move its due date into the past). */
export async function updateAssignment(direct: Db, id: string, patch: AssignmentUpdate) {
	await direct.db.updateTable('assignments').set(patch).where('id', '=', id).execute();
}

/** The public practice copy of the sample article (any instructor may assign it). */
export async function publicSampleId(direct: Db): Promise<string> {
	const row = await direct.db
		.selectFrom('articles')
		.select('id')
		.where('slug', '=', SAMPLE.id)
		.where('public', '=', 1)
		.where('superseded_at', 'is', null)
		.executeTakeFirstOrThrow();
	return row.id;
}

/** The demo's ids. */
export interface Demo {
	classId: string;
	assignmentId: string;
	articleId: string;
	teacherId: string;
	learners: string[];
}

export async function demo(direct: Db): Promise<Demo> {
	const cls = await direct.db
		.selectFrom('classes')
		.select('id')
		.where('name', '=', DEMO_CLASS)
		.executeTakeFirstOrThrow();
	const a = await direct.db
		.selectFrom('assignments')
		.select(['id', 'article_id'])
		.where('class_id', '=', cls.id)
		.orderBy('created_at')
		.executeTakeFirstOrThrow();
	return {
		classId: cls.id,
		assignmentId: a.id,
		articleId: a.article_id,
		teacherId: await userId(direct, DEMO_TEACHER),
		learners: await Promise.all([1, 2, 3].map((i) => userId(direct, `learner${i}@example.com`)))
	};
}

/** The JSON body of a reply (throws with the text when it is not JSON). */
export function body<T = Record<string, unknown>>(r: Pick<Reply, 'text' | 'status'>): T {
	try {
		return JSON.parse(r.text) as T;
	} catch {
		throw new Error(`not JSON (${r.status}): ${r.text.slice(0, 500)}`);
	}
}

/** Saves spans as the learner's draft on top of the current revision; returns the reply. */
export async function saveDraft(client: Client, assignmentId: string, spans: unknown[]) {
	const current = await client.get(`/api/assignments/${assignmentId}/draft`);
	if (current.status !== 200) throw new Error(`draft GET: ${current.status} ${current.text}`);
	const revision = body<{ revision: number }>(current).revision;
	return client.json('PUT', `/api/assignments/${assignmentId}/draft`, { revision, spans });
}

/** Saves spans as the draft, then submits; throws unless both succeed. Returns the submit reply. */
export async function submitSpans(client: Client, assignmentId: string, spans: unknown[]) {
	const saved = await saveDraft(client, assignmentId, spans);
	if (saved.status !== 200) throw new Error(`draft PUT: ${saved.status} ${saved.text}`);
	const r = await client.json('POST', `/api/assignments/${assignmentId}/submit`);
	if (r.status !== 201) throw new Error(`submit: ${r.status} ${r.text}`);
	return r;
}

/** The stored draft row, or undefined. */
export async function draftRow(direct: Db, assignmentId: string, user: string) {
	return direct.db
		.selectFrom('drafts')
		.selectAll()
		.where('assignment_id', '=', assignmentId)
		.where('user_id', '=', user)
		.executeTakeFirst();
}

/** Every submission row of a learner on an assignment, oldest attempt first. */
export async function submissionRows(direct: Db, assignmentId: string, user: string) {
	return direct.db
		.selectFrom('submissions')
		.selectAll()
		.where('assignment_id', '=', assignmentId)
		.where('user_id', '=', user)
		.orderBy('attempt')
		.execute();
}

/** HTML text with the common entities decoded (to look for messages in error pages). */
export function decodeHtml(html: string): string {
	return html
		.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
		.replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** What a page says: its HTML without tags, scripts and styles, entities decoded, spaces collapsed. */
export function pageText(html: string): string {
	return decodeHtml(
		html
			.replace(/<script[\s\S]*?<\/script>/gi, ' ')
			.replace(/<style[\s\S]*?<\/style>/gi, ' ')
			.replace(/<!--[\s\S]*?-->/g, '')
			.replace(/<[^>]+>/g, ' ')
	)
		.replace(/\s+/g, ' ')
		.trim();
}

/** The `start, end, tag, note` of spans (without stored context), sorted, to compare span lists. */
export function plain(spans: readonly Span[]): Span[] {
	return spans
		.map((s) => ({
			start: s.start,
			end: s.end,
			tag: s.tag,
			...(s.note !== undefined ? { note: s.note } : {})
		}))
		.sort((a, b) => a.start - b.start || a.end - b.end || a.tag.localeCompare(b.tag));
}
