/**
 * Writes a `<link rel="modulepreload">` tag into a rendered page's head for each module its Link header
 * preloads. For pages rendered on request SvelteKit names the page's modules only in the Link header (the
 * tags only on prerendered pages), while the client's module loader (Vite's preload helper) looks for tags:
 * finding none, it adds a tag per module itself as the page starts, on the main thread, while the page is
 * busy starting. With the tags in the HTML it adds none, and browsers that ignore Link headers preload too.
 */

const MODULEPRELOAD = /<([^>]+)>;\s*rel="?modulepreload"?/g;

/** The hrefs a Link header asks to modulepreload, in order. */
export function modulepreloads(link: string | null): string[] {
	return link ? [...link.matchAll(MODULEPRELOAD)].map((m) => m[1]) : [];
}

const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * `response` with the modulepreload tags of its Link header written before `</head>`, when it is a whole
 * HTML page (not streamed, not encoded) that names modules to preload; otherwise `response` itself.
 */
export async function withPreloadTags(response: Response): Promise<Response> {
	const headers = response.headers;
	if (!/^text\/html/i.test(headers.get('content-type') ?? '')) return response;
	if (!headers.has('content-length') || headers.has('content-encoding')) return response;
	const hrefs = modulepreloads(headers.get('link'));
	if (!hrefs.length) return response;
	const html = await response.text();
	const at = html.indexOf('</head>');
	const tags = hrefs.map((href) => `<link rel="modulepreload" href="${attribute(href)}">`);
	const body = at < 0 ? html : `${html.slice(0, at)}${tags.join('\n\t\t')}\n\t${html.slice(at)}`;
	const next = new Headers(headers);
	next.set('content-length', String(Buffer.byteLength(body)));
	return new Response(body, {
		status: response.status,
		statusText: response.statusText,
		headers: next
	});
}
