/**
 * A tiny cookie-keeping HTTP client for integration tests: posts forms the way a browser does (with an
 * Origin header, so SvelteKit's CSRF check passes) and remembers the session cookie.
 */

export interface Reply {
	status: number;
	headers: Headers;
	text: string;
	location: string | null;
}

export class Client {
	cookies = new Map<string, string>();
	constructor(readonly base: string) {}

	cookieHeader(): string {
		return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	#keep(res: Response) {
		for (const c of res.headers.getSetCookie()) {
			const [pair, ...attrs] = c.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const expired = attrs.some(
				(a) => /max-age=0/i.test(a) || /expires=Thu, 01 Jan 1970/i.test(a)
			);
			if (expired || value === '') this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
	}

	/** Any request; never follows redirects. */
	async request(method: string, path: string, init: RequestInit = {}): Promise<Reply> {
		const headers = new Headers(init.headers);
		if (this.cookies.size) headers.set('cookie', this.cookieHeader());
		const res = await fetch(this.base + path, { ...init, method, headers, redirect: 'manual' });
		this.#keep(res);
		return {
			status: res.status,
			headers: res.headers,
			text: await res.text(),
			location: res.headers.get('location')
		};
	}

	get(path: string, init: RequestInit = {}) {
		return this.request('GET', path, init);
	}

	/** Posts a form as a browser on the same origin would (no JS: a full-page POST). */
	form(path: string, fields: Record<string, string>, origin = this.base) {
		return this.request('POST', path, {
			body: new URLSearchParams(fields),
			headers: {
				origin,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded'
			}
		});
	}

	/** JSON request with the session cookie. */
	json(method: string, path: string, body?: unknown) {
		return this.request(method, path, {
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
			headers: { 'content-type': 'application/json', origin: this.base }
		});
	}

	/** Logs in through the real form; returns the reply. */
	login(email: string, password: string) {
		return this.form('/login', { email, password });
	}
}
