/**
 * Refusals made before any route runs, for requests no page or API could serve sensibly: NUL characters
 * (PostgreSQL cannot store them), cross-site form posts (SvelteKit's own CSRF check, done here instead so
 * the refusal carries the app's headers and log line), cross-origin writes to the JSON API (a body-less
 * POST needs no CORS preflight), form posts that are not forms or do not parse, and action names
 * SvelteKit 2.70 would look up on Object.prototype. Each answer is a 4xx with a message that says what
 * was wrong.
 */
import { json } from '@sveltejs/kit';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];
// What a page on another site can send without a CORS preflight.
const SIMPLE_TYPES = [...FORM_TYPES, 'text/plain'];
const NUL = '\u0000';

/**
 * Who reads the refusal: the JSON API (`{message}`), a form sent by `use:enhance` (which reads its
 * answer as an action result, as SvelteKit's own refusals give it), or a browser (plain text).
 */
type Reader = 'api' | 'action' | 'page';

function refuse(status: number, message: string, reader: Reader): Response {
	if (reader === 'api') return json({ message }, { status });
	if (reader === 'action') return json({ type: 'error', error: { message } }, { status });
	return new Response(message, {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8' }
	});
}

/** A refusal for a request that must not reach the routes, or null to let it through. */
export async function guardRequest(request: Request, url: URL): Promise<Response | null> {
	// /healthz speaks JSON to load balancers, like the API.
	const api = url.pathname.startsWith('/api/') || url.pathname === '/healthz';
	const reader: Reader = api
		? 'api'
		: request.headers.get('x-sveltekit-action') === 'true'
			? 'action'
			: 'page';
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		return refuse(400, 'The address is not valid (bad % escape).', reader);
	}
	if (path.includes(NUL) || [...url.searchParams].some(([k, v]) => (k + v).includes(NUL))) {
		return refuse(400, 'The address contains a NUL character.', reader);
	}
	const method = request.method;
	if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return null;

	const origin = request.headers.get('origin');
	const type = (request.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
	if (SIMPLE_TYPES.includes(type) && origin !== url.origin) {
		return refuse(403, `Cross-site ${method} form submissions are forbidden.`, reader);
	}
	if (api) {
		if (origin !== null && origin !== url.origin) {
			return refuse(403, 'Cross-origin requests may not change anything here.', reader);
		}
		return null;
	}

	const action = [...url.searchParams.keys()].find((k) => k.startsWith('/'));
	if (action !== undefined) {
		const name = action.slice(1);
		if (name === 'default' || name in Object.prototype) {
			return refuse(404, `There is no action called "${name}" here.`, reader);
		}
	}
	if (method !== 'POST') return null;
	if (!FORM_TYPES.includes(type)) {
		return refuse(
			415,
			'Send forms as application/x-www-form-urlencoded or multipart/form-data.',
			reader
		);
	}
	try {
		const form = await request.clone().formData();
		for (const [key, value] of form) {
			if (key.includes(NUL) || (typeof value === 'string' && value.includes(NUL))) {
				return refuse(
					400,
					`The field "${key.replaceAll(NUL, '')}" contains a NUL character.`,
					reader
				);
			}
		}
	} catch {
		return refuse(400, 'The form could not be read (it is not well-formed).', reader);
	}
	return null;
}
