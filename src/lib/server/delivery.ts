/**
 * How a response the app made leaves the server: a page first gets the modulepreload tags of its Link
 * header (preload-tags.ts), then the whole is compressed as the client accepts (compression.ts). Called
 * last in the handle hook, so both apply to every way the built server runs (`npm start`, the tests).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { compressResponse } from './compression';
import { withPreloadTags } from './preload-tags';

/** `response`, ready to send for the request of `event`. */
export async function deliver(
	event: Pick<RequestEvent, 'request' | 'isSubRequest'>,
	response: Response
): Promise<Response> {
	return compressResponse(event, await withPreloadTags(response));
}
