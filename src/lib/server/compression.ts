/**
 * Compresses what the app renders (pages, their `__data.json`, JSON and CSV answers) with Brotli or gzip,
 * as the client accepts. adapter-node serves the built static files precompressed, but sends responses
 * made by SvelteKit as they are: a page's HTML is 4–25 KB and compresses to about a quarter.
 *
 * Only answers to GET are compressed, and only from 1 KiB: the answer to a write (an autosave's, on the
 * busiest path) and small bodies go as they are, as compressing them costs more than it saves. Whole
 * bodies are compressed in libuv's thread pool, off the event loop; a streamed body (no Content-Length)
 * is compressed as it streams, each chunk flushed at once.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import {
	brotliCompress,
	constants,
	createBrotliCompress,
	createGzip,
	gzip,
	type BrotliOptions,
	type ZlibOptions
} from 'node:zlib';

/** Bodies smaller than this are sent as they are. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE =
	/^(text\/|application\/(json|ld\+json|javascript|xml|manifest\+json)|image\/svg\+xml)/i;
const UNCOMPRESSED_STATUS = new Set([101, 204, 205, 206, 304]);

// Brotli at quality 5 and gzip at level 6: most of the gain for a few milliseconds per page at most.
const BROTLI: BrotliOptions = {
	params: {
		[constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
		[constants.BROTLI_PARAM_QUALITY]: 5
	}
};
const GZIP: ZlibOptions = { level: 6 };
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/**
 * The encoding to answer a request with, from its Accept-Encoding: Brotli when accepted, else gzip (also
 * for `*`), else null. An encoding given `q=0` is refused.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
	if (!acceptEncoding) return null;
	const accepted = new Map<string, number>();
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (!name) continue;
		const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)).find(Boolean);
		accepted.set(name.trim(), q ? Number(q[1]) : 1);
	}
	const ok = (name: string) => {
		const q = accepted.has(name) ? accepted.get(name) : accepted.get('*');
		return q !== undefined && q > 0;
	};
	if (ok('br')) return 'br';
	if (ok('gzip')) return 'gzip';
	return null;
}

/** Whether `response` is worth compressing (a compressible type, big enough, not encoded already). */
function compressible(request: Request, response: Response): boolean {
	// Only reads: the answer to a write (an autosave's, above all) is small, and the busiest path.
	if (request.method !== 'GET' || !response.body) return false;
	if (response.status < 200 || UNCOMPRESSED_STATUS.has(response.status)) return false;
	const headers = response.headers;
	if (headers.has('content-encoding')) return false;
	if (/\bno-transform\b/i.test(headers.get('cache-control') ?? '')) return false;
	const type = headers.get('content-type') ?? '';
	if (!COMPRESSIBLE.test(type) || /^text\/event-stream/i.test(type)) return false;
	const length = headers.get('content-length');
	return length === null || Number(length) >= MIN_COMPRESS_BYTES;
}

/**
 * `response` compressed for the request of `event` when the client accepts it and it is worth it;
 * otherwise `response` itself. SvelteKit's own sub-requests (`event.fetch` during rendering) are never
 * compressed.
 */
export async function compressResponse(
	event: Pick<RequestEvent, 'request' | 'isSubRequest'>,
	response: Response
): Promise<Response> {
	if (event.isSubRequest) return response;
	const encoding = chooseEncoding(event.request.headers.get('accept-encoding'));
	if (!encoding || !compressible(event.request, response)) return response;

	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) {
		headers.set('vary', `${vary}, Accept-Encoding`);
	}
	// The bytes differ from the uncompressed ones, so a strong validator becomes a weak one.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	const init = { status: response.status, statusText: response.statusText, headers };

	if (response.headers.has('content-length')) {
		const body = Buffer.from(await response.arrayBuffer());
		const packed =
			encoding === 'br' ? await brotliAsync(body, BROTLI) : await gzipAsync(body, GZIP);
		headers.set('content-length', String(packed.byteLength));
		return new Response(new Uint8Array(packed), init);
	}

	headers.delete('content-length');
	const zip =
		encoding === 'br'
			? createBrotliCompress({ ...BROTLI, flush: constants.BROTLI_OPERATION_FLUSH })
			: createGzip({ ...GZIP, flush: constants.Z_SYNC_FLUSH });
	const source = Readable.fromWeb(response.body as unknown as NodeReadableStream);
	source.on('error', (error) => zip.destroy(error));
	source.pipe(zip);
	return new Response(Readable.toWeb(zip) as unknown as ReadableStream, init);
}
