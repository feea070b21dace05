import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { MIN_COMPRESS_BYTES, chooseEncoding, compressResponse } from './compression';

const page = '<!doctype html><p>' + 'Quotes, claims, opinions and unclear sourcing. '.repeat(200);

function event(acceptEncoding: string | null, init: { method?: string; sub?: boolean } = {}) {
	const headers = new Headers();
	if (acceptEncoding !== null) headers.set('accept-encoding', acceptEncoding);
	return {
		request: new Request('http://localhost/practice', { method: init.method ?? 'GET', headers }),
		isSubRequest: init.sub ?? false
	};
}

function html(body: string, headers: Record<string, string> = {}) {
	return new Response(body, {
		headers: {
			'content-type': 'text/html',
			'content-length': String(Buffer.byteLength(body)),
			...headers
		}
	});
}

describe('chooseEncoding', () => {
	it('prefers Brotli, then gzip, and honours q=0 and *', () => {
		expect(chooseEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(chooseEncoding('gzip, deflate')).toBe('gzip');
		expect(chooseEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(chooseEncoding('*')).toBe('br');
		expect(chooseEncoding('*, br;q=0')).toBe('gzip');
		expect(chooseEncoding('gzip;q=0, identity')).toBeNull();
		expect(chooseEncoding('identity')).toBeNull();
		expect(chooseEncoding('')).toBeNull();
		expect(chooseEncoding(null)).toBeNull();
	});
});

describe('compressResponse', () => {
	it('gzips a page for a client that accepts gzip, with its length, Vary and the other headers', async () => {
		const res = await compressResponse(
			event('gzip, deflate'),
			html(page, { 'x-request-id': 'abc', 'set-cookie': 'a=1; Path=/' })
		);
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(res.headers.get('vary')).toBe('Accept-Encoding');
		expect(res.headers.get('x-request-id')).toBe('abc');
		expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/']);
		const body = Buffer.from(await res.arrayBuffer());
		expect(Number(res.headers.get('content-length'))).toBe(body.byteLength);
		expect(body.byteLength).toBeLessThan(Buffer.byteLength(page) / 4);
		expect(gunzipSync(body).toString()).toBe(page);
	});

	it('uses Brotli when accepted, keeps the status, weakens a strong ETag and adds to Vary', async () => {
		const res = await compressResponse(
			event('br, gzip'),
			new Response(page, {
				status: 404,
				headers: {
					'content-type': 'text/html; charset=utf-8',
					'content-length': String(page.length),
					etag: '"v1"',
					vary: 'Cookie'
				}
			})
		);
		expect(res.status).toBe(404);
		expect(res.headers.get('content-encoding')).toBe('br');
		expect(res.headers.get('etag')).toBe('W/"v1"');
		expect(res.headers.get('vary')).toBe('Cookie, Accept-Encoding');
		expect(brotliDecompressSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(page);
	});

	it('compresses a streamed body (no Content-Length) chunk by chunk', async () => {
		const chunks = [page.slice(0, 3000), page.slice(3000)];
		const stream = new ReadableStream<Uint8Array>({
			start(controller) {
				for (const c of chunks) controller.enqueue(new TextEncoder().encode(c));
				controller.close();
			}
		});
		const res = await compressResponse(
			event('gzip'),
			new Response(stream, { headers: { 'content-type': 'text/html' } })
		);
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(res.headers.has('content-length')).toBe(false);
		expect(gunzipSync(Buffer.from(await res.arrayBuffer())).toString()).toBe(page);
	});

	it('sends as they are: small bodies, other types, HEAD, answers to writes, encoded bodies, sub-requests, no Accept-Encoding', async () => {
		const small = 'x'.repeat(MIN_COMPRESS_BYTES - 1);
		const cases: [ReturnType<typeof event>, Response][] = [
			[event('gzip'), html(small)],
			[
				event('gzip'),
				new Response(page, { headers: { 'content-type': 'image/png', 'content-length': '9000' } })
			],
			[event('gzip', { method: 'HEAD' }), html('')],
			[event('gzip', { method: 'PUT' }), html(page, { 'content-type': 'application/json' })],
			[event('gzip', { method: 'POST' }), html(page)],
			[event('gzip'), html(page, { 'content-encoding': 'gzip' })],
			[event('gzip'), html(page, { 'cache-control': 'no-transform' })],
			[event('gzip', { sub: true }), html(page)],
			[event(null), html(page)],
			[event('gzip'), new Response(null, { status: 304 })]
		];
		for (const [e, response] of cases) {
			const before = response.headers.get('content-encoding');
			const res = await compressResponse(e, response);
			expect(res).toBe(response);
			expect(res.headers.get('content-encoding')).toBe(before);
		}
	});
});
