/** Starting a session for a request: a fresh session id at every log-in, in the cookie. */
import type { RequestEvent } from '@sveltejs/kit';
import { createSession, invalidateSession, setSessionCookie } from './auth';

/** Ends the request's old session (if any) and starts a new one for `userId`. */
export async function startSession(event: RequestEvent, userId: string): Promise<void> {
	if (event.locals.sessionId) await invalidateSession(event.locals.sessionId);
	const { token, expiresAt } = await createSession(userId);
	setSessionCookie(event.cookies, token, expiresAt, event.url.protocol === 'https:');
}

/** A same-site path to go to after log-in, or `/` for anything else (no open redirects). */
export function safeNext(next: string | null | undefined): string {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
	return next;
}
