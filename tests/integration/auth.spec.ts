/**
 * Accounts through the real server and a real database: sign-up, log-in, log-out, an expired session, a
 * forged cookie, the failed-log-in limit, password change, cookie flags and security headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/lib/server/db/connect';
import { DATABASE_KINDS, announcePostgresSkip } from '../helpers/databases';
import { Client } from '../helpers/http';
import { DEMO_PASSWORD, startServer, type RunningServer } from '../helpers/server';

announcePostgresSkip('accounts');

describe.each(DATABASE_KINDS)('accounts on $name', (kind) => {
	let server: RunningServer;
	let direct: Db;

	beforeAll(async () => {
		if (!kind.available) return;
		server = await startServer(await kind.create());
		direct = openDatabase(server.db.url);
	}, 60_000);
	afterAll(async () => {
		if (!kind.available) return;
		await direct.close();
		await server.stop();
		await server.db.drop();
	});

	it.skipIf(!kind.available)('seeds the demo and prints its logins once', async () => {
		expect(server.output()).toContain('teacher@example.com');
		expect(server.output()).toContain(`password    ${DEMO_PASSWORD}`);
		const c = new Client(server.url);
		const r = await c.login('teacher@example.com', DEMO_PASSWORD);
		expect(r.status).toBe(303);
		const home = await c.get('/');
		expect(home.text).toContain('Media Literacy 101 (demo)');
	});

	it.skipIf(!kind.available)('signs up, then shows the signed-in home', async () => {
		const c = new Client(server.url);
		const r = await c.form('/signup', {
			name: 'Zoë Ng',
			email: 'Zoe@Example.com ',
			password: 'correct horse'
		});
		expect(r.status).toBe(303);
		const cookie = r.headers.getSetCookie().find((x) => x.startsWith('newsmark_session='))!;
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).not.toMatch(/Secure/i); // plain http here; Secure is set behind HTTPS
		const home = await c.get('/');
		expect(home.text).toContain('Zoë Ng');
		expect(home.text).toContain('Your classes');
	});

	it.skipIf(!kind.available)(
		'refuses a duplicate e-mail and a short password with clear messages',
		async () => {
			const c = new Client(server.url);
			const dup = await c.form('/signup', {
				name: 'Other',
				email: 'zoe@example.com',
				password: 'long enough pw'
			});
			expect(dup.status).toBe(409);
			expect(dup.text).toContain('An account with this e-mail already exists');
			const short = await c.form('/signup', {
				name: 'Other',
				email: 'new@example.com',
				password: 'short'
			});
			expect(short.status).toBe(400);
			expect(short.text).toContain('Use at least 8 characters');
			const bad = await c.form('/signup', {
				name: '',
				email: 'not-an-email',
				password: 'long enough pw'
			});
			expect(bad.status).toBe(400);
			expect(bad.text).toContain('Enter your name.');
			expect(bad.text).toContain('does not look like an e-mail address');
			expect(c.cookies.has('newsmark_session')).toBe(false);
		}
	);

	it.skipIf(!kind.available)(
		'says the same thing for a wrong password and an unknown e-mail',
		async () => {
			const c = new Client(server.url);
			const wrong = await c.login('zoe@example.com', 'not the password');
			const unknown = await c.login('nobody-here@example.com', 'not the password');
			expect(wrong.status).toBe(400);
			expect(unknown.status).toBe(400);
			expect(wrong.text).toContain('Wrong e-mail or password.');
			expect(unknown.text).toContain('Wrong e-mail or password.');
			expect(wrong.text).not.toMatch(/at .*\.js:\d+/); // no stack trace
		}
	);

	it.skipIf(!kind.available)('logs in with a new session id each time and logs out', async () => {
		const c = new Client(server.url);
		await c.login('zoe@example.com', 'correct horse');
		const first = c.cookies.get('newsmark_session');
		await c.login('zoe@example.com', 'correct horse'); // already signed in: redirected, session kept
		const again = new Client(server.url);
		again.cookies.set('newsmark_session', first!);
		await again.form('/login', { email: 'zoe@example.com', password: 'correct horse' });
		expect(again.cookies.get('newsmark_session')).not.toBe(first);
		// the session the second log-in replaced no longer works
		const stale = new Client(server.url);
		stale.cookies.set('newsmark_session', first!);
		expect((await stale.get('/')).text).not.toContain('Your classes');

		const out = await again.form('/logout', {});
		expect(out.status).toBe(303);
		expect(again.cookies.has('newsmark_session')).toBe(false);
	});

	it.skipIf(!kind.available)('treats a forged cookie as signed out and clears it', async () => {
		const c = new Client(server.url);
		await c.login('zoe@example.com', 'correct horse');
		const [id] = c.cookies.get('newsmark_session')!.split('.');
		const forged = new Client(server.url);
		forged.cookies.set('newsmark_session', `${id}.${'a'.repeat(32)}`);
		const r = await forged.get('/account');
		expect(r.status).toBe(303);
		expect(r.location).toContain('/login');
		expect(forged.cookies.has('newsmark_session')).toBe(false);
		const junk = new Client(server.url);
		junk.cookies.set('newsmark_session', '<script>');
		expect((await junk.get('/')).status).toBe(200);
	});

	it.skipIf(!kind.available)(
		'ends an expired session and renews one in its second half',
		async () => {
			const c = new Client(server.url);
			await c.login('zoe@example.com', 'correct horse');
			const [id] = c.cookies.get('newsmark_session')!.split('.');
			const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
			await direct.db
				.updateTable('sessions')
				.set({ expires_at: soon })
				.where('id', '=', id)
				.execute();
			const renewed = await c.get('/');
			expect(renewed.headers.getSetCookie().some((x) => x.startsWith('newsmark_session='))).toBe(
				true
			);
			const row = await direct.db
				.selectFrom('sessions')
				.select('expires_at')
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			expect(new Date(row.expires_at).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

			const past = new Date(Date.now() - 1000).toISOString();
			await direct.db
				.updateTable('sessions')
				.set({ expires_at: past })
				.where('id', '=', id)
				.execute();
			const expired = await c.get('/account');
			expect(expired.status).toBe(303);
			expect(expired.location).toContain('/login');
			const gone = await direct.db
				.selectFrom('sessions')
				.select('id')
				.where('id', '=', id)
				.executeTakeFirst();
			expect(gone).toBeUndefined();
		}
	);

	it.skipIf(!kind.available)(
		'locks an account after five failed log-ins, with a clear message',
		async () => {
			const c = new Client(server.url);
			await c.form('/signup', {
				name: 'Rate',
				email: 'rate@example.com',
				password: 'right password'
			});
			const fresh = new Client(server.url);
			for (let i = 0; i < 5; i++) {
				expect((await fresh.login('rate@example.com', `wrong ${i}`)).status).toBe(400);
			}
			const locked = await fresh.login('rate@example.com', 'right password');
			expect(locked.status).toBe(429);
			expect(locked.text).toMatch(/Too many failed log-ins\. Try again in \d+ minutes?\./);
			expect(fresh.cookies.has('newsmark_session')).toBe(false);
			// the same lock for an e-mail with no account: a lock-out reveals nothing
			for (let i = 0; i < 5; i++) await fresh.login('ghost@example.com', `wrong ${i}`);
			expect((await fresh.login('ghost@example.com', 'x')).status).toBe(429);
		}
	);

	it.skipIf(!kind.available)('ends other sessions when the password changes', async () => {
		const a = new Client(server.url);
		const b = new Client(server.url);
		await a.form('/signup', { name: 'Pat', email: 'pat@example.com', password: 'first password' });
		await b.login('pat@example.com', 'first password');
		const wrong = await a.form('/account?/password', {
			current: 'nope',
			password: 'second password',
			confirm: 'second password'
		});
		expect(wrong.text).toContain('Your current password is not right.');
		const ok = await a.form('/account?/password', {
			current: 'first password',
			password: 'second password',
			confirm: 'second password'
		});
		expect(ok.status).toBe(200);
		expect((await a.get('/account')).status).toBe(200);
		expect((await b.get('/account')).status).toBe(303);
		expect((await new Client(server.url).login('pat@example.com', 'second password')).status).toBe(
			303
		);
	});

	it.skipIf(!kind.available)('refuses a cross-origin form post', async () => {
		const c = new Client(server.url);
		const r = await c.form(
			'/login',
			{ email: 'zoe@example.com', password: 'correct horse' },
			'http://evil.example'
		);
		expect(r.status).toBe(403);
		expect(c.cookies.has('newsmark_session')).toBe(false);
	});

	it.skipIf(!kind.available)(
		'sends security headers and a CSP without inline scripts',
		async () => {
			const r = await new Client(server.url).get('/login');
			expect(r.headers.get('x-content-type-options')).toBe('nosniff');
			expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
			const csp = r.headers.get('content-security-policy')!;
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toMatch(/script-src 'self' 'nonce-/);
			expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
		}
	);
});
