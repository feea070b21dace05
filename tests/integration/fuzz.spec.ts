/**
 * Property-based fuzzing (fast-check) of every JSON API route, every form action and every page load of
 * the real built server, on a fresh database with the demo, a class of its own and an article of its
 * own: malformed, oversized and hostile payloads — random JSON, wrong types, huge numbers, numeric-looking
 * strings, deep nesting, unicode (lone surrogates, RTL marks, NUL), prototype keys, SQL/HTML injection,
 * random form fields and files, unreadable form encodings, wrong content types, odd methods, action
 * names and path segments.
 *
 * Every reply must hold: never a 5xx; no stack trace or server path in the body; JSON from API routes;
 * and a rejected request (4xx, a failed action, a redirect to log in) — or any GET — leaves the database
 * exactly as it was (counts and a content hash of every table, compared before and after).
 *
 * 10,000 cases on SQLite and 1,000 on PostgreSQL, seeded: FUZZ_SEED (20261125) and FUZZ_RUNS change them.
 * Requests run one at a time on one server per database kind.
 */
import { createHash } from 'node:crypto';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGS } from '../../src/lib/annotation/tags';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import {
	SAMPLE,
	STRONG_SPANS,
	body,
	createAssignment,
	createClass,
	demo,
	joinWithCode,
	publicSampleId,
	shownJoinCode,
	signUp,
	submitSpans,
	userId
} from '../helpers/classroom';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import {
	Coverage,
	FUZZ_SEED,
	HOSTILE_STRINGS,
	PROTO_KEYS,
	apiAccept,
	badFormEncoding,
	describeFailure,
	formPayload,
	fuzzTotal,
	hostileString,
	jsonPayload,
	originArb,
	pathSegment,
	replyProblems,
	actionRejected,
	send,
	snapshot,
	snapshotDiff,
	splitBudget,
	type Actor,
	type FuzzRequest,
	type Payload,
	type SendContext,
	type Snapshot
} from '../helpers/fuzz';
import { Client } from '../helpers/http';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('fuzz');

/** The fuzz class's own article (the .txt format: headline, paragraphs, byline). */
const ARTICLE_TXT = [
	'Summit ends without a deal, officials say',
	'Officials said the talks were "productive", according to a statement from the ministry.',
	'Critics called the meeting a failure. "We have not closed the gaps," one delegate said.',
	'• Fuzz Reporter'
].join('\n\n');

/** How the cases are shared out (weights; the total is FUZZ_RUNS or the default per database). */
const WEIGHTS = {
	'API PUT /api/assignments/[id]/draft': 1300,
	'API PUT /api/articles/[id]/reference': 900,
	'API POST /api/articles': 700,
	'API PUT /api/articles/[id]': 600,
	'API POST /api/practice/[slug]/attempts': 600,
	'API POST /api/assignments/[id]/submit': 250,
	'API reads: GET/HEAD with hostile ids and queries': 900,
	'API other methods': 350,
	'form /?/createClass, /?/join': 500,
	'form /account?/password': 100,
	'form /articles/[id]?/dismiss, ?/visibility': 300,
	'form /articles/[id]/edit?/preview, ?/save': 400,
	'form /articles/new?/preview, ?/save': 400,
	'form /assignments/[id]?/release, ?/scoring, ?/withdraw': 300,
	'form /assignments/[id]/submissions/[learner]?/override, ?/comment': 400,
	'form /classes/[id]?/rotate, disable, remove, resetPassword, restore': 500,
	'form /classes/[id]/assignments/new': 500,
	'form /join/[code]': 200,
	'form /login': 200,
	'form /signup': 150,
	'form /logout': 100,
	'forms: unreadable encodings and wrong content types': 400,
	'forms: reserved and prototype action names': 200,
	'pages: loads with hostile ids, queries and cookies': 700
} as const;
type Group = keyof typeof WEIGHTS;

/** The API routes: their replies must be JSON (downloads aside). */
const API_ROUTE =
	/^\/(api\/(assignments(\/[^/]+\/(draft|submit|reference|result|submissions|grades\.csv|annotations\.jsonld))?|articles(\/[^/]+(\/reference)?)?|practice\/[^/]+\/attempts)|healthz)$/;

/** Weighted choice of actors. */
function actors(weights: Partial<Record<Actor, number>>): fc.Arbitrary<Actor> {
	return fc.oneof(
		...Object.entries(weights).map(([actor, weight]) => ({
			weight: weight!,
			arbitrary: fc.constant(actor as Actor)
		}))
	);
}

/** A request arbitrary from its parts. */
function request(spec: {
	route: string;
	method: fc.Arbitrary<string> | string;
	/** The path, or the path and the route it exercises (for the coverage table). */
	path: fc.Arbitrary<string | [string, string]>;
	actor: fc.Arbitrary<Actor>;
	payload: fc.Arbitrary<Payload>;
	accept?: fc.Arbitrary<string | undefined>;
	enhanced?: boolean;
	address?: boolean;
	cookie?: fc.Arbitrary<string | undefined>;
}): fc.Arbitrary<FuzzRequest> {
	return fc
		.record({
			method: typeof spec.method === 'string' ? fc.constant(spec.method) : spec.method,
			path: spec.path,
			actor: spec.actor,
			payload: spec.payload,
			// a plain form post comes from a browser (text/html); use:enhance asks for JSON
			accept: spec.accept ?? fc.constant(spec.enhanced ? 'text/html' : undefined),
			origin: originArb,
			enhanced: spec.enhanced ? fc.boolean() : fc.constant(false),
			address: spec.address ? fc.ipV4() : fc.constant(undefined),
			cookie: spec.cookie ?? fc.constant(undefined)
		})
		.map((x) => ({
			route: typeof x.path === 'string' ? spec.route : x.path[1],
			kind: x.payload.kind,
			actor: x.actor,
			method: x.method,
			path: typeof x.path === 'string' ? x.path : x.path[0],
			body: x.payload.body,
			...(x.accept !== undefined && !x.enhanced ? { accept: x.accept } : {}),
			origin: x.origin,
			...(x.enhanced ? { enhanced: true } : {}),
			...(x.address !== undefined ? { address: x.address } : {}),
			...(x.cookie !== undefined ? { cookie: x.cookie } : {})
		}));
}

/** Spans inside a text of `length` characters (some will be refused: blank lines, white space). */
function spansIn(length: number, reference = false) {
	return fc.array(
		fc
			.record({
				start: fc.nat({ max: Math.max(0, length - 1) }),
				size: fc.integer({ min: 1, max: 120 }),
				tag: fc.constantFrom(...TAGS),
				note: fc.option(hostileString, { nil: undefined }),
				alsoAccept: reference
					? fc.option(fc.array(fc.constantFrom(...TAGS), { maxLength: 3 }), { nil: undefined })
					: fc.constant(undefined)
			})
			.map(({ start, size, tag, note, alsoAccept }) => ({
				start,
				end: Math.min(length, start + size),
				tag,
				...(note !== undefined ? { note } : {}),
				...(alsoAccept !== undefined ? { alsoAccept } : {})
			})),
		{ maxLength: 6 }
	);
}

/** Article text in the .txt format: lines of any text, blank lines between, a byline sometimes. */
const articleTxt = fc
	.tuple(
		fc.array(fc.oneof(fc.string({ minLength: 1, maxLength: 80 }), hostileString), {
			minLength: 1,
			maxLength: 4
		}),
		fc.option(hostileString, { nil: undefined })
	)
	.map(([blocks, byline]) => blocks.join('\n\n') + (byline !== undefined ? `\n\n• ${byline}` : ''));

const articleText = fc.oneof(articleTxt, hostileString);

/** Signs in through the log-in form (the fuzz server reads the client address from x-forwarded-for). */
async function logInClient(server: RunningServer, email: string, password = DEMO_PASSWORD) {
	const c = new Client(server.url);
	const r = await c.request('POST', '/login', {
		body: new URLSearchParams({ email, password }),
		headers: {
			origin: server.url,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-forwarded-for': '127.0.0.1'
		}
	});
	if (r.status !== 303) throw new Error(`log-in of ${email}: ${r.status} ${r.text.slice(0, 300)}`);
	return c;
}

describe.each(DATABASE_KINDS)('fuzzing every route on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let ctx: SendContext;
	let last: Snapshot | null = null;
	const coverage = new Coverage();
	const timing = { send: 0, snapshot: 0 };
	const budget = splitBudget(fuzzTotal(kind.name), WEIGHTS);
	let started = Date.now();
	let lengths: { sample: number; article: number; practice: number };
	let lineage: string;

	beforeAll(async () => {
		if (!kind.available) return;
		started = Date.now();
		server = await startServer(await kind.create(), {
			ADDRESS_HEADER: 'x-forwarded-for',
			XFF_DEPTH: '1'
		});
		direct = openDatabase(server.db.url);
		const d = await demo(direct);
		const teacher = await logInClient(server, 'teacher@example.com');
		const learner = await logInClient(server, 'learner1@example.com');
		const other = await signUp(server, direct, 'Other Instructor', 'other.instructor@fuzz.test');
		const submitter = await signUp(server, direct, 'Sam Submitter', 'submitter@fuzz.test');
		const victim = await signUp(server, direct, 'Vic Tim', 'victim@fuzz.test');

		const classId = await createClass(teacher, 'Fuzz class');
		const code = (await shownJoinCode(teacher, classId))!;
		for (const c of [learner, submitter.client, victim.client]) {
			expect((await joinWithCode(c, code)).status).toBe(303);
		}
		const otherClass = await createClass(other.client, 'Other class');
		const otherCode = (await shownJoinCode(other.client, otherClass))!;
		const sample = await publicSampleId(direct);
		const assignment = await createAssignment(teacher, classId, {
			articleId: sample,
			title: 'Fuzz assignment',
			revealPolicy: 'after_submit'
		});
		const otherAssignment = await createAssignment(other.client, otherClass, {
			articleId: sample,
			title: 'Other assignment'
		});
		await submitSpans(submitter.client, assignment, STRONG_SPANS);

		const made = await teacher.json('POST', '/api/articles', { text: ARTICLE_TXT });
		expect(made.status).toBe(201);
		const article = body<{ id: string; text: string; lineageId: string }>(made);
		lineage = article.lineageId;
		const otherMade = await other.client.json('POST', '/api/articles', { text: ARTICLE_TXT });
		const otherArticle = body<{ id: string }>(otherMade).id;

		const practice = await direct.db
			.selectFrom('articles')
			.select(['slug', 'text'])
			.where('public', '=', 1)
			.where('superseded_at', 'is', null)
			.where('slug', 'is not', null)
			.where('slug', '!=', SAMPLE.id)
			.orderBy('slug')
			.executeTakeFirstOrThrow();
		lengths = { sample: SAMPLE.text.length, article: article.text.length, practice: 0 };
		lengths.practice = practice.text.length;

		ctx = {
			base: server.url,
			clients: { teacher, learner, other: other.client, submitter: submitter.client },
			ids: {
				assignment,
				demoAssignment: d.assignmentId,
				otherAssignment,
				class: classId,
				demoClass: d.classId,
				otherClass,
				article: article.id,
				otherArticle,
				sample,
				teacher: d.teacherId,
				learner: await userId(direct, 'learner1@example.com'),
				submitter: submitter.id,
				victim: victim.id,
				other: other.id,
				code,
				otherCode,
				slug: practice.slug!,
				sampleSlug: SAMPLE.id,
				fingerprint: ''
			},
			numbers: { draftRevision: 0, referenceRevision: 0 }
		};
		await refresh();
		console.log(
			`[fuzz ${kind.name}] seed ${FUZZ_SEED}, ${fuzzTotal(kind.name)} cases (FUZZ_SEED / FUZZ_RUNS to change)`
		);
	}, 120_000);

	afterAll(async () => {
		if (!kind.available || !server) return;
		console.log(
			`[fuzz ${kind.name}] seed ${FUZZ_SEED}, ${coverage.cases} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${(timing.send / 1000).toFixed(1)} s waiting for replies, ${(timing.snapshot / 1000).toFixed(1)} s taking snapshots)\n${coverage.table()}`
		);
		if (process.env.FUZZ_DEBUG) {
			const { writeFileSync } = await import('node:fs');
			writeFileSync(`tmp/fuzz-server-${kind.name}.log`, server.output());
		}
		await direct?.close();
		await server.stop();
		await server.db.drop();
	});

	/** Re-reads what valid requests must name: revisions, join codes, the article's newest version. */
	async function refresh() {
		const ids = ctx.ids;
		const newest = await direct.db
			.selectFrom('articles')
			.select(['id', 'text'])
			.where('lineage_id', '=', lineage)
			.where('superseded_at', 'is', null)
			.executeTakeFirst();
		if (newest) {
			ids.article = newest.id;
			ids.fingerprint = createHash('sha256').update(newest.text).digest('hex').slice(0, 16);
		}
		const draft = await direct.db
			.selectFrom('drafts')
			.select('revision')
			.where('assignment_id', '=', ids.assignment)
			.where('user_id', '=', ids.learner)
			.executeTakeFirst();
		ctx.numbers.draftRevision = draft?.revision ?? 0;
		const ref = await direct.db
			.selectFrom('article_references')
			.select('revision')
			.where('article_id', '=', ids.article)
			.executeTakeFirst();
		ctx.numbers.referenceRevision = ref?.revision ?? 0;
		for (const [token, cls] of [
			['code', ids.class],
			['otherCode', ids.otherClass]
		] as const) {
			const row = await direct.db
				.selectFrom('classes')
				.select('join_code')
				.where('id', '=', cls)
				.executeTakeFirst();
			ids[token] = row?.join_code ?? 'NOCODE1';
		}
	}

	/** Sends one case and checks the reply; throws a readable account of any problem. */
	async function exercise(req: FuzzRequest, form: boolean) {
		let t = performance.now();
		const before = await snapshot(direct, last);
		timing.snapshot += performance.now() - t;
		last = null;
		if (process.env.FUZZ_DEBUG) {
			console.log(
				`→ ${req.method} ${req.path} ${req.kind} ${req.actor} ${JSON.stringify(req.body).length}`
			);
		}
		t = performance.now();
		const sent = await send(ctx, req);
		timing.send += performance.now() - t;
		t = performance.now();
		const after = await snapshot(direct, before);
		timing.snapshot += performance.now() - t;
		last = after;
		coverage.record(req, sent.reply.status);
		const safe = req.method === 'GET' || req.method === 'HEAD';
		const status = sent.reply.status;
		const rejected =
			safe || (form ? actionRejected(sent.reply) : status === 0 || (status >= 400 && status < 500));
		const problems = replyProblems({ req, sent, apiPattern: API_ROUTE, rejected, before, after });
		if (after !== before && !rejected) await refresh();
		if (problems.length) throw new Error(describeFailure(req, sent, problems, server.output()));
	}

	/** Runs one property with its share of the cases. */
	function fuzz(group: Group, arb: () => fc.Arbitrary<FuzzRequest>, form = false) {
		it.skipIf(!kind.available)(
			`${group} (${budget[group]} cases)`,
			async () => {
				const numRuns = budget[group];
				console.log(`[fuzz ${kind.name}] ${group}: ${numRuns} cases, seed ${FUZZ_SEED}`);
				await fc.assert(
					fc.asyncProperty(arb(), (req) => exercise(req, form)),
					{ seed: FUZZ_SEED, numRuns }
				);
				expect(server.process.exitCode).toBeNull();
			},
			600_000
		);
	}

	it.skipIf(!kind.available)(
		'notices any change to the database (the snapshot the properties rely on)',
		async () => {
			const before = await snapshot(direct, last);
			expect(snapshotDiff(before, await snapshot(direct, before))).toEqual([]);
			// a write from another connection, as the server's are
			const writer = openDatabase(server.db.url);
			try {
				const name = 'Fuzz class';
				const rename = (to: string) =>
					writer.db
						.updateTable('classes')
						.set({ name: to })
						.where('id', '=', ctx.ids.class)
						.execute();
				await rename(`${name}.`);
				const changed = await snapshot(direct, before);
				expect(snapshotDiff(before, changed).join('\n')).toMatch(
					/^classes: \d+ → \d+ rows\n- .*\n\+ /
				);
				await rename(name);
				const back = await snapshot(direct, changed);
				expect(snapshotDiff(before, back)).toEqual([]);
				last = back;
			} finally {
				await writer.close();
			}
		}
	);

	// -------------------------------------------------------------------------------------------
	// JSON API bodies.

	fuzz('API PUT /api/assignments/[id]/draft', () =>
		request({
			route: 'PUT /api/assignments/[id]/draft',
			method: 'PUT',
			path: pathSegment(['$assignment', '$assignment', '$demoAssignment', '$otherAssignment']).map(
				(s) => `/api/assignments/${s}/draft`
			),
			actor: actors({ learner: 14, submitter: 2, teacher: 1, other: 1, anon: 1 }),
			payload: jsonPayload(
				fc.record({
					revision: fc.constantFrom('#draftRevision', '#draftRevision', 0) as fc.Arbitrary<
						string | number
					>,
					spans: spansIn(lengths.sample)
				})
			),
			accept: apiAccept
		})
	);

	fuzz('API PUT /api/articles/[id]/reference', () =>
		request({
			route: 'PUT /api/articles/[id]/reference',
			method: 'PUT',
			path: fc
				.tuple(
					pathSegment(['$article', '$article', '$otherArticle', '$sample']),
					fc.constantFrom('', '', '?text=$fingerprint', '?text=0000000000000000', '?text=')
				)
				.map(([s, q]) => `/api/articles/${s}/reference${q}`),
			actor: actors({ teacher: 14, other: 2, learner: 2, anon: 1 }),
			payload: jsonPayload(
				fc.record({
					revision: fc.constantFrom('#referenceRevision', '#referenceRevision', 0) as fc.Arbitrary<
						string | number
					>,
					spans: spansIn(lengths.article, true)
				})
			),
			accept: apiAccept
		})
	);

	fuzz('API POST /api/articles', () =>
		request({
			route: 'POST /api/articles',
			method: 'POST',
			path: fc.constant('/api/articles'),
			actor: actors({ teacher: 8, other: 2, learner: 2, anon: 1 }),
			payload: jsonPayload(
				fc.record(
					{ text: articleText, public: fc.oneof(fc.boolean(), hostileString) },
					{ requiredKeys: ['text'] }
				)
			),
			accept: apiAccept
		})
	);

	fuzz('API PUT /api/articles/[id]', () =>
		request({
			route: 'PUT /api/articles/[id]',
			method: 'PUT',
			path: pathSegment(['$article', '$article', '$otherArticle', '$sample']).map(
				(s) => `/api/articles/${s}`
			),
			actor: actors({ teacher: 10, other: 2, learner: 2, anon: 1 }),
			payload: jsonPayload(
				fc.record(
					{
						text: articleText,
						public: fc.boolean(),
						base: fc.oneof(fc.constant('$fingerprint'), hostileString)
					},
					{ requiredKeys: ['text'] }
				)
			),
			accept: apiAccept
		})
	);

	fuzz('API POST /api/practice/[slug]/attempts', () =>
		request({
			route: 'POST /api/practice/[slug]/attempts',
			method: 'POST',
			path: pathSegment(['$slug', '$slug', '$sampleSlug']).map(
				(s) => `/api/practice/${s}/attempts`
			),
			actor: actors({ anon: 4, learner: 4, teacher: 2, other: 1 }),
			payload: jsonPayload(
				fc.record({ spans: spansIn(Math.min(lengths.practice, lengths.sample)) })
			),
			accept: apiAccept
		})
	);

	fuzz('API POST /api/assignments/[id]/submit', () =>
		request({
			route: 'POST /api/assignments/[id]/submit',
			method: 'POST',
			path: pathSegment(['$assignment', '$demoAssignment', '$otherAssignment']).map(
				(s) => `/api/assignments/${s}/submit`
			),
			actor: actors({ submitter: 4, learner: 2, teacher: 2, other: 1, anon: 1 }),
			payload: fc.oneof(
				fc.constant({ kind: 'no body', body: { type: 'none' } } as Payload),
				jsonPayload(fc.record({ spans: spansIn(lengths.sample) }))
			),
			accept: apiAccept
		})
	);

	fuzz('API reads: GET/HEAD with hostile ids and queries', () => {
		const a = pathSegment(['$assignment', '$demoAssignment', '$otherAssignment', '$class']);
		const art = pathSegment(['$article', '$otherArticle', '$sample']);
		const who = pathSegment(['$submitter', '$learner', '$victim', '$teacher', '$other']);
		const path: fc.Arbitrary<[string, string]> = fc.oneof(
			fc
				.constantFrom('/api/assignments', '/api/articles', '/healthz')
				.map((p): [string, string] => [p, `GET ${p}`]),
			fc
				.tuple(
					a,
					fc.constantFrom(
						'draft',
						'reference',
						'result',
						'submissions',
						'grades.csv',
						'annotations.jsonld'
					),
					fc.option(who, { nil: undefined })
				)
				.map(([id, what, learner]): [string, string] => [
					`/api/assignments/${id}/${what}${learner === undefined ? '' : `?learner=${learner}`}`,
					`GET /api/assignments/[id]/${what}`
				]),
			fc
				.tuple(art, fc.boolean())
				.map(([id, ref]): [string, string] => [
					`/api/articles/${id}${ref ? '/reference' : ''}`,
					`GET /api/articles/[id]${ref ? '/reference' : ''}`
				]),
			pathSegment(['$slug', '$sampleSlug']).map((s): [string, string] => [
				`/api/practice/${s}/attempts`,
				'GET /api/practice/[slug]/attempts'
			])
		);
		return request({
			route: 'GET /api/…',
			method: fc.constantFrom('GET', 'GET', 'GET', 'HEAD'),
			path,
			actor: actors({ teacher: 3, learner: 3, submitter: 1, other: 2, anon: 1 }),
			payload: fc.constant({ kind: 'hostile ids and queries', body: { type: 'none' } } as Payload),
			accept: apiAccept
		});
	});

	fuzz('API other methods', () =>
		request({
			route: 'API other methods',
			method: fc.constantFrom('PATCH', 'DELETE', 'OPTIONS', 'POST', 'PUT', 'PURGE', 'FUZZ'),
			path: fc.constantFrom(
				'/api/assignments',
				'/api/assignments/$assignment/draft',
				'/api/assignments/$assignment/submit',
				'/api/assignments/$assignment/reference',
				'/api/assignments/$assignment/result',
				'/api/assignments/$assignment/submissions',
				'/api/assignments/$assignment/grades.csv',
				'/api/assignments/$assignment/annotations.jsonld',
				'/api/articles',
				'/api/articles/$article',
				'/api/articles/$article/reference',
				'/api/practice/$slug/attempts',
				'/healthz'
			),
			actor: actors({ teacher: 2, learner: 2, anon: 1 }),
			payload: jsonPayload(fc.record({ text: articleText, spans: spansIn(20) })),
			accept: apiAccept
		}).map((r) => ({ ...r, route: `* ${r.path.replace(/\$[a-zA-Z]+/g, '[id]')}`, kind: r.method }))
	);

	// -------------------------------------------------------------------------------------------
	// Form actions: fields.

	/** A form action case: fields fuzzed, enhanced or plain, by the given actors. */
	function action(
		route: string,
		path: fc.Arbitrary<string>,
		who: fc.Arbitrary<Actor>,
		fields: Record<string, fc.Arbitrary<string>>,
		opts: { files?: boolean; address?: boolean; cookie?: fc.Arbitrary<string | undefined> } = {}
	) {
		return request({
			route,
			method: 'POST',
			path,
			actor: who,
			payload: formPayload(fields, { files: opts.files }),
			enhanced: true,
			address: opts.address,
			cookie: opts.cookie
		});
	}

	const text = (max = 80) => fc.string({ maxLength: max });
	const users = pathSegment(['$victim', '$victim', '$teacher', '$other']);
	const resettable = pathSegment(['$victim', '$victim', '$teacher']);
	const staff = actors({ teacher: 6, other: 1, learner: 1, anon: 1 });

	fuzz(
		'form /?/createClass, /?/join',
		() =>
			fc.oneof(
				action('POST /?/createClass', fc.constant('/?/createClass'), staff, {
					name: text(130)
				}),
				action(
					'POST /?/join',
					fc.constant('/?/join'),
					actors({ learner: 3, teacher: 1, other: 1, anon: 1 }),
					{ code: fc.constantFrom('$code', '$otherCode', ' $code ', 'NOCODE1') }
				)
			),
		true
	);

	fuzz(
		'form /account?/password',
		() =>
			action('POST /account?/password', fc.constant('/account?/password'), staff, {
				current: text(300),
				password: text(300),
				confirm: text(300)
			}),
		true
	);

	fuzz(
		'form /articles/[id]?/dismiss, ?/visibility',
		() => {
			const art = pathSegment(['$article', '$article', '$otherArticle', '$sample']);
			return fc.oneof(
				action(
					'POST /articles/[id]?/dismiss',
					art.map((s) => `/articles/${s}?/dismiss`),
					staff,
					{ orphan: fc.oneof(fc.constantFrom('all', '0', '1', '-1'), text()) }
				),
				action(
					'POST /articles/[id]?/visibility',
					art.map((s) => `/articles/${s}?/visibility`),
					staff,
					{ public: fc.constantFrom('true', 'false', 'on', 'TRUE', '1') }
				)
			);
		},
		true
	);

	const articleFields = {
		text: articleText,
		public: fc.constantFrom('on', 'true', 'false', ''),
		base: fc.constantFrom('$fingerprint', '0000000000000000', '')
	};

	fuzz(
		'form /articles/[id]/edit?/preview, ?/save',
		() =>
			fc
				.tuple(
					pathSegment(['$article', '$article', '$otherArticle', '$sample']),
					fc.constantFrom('preview', 'save')
				)
				.chain(([s, name]) =>
					action(
						`POST /articles/[id]/edit?/${name}`,
						fc.constant(`/articles/${s}/edit?/${name}`),
						staff,
						articleFields,
						{ files: true }
					)
				),
		true
	);

	fuzz(
		'form /articles/new?/preview, ?/save',
		() =>
			fc
				.constantFrom('preview', 'save')
				.chain((name) =>
					action(
						`POST /articles/new?/${name}`,
						fc.constant(`/articles/new?/${name}`),
						staff,
						articleFields,
						{ files: true }
					)
				),
		true
	);

	fuzz(
		'form /assignments/[id]?/release, ?/scoring, ?/withdraw',
		() =>
			fc
				.tuple(
					pathSegment(['$assignment', '$assignment', '$otherAssignment', '$demoAssignment']),
					fc.constantFrom('release', 'scoring', 'withdraw')
				)
				.chain(([s, name]) =>
					action(
						`POST /assignments/[id]?/${name}`,
						fc.constant(`/assignments/${s}?/${name}`),
						actors({ teacher: 5, other: 1, learner: 1, submitter: 1, anon: 1 }),
						name === 'scoring'
							? {
									threshold: fc.constantFrom(
										'0.5',
										'1',
										'0',
										'-1',
										'1.0001',
										'NaN',
										'0x1',
										'1e-9',
										'.5',
										' 0.7 '
									),
									halfCredit: fc.constantFrom('on', 'off', '')
								}
							: {}
					)
				),
		true
	);

	fuzz(
		'form /assignments/[id]/submissions/[learner]?/override, ?/comment',
		() =>
			fc
				.tuple(
					pathSegment(['$assignment', '$assignment', '$otherAssignment']),
					pathSegment(['$submitter', '$submitter', '$learner', '$teacher']),
					fc.constantFrom('override', 'comment')
				)
				.chain(([a, l, name]) =>
					action(
						`POST /assignments/[id]/submissions/[learner]?/${name}`,
						fc.constant(`/assignments/${a}/submissions/${l}?/${name}`),
						actors({ teacher: 6, other: 1, learner: 1, submitter: 1, anon: 1 }),
						name === 'override'
							? {
									grade: fc.constantFrom(
										'',
										'0',
										'100',
										'50.55',
										'-0',
										'100.0001',
										'1e2',
										'NaN',
										'Infinity',
										' 42 ',
										'0x10',
										'١٠'
									)
								}
							: { comment: fc.oneof(text(200), fc.constantFrom('x'.repeat(5001))) }
					)
				),
		true
	);

	fuzz(
		'form /classes/[id]?/rotate, disable, remove, resetPassword, restore',
		() =>
			fc
				.tuple(
					pathSegment(['$class', '$class', '$class', '$otherClass', '$demoClass']),
					fc.constantFrom('rotate', 'disable', 'remove', 'resetPassword', 'restore')
				)
				.chain(([c, name]) =>
					action(
						`POST /classes/[id]?/${name}`,
						fc.constant(`/classes/${c}?/${name}`),
						actors({ teacher: 6, other: 1, learner: 1, anon: 1 }),
						name === 'rotate' || name === 'disable'
							? {}
							: // not the other instructor's id for a reset: they may have joined as a learner,
								// and a reset would end the session the fuzzing uses
								{ userId: name === 'resetPassword' ? resettable : users }
					)
				),
		true
	);

	fuzz(
		'form /classes/[id]/assignments/new',
		() =>
			action(
				'POST /classes/[id]/assignments/new',
				pathSegment(['$class', '$class', '$class', '$otherClass']).map(
					(c) => `/classes/${c}/assignments/new`
				),
				actors({ teacher: 8, other: 1, learner: 1, anon: 1 }),
				{
					articleId: fc.constantFrom('$sample', '$article', '$otherArticle'),
					title: text(210),
					instructions: text(),
					opensAt: fc.constantFrom('', '2030-01-01T10:00', '2020-01-01T10:00', '2030-02-30T25:61'),
					dueAt: fc.constantFrom('', '2031-01-01T10:00', '2019-01-01T10:00', '2031-13-01T10:00'),
					timeZone: fc.constantFrom('UTC', 'Europe/Paris', 'Etc/GMT+14', 'Mars/Olympus', ''),
					revealPolicy: fc.constantFrom('after_submit', 'after_due', 'manual'),
					threshold: fc.constantFrom('0.5', '1', '0', '2', 'NaN'),
					halfCredit: fc.constant('on'),
					allowLate: fc.constant('on'),
					allowResubmit: fc.constant('on')
				},
				{ files: true }
			),
		true
	);

	fuzz(
		'form /join/[code]',
		() =>
			action(
				'POST /join/[code]',
				pathSegment(['$code', '$otherCode', 'NOCODE1']).map((c) => `/join/${c}`),
				actors({ learner: 3, teacher: 1, other: 1, anon: 1 }),
				{}
			),
		true
	);

	const email = fc.oneof(
		fc.constantFrom(
			'teacher@example.com',
			' LEARNER1@example.com ',
			'nobody@example.com',
			'victim@fuzz.test'
		),
		fc.emailAddress()
	);
	const next = fc.constantFrom(
		'/',
		'//evil.example',
		'/\\evil.example',
		'https://evil.example',
		'/classes'
	);

	fuzz(
		'form /login',
		() =>
			action(
				'POST /login',
				fc.constant('/login'),
				fc.constant('anon'),
				{
					email,
					password: text(300),
					next
				},
				{ address: true }
			),
		true
	);

	fuzz(
		'form /signup',
		() =>
			action('POST /signup', fc.constant('/signup'), fc.constant('anon'), {
				name: text(110),
				email,
				password: fc.string({ minLength: 0, maxLength: 300 }),
				next
			}),
		true
	);

	const junkCookie = fc.option(
		fc.oneof(
			hostileString.map((s) => `newsmark_session=${encodeURIComponent(s.toWellFormed())}`),
			fc.constantFrom(
				`newsmark_session=${'a'.repeat(24)}.${'b'.repeat(32)}`,
				'newsmark_session=',
				'newsmark_session=a.b.c',
				'newsmark_session=%E0%A4%A'
			)
		),
		{ nil: undefined }
	);

	fuzz(
		'form /logout',
		() =>
			action(
				'POST /logout',
				fc.constant('/logout'),
				fc.constant('anon'),
				{},
				{ cookie: junkCookie }
			),
		true
	);

	// -------------------------------------------------------------------------------------------
	// Every action: unreadable bodies and odd action names.

	const ACTION_PATHS = [
		'/?/createClass',
		'/?/join',
		'/account?/password',
		'/articles/$article?/dismiss',
		'/articles/$article?/visibility',
		'/articles/$article/edit?/preview',
		'/articles/$article/edit?/save',
		'/articles/new?/preview',
		'/articles/new?/save',
		'/assignments/$assignment?/release',
		'/assignments/$assignment?/scoring',
		'/assignments/$assignment?/withdraw',
		'/assignments/$assignment/submissions/$submitter?/override',
		'/assignments/$assignment/submissions/$submitter?/comment',
		'/classes/$class?/rotate',
		'/classes/$class?/disable',
		'/classes/$class?/remove',
		'/classes/$class?/resetPassword',
		'/classes/$class?/restore',
		'/classes/$class/assignments/new',
		'/join/$code',
		'/login',
		'/logout',
		'/signup'
	];

	fuzz(
		'forms: unreadable encodings and wrong content types',
		() =>
			request({
				route: 'every form action',
				method: 'POST',
				path: fc.constantFrom(...ACTION_PATHS),
				actor: actors({ teacher: 4, learner: 1, anon: 1 }),
				payload: badFormEncoding,
				enhanced: true
			}).map((r) => ({ ...r, route: `POST ${r.path} (encodings)`, address: '127.0.0.1' })),
		true
	);

	fuzz(
		'forms: reserved and prototype action names',
		() =>
			request({
				route: 'action names',
				method: 'POST',
				path: fc
					.tuple(
						fc.constantFrom(
							'/',
							'/account',
							'/articles/$article',
							'/articles/new',
							'/assignments/$assignment',
							'/classes/$class',
							'/classes/$class/assignments/new',
							'/join/$code',
							'/login',
							'/logout',
							'/signup',
							'/practice'
						),
						fc.oneof(
							fc.constantFrom(
								'default',
								...PROTO_KEYS,
								'isPrototypeOf',
								'propertyIsEnumerable',
								'toLocaleString',
								'__defineGetter__',
								'__lookupGetter__',
								'',
								'nope'
							),
							hostileString.map((s) => encodeURIComponent(s.toWellFormed()))
						)
					)
					.map(([p, name]) => `${p}?/${name}`),
				actor: actors({ teacher: 2, learner: 1, anon: 1 }),
				payload: formPayload({ name: text(), code: text() })
			}).map((r) => ({
				...r,
				route: 'POST <page>?/<name> (action names)',
				kind: r.path.split('?/')[1].slice(0, 24) || '(empty)'
			})),
		true
	);

	// -------------------------------------------------------------------------------------------
	// Page loads.

	fuzz('pages: loads with hostile ids, queries and cookies', () => {
		const a = pathSegment(['$assignment', '$demoAssignment', '$otherAssignment']);
		const art = pathSegment(['$article', '$otherArticle', '$sample']);
		const cls = pathSegment(['$class', '$demoClass', '$otherClass']);
		const who = pathSegment(['$submitter', '$learner', '$teacher']);
		const query = fc.oneof(
			fc.constant(''),
			fc.constant(''),
			hostileString.map((s) => `?next=${encodeURIComponent(s.toWellFormed())}`),
			fc
				.tuple(hostileString, hostileString)
				.map(
					([x, y]) =>
						`?saved=${encodeURIComponent(x.toWellFormed())}&carried=${encodeURIComponent(y.toWellFormed())}&moved=NaN&orphaned=-1`
				),
			fc.constantFrom('?must=1', '?article=$article', '?article=%00', '?next=//evil.example', '?/x')
		);
		const page: fc.Arbitrary<[string, string]> = fc.oneof(
			fc
				.constantFrom(
					'/',
					'/account',
					'/articles',
					'/articles/new',
					'/login',
					'/logout',
					'/practice',
					'/signup'
				)
				.map((p): [string, string] => [p, p]),
			art.map((s): [string, string] => [`/articles/${s}`, '/articles/[id]']),
			art.map((s): [string, string] => [`/articles/${s}/edit`, '/articles/[id]/edit']),
			art.map((s): [string, string] => [`/articles/${s}/reference`, '/articles/[id]/reference']),
			a.map((s): [string, string] => [`/assignments/${s}`, '/assignments/[id]']),
			a.map((s): [string, string] => [`/assignments/${s}/insights`, '/assignments/[id]/insights']),
			fc
				.tuple(a, who)
				.map(([s, l]): [string, string] => [
					`/assignments/${s}/submissions/${l}`,
					'/assignments/[id]/submissions/[learner]'
				]),
			cls.map((s): [string, string] => [`/classes/${s}`, '/classes/[id]']),
			cls.map((s): [string, string] => [
				`/classes/${s}/assignments/new`,
				'/classes/[id]/assignments/new'
			]),
			pathSegment(['$code', '$otherCode']).map((s): [string, string] => [
				`/join/${s}`,
				'/join/[code]'
			]),
			pathSegment(['$slug', '$sampleSlug']).map((s): [string, string] => [
				`/practice/${s}`,
				'/practice/[article]'
			])
		);
		return request({
			route: 'GET pages',
			method: 'GET',
			path: fc
				.tuple(page, query)
				.map(([[p, route], q]): [string, string] => [p + q, `GET ${route}`]),
			actor: actors({ teacher: 3, learner: 3, other: 1, anon: 2 }),
			payload: fc.constant({ kind: 'hostile ids and queries', body: { type: 'none' } } as Payload),
			accept: fc.constantFrom(undefined, 'text/html', 'application/json'),
			cookie: junkCookie
		}).map((r) => ({ ...r, kind: r.cookie ? 'junk cookie' : r.kind }));
	});

	// -------------------------------------------------------------------------------------------
	// A dictionary sweep: NUL (U+0000) in every id, query and field, all reported at once.

	it.skipIf(!kind.available)(
		'refuses a NUL character in any id, query or form field cleanly, on every route',
		async () => {
			const none = { type: 'none' } as const;
			const get = (actor: Actor, path: string): FuzzRequest => ({
				route: `GET ${path}`,
				kind: 'NUL',
				actor,
				method: 'GET',
				path,
				body: none
			});
			const put = (actor: Actor, method: string, path: string, value: unknown): FuzzRequest => ({
				route: `${method} ${path}`,
				kind: 'NUL',
				actor,
				method,
				path,
				body: { type: 'json', value }
			});
			const post = (actor: Actor, path: string, fields: Record<string, string>): FuzzRequest => ({
				route: `POST ${path} ${Object.keys(fields).join(',')}`,
				kind: 'NUL',
				actor,
				method: 'POST',
				path,
				body: { type: 'form', encoding: 'urlencoded', fields: Object.entries(fields) },
				accept: 'text/html'
			});
			const N = '\u0000';
			const api: FuzzRequest[] = [
				...['draft', 'reference', 'result', 'submissions', 'grades.csv', 'annotations.jsonld'].map(
					(what) => get('teacher', `/api/assignments/%00/${what}`)
				),
				get('learner', '/api/assignments/%00/draft'),
				put('learner', 'PUT', '/api/assignments/%00/draft', { revision: 0, spans: [] }),
				put('learner', 'POST', '/api/assignments/%00/submit', {}),
				get('teacher', '/api/assignments/$assignment/result?learner=%00'),
				get('teacher', '/api/articles/%00'),
				put('teacher', 'PUT', '/api/articles/%00', { text: 'Headline' }),
				get('teacher', '/api/articles/%00/reference'),
				put('teacher', 'PUT', '/api/articles/%00/reference', { revision: 0, spans: [] }),
				put('teacher', 'PUT', '/api/articles/$article/reference?text=%00', {
					revision: 0,
					spans: []
				}),
				get('anon', '/api/practice/%00/attempts'),
				put('anon', 'POST', '/api/practice/%00/attempts', { spans: [] })
			];
			const pages: FuzzRequest[] = [
				get('teacher', '/classes/%00'),
				get('teacher', '/classes/%00/assignments/new'),
				get('teacher', '/assignments/%00'),
				get('teacher', '/assignments/%00/insights'),
				get('teacher', '/assignments/$assignment/submissions/%00'),
				get('teacher', '/articles/%00'),
				get('teacher', '/articles/%00/edit'),
				get('teacher', '/articles/%00/reference'),
				get('learner', '/join/%00'),
				get('anon', '/practice/%00'),
				get('teacher', '/classes/$class/assignments/new?article=%00'),
				get('anon', '/login?next=%00')
			];
			const forms: FuzzRequest[] = [
				post('teacher', '/?/createClass', { name: `Class ${N}` }),
				post('learner', '/?/join', { code: `A${N}` }),
				post('anon', '/login', { email: `a${N}@example.com`, password: 'a password' }),
				post('anon', '/login', { email: 'teacher@example.com', password: `pass${N}word` }),
				post('anon', '/signup', {
					name: `Nul ${N}`,
					email: 'nul-name@example.com',
					password: 'a long password'
				}),
				post('anon', '/signup', {
					name: 'Nul',
					email: `nul${N}@example.com`,
					password: 'a long password'
				}),
				post('teacher', '/account?/password', {
					current: `x${N}`,
					password: 'new password',
					confirm: 'new password'
				}),
				post('teacher', '/articles/$article?/dismiss', { orphan: `a${N}` }),
				post('teacher', '/articles/%00?/visibility', { public: 'true' }),
				post('teacher', '/articles/new?/preview', { text: `Headline${N}` }),
				post('teacher', '/articles/$article/edit?/save', {
					text: 'Headline\n\nBody',
					base: `a${N}`
				}),
				post('teacher', '/assignments/%00?/release', {}),
				post('teacher', '/assignments/$assignment?/scoring', { threshold: `0.5${N}` }),
				post('teacher', '/assignments/$assignment/submissions/%00?/comment', { comment: 'x' }),
				post('teacher', '/assignments/$assignment/submissions/$submitter?/comment', {
					comment: `A comment ${N}`
				}),
				post('teacher', '/assignments/$assignment/submissions/$submitter?/override', {
					grade: `50${N}`
				}),
				post('teacher', '/classes/%00?/rotate', {}),
				...['remove', 'resetPassword', 'restore'].map((name) =>
					post('teacher', `/classes/$class?/${name}`, { userId: `a${N}` })
				),
				...(['title', 'instructions', 'articleId', 'timeZone', 'dueAt'] as const).map((field) =>
					post('teacher', '/classes/$class/assignments/new', {
						articleId: '$sample',
						title: 'A title',
						instructions: '',
						timeZone: 'UTC',
						revealPolicy: 'after_submit',
						threshold: '0.5',
						[field]: field === 'dueAt' ? `2031-01-01T10:00${N}` : `x${N}`
					})
				),
				post('learner', '/join/%00', {})
			];
			const problems: string[] = [];
			for (const [req, form] of [
				...api.map((r) => [r, false] as const),
				...pages.map((r) => [r, false] as const),
				...forms.map((r) => [r, true] as const)
			]) {
				try {
					await exercise(req, form);
				} catch (e) {
					problems.push((e as Error).message.split('\n').slice(0, 5).join(' | '));
				}
			}
			expect(problems).toEqual([]);
		},
		120_000
	);

	it.skipIf(!kind.available)('leaves the actors signed in and the server running', async () => {
		for (const [name, client] of Object.entries(ctx.clients)) {
			const r = await client.get('/api/assignments');
			expect(r.status, `${name} is still signed in`).toBe(200);
		}
		expect(server.process.exitCode).toBeNull();
		expect(HOSTILE_STRINGS.length).toBeGreaterThan(50);
	});
});
