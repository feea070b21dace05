/**
 * Security checks over the real server, on SQLite and PostgreSQL: security headers and the session
 * cookie's flags (Secure behind an https ORIGIN), cross-origin form posts refused by every form action,
 * no user enumeration at log-in (same answer, similar time), a fresh session id at every log-in, user
 * text rendered as text (never HTML) on every page that shows it, and the instructor's password reset.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import {
	DEMO_TEACHER,
	body,
	createAssignment,
	createClass,
	decodeHtml,
	demo,
	joinWithCode,
	logIn,
	pageText,
	publicSampleId,
	saveDraft,
	shownJoinCode,
	signUp,
	userId,
	type Demo
} from '../helpers/classroom';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { snapshot, snapshotDiff } from '../helpers/fuzz';
import { Client, type Reply } from '../helpers/http';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('security');

const EVIL = 'http://evil.example';

/** A hostile payload with a marker `n`, to tell on which page which field shows up. */
const xss = (n: number) =>
	`<img src=x onerror=alert(${n})><script>alert(${n})</script> javascript:alert(${n})`;

/** The raw (dangerous) forms that must never reach a page. */
function rawForms(n: number): string[] {
	return [`<img src=x onerror=alert(${n})>`, `<script>alert(${n})</script>`];
}

/** Whether the page carries field `n` escaped: as HTML text/attribute, or in the hydration data. */
function escapedIn(html: string, n: number): boolean {
	return (
		html.includes(`&lt;img src=x onerror=alert(${n})>`) ||
		html.includes(`&lt;img src=x onerror=alert(${n})&gt;`) ||
		html.includes(`\\u003Cimg src=x onerror=alert(${n})>`)
	);
}

/** The session cookie a reply sets, or undefined. */
function sessionCookie(r: Reply): string | undefined {
	return r.headers.getSetCookie().find((c) => c.startsWith('newsmark_session='));
}

/** The CSP's directives by name. */
function csp(r: Reply): Map<string, string> {
	const header = r.headers.get('content-security-policy') ?? '';
	return new Map(
		header
			.split(';')
			.map((d) => d.trim())
			.filter(Boolean)
			.map((d) => {
				const [name, ...values] = d.split(/\s+/);
				return [name, values.join(' ')] as [string, string];
			})
	);
}

/** Logs in with the client address in x-forwarded-for (for servers started with ADDRESS_HEADER). */
function logInFrom(c: Client, email: string, password: string, address: string) {
	return postFrom(c, '/login', { email, password }, address);
}

/** A form post that a proxy says came from `address` (servers started with ADDRESS_HEADER). */
function postFrom(c: Client, path: string, fields: Record<string, string>, address: string) {
	return c.request('POST', path, {
		body: new URLSearchParams(fields),
		headers: {
			origin: c.base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			'x-forwarded-for': address
		}
	});
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

describe.each(DATABASE_KINDS)('security on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;
	let d: Demo;
	let teacher: Client;

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
		d = await demo(direct);
		teacher = await logIn(server, DEMO_TEACHER);
	}, 60_000);

	afterAll(async () => {
		if (!kind.available || !server) return;
		await direct?.close();
		await server.stop();
		await server.db.drop();
	});

	// ---------------------------------------------------------------------------------------------
	// Headers and cookies.

	it.skipIf(!kind.available)(
		'sends a nonce-based CSP and the security headers on pages, error pages and the API',
		async () => {
			const anon = new Client(server.url);
			const pages: [Client, string][] = [
				[anon, '/'],
				[anon, '/login'],
				[anon, '/practice'],
				[anon, '/no-such-page'],
				[teacher, '/'],
				[teacher, `/classes/${d.classId}`],
				[teacher, `/assignments/${d.assignmentId}`]
			];
			const nonces = new Set<string>();
			for (const [client, path] of pages) {
				const r = await client.get(path, { headers: { accept: 'text/html' } });
				expect(r.headers.get('content-type'), path).toMatch(/^text\/html/);
				const policy = csp(r);
				const scripts = policy.get('script-src') ?? '';
				expect(scripts, `${path}: script-src`).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
				expect(policy.get('frame-ancestors'), path).toBe("'none'");
				expect(policy.get('object-src'), path).toBe("'none'");
				expect(policy.get('base-uri'), path).toBe("'self'");
				expect(policy.get('form-action'), path).toBe("'self'");
				expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
				expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
				expect(r.headers.get('x-frame-options'), path).toBe('DENY');
				const tags = r.text.match(/<script\b[^>]*>/g) ?? [];
				if (path === '/') {
					// The home page ships no JavaScript: its policy then allows no inline script at all.
					expect(tags, path).toEqual([]);
					expect(scripts, `${path}: script-src`).toBe("'self'");
					continue;
				}
				// every inline script carries this response's nonce
				expect(scripts, `${path}: script-src`).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
				const nonce = /'nonce-([^']+)'/.exec(scripts)![1];
				nonces.add(nonce);
				expect(tags.length, path).toBeGreaterThan(0);
				for (const tag of tags) {
					if (!/\bsrc=/.test(tag)) expect(tag, path).toContain(`nonce="${nonce}"`);
				}
			}
			const scripted = pages.filter(([, path]) => path !== '/').length;
			expect(nonces.size, 'a fresh nonce per response').toBe(scripted);

			const learner = await logIn(server, 'learner1@example.com');
			const api: [Client, string, number][] = [
				[teacher, '/api/assignments', 200],
				[teacher, `/api/assignments/${d.assignmentId}/submissions`, 200],
				[learner, `/api/assignments/${d.assignmentId}/submissions`, 403],
				[anon, '/api/assignments', 401],
				[anon, '/healthz', 200]
			];
			for (const [client, path, status] of api) {
				const r = await client.get(path);
				expect(r.status, path).toBe(status);
				expect(r.headers.get('content-type'), path).toMatch(/^application\/json/);
				expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
				expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
				expect(r.headers.get('x-frame-options'), path).toBe('DENY');
				if (path.startsWith('/api/')) {
					expect(r.headers.get('cache-control'), path).toBe('private, no-store');
				}
			}
		}
	);

	it.skipIf(!kind.available)(
		'sets the session cookie HttpOnly, SameSite=Lax, Path=/ (not Secure over plain http)',
		async () => {
			const c = new Client(server.url);
			const r = await c.login('learner1@example.com', DEMO_PASSWORD);
			expect(r.status).toBe(303);
			const cookie = sessionCookie(r)!;
			expect(cookie).toBeDefined();
			const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
			expect(attrs).toContain('httponly');
			expect(attrs).toContain('samesite=lax');
			expect(attrs).toContain('path=/');
			expect(attrs).not.toContain('secure');
			expect(attrs.some((a) => a.startsWith('domain='))).toBe(false);
			const expires = attrs.find((a) => a.startsWith('expires='));
			expect(expires).toBeDefined();
			const days = (Date.parse(expires!.slice(8)) - Date.now()) / 86_400_000;
			expect(days).toBeGreaterThan(29);
			expect(days).toBeLessThan(31);
		}
	);

	it.skipIf(!kind.available)(
		'sets Secure on the session cookie when the server is reached over https (ORIGIN=https://…)',
		async () => {
			const https = await startServer(await kind.create(), {
				ORIGIN: 'https://newsmark.example'
			});
			try {
				const origin = 'https://newsmark.example';
				const c = new Client(https.url);
				const r = await c.form('/login', { email: DEMO_TEACHER, password: DEMO_PASSWORD }, origin);
				expect(r.status).toBe(303);
				const cookie = sessionCookie(r)!;
				expect(cookie).toBeDefined();
				const attrs = cookie.split(';').map((a) => a.trim().toLowerCase());
				expect(attrs).toEqual(
					expect.arrayContaining(['httponly', 'samesite=lax', 'path=/', 'secure'])
				);
				const s = await new Client(https.url).form(
					'/signup',
					{ name: 'Secure Sam', email: 'sam@secure.example', password: 'a long password' },
					origin
				);
				expect(s.status).toBe(303);
				expect(sessionCookie(s)!.toLowerCase()).toContain('secure');
				const out = await c.form('/logout', {}, origin);
				expect(out.status).toBe(303);
				const cleared = sessionCookie(out)!;
				expect(cleared.toLowerCase()).toMatch(/max-age=0|expires=thu, 01 jan 1970/);
				expect(cleared.toLowerCase()).toContain('secure');
				// the https server's CSRF check knows its own origin
				const cross = await new Client(https.url).form(
					'/login',
					{ email: DEMO_TEACHER, password: DEMO_PASSWORD },
					https.url
				);
				expect(cross.status).toBe(403);
			} finally {
				await https.stop();
				await https.db.drop();
			}
		},
		60_000
	);

	// ---------------------------------------------------------------------------------------------
	// CSRF.

	it.skipIf(!kind.available)(
		'refuses a cross-origin form post to every form action, and changes nothing',
		async () => {
			const learner3 = await userId(direct, 'learner3@example.com');
			const learner2 = await userId(direct, 'learner2@example.com');
			const code = (await shownJoinCode(teacher, d.classId))!;
			const article = d.articleId;
			const a = d.assignmentId;
			const newArticle = 'CSRF headline\n\nA paragraph.';
			const actions: [string, Record<string, string>][] = [
				['/?/createClass', { name: 'CSRF class' }],
				['/?/join', { code }],
				[
					'/account?/password',
					{ current: DEMO_PASSWORD, password: 'csrf password', confirm: 'csrf password' }
				],
				[`/articles/${article}?/dismiss`, { orphan: 'all' }],
				[`/articles/${article}?/visibility`, { public: 'true' }],
				[`/articles/${article}/edit?/preview`, { text: newArticle }],
				[`/articles/${article}/edit?/save`, { text: newArticle }],
				['/articles/new?/preview', { text: newArticle }],
				['/articles/new?/save', { text: newArticle }],
				[`/assignments/${a}?/release`, {}],
				[`/assignments/${a}?/scoring`, { threshold: '0.9', halfCredit: 'on' }],
				[`/assignments/${a}?/withdraw`, {}],
				[`/assignments/${a}/submissions/${learner2}?/override`, { grade: '12' }],
				[`/assignments/${a}/submissions/${learner2}?/comment`, { comment: 'CSRF comment' }],
				[`/classes/${d.classId}?/rotate`, {}],
				[`/classes/${d.classId}?/disable`, {}],
				[`/classes/${d.classId}?/remove`, { userId: learner3 }],
				[`/classes/${d.classId}?/resetPassword`, { userId: learner3 }],
				[`/classes/${d.classId}?/restore`, { userId: learner3 }],
				[
					`/classes/${d.classId}/assignments/new`,
					{
						articleId: article,
						title: 'CSRF assignment',
						revealPolicy: 'after_submit',
						timeZone: 'UTC',
						threshold: '0.5'
					}
				],
				[`/join/${code}`, {}],
				['/login', { email: DEMO_TEACHER, password: DEMO_PASSWORD }],
				['/signup', { name: 'CSRF', email: 'csrf@example.com', password: 'csrf password' }],
				['/logout', {}]
			];
			const before = await snapshot(direct);
			const attempts: { origin: string | null; type: string }[] = [
				{ origin: EVIL, type: 'application/x-www-form-urlencoded' },
				{ origin: EVIL, type: 'multipart/form-data' },
				{ origin: EVIL, type: 'text/plain' },
				{ origin: null, type: 'application/x-www-form-urlencoded' },
				{ origin: 'null', type: 'application/x-www-form-urlencoded' },
				{ origin: server.url.replace('127.0.0.1', 'localhost'), type: 'multipart/form-data' },
				{ origin: server.url.replace('http:', 'https:'), type: 'application/x-www-form-urlencoded' }
			];
			for (const [path, fields] of actions) {
				for (const { origin, type } of attempts) {
					const headers: Record<string, string> = { accept: 'text/html' };
					if (origin !== null) headers.origin = origin;
					let formBody: BodyInit;
					if (type === 'multipart/form-data') {
						const f = new FormData();
						for (const [k, v] of Object.entries(fields)) f.append(k, v);
						formBody = f;
					} else {
						headers['content-type'] = type;
						formBody = new URLSearchParams(fields).toString();
					}
					const r = await teacher.request('POST', path, { body: formBody, headers });
					expect(r.status, `${path} from ${origin} as ${type}`).toBe(403);
					expect(r.text).toMatch(/Cross-site POST form submissions are forbidden/);
					expect(r.headers.get('x-content-type-options')).toBe('nosniff');
					expect(r.headers.get('x-frame-options')).toBe('DENY');
					expect(r.headers.get('x-request-id')).toBeTruthy();
				}
			}
			const after = await snapshot(direct);
			expect(snapshotDiff(before, after)).toEqual([]);
			// the teacher is still signed in (the forged log-out did nothing)…
			expect((await teacher.get('/api/assignments')).status).toBe(200);
			// …and the same post from the page's own origin works (the check is not vacuous)
			const ok = await teacher.form('/?/createClass', { name: 'Same-origin class' });
			expect(ok.status).toBe(303);
		},
		60_000
	);

	it.skipIf(!kind.available)(
		'answers a refused form sent by use:enhance with an action error its page can show',
		async () => {
			// The app opened at another name of the same server (127.0.0.1 for localhost, say).
			const r = await new Client(server.url).request('POST', '/login', {
				body: new URLSearchParams({ email: DEMO_TEACHER, password: DEMO_PASSWORD }).toString(),
				headers: {
					origin: server.url.replace('127.0.0.1', 'localhost'),
					'content-type': 'application/x-www-form-urlencoded',
					accept: 'application/json',
					'x-sveltekit-action': 'true'
				}
			});
			expect(r.status).toBe(403);
			expect(JSON.parse(r.text)).toEqual({
				type: 'error',
				error: { message: 'Cross-site POST form submissions are forbidden.' }
			});
		}
	);

	it.skipIf(!kind.available)(
		'refuses a cross-origin request that changes state through the API, even without a body',
		async () => {
			// A page on another site can send `fetch(url, {method: 'POST', mode: 'no-cors',
			// credentials: 'include'})` without a preflight; SameSite=Lax keeps the cookie away from
			// other sites, but not from other origins of the same site (a sibling subdomain).
			const learner = await logIn(server, 'learner1@example.com');
			const before = await snapshot(direct);
			const submit = await learner.request('POST', `/api/assignments/${d.assignmentId}/submit`, {
				headers: { origin: EVIL }
			});
			const draft = await learner.request('PUT', `/api/assignments/${d.assignmentId}/draft`, {
				body: JSON.stringify({ revision: 0, spans: [] }),
				headers: { origin: EVIL, 'content-type': 'text/plain' }
			});
			const article = await teacher.request('POST', '/api/articles', {
				body: JSON.stringify({ text: 'Cross-site headline' }),
				headers: { origin: EVIL, 'content-type': 'text/plain' }
			});
			expect(draft.status, 'PUT draft as text/plain from another origin').toBe(403);
			expect(article.status, 'POST article as text/plain from another origin').toBe(403);
			expect(snapshotDiff(before, await snapshot(direct))).toEqual([]);
			expect(submit.status, `POST submit from another origin: ${submit.text}`).toBe(403);
		}
	);

	// ---------------------------------------------------------------------------------------------
	// Log-in: enumeration, timing, session ids.

	it.skipIf(!kind.available)(
		'answers an unknown e-mail and a wrong password the same way',
		async () => {
			const wrong = await new Client(server.url).login('learner2@example.com', 'not the password');
			const unknown = await new Client(server.url).login(
				'nobody-at-all@example.com',
				'not the password'
			);
			expect(wrong.status).toBe(400);
			expect(unknown.status).toBe(wrong.status);
			expect(pageText(wrong.text)).toContain('Wrong e-mail or password.');
			expect(pageText(unknown.text)).toContain('Wrong e-mail or password.');
			// the whole page is the same but for the e-mail typed and the per-response nonce
			const normal = (r: Reply, email: string) =>
				decodeHtml(r.text)
					.replaceAll(email, 'EMAIL')
					.replace(/nonce="[^"]+"/g, 'nonce=""')
					.replace(/requestId:"[^"]+"/g, '');
			expect(normal(unknown, 'nobody-at-all@example.com')).toBe(
				normal(wrong, 'learner2@example.com')
			);
			expect(sessionCookie(wrong)).toBeUndefined();
			expect(sessionCookie(unknown)).toBeUndefined();
		}
	);

	describe('log-in timing', () => {
		let timed: RunningServer;
		const accounts: string[] = [];
		let address = 0;

		beforeAll(async () => {
			if (!kind.available) return;
			// A server of its own that reads the client address from x-forwarded-for, so that the
			// per-address limit (30 failures) never answers in place of the password check.
			timed = await startServer(await kind.create(), {
				ADDRESS_HEADER: 'x-forwarded-for',
				XFF_DEPTH: '1'
			});
			const tdb = openDatabase(timed.db.url);
			try {
				for (let i = 0; i < 12; i++) {
					await signUp(timed, tdb, `Timing ${i}`, `timing${i}@example.com`);
					accounts.push(`timing${i}@example.com`);
				}
			} finally {
				await tdb.close();
			}
		}, 120_000);

		afterAll(async () => {
			if (!kind.available || !timed) return;
			await timed.stop();
			await timed.db.drop();
		});

		/** One failed log-in: its status, message and milliseconds. */
		async function attempt(email: string, password: string) {
			const c = new Client(timed.url);
			const t0 = performance.now();
			const r = await logInFrom(
				c,
				email,
				password,
				`10.0.${Math.floor(address / 250)}.${address++ % 250}`
			);
			const ms = performance.now() - t0;
			return {
				status: r.status,
				message: pageText(r.text).includes('Wrong e-mail or password.'),
				ms
			};
		}

		/**
		 * Medians of `n` interleaved failed log-ins of each kind, in up to three rounds (a busy machine
		 * can disturb one round; a real difference shows in every round). Each account fails at most
		 * four times (the account lock is at five).
		 */
		async function compare(password: string, n = 10) {
			const rounds: { known: number; unknown: number; ratio: number }[] = [];
			let next = 0;
			for (let round = 0; round < 3; round++) {
				const known: number[] = [];
				const unknown: number[] = [];
				await attempt(accounts[next++ % accounts.length], password); // warm-up
				await attempt(`warm-${round}-${password.length}@example.com`, password);
				for (let i = 0; i < n; i++) {
					const a = await attempt(accounts[next++ % accounts.length], password);
					const b = await attempt(`ghost-${round}-${i}-${password.length}@example.com`, password);
					expect([a.status, a.message]).toEqual([400, true]);
					expect([b.status, b.message]).toEqual([400, true]);
					known.push(a.ms);
					unknown.push(b.ms);
				}
				const k = median(known);
				const u = median(unknown);
				rounds.push({ known: k, unknown: u, ratio: Math.max(k, u) / Math.min(k, u) });
				if (Math.max(k, u) / Math.min(k, u) < 2) break;
			}
			console.log(
				`[security ${kind.name}] log-in timing (password of ${password.length} characters): ` +
					rounds
						.map(
							(r) =>
								`wrong password ${r.known.toFixed(1)} ms, unknown e-mail ${r.unknown.toFixed(1)} ms`
						)
						.join('; ')
			);
			return Math.min(...rounds.map((r) => r.ratio));
		}

		/** A sign-up on the timed server that a proxy says came from `from`. */
		function signUpFrom(email: string, from: string) {
			const fields = { name: 'Sign-up test', email, password: 'a long enough password' };
			return postFrom(new Client(timed.url), '/signup', fields, from);
		}

		/** One sign-up from a new address: its status and milliseconds. */
		async function signUpTimed(email: string) {
			const t0 = performance.now();
			const r = await signUpFrom(email, `10.1.${Math.floor(address / 250)}.${address++ % 250}`);
			return { status: r.status, ms: performance.now() - t0 };
		}

		it.skipIf(!kind.available)(
			'takes about as long to refuse a taken e-mail at sign-up as to create an account',
			async () => {
				const rounds: string[] = [];
				let ratio = Infinity;
				for (let round = 0; round < 3 && ratio >= 2; round++) {
					const taken: number[] = [];
					const fresh: number[] = [];
					for (let i = 0; i < 8; i++) {
						const a = await signUpTimed(accounts[i % accounts.length]);
						const b = await signUpTimed(`new-${round}-${i}@example.com`);
						expect([a.status, b.status]).toEqual([409, 303]);
						taken.push(a.ms);
						fresh.push(b.ms);
					}
					const [t, f] = [median(taken), median(fresh)];
					ratio = Math.max(t, f) / Math.min(t, f);
					rounds.push(`taken ${t.toFixed(1)} ms, new ${f.toFixed(1)} ms`);
				}
				console.log(`[security ${kind.name}] sign-up timing: ${rounds.join('; ')}`);
				expect(ratio).toBeLessThan(2);
			},
			120_000
		);

		it.skipIf(!kind.available)(
			'stops an address that keeps signing up with taken e-mails, whatever e-mail it tries next',
			async () => {
				const from = (email: string) => signUpFrom(email, '10.250.0.1');
				for (let i = 0; i < 10; i++) {
					const r = await from(accounts[i % accounts.length]);
					expect(r.status).toBe(409);
					expect(pageText(r.text)).toContain('An account with this e-mail already exists.');
				}
				const taken = await from(accounts[0]);
				const fresh = await from('never-seen-before@example.com');
				for (const r of [taken, fresh]) {
					expect(r.status).toBe(429);
					expect(pageText(r.text)).toContain('Too many sign-ups from your network');
					expect(pageText(r.text)).not.toContain('already exists');
				}
				const other = await signUpFrom('neighbour@example.com', '10.250.0.2');
				expect(other.status).toBe(303);
			}
		);

		it.skipIf(!kind.available)(
			'takes about as long for an unknown e-mail as for a wrong password',
			async () => {
				expect(await compare('not the right password')).toBeLessThan(2);
			},
			120_000
		);

		it.skipIf(!kind.available)(
			'takes about as long for both with a password over the 256-character limit',
			async () => {
				expect(await compare('x'.repeat(300))).toBeLessThan(2);
			},
			120_000
		);
	});

	it.skipIf(!kind.available)(
		'starts a new session at every log-in: the cookie from before stops working',
		async () => {
			// a planted cookie (session fixation) is not adopted
			const planted = `${'a'.repeat(24)}.${'b'.repeat(32)}`;
			const c = new Client(server.url);
			c.cookies.set('newsmark_session', planted);
			expect((await c.login('learner3@example.com', DEMO_PASSWORD)).status).toBe(303);
			const first = c.cookies.get('newsmark_session')!;
			expect(first).not.toBe(planted);

			// logging in again from a signed-in browser replaces the session
			const again = await c.form('/login', {
				email: 'learner3@example.com',
				password: DEMO_PASSWORD
			});
			expect(again.status).toBe(303);
			const second = c.cookies.get('newsmark_session')!;
			expect(second).not.toBe(first);
			expect(second.split('.')[0]).not.toBe(first.split('.')[0]);

			const stale = new Client(server.url);
			stale.cookies.set('newsmark_session', first);
			expect((await stale.get('/api/assignments')).status).toBe(401);
			const page = await stale.get('/account');
			expect(page.status).toBe(303);
			expect(page.location).toMatch(/^\/login/);
			const gone = await direct.db
				.selectFrom('sessions')
				.select('id')
				.where('id', '=', first.split('.')[0])
				.executeTakeFirst();
			expect(gone).toBeUndefined();
			expect((await c.get('/api/assignments')).status).toBe(200);

			// two browsers get two different sessions
			const other = new Client(server.url);
			await other.login('learner3@example.com', DEMO_PASSWORD);
			expect(other.cookies.get('newsmark_session')).not.toBe(second);
		}
	);

	// ---------------------------------------------------------------------------------------------
	// User text is text.

	it.skipIf(!kind.available)(
		'renders notes, names, titles and article text escaped on every page that shows them',
		async () => {
			// 1 class name, 2 assignment title, 3 instructions, 4 article title, 5 article text,
			// 6 byline, 7 reference rationale, 8 learner's note, 9 learner's name, 10 grader's comment
			const classId = await createClass(teacher, xss(1));
			const txt = `${xss(4)}\n\n${xss(5)} The minister said it was fine.\n\nA second paragraph.\n\n• ${xss(6)}`;
			const made = await teacher.json('POST', '/api/articles', { text: txt, public: true });
			expect(made.status).toBe(201);
			const article = body<{ id: string; text: string; slug: string; blocks: string[] }>(made);
			expect(article.blocks[0]).toBe(xss(4));
			const bodyStart = article.text.indexOf(xss(5));
			const ref = await teacher.json('PUT', `/api/articles/${article.id}/reference`, {
				revision: 0,
				spans: [{ start: bodyStart, end: bodyStart + xss(5).length, tag: 'claim', note: xss(7) }]
			});
			expect(ref.status, ref.text).toBe(200);
			const assignment = await createAssignment(teacher, classId, {
				articleId: article.id,
				title: xss(2),
				instructions: xss(3),
				revealPolicy: 'after_submit'
			});
			const learner = await signUp(server, direct, xss(9), 'xss-learner@example.com');
			const code = (await shownJoinCode(teacher, classId))!;
			expect((await joinWithCode(learner.client, code)).status).toBe(303);
			const saved = await saveDraft(learner.client, assignment, [
				{ start: bodyStart, end: bodyStart + xss(5).length, tag: 'opinion', note: xss(8) }
			]);
			expect(saved.status, saved.text).toBe(200);
			expect(
				(await learner.client.json('POST', `/api/assignments/${assignment}/submit`)).status
			).toBe(201);
			const comment = await teacher.form(
				`/assignments/${assignment}/submissions/${learner.id}?/comment`,
				{ comment: xss(10) }
			);
			expect(comment.status).toBe(200);
			// the sample article is also practised by the anonymous public (it is public)
			const sample = await publicSampleId(direct);
			expect(sample).toBeTruthy();

			const anon = new Client(server.url);
			const pages: [string, Client, string, number[]][] = [
				['instructor home', teacher, '/', [1]],
				['learner home', learner.client, '/', [1]],
				['class (instructor)', teacher, `/classes/${classId}`, [1, 2, 9]],
				['class (learner)', learner.client, `/classes/${classId}`, [1, 2]],
				['assignment (instructor)', teacher, `/assignments/${assignment}`, [1, 2, 3, 4, 5, 6, 9]],
				[
					'assignment with feedback (learner)',
					learner.client,
					`/assignments/${assignment}`,
					[1, 2, 3, 4, 5, 6, 7, 8, 10]
				],
				[
					'submission (instructor)',
					teacher,
					`/assignments/${assignment}/submissions/${learner.id}`,
					[2, 5, 7, 8, 9, 10]
				],
				['insights', teacher, `/assignments/${assignment}/insights`, [2, 5]],
				['articles', teacher, '/articles', [4]],
				['article', teacher, `/articles/${article.id}`, [4, 5, 6, 7]],
				['article reference', teacher, `/articles/${article.id}/reference`, [4, 5, 7]],
				['article edit', teacher, `/articles/${article.id}/edit`, [4, 5, 6]],
				['practice library', anon, '/practice', [4]],
				['practice article', anon, `/practice/${article.slug}`, [4, 5, 6]]
			];
			const problems: string[] = [];
			for (const [name, client, path, fields] of pages) {
				const r = await client.get(path, { headers: { accept: 'text/html' } });
				if (r.status !== 200) {
					problems.push(`${name} (${path}): ${r.status}`);
					continue;
				}
				for (let n = 1; n <= 10; n++) {
					for (const raw of rawForms(n)) {
						if (r.text.includes(raw)) problems.push(`${name}: field ${n} unescaped: ${raw}`);
					}
				}
				if (/href\s*=\s*["']?\s*javascript:/i.test(r.text)) {
					problems.push(`${name}: a javascript: link`);
				}
				for (const n of fields) {
					if (!escapedIn(r.text, n)) problems.push(`${name}: field ${n} not shown (escaped)`);
				}
			}
			expect(problems).toEqual([]);
		},
		60_000
	);

	// ---------------------------------------------------------------------------------------------
	// Limits on log-ins and join codes, shared through the database.

	describe('limits kept in the database', () => {
		const PROXIED = { ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' };
		let first: RunningServer;

		beforeAll(async () => {
			if (!kind.available) return;
			first = await startServer(await kind.create(), PROXIED);
			for (const email of ['shared@example.com', 'burst@example.com']) {
				const r = await postFrom(
					new Client(first.url),
					'/signup',
					{ name: 'Limited', email, password: 'the right password' },
					'10.9.0.1'
				);
				expect(r.status).toBe(303);
			}
		}, 60_000);

		afterAll(async () => {
			if (!kind.available || !first) return;
			await first.stop();
			await first.db.drop();
		});

		it.skipIf(!kind.available)(
			'counts failed log-ins made on any server of the database, and after a restart',
			async () => {
				const logInAt = (on: RunningServer, password: string, address: string) =>
					logInFrom(new Client(on.url), 'shared@example.com', password, address);
				const second = await startServer(first.db, PROXIED);
				try {
					// Five wrong passwords, split between two servers, each from its own address.
					for (let i = 0; i < 5; i++) {
						const r = await logInAt(i % 2 ? second : first, `wrong ${i}`, `10.9.1.${i}`);
						expect(r.status).toBe(400);
					}
					for (const on of [first, second]) {
						const r = await logInAt(on, 'the right password', '10.9.2.1');
						expect(r.status).toBe(429);
						expect(pageText(r.text)).toMatch(
							/Too many failed log-ins\. Try again in 1[45] minutes\./
						);
					}
				} finally {
					await second.stop();
				}
				const restarted = await startServer(first.db, PROXIED);
				try {
					expect((await logInAt(restarted, 'the right password', '10.9.2.2')).status).toBe(429);
				} finally {
					await restarted.stop();
				}
			},
			60_000
		);

		it.skipIf(!kind.available)(
			'gives wrong passwords sent all at once no more tries than the limit between them',
			async () => {
				const replies = await Promise.all(
					Array.from({ length: 20 }, (_, i) =>
						logInFrom(new Client(first.url), 'burst@example.com', `wrong ${i}`, `10.9.3.${i}`)
					)
				);
				const statuses = replies.map((r) => r.status);
				// At most five passwords checked (all may be refused: each counts the others in flight).
				const tried = statuses.filter((s) => s === 400).length;
				expect(tried).toBeLessThanOrEqual(5);
				expect(statuses.filter((s) => s === 429)).toHaveLength(20 - tried);
				const right = await logInFrom(
					new Client(first.url),
					'burst@example.com',
					'the right password',
					'10.9.3.99'
				);
				expect(right.status).toBe(tried === 5 ? 429 : 303);
			},
			60_000
		);

		it.skipIf(!kind.available)(
			'stops one person trying join codes at random, at the right code too, but not the rest of the school',
			async () => {
				const school = '10.9.4.1';
				const signUpAt = (c: Client, email: string) =>
					postFrom(c, '/signup', { name: 'Joiner', email, password: 'a fine password' }, school);
				const teacher = new Client(first.url);
				expect((await signUpAt(teacher, 'join-teacher@example.com')).status).toBe(303);
				const classId = await createClass(teacher, 'Guarded class');
				const code = (await shownJoinCode(teacher, classId))!;
				const [guesser, classmate] = [new Client(first.url), new Client(first.url)];
				expect((await signUpAt(guesser, 'guesser@example.com')).status).toBe(303);
				expect((await signUpAt(classmate, 'classmate@example.com')).status).toBe(303);
				// Z is not in the codes' alphabet: these open no class.
				for (let i = 0; i < 10; i++) {
					const wrong = await postFrom(guesser, '/?/join', { code: `ZZZZZ${i}${i}` }, school);
					expect(wrong.status).toBe(400);
					expect(decodeHtml(wrong.text)).toContain('No class has that code');
				}
				const right = await postFrom(guesser, '/?/join', { code }, school);
				expect(right.status).toBe(429);
				expect(decodeHtml(right.text)).toMatch(
					/Too many join codes that open no class\. Try again in 1[45] minutes/
				);
				const link = await guesser.request('GET', `/join/${code}`, {
					headers: { 'x-forwarded-for': school }
				});
				expect(link.status).toBe(429);
				expect(pageText(link.text)).toContain('Please wait a while');
				expect(link.text).not.toContain('Guarded class');
				expect((await postFrom(classmate, '/?/join', { code }, school)).status).toBe(303);
			},
			60_000
		);

		it.skipIf(!kind.available)(
			'answers join codes sent all at once no more often than the limit allows',
			async () => {
				const teacher = new Client(first.url);
				const signUpAs = (c: Client, email: string) =>
					postFrom(c, '/signup', { name: 'Burst', email, password: 'a fine password' }, '10.9.5.1');
				expect((await signUpAs(teacher, 'burst-teacher@example.com')).status).toBe(303);
				const code = (await shownJoinCode(teacher, await createClass(teacher, 'Burst class')))!;
				const guesser = new Client(first.url);
				expect((await signUpAs(guesser, 'burst-guesser@example.com')).status).toBe(303);
				// Counted only after the look-up, all 30 were answered on PostgreSQL (on SQLite the gap is
				// too short for a test to hit).
				const guesses = [...Array.from({ length: 29 }, (_, i) => `ZZZZ${100 + i}`), code];
				const replies = await Promise.all(
					guesses.map((c) => postFrom(guesser, '/?/join', { code: c }, '10.9.5.1'))
				);
				const answered = replies.filter((r) => r.status !== 429);
				expect(answered.length).toBeLessThanOrEqual(10);
				for (const r of answered) expect([400, 303]).toContain(r.status);
			},
			60_000
		);

		it.skipIf(!kind.available)(
			'tells sign-ups sent all at once about no more taken e-mails than the limit allows',
			async () => {
				const taken = Array.from({ length: 20 }, (_, i) => `taken-${i}@example.com`);
				for (const [i, email] of taken.entries()) {
					const r = await postFrom(
						new Client(first.url),
						'/signup',
						{ name: 'Taken', email, password: 'a fine password' },
						`10.9.6.${i}`
					);
					expect(r.status).toBe(303);
				}
				const replies = await Promise.all(
					taken.map((email) =>
						postFrom(
							new Client(first.url),
							'/signup',
							{ name: 'Prober', email, password: 'a fine password' },
							'10.9.7.1'
						)
					)
				);
				const told = replies.filter((r) => r.status === 409).length;
				expect(told).toBeLessThanOrEqual(10);
				expect(replies.filter((r) => r.status === 429)).toHaveLength(20 - told);
			},
			60_000
		);

		it.skipIf(!kind.available)(
			'keeps e-mails out of the database: the limits store only hashes of their keys',
			async () => {
				const direct = openDatabase(first.db.url);
				try {
					const rows = await direct.db.selectFrom('limit_attempts').selectAll().execute();
					expect(rows.length).toBeGreaterThan(0);
					for (const row of rows) {
						expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
						expect(JSON.stringify(row)).not.toContain('example.com');
					}
				} finally {
					await direct.close();
				}
			}
		);
	});

	// ---------------------------------------------------------------------------------------------
	// Password reset.

	describe('the instructor resets a learner’s password', () => {
		let learnerId: string;
		let classCode: string;

		beforeAll(async () => {
			if (!kind.available) return;
			classCode = (await shownJoinCode(teacher, d.classId))!;
		});

		/** Signs up a learner into the demo class; returns its id and two signed-in browsers. */
		async function newLearner(email: string) {
			const a = await signUp(server, direct, 'Reset Learner', email);
			expect((await joinWithCode(a.client, classCode)).status).toBe(303);
			const b = new Client(server.url);
			expect((await b.login(email, 'classroom password')).status).toBe(303);
			return { id: a.id, browsers: [a.client, b] };
		}

		it.skipIf(!kind.available)(
			'ends their sessions, retires the old password, and the one-time password must be changed first',
			async () => {
				const email = 'reset-me@example.com';
				const { id, browsers } = await newLearner(email);
				learnerId = id;
				const r = await teacher.form(`/classes/${d.classId}?/resetPassword`, { userId: id });
				expect(r.status).toBe(200);
				const oneTime = /One-time password for[\s\S]*?<p class="code[^"]*">([^<]+)<\/p>/.exec(
					r.text
				)?.[1];
				expect(oneTime).toMatch(/^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);

				// every session of the learner has ended
				const sessions = await direct.db
					.selectFrom('sessions')
					.select('id')
					.where('user_id', '=', id)
					.execute();
				expect(sessions).toEqual([]);
				for (const b of browsers) {
					expect((await b.get('/api/assignments')).status).toBe(401);
					const page = await b.get(`/classes/${d.classId}`);
					expect(page.status).toBe(303);
					expect(page.location).toMatch(/^\/login/);
				}

				// the old password no longer works; the one-time password does, straight to /account
				const old = await new Client(server.url).login(email, 'classroom password');
				expect(old.status).toBe(400);
				const c = new Client(server.url);
				const signedIn = await c.login(email, oneTime!);
				expect(signedIn.status).toBe(303);
				expect(signedIn.location).toBe('/account?must=1');

				// until it is changed, every page sends them to /account and the API refuses
				for (const path of [
					'/',
					'/practice',
					`/classes/${d.classId}`,
					`/assignments/${d.assignmentId}`,
					'/articles',
					'/articles/new',
					`/join/${classCode}`
				]) {
					const page = await c.get(path);
					expect(page.status, path).toBe(303);
					expect(page.location, path).toBe('/account?must=1');
				}
				const before = await snapshot(direct);
				for (const [method, path, payload] of [
					['GET', '/api/assignments', undefined],
					['GET', `/api/assignments/${d.assignmentId}/draft`, undefined],
					['PUT', `/api/assignments/${d.assignmentId}/draft`, { revision: 0, spans: [] }],
					['POST', `/api/assignments/${d.assignmentId}/submit`, undefined],
					['POST', '/api/articles', { text: 'Headline' }]
				] as const) {
					const a = await c.json(method, path, payload);
					expect(a.status, `${method} ${path}`).toBe(403);
					expect(body<{ message: string }>(a).message).toMatch(/one-time password/);
				}
				const action = await c.form('/?/createClass', { name: 'Not yet' });
				expect(action.status).toBe(303);
				expect(action.location).toBe('/account?must=1');
				expect(snapshotDiff(before, await snapshot(direct))).toEqual([]);
				const account = await c.get('/account');
				expect(account.status).toBe(200);

				// once changed, they are in
				const changed = await c.form('/account?/password', {
					current: oneTime!,
					password: 'my own password',
					confirm: 'my own password'
				});
				expect(changed.status).toBe(200);
				expect((await c.get('/')).status).toBe(200);
				expect((await c.get('/api/assignments')).status).toBe(200);
				const row = await direct.db
					.selectFrom('users')
					.select('must_change_password')
					.where('id', '=', id)
					.executeTakeFirstOrThrow();
				expect(row.must_change_password).toBe(0);
				expect((await new Client(server.url).login(email, oneTime!)).status).toBe(400);
			}
		);

		it.skipIf(!kind.available)(
			'lets no other instructor and no learner reset anyone, and not an instructor either',
			async () => {
				const target = learnerId ?? (await newLearner('reset-target@example.com')).id;
				const other = await signUp(server, direct, 'Other Teacher', 'other-teacher@example.com');
				const otherClass = await createClass(other.client, 'Another class');
				const learner1 = await logIn(server, 'learner1@example.com');
				const learner2 = await userId(direct, 'learner2@example.com');
				const before = await snapshot(direct);

				const outsider = await other.client.form(`/classes/${d.classId}?/resetPassword`, {
					userId: target
				});
				expect(outsider.status).toBe(404);
				const ownClass = await other.client.form(`/classes/${otherClass}?/resetPassword`, {
					userId: target
				});
				expect(ownClass.status).toBe(404);
				expect(pageText(ownClass.text)).toContain('That learner is not in this class.');
				const byLearner = await learner1.form(`/classes/${d.classId}?/resetPassword`, {
					userId: learner2
				});
				expect(byLearner.status).toBe(403);
				const teacherSelf = await teacher.form(`/classes/${d.classId}?/resetPassword`, {
					userId: d.teacherId
				});
				expect(teacherSelf.status).toBe(404);
				const coInstructor = await teacher.form(`/classes/${d.classId}?/resetPassword`, {
					userId: other.id
				});
				expect(coInstructor.status).toBe(404);
				const anon = await new Client(server.url).form(`/classes/${d.classId}?/resetPassword`, {
					userId: target
				});
				expect(anon.status).toBe(303);
				expect(anon.location).toMatch(/^\/login/);
				for (const r of [outsider, ownClass, byLearner, teacherSelf, coInstructor]) {
					expect(r.text).not.toContain('One-time password');
				}
				expect(snapshotDiff(before, await snapshot(direct))).toEqual([]);
			}
		);
	});
});
