/**
 * Who may do what, through the real server: every page, form action and API route × {anonymous,
 * learner of the class, learner of another class, instructor of the class, instructor of another class}
 * with the status each must get (pages: 303 to /login when signed out; API: 401), and a clear message
 * with every denial. Then what must never leak: the reference (spans' rationale) to a learner before
 * the reveal, anywhere, including the pages' serialized data; another learner's work; a class to someone
 * not in it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import {
	MISSES_SPANS,
	SAMPLE,
	STRONG_SPANS,
	body,
	createAssignment,
	createClass,
	daysFromNow,
	demo,
	joinWithCode,
	logIn,
	pageText,
	postAssignment,
	shownJoinCode,
	signUp,
	updateAssignment,
	utcLocal,
	type Demo
} from '../helpers/classroom';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { Client, type Reply } from '../helpers/http';
import { startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('authorization');

const ROLES = ['anonymous', 'learner', 'otherLearner', 'instructor', 'otherInstructor'] as const;
type Role = (typeof ROLES)[number];

/** The ids the routes are built from. */
interface Ctx extends Demo {
	/** The assignment the matrix works on (in the demo class, on the teacher's own article). */
	matrixId: string;
	code: string;
	otherClassId: string;
	/** Olga's assignment, on the public practice copy of the sample article. */
	otherAssignmentId: string;
	publicSampleId: string;
}

interface Route {
	name: string;
	kind: 'page' | 'action' | 'api';
	method: 'GET' | 'PUT' | 'POST';
	path: (c: Ctx) => string;
	/** Form fields (actions) or a JSON body (API). */
	body?: (c: Ctx) => Record<string, unknown>;
	/** The status per signed-in role; null: not exercised (it would change what other tests use). */
	expect: Record<Exclude<Role, 'anonymous'>, number | null>;
}

/** Only the class's instructor; a learner of the class is told it is for instructors. */
const INSTRUCTOR_ONLY = { learner: 403, otherLearner: 404, instructor: 200, otherInstructor: 404 };
/** Anyone in the class. */
const MEMBERS = { learner: 200, otherLearner: 404, instructor: 200, otherInstructor: 404 };
/** Only the learners of the class; its instructor is told it is for learners. */
const LEARNER_ONLY = { learner: 200, otherLearner: 404, instructor: 403, otherInstructor: 404 };
/** Only the article's owner (the demo teacher); everyone else gets the same 404 as a missing id. */
const OWNER_ONLY = { learner: 404, otherLearner: 404, instructor: 200, otherInstructor: 404 };
/** Any signed-in account. */
const SIGNED_IN = { learner: 200, otherLearner: 200, instructor: 200, otherInstructor: 200 };

const A_SPAN = { start: 0, end: 47, tag: 'claim', note: 'matrix draft' };

// In the order they run: the learner drafts and submits before the routes that need a submission.
const ROUTES: Route[] = [
	{ name: 'account page', kind: 'page', method: 'GET', path: () => '/account', expect: SIGNED_IN },
	{
		name: 'class page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/classes/${c.classId}`,
		expect: MEMBERS
	},
	{
		name: 'join page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/join/${c.code}`,
		expect: SIGNED_IN
	},
	{
		name: 'new-assignment page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/classes/${c.classId}/assignments/new`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'assignment page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/assignments/${c.matrixId}`,
		expect: MEMBERS
	},
	{
		name: 'class insights page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/assignments/${c.matrixId}/insights`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'articles page',
		kind: 'page',
		method: 'GET',
		path: () => '/articles',
		expect: SIGNED_IN
	},
	{
		name: 'new-article page',
		kind: 'page',
		method: 'GET',
		path: () => '/articles/new',
		expect: SIGNED_IN
	},
	{
		name: 'article page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/articles/${c.articleId}`,
		expect: OWNER_ONLY
	},
	{
		name: 'article reference page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/articles/${c.articleId}/reference`,
		expect: OWNER_ONLY
	},
	{
		name: 'article edit page',
		kind: 'page',
		method: 'GET',
		path: (c) => `/articles/${c.articleId}/edit`,
		expect: OWNER_ONLY
	},
	{
		name: 'GET /api/assignments',
		kind: 'api',
		method: 'GET',
		path: () => '/api/assignments',
		expect: SIGNED_IN
	},
	{
		name: 'GET draft',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/assignments/${c.matrixId}/draft`,
		expect: LEARNER_ONLY
	},
	{
		name: 'PUT draft',
		kind: 'api',
		method: 'PUT',
		path: (c) => `/api/assignments/${c.matrixId}/draft`,
		body: () => ({ revision: 0, spans: [A_SPAN] }),
		expect: LEARNER_ONLY
	},
	{
		name: 'POST submit',
		kind: 'api',
		method: 'POST',
		path: (c) => `/api/assignments/${c.matrixId}/submit`,
		expect: { learner: 201, otherLearner: 404, instructor: 403, otherInstructor: 404 }
	},
	{
		name: 'GET reference (before the reveal)',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/assignments/${c.matrixId}/reference`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: "GET result of the class's learner (before the reveal)",
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/assignments/${c.matrixId}/result?learner=${c.learners[0]}`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'GET submissions',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/assignments/${c.matrixId}/submissions`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'GET grades.csv',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/assignments/${c.matrixId}/grades.csv`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'GET annotations.jsonld',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/assignments/${c.matrixId}/annotations.jsonld`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'side-by-side page of a submission',
		kind: 'page',
		method: 'GET',
		path: (c) => `/assignments/${c.matrixId}/submissions/${c.learners[0]}`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'comment on a submission (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/assignments/${c.matrixId}/submissions/${c.learners[0]}?/comment`,
		body: () => ({ comment: 'Well spotted.' }),
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'override a grade (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/assignments/${c.matrixId}/submissions/${c.learners[0]}?/override`,
		body: () => ({ grade: '' }),
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'GET /api/articles',
		kind: 'api',
		method: 'GET',
		path: () => '/api/articles',
		expect: SIGNED_IN
	},
	{
		name: 'GET /api/articles/:id',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/articles/${c.articleId}`,
		expect: OWNER_ONLY
	},
	{
		name: 'GET /api/articles/:id/reference',
		kind: 'api',
		method: 'GET',
		path: (c) => `/api/articles/${c.articleId}/reference`,
		expect: OWNER_ONLY
	},
	{
		name: 'PUT /api/articles/:id/reference',
		kind: 'api',
		method: 'PUT',
		path: (c) => `/api/articles/${c.articleId}/reference`,
		body: () => ({ revision: 1, spans: [] }),
		expect: { learner: 404, otherLearner: 404, instructor: null, otherInstructor: 404 }
	},
	{
		name: 'create an assignment (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/classes/${c.classId}/assignments/new`,
		body: (c) => ({
			articleId: c.articleId,
			title: 'Made in the matrix',
			dueAt: utcLocal(daysFromNow(7)),
			timeZone: 'UTC',
			revealPolicy: 'after_submit',
			threshold: '0.5'
		}),
		expect: { learner: 403, otherLearner: 404, instructor: 303, otherInstructor: 404 }
	},
	{
		name: 'release the reference (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/assignments/${c.matrixId}?/release`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'withdraw the reference (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/assignments/${c.matrixId}?/withdraw`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'change the scoring (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/assignments/${c.matrixId}?/scoring`,
		body: () => ({ threshold: '0.5', halfCredit: 'on' }),
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'remove a learner (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/classes/${c.classId}?/remove`,
		body: (c) => ({ userId: c.learners[2] }),
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'restore a learner (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/classes/${c.classId}?/restore`,
		body: (c) => ({ userId: c.learners[2] }),
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'turn joining off (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/classes/${c.classId}?/disable`,
		expect: INSTRUCTOR_ONLY
	},
	{
		name: 'make a new join code (action)',
		kind: 'action',
		method: 'POST',
		path: (c) => `/classes/${c.classId}?/rotate`,
		expect: INSTRUCTOR_ONLY
	}
];

/** What a denial must say, by status. */
const DENIAL: Record<number, RegExp> = {
	401: /Log in first/,
	403: /Only the class's instructors|Only learners in the class|Only the instructor who added|not revealed yet|only see your own/,
	404: /not found|No such learner|not in this class|does not work any more/i
};

/**
 * Stretches of text that no HTML or JSON escaping changes: for each note, its longest run of letters,
 * digits, spaces and plain punctuation (at least 16 characters, at most 40).
 */
function fragments(notes: (string | undefined)[]): string[] {
	const out: string[] = [];
	for (const note of notes) {
		if (!note) continue;
		const runs = note.match(/[A-Za-z0-9 ,.:;()-]{16,}/g) ?? [];
		const longest = runs.sort((a, b) => b.length - a.length)[0];
		if (longest) out.push(longest.trim().slice(0, 40));
	}
	return out;
}

const REFERENCE_NOTES = fragments(SAMPLE.reference.spans.map((s) => s.note));
const STRONG_NOTES = fragments(STRONG_SPANS.map((s) => s.note));
const MISSES_NOTES = fragments(MISSES_SPANS.map((s) => s.note));

describe.each(DATABASE_KINDS)('authorization on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let ctx: Ctx;
	const as = {} as Record<Role, Client>;
	const ids = {} as Record<'otherLearner' | 'otherInstructor', string>;

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
		const d = await demo(direct);
		as.anonymous = new Client(server.url);
		as.learner = await logIn(server, 'learner1@example.com');
		as.instructor = await logIn(server, 'teacher@example.com');
		const oi = await signUp(server, direct, 'Olga Otherclass', 'olga@example.com');
		const ol = await signUp(server, direct, 'Oscar Otherclass', 'oscar@example.com');
		as.otherInstructor = oi.client;
		as.otherLearner = ol.client;
		ids.otherInstructor = oi.id;
		ids.otherLearner = ol.id;
		const otherClassId = await createClass(oi.client, 'Olga’s other class');
		const publicSample = (
			await direct.db
				.selectFrom('articles')
				.select('id')
				.where('slug', '=', SAMPLE.id)
				.where('public', '=', 1)
				.executeTakeFirstOrThrow()
		).id;
		const otherAssignmentId = await createAssignment(oi.client, otherClassId, {
			articleId: publicSample,
			title: 'Other class work',
			dueAt: utcLocal(daysFromNow(7)),
			revealPolicy: 'after_due'
		});
		expect(
			(await joinWithCode(ol.client, (await shownJoinCode(oi.client, otherClassId))!)).status
		).toBe(303);
		const matrixId = await createAssignment(as.instructor, d.classId, {
			articleId: d.articleId,
			title: 'Matrix',
			dueAt: utcLocal(daysFromNow(7)),
			revealPolicy: 'after_due'
		});
		ctx = {
			...d,
			matrixId,
			code: (await shownJoinCode(as.instructor, d.classId))!,
			otherClassId,
			otherAssignmentId,
			publicSampleId: publicSample
		};
	}, 60_000);
	afterAll(async () => {
		if (!kind.available) return;
		await direct.close();
		await server.stop();
		await server.db.drop();
	});

	function send(client: Client, route: Route): Promise<Reply> {
		const path = route.path(ctx);
		if (route.kind === 'action') {
			const fields = Object.fromEntries(
				Object.entries(route.body?.(ctx) ?? {}).map(([k, v]) => [k, String(v)])
			);
			return client.form(path, fields);
		}
		if (route.method === 'GET') return client.get(path);
		return client.json(route.method, path, route.body?.(ctx));
	}

	for (const route of ROUTES) {
		for (const role of ROLES) {
			const anonymous = route.kind === 'api' ? 401 : 303;
			const status = role === 'anonymous' ? anonymous : route.expect[role];
			if (status === null) continue;
			it.skipIf(!kind.available)(`${route.name}: ${role} → ${status}`, async () => {
				const r = await send(as[role], route);
				expect(r.status, r.text.slice(0, 300)).toBe(status);
				if (status === 303 && role === 'anonymous') {
					const path = route.path(ctx);
					expect(r.location).toBe(`/login?next=${encodeURIComponent(path)}`);
				}
				if (status >= 400) {
					const said =
						route.kind === 'api' ? body<{ message: string }>(r).message : pageText(r.text);
					expect(said).toMatch(DENIAL[status]);
					expect(said).not.toMatch(/at .*\.js:\d+|Error:/); // no stack trace
				}
			});
		}
	}

	it.skipIf(!kind.available)('left no trace of the refused requests', async () => {
		// only the class's learner drafted and submitted on the matrix assignment
		const drafts = await direct.db
			.selectFrom('drafts')
			.select('user_id')
			.where('assignment_id', '=', ctx.matrixId)
			.execute();
		expect(drafts.map((d) => d.user_id)).toEqual([ctx.learners[0]]);
		const subs = await direct.db
			.selectFrom('submissions')
			.select(['user_id', 'comment'])
			.where('assignment_id', '=', ctx.matrixId)
			.execute();
		expect(subs).toEqual([{ user_id: ctx.learners[0], comment: 'Well spotted.' }]);
		// one assignment made in the matrix, by the instructor
		const made = await direct.db
			.selectFrom('assignments')
			.select(['class_id', 'created_by'])
			.where('title', '=', 'Made in the matrix')
			.execute();
		expect(made).toEqual([{ class_id: ctx.classId, created_by: ctx.teacherId }]);
		// the removed-then-restored learner is in the class; the reference is not released
		const member = await direct.db
			.selectFrom('memberships')
			.select('removed_at')
			.where('class_id', '=', ctx.classId)
			.where('user_id', '=', ctx.learners[2])
			.executeTakeFirstOrThrow();
		expect(member.removed_at).toBeNull();
		const m = await direct.db
			.selectFrom('assignments')
			.select('revealed_at')
			.where('id', '=', ctx.matrixId)
			.executeTakeFirstOrThrow();
		expect(m.revealed_at).toBeNull();
		// nobody outside the class joined it
		const outsiders = await direct.db
			.selectFrom('memberships')
			.select('user_id')
			.where('class_id', '=', ctx.classId)
			.where('user_id', 'in', [ids.otherLearner, ids.otherInstructor])
			.execute();
		expect(outsiders).toEqual([]);
	});

	it.skipIf(!kind.available)(
		'answers an outsider the same for an existing class or assignment as for a made-up id',
		async () => {
			const c = as.otherLearner;
			const real = await c.get(`/classes/${ctx.classId}`);
			const fake = await c.get('/classes/aaaaaaaaaaaaaaaaaaaaaaaa');
			expect([real.status, fake.status]).toEqual([404, 404]);
			expect(pageText(real.text)).not.toContain('Media Literacy 101');
			const realApi = await c.get(`/api/assignments/${ctx.assignmentId}/draft`);
			const fakeApi = await c.get('/api/assignments/aaaaaaaaaaaaaaaaaaaaaaaa/draft');
			expect(realApi.status).toBe(404);
			expect(body(realApi).message).toBe(body(fakeApi).message);
			const realArticle = await c.get(`/api/articles/${ctx.articleId}`);
			const fakeArticle = await c.get('/api/articles/aaaaaaaaaaaaaaaaaaaaaaaa');
			expect(realArticle.status).toBe(404);
			expect(body(realArticle).message).toBe(body(fakeArticle).message);
		}
	);

	it.skipIf(!kind.available)(
		'shows learners and instructors only their own classes and assignments',
		async () => {
			const list = async (c: Client) =>
				body<{ id: string; classId: string }[]>(await c.get('/api/assignments'));
			const mine = await list(as.learner);
			expect(new Set(mine.map((a) => a.classId))).toEqual(new Set([ctx.classId]));
			expect(mine.map((a) => a.id)).toContain(ctx.assignmentId);
			const theirs = await list(as.otherLearner);
			expect(theirs.map((a) => a.id)).toEqual([ctx.otherAssignmentId]);
			const olga = await list(as.otherInstructor);
			expect(olga.map((a) => a.id)).toEqual([ctx.otherAssignmentId]);
			const teacher = await list(as.instructor);
			expect(teacher.map((a) => a.id)).not.toContain(ctx.otherAssignmentId);

			const home = async (c: Client) => pageText((await c.get('/')).text);
			expect(await home(as.otherInstructor)).not.toContain('Media Literacy 101');
			expect(await home(as.otherLearner)).not.toContain('Media Literacy 101');
			expect(await home(as.instructor)).not.toContain('Olga’s other class');
			expect(await home(as.learner)).not.toContain('Olga’s other class');
			expect(await home(as.otherInstructor)).toContain('Olga’s other class');

			// the other instructor's articles page lists no article of the demo teacher's
			const articles = body<{ id: string }[]>(await as.otherInstructor.get('/api/articles'));
			expect(articles.map((a) => a.id)).not.toContain(ctx.articleId);
		}
	);

	it.skipIf(!kind.available)(
		"refuses an assignment on another instructor's private article, and a removal across classes",
		async () => {
			const form = await as.otherInstructor.get(`/classes/${ctx.otherClassId}/assignments/new`);
			expect(form.status).toBe(200);
			expect(form.text).not.toContain(ctx.articleId);
			const r = await postAssignment(as.otherInstructor, ctx.otherClassId, {
				articleId: ctx.articleId,
				title: 'Borrowed answer key',
				dueAt: utcLocal(daysFromNow(3))
			});
			expect(r.status).toBe(400);
			expect(pageText(r.text)).toContain('Choose an article from the list.');
			const made = await direct.db
				.selectFrom('assignments')
				.select('id')
				.where('title', '=', 'Borrowed answer key')
				.execute();
			expect(made).toEqual([]);

			// removing the demo class's learner through one's own class does nothing
			const removal = await as.otherInstructor.form(`/classes/${ctx.otherClassId}?/remove`, {
				userId: ctx.learners[0]
			});
			expect(removal.status).toBe(404);
			expect((await as.learner.get(`/classes/${ctx.classId}`)).status).toBe(200);
		}
	);

	// --- what learners must never receive -----------------------------------------------------------

	/** Every page and API body a learner can fetch about the demo assignment (and the article). */
	async function everythingAs(c: Client, role: 'learner' | 'submitted'): Promise<Reply[]> {
		const a = ctx.assignmentId;
		const other = role === 'learner' ? ctx.learners[1] : ctx.learners[2];
		const paths = [
			'/',
			'/__data.json',
			`/classes/${ctx.classId}`,
			`/classes/${ctx.classId}/__data.json`,
			`/assignments/${a}`,
			`/assignments/${a}/__data.json`,
			`/assignments/${a}/insights`,
			`/assignments/${a}/submissions/${other}`,
			`/assignments/${a}/submissions/${other}/__data.json`,
			'/api/assignments',
			`/api/assignments/${a}/draft`,
			`/api/assignments/${a}/reference`,
			`/api/assignments/${a}/result`,
			`/api/assignments/${a}/result?learner=${other}`,
			`/api/assignments/${a}/submissions`,
			`/api/assignments/${a}/grades.csv`,
			`/api/assignments/${a}/annotations.jsonld`,
			`/articles`,
			`/articles/${ctx.articleId}`,
			`/articles/${ctx.articleId}/__data.json`,
			`/articles/${ctx.articleId}/reference`,
			`/articles/${ctx.articleId}/reference/__data.json`,
			`/api/articles`,
			`/api/articles/${ctx.articleId}`,
			`/api/articles/${ctx.articleId}/reference`,
			'/practice',
			`/practice/${SAMPLE.id}`
		];
		const replies = [];
		for (const p of paths) replies.push({ ...(await c.get(p)), location: p });
		return replies;
	}

	function leaks(replies: Reply[], needles: string[]): string[] {
		const found = [];
		for (const r of replies) {
			for (const n of needles) if (r.text.includes(n)) found.push(`${r.location}: "${n}"`);
		}
		return found;
	}

	it.skipIf(!kind.available)(
		'never sends a learner the reference rationale before the reveal, on any page or API',
		async () => {
			expect(REFERENCE_NOTES.length).toBe(33);
			const notSubmitted = await everythingAs(as.learner, 'learner');
			const learner2 = await logIn(server, 'learner2@example.com');
			const submitted = await everythingAs(learner2, 'submitted');
			// the assignment page did render for both (the check is not vacuous)
			for (const replies of [notSubmitted, submitted]) {
				const page = replies.find((r) => r.location === `/assignments/${ctx.assignmentId}`)!;
				expect(page.status).toBe(200);
				expect(page.text).toContain(SAMPLE.blocks[1].slice(1, 40));
			}
			expect(leaks(notSubmitted, REFERENCE_NOTES)).toEqual([]);
			expect(leaks(submitted, REFERENCE_NOTES)).toEqual([]);
			for (const r of [...notSubmitted, ...submitted]) {
				expect(r.text, r.location!).not.toContain('alsoAccept');
			}
		}
	);

	it.skipIf(!kind.available)(
		"never sends a learner another learner's work, before or after the reveal",
		async () => {
			// learner1 has not submitted; learner2 (strong) and learner3 (misses) have
			const learner2 = await logIn(server, 'learner2@example.com');
			const before1 = await everythingAs(as.learner, 'learner');
			expect(leaks(before1, [...STRONG_NOTES, ...MISSES_NOTES])).toEqual([]);
			const before2 = await everythingAs(learner2, 'submitted');
			expect(before2.some((r) => STRONG_NOTES.some((n) => r.text.includes(n)))).toBe(true);
			expect(leaks(before2, MISSES_NOTES)).toEqual([]);
			for (const r of [...before1, ...before2]) {
				expect(r.text, r.location!).not.toContain('Chloé Martin');
				expect(r.text, r.location!).not.toContain('learner3@example.com');
			}

			await updateAssignment(direct, ctx.assignmentId, {
				due_at: daysFromNow(-1).toISOString()
			});
			try {
				const after2 = await everythingAs(learner2, 'submitted');
				// revealed now: learner2 sees the reference and their own result…
				const ref = after2.find(
					(r) => r.location === `/api/assignments/${ctx.assignmentId}/reference`
				)!;
				expect(ref.status).toBe(200);
				expect(ref.text).toContain(REFERENCE_NOTES[0]);
				// …but never learner3's work
				expect(leaks(after2, MISSES_NOTES)).toEqual([]);
				const other = after2.find((r) => r.location!.includes(`?learner=${ctx.learners[2]}`))!;
				expect(other.status).toBe(403);
				expect(body(other).message).toMatch(/only see your own/);
				// learner1 may still hand in late work: nothing revealed to them yet
				const after1 = await everythingAs(as.learner, 'learner');
				expect(leaks(after1, [...REFERENCE_NOTES, ...STRONG_NOTES, ...MISSES_NOTES])).toEqual([]);
			} finally {
				await updateAssignment(direct, ctx.assignmentId, {
					due_at: daysFromNow(7).toISOString()
				});
			}
		}
	);
	it.skipIf(!kind.available)(
		"does not let a learner read their assignment's answer key by assigning its article in a class of their own",
		async () => {
			// Oscar is a learner in Olga's class; her assignment (on the public practice copy of the sample
			// article) reveals after its due date, a week away, and Oscar has not submitted.
			const oscar = as.otherLearner;
			const hidden = await oscar.get(`/api/assignments/${ctx.otherAssignmentId}/reference`);
			expect(hidden.status).toBe(403);
			// Anyone may start a class, so Oscar becomes an instructor and sets the same article.
			const own = await createClass(oscar, 'Oscar’s study group');
			const made = await postAssignment(oscar, own, {
				articleId: ctx.publicSampleId,
				title: 'Peek',
				dueAt: utcLocal(daysFromNow(7)),
				revealPolicy: 'after_submit'
			});
			const replies: Reply[] = [];
			const fetchAll = async (paths: string[]) => {
				for (const p of paths) replies.push({ ...(await oscar.get(p)), location: p });
			};
			const m = /^\/assignments\/([^/?#]+)$/.exec(made.location ?? '');
			if (m) {
				await fetchAll([
					`/assignments/${m[1]}`,
					`/api/assignments/${m[1]}/reference`,
					`/api/assignments/${m[1]}/annotations.jsonld`
				]);
			}
			await fetchAll([
				`/articles/${ctx.publicSampleId}`,
				`/articles/${ctx.publicSampleId}/reference`,
				`/api/articles/${ctx.publicSampleId}/reference`
			]);
			expect(leaks(replies, REFERENCE_NOTES)).toEqual([]);
		}
	);
	it.skipIf(!kind.available)(
		"does not let a demo learner read the demo assignment's answer key through the practice copy of its article",
		async () => {
			// learner1's demo assignment reveals after its due date, a week away; they have not submitted.
			expect((await as.learner.get(`/api/assignments/${ctx.assignmentId}/reference`)).status).toBe(
				403
			);
			// The demo assignment's article is the teacher's copy of the public practice sample, with the
			// same reference. learner1 starts a class of their own and sets the practice copy.
			const own = await createClass(as.learner, 'Ada’s revision group');
			const made = await postAssignment(as.learner, own, {
				articleId: ctx.publicSampleId,
				title: 'Same text, same key?',
				dueAt: utcLocal(daysFromNow(7)),
				revealPolicy: 'after_submit'
			});
			const replies: Reply[] = [];
			const m = /^\/assignments\/([^/?#]+)$/.exec(made.location ?? '');
			const paths = [
				`/articles/${ctx.publicSampleId}/reference`,
				`/api/articles/${ctx.publicSampleId}/reference`,
				...(m
					? [`/api/assignments/${m[1]}/reference`, `/api/assignments/${m[1]}/annotations.jsonld`]
					: [])
			];
			for (const p of paths) replies.push({ ...(await as.learner.get(p)), location: p });
			expect(leaks(replies, REFERENCE_NOTES)).toEqual([]);
		}
	);
});
