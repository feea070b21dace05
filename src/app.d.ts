// See https://svelte.dev/docs/kit/types#app.d.ts
import type { SessionUser } from '$lib/server/auth';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** The request id, so a person can quote it when reporting a problem. */
			requestId?: string;
		}
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			requestId: string;
		}
	}
}

export {};
