import { describe, expect, it } from 'vitest';
import { modulepreloads, withPreloadTags } from './preload-tags';

const LINK =
	'<../_app/immutable/assets/0.css>; rel="preload"; as="style"; nopush, ' +
	'<../_app/immutable/entry/start.js>; rel="modulepreload"; nopush, ' +
	'<../_app/immutable/chunks/a&b.js>; rel="modulepreload"; nopush';
const PAGE = '<!doctype html><html><head><title>x</title>\n\t</head><body><p>Hi</p></body></html>';

function page(body: string, headers: Record<string, string> = {}) {
	return new Response(body, {
		status: 200,
		headers: {
			'content-type': 'text/html',
			'content-length': String(Buffer.byteLength(body)),
			link: LINK,
			...headers
		}
	});
}

describe('modulepreloads', () => {
	it('reads the modules of a Link header, not its stylesheets', () => {
		expect(modulepreloads(LINK)).toEqual([
			'../_app/immutable/entry/start.js',
			'../_app/immutable/chunks/a&b.js'
		]);
		expect(modulepreloads(null)).toEqual([]);
	});
});

describe('withPreloadTags', () => {
	it('writes a tag per module before </head>, escaped, with the new length and the same headers', async () => {
		const res = await withPreloadTags(page(PAGE, { 'x-request-id': 'r1' }));
		const html = await res.text();
		expect(html).toContain(
			'<link rel="modulepreload" href="../_app/immutable/entry/start.js">\n\t\t' +
				'<link rel="modulepreload" href="../_app/immutable/chunks/a&amp;b.js">\n\t</head>'
		);
		expect(html).not.toContain('0.css"');
		expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(html));
		expect(res.headers.get('x-request-id')).toBe('r1');
		expect(res.headers.get('link')).toBe(LINK);
	});

	it('leaves other responses as they are', async () => {
		const cases = [
			page(PAGE, { link: '<../_app/immutable/assets/0.css>; rel="preload"; as="style"' }),
			page(PAGE, { 'content-type': 'application/json' }),
			page(PAGE, { 'content-encoding': 'gzip' }),
			new Response(PAGE, { headers: { 'content-type': 'text/html', link: LINK } })
		];
		for (const response of cases) expect(await withPreloadTags(response)).toBe(response);
	});
});
