/**
 * Every request passes here: a request id, the session cookie turned into `locals.user` (with sliding
 * renewal), security headers, and one structured log line. At start: the database is opened, migrated
 * and, when empty, seeded with the demo; at a graceful stop it is closed.
 */
import {
	json,
	type Handle,
	type HandleServerError,
	type RequestEvent,
	type ServerInit
} from '@sveltejs/kit';
import {
	SESSION_COOKIE,
	deleteSessionCookie,
	setSessionCookie,
	validateSessionToken
} from '$lib/server/auth';
import { deliver } from '$lib/server/delivery';
import { closeDatabase, initDatabase } from '$lib/server/db';
import { seedDemo } from '$lib/server/demo';
import { randomId } from '$lib/server/ids';
import { logLine } from '$lib/server/log';
import { guardRequest } from '$lib/server/request-guard';

export const init: ServerInit = async () => {
	const opened = await initDatabase();
	await seedDemo(opened);
	// adapter-node's graceful stop (SIGTERM, SIGINT) ends here, once requests in flight are answered.
	process.once('sveltekit:shutdown', () => void closeDatabase());
};

const SECURITY_HEADERS: Record<string, string> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'strict-origin-when-cross-origin',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()'
};

// A person holding an instructor-set one-time password may only change it (or leave).
const MAY_VISIT_BEFORE_CHANGE = /^\/(account|logout|healthz)(\/|$)|^\/_app\//;

export const handle: Handle = async ({ event, resolve }) => {
	const started = performance.now();
	Object.assign(event.locals, {
		requestId: event.request.headers.get('x-request-id')?.slice(0, 64) || randomId(8),
		user: null,
		sessionId: null
	});
	// Refusals too get the security headers, the request id and their log line.
	const response =
		(await guardRequest(event.request, event.url)) ?? (await signedIn(event, resolve));
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
		if (!response.headers.has(k)) response.headers.set(k, v);
	}
	response.headers.set('X-Request-Id', event.locals.requestId);
	if (event.locals.user || event.url.pathname.startsWith('/api/')) {
		response.headers.set('Cache-Control', 'private, no-store');
	}
	logLine({
		level: 'info',
		msg: 'request',
		requestId: event.locals.requestId,
		method: event.request.method,
		path: event.url.pathname,
		status: response.status,
		userId: event.locals.user?.id ?? null,
		ms: Math.round((performance.now() - started) * 10) / 10
	});
	return deliver(event, response);
};

/** The session cookie made `locals.user`; then the route, unless a one-time password must change first. */
async function signedIn(
	event: RequestEvent,
	resolve: Parameters<Handle>[0]['resolve']
): Promise<Response> {
	const secure = event.url.protocol === 'https:';
	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await validateSessionToken(token);
		if (session) {
			event.locals.user = session.user;
			event.locals.sessionId = session.sessionId;
			if (session.renewed) setSessionCookie(event.cookies, token, session.expiresAt, secure);
		} else {
			deleteSessionCookie(event.cookies, secure);
		}
	}

	const user = event.locals.user;
	if (user?.mustChangePassword && !MAY_VISIT_BEFORE_CHANGE.test(event.url.pathname)) {
		if (event.url.pathname.startsWith('/api/')) {
			return json(
				{ message: 'Change your one-time password at /account before doing anything else.' },
				{ status: 403 }
			);
		}
		return new Response(null, { status: 303, headers: { location: '/account?must=1' } });
	}
	return resolve(event);
}

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	const requestId = event.locals.requestId ?? randomId(8);
	if (status >= 500) {
		logLine({
			level: 'error',
			msg: 'unhandled error',
			requestId,
			path: event.url.pathname,
			userId: event.locals.user?.id ?? null,
			error: error instanceof Error ? error.message : String(error),
			stack: error instanceof Error ? error.stack : undefined
		});
		return { message: 'Something went wrong on our side. Please try again.', requestId };
	}
	return { message, requestId };
};
