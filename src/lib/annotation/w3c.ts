/**
 * W3C Web Annotation (JSON-LD) export and import of spans: one Annotation per span with its tag in a
 * `tagging` body, its note in a `commenting` body, and a target holding a TextPositionSelector (in code
 * points) and a TextQuoteSelector; several annotations travel as an AnnotationCollection whose first
 * AnnotationPage holds the items.
 *
 * DESIGN.md, "Text, spans and selectors": "W3C export uses TextPositionSelector in **code points** (as
 * the W3C model requires) and TextQuoteSelector; the tag goes in a body with purpose `tagging`. Several
 * annotations go out as an `AnnotationCollection` whose `first` is an `AnnotationPage` holding the
 * `items` (the model's collection structure); every annotation, collection and page has an absolute
 * IRI `id`; `created` is a date-time with a time zone. Import accepts the same."
 */
import { reanchor } from './anchoring';
import { codePointIndex, splitsSurrogatePair, textQuoteSelector } from './selectors';
import type { TextPositionSelector, TextQuoteSelector } from './selectors';
import { TAGS, isTag } from './tags';
import type { Tag } from './tags';
import type { Span } from './types';

/** The JSON-LD context of the Web Annotation model. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** The creator of annotations: an agent described inline (or give its IRI as a string). */
export interface W3CAgent {
	id?: string;
	type?: 'Person' | 'Organization' | 'Software';
	name?: string;
}

/** A body holding text: the tag (purpose `tagging`) or the note (purpose `commenting`). */
export interface W3CTextualBody {
	type: 'TextualBody';
	purpose: 'tagging' | 'commenting';
	value: string;
	format?: 'text/plain';
}

/** One exported span. */
export interface W3CAnnotation {
	id: string;
	type: 'Annotation';
	motivation: 'tagging' | 'highlighting';
	created: string;
	creator?: string | W3CAgent;
	body: W3CTextualBody[];
	target: { source: string; selector: [TextPositionSelector, TextQuoteSelector] };
}

/** The page of a collection that holds the annotations. */
export interface W3CAnnotationPage {
	id: string;
	type: 'AnnotationPage';
	partOf: string;
	startIndex: number;
	items: W3CAnnotation[];
}

/** What {@link exportAnnotations} produces. */
export interface W3CAnnotationCollection {
	'@context': typeof ANNO_CONTEXT;
	id: string;
	type: 'AnnotationCollection';
	label: string;
	total: number;
	first: W3CAnnotationPage;
	last: string;
}

/** What to export and how to name it. */
export interface ExportOptions {
	/** The article's canonical text, which the spans' offsets index. */
	text: string;
	spans: readonly Span[];
	/** The article's absolute IRI (every target's `source`). */
	source: string;
	/**
	 * Absolute IRI the ids are made from: the collection is `idBase` (without a trailing slash), its page
	 * `<idBase>/page/1`, the n-th annotation (from 1, in input order) `<idBase>/annotations/<n>`.
	 */
	idBase: string;
	/** Who made the annotations: an IRI or an agent. */
	creator?: string | W3CAgent;
	/** When (default now); written in UTC with a `Z`. */
	created?: Date;
	/** Default `tagging`. */
	motivation?: 'tagging' | 'highlighting';
	/** The collection's label (default "Newsmark annotations"). */
	label?: string;
}

function isAbsoluteIri(value: string): boolean {
	if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) return false;
	try {
		new URL(value);
		return true;
	} catch {
		return false;
	}
}

/**
 * Exports spans as a W3C AnnotationCollection (JSON-LD). Each annotation has an absolute `id`,
 * `type` "Annotation", the motivation, `created` as an ISO date-time in UTC, a `tagging` TextualBody
 * with the tag and, when the span has a note (any string, even empty), a `commenting` TextualBody with
 * format text/plain; its target is the article with a TextPositionSelector in code points and a
 * TextQuoteSelector (exact, 32-character prefix and suffix). Spans go out in input order.
 *
 * @throws TypeError when source or idBase is not an absolute IRI or created is not a valid date;
 *   RangeError when a span is outside the text, splits a surrogate pair or has an unknown tag.
 */
export function exportAnnotations(options: ExportOptions): W3CAnnotationCollection {
	const { text, spans, source, idBase } = options;
	if (!isAbsoluteIri(source)) throw new TypeError(`source must be an absolute IRI (got ${source})`);
	if (!isAbsoluteIri(idBase)) throw new TypeError(`idBase must be an absolute IRI (got ${idBase})`);
	const created = options.created ?? new Date();
	if (Number.isNaN(created.getTime())) throw new TypeError('created is not a valid date');
	const when = created.toISOString();
	const motivation = options.motivation ?? 'tagging';
	const base = idBase.replace(/\/+$/, '');
	const pageId = `${base}/page/1`;
	const index = codePointIndex(text);

	const items = spans.map((span, i): W3CAnnotation => {
		const { start, end, tag } = span;
		if (!(
			Number.isSafeInteger(start) &&
			Number.isSafeInteger(end) &&
			0 <= start &&
			start < end &&
			end <= text.length
		)) {
			throw new RangeError(`span ${i}: offsets ${start}–${end} are not a range of the text`);
		}
		if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
			throw new RangeError(`span ${i}: offsets ${start}–${end} split a character in two`);
		}
		if (!isTag(tag)) throw new RangeError(`span ${i}: ${JSON.stringify(tag)} is not a tag`);
		const body: W3CTextualBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: tag }];
		if (span.note !== undefined) {
			body.push({
				type: 'TextualBody',
				purpose: 'commenting',
				value: span.note,
				format: 'text/plain'
			});
		}
		const annotation: W3CAnnotation = {
			id: `${base}/annotations/${i + 1}`,
			type: 'Annotation',
			motivation,
			created: when,
			body,
			target: {
				source,
				selector: [
					{
						type: 'TextPositionSelector',
						start: index.toCodePoint(start),
						end: index.toCodePoint(end)
					},
					textQuoteSelector(text, span)
				]
			}
		};
		if (options.creator !== undefined) annotation.creator = options.creator;
		return annotation;
	});

	return {
		'@context': ANNO_CONTEXT,
		id: base,
		type: 'AnnotationCollection',
		label: options.label ?? 'Newsmark annotations',
		total: items.length,
		first: { id: pageId, type: 'AnnotationPage', partOf: base, startIndex: 0, items },
		last: pageId
	};
}

/** A document that is not a Web Annotation export Newsmark can read; `path` names the field. */
export class W3CImportError extends Error {
	readonly path: string;
	constructor(path: string, problem: string) {
		super(path === '' ? problem : `${path}: ${problem}`);
		this.name = 'W3CImportError';
		this.path = path;
	}
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasType(value: Json, type: string): boolean {
	const t = value.type ?? value['@type'];
	return t === type || (Array.isArray(t) && t.includes(type));
}

function join(path: string, key: string | number): string {
	if (typeof key === 'number') return `${path}[${key}]`;
	return path === '' ? key : `${path}.${key}`;
}

/** A value as a list: arrays as they are, one value as a list of one. */
function asList(value: unknown): unknown[] {
	return Array.isArray(value) ? value : [value];
}

function readTag(annotation: Json, path: string): { tag: Tag; note?: string } {
	if (annotation.body === undefined) {
		throw new W3CImportError(
			join(path, 'body'),
			'missing; the tag goes in a body with purpose "tagging"'
		);
	}
	const bodies = asList(annotation.body);
	const listed = Array.isArray(annotation.body);
	let tag: Tag | undefined;
	let note: string | undefined;
	bodies.forEach((body, i) => {
		const at = listed ? join(join(path, 'body'), i) : join(path, 'body');
		if (!isObject(body)) throw new W3CImportError(at, 'each body must be an object');
		const purposes = asList(body.purpose);
		if (purposes.includes('tagging')) {
			if (!isTag(body.value)) {
				throw new W3CImportError(
					join(at, 'value'),
					`${JSON.stringify(body.value)} is not a Newsmark tag (${TAGS.join(', ')})`
				);
			}
			if (tag !== undefined && tag !== body.value) {
				throw new W3CImportError(join(path, 'body'), `more than one tag (${tag}, ${body.value})`);
			}
			tag = body.value;
		} else if (purposes.includes('commenting') && note === undefined) {
			if (typeof body.value !== 'string') {
				throw new W3CImportError(join(at, 'value'), 'a commenting body needs a text value');
			}
			note = body.value;
		}
	});
	if (tag === undefined) {
		throw new W3CImportError(
			join(path, 'body'),
			`no body with purpose "tagging" holding a tag (${TAGS.join(', ')})`
		);
	}
	return note === undefined ? { tag } : { tag, note };
}

function readSpan(annotation: unknown, path: string, text: string): Span {
	if (!isObject(annotation)) throw new W3CImportError(path, 'an annotation must be an object');
	if (!hasType(annotation, 'Annotation')) {
		throw new W3CImportError(join(path, 'type'), 'expected "Annotation"');
	}
	const { tag, note } = readTag(annotation, path);

	let target = annotation.target;
	let targetPath = join(path, 'target');
	if (Array.isArray(target)) {
		if (target.length !== 1) throw new W3CImportError(targetPath, 'expected exactly one target');
		target = target[0];
		targetPath = join(targetPath, 0);
	}
	if (!isObject(target)) {
		throw new W3CImportError(targetPath, 'expected an object with a source and a selector');
	}
	const selectorPath = join(targetPath, 'selector');
	if (target.selector === undefined) {
		throw new W3CImportError(selectorPath, 'no TextPositionSelector or TextQuoteSelector');
	}
	const listed = Array.isArray(target.selector);
	let position: { start: number; end: number; path: string } | undefined;
	let quote: (TextQuoteSelector & { path: string }) | undefined;
	asList(target.selector).forEach((selector, i) => {
		const at = listed ? join(selectorPath, i) : selectorPath;
		if (!isObject(selector)) return;
		if (hasType(selector, 'TextPositionSelector') && position === undefined) {
			for (const key of ['start', 'end'] as const) {
				const v = selector[key];
				if (!Number.isSafeInteger(v) || (v as number) < 0) {
					throw new W3CImportError(
						join(at, key),
						`must be a whole number ≥ 0 (got ${JSON.stringify(v)})`
					);
				}
			}
			position = { start: selector.start as number, end: selector.end as number, path: at };
		} else if (hasType(selector, 'TextQuoteSelector') && quote === undefined) {
			for (const key of ['exact', 'prefix', 'suffix'] as const) {
				const v = selector[key];
				if (
					key === 'exact'
						? typeof v !== 'string' || v === ''
						: v !== undefined && typeof v !== 'string'
				) {
					throw new W3CImportError(
						join(at, key),
						key === 'exact' ? 'must be the quoted text' : 'must be text'
					);
				}
			}
			quote = {
				type: 'TextQuoteSelector',
				exact: selector.exact as string,
				prefix: selector.prefix as string | undefined,
				suffix: selector.suffix as string | undefined,
				path: at
			};
		}
	});
	if (position === undefined && quote === undefined) {
		throw new W3CImportError(selectorPath, 'no TextPositionSelector or TextQuoteSelector');
	}

	const withTag = (start: number, end: number): Span =>
		note === undefined ? { start, end, tag } : { start, end, tag, note };

	let start: number | undefined;
	let end: number | undefined;
	if (position !== undefined) {
		const index = codePointIndex(text);
		if (position.start < position.end && position.end <= index.length) {
			start = index.toUtf16(position.start);
			end = index.toUtf16(position.end);
		} else if (quote === undefined) {
			throw new W3CImportError(
				position.path,
				position.start >= position.end
					? `start ${position.start} is not before end ${position.end}`
					: `end ${position.end} is past the end of the article (${index.length} characters)`
			);
		}
	}
	if (quote === undefined) return withTag(start as number, end as number);
	if (start !== undefined && text.slice(start, end) === quote.exact)
		return withTag(start, end as number);
	// The position and the quote disagree (or there is no usable position): the quote wins.
	const found = reanchor(text, { ...quote, start });
	if (found.status === 'orphaned') {
		throw new W3CImportError(quote.path, found.reason);
	}
	return withTag(found.start, found.end);
}

/**
 * Imports spans from W3C Web Annotation JSON-LD: an AnnotationCollection (with its embedded `first`
 * page, following embedded `next` pages), an AnnotationPage, a single Annotation, or an array of
 * annotations. Each annotation needs a body with purpose `tagging` whose value is a tag; a
 * `commenting` body becomes the note; the target needs a TextPositionSelector (code points) and/or a
 * TextQuoteSelector. When the position's text is not the quote's exact text (or the position is
 * unusable) the span is re-anchored by quote (see `reanchor`). Spans come back in document order and
 * are not normalised: run `normalizeSpans` on them before storing.
 *
 * @throws W3CImportError naming the field path, e.g.
 *   `first.items[3].target.selector: no TextPositionSelector or TextQuoteSelector`.
 */
export function importAnnotations(json: unknown, text: string): Span[] {
	if (Array.isArray(json)) return json.map((a, i) => readSpan(a, join('', i), text));
	if (!isObject(json)) {
		throw new W3CImportError('', 'expected a Web Annotation collection, page, annotation or list');
	}
	if (hasType(json, 'Annotation')) return [readSpan(json, '', text)];
	const spans: Span[] = [];
	const readPage = (page: unknown, path: string) => {
		if (!isObject(page)) {
			throw new W3CImportError(
				path,
				typeof page === 'string'
					? `links to another document (${page}); only embedded pages can be imported`
					: 'expected an AnnotationPage'
			);
		}
		if (!Array.isArray(page.items))
			throw new W3CImportError(join(path, 'items'), 'expected a list');
		page.items.forEach((a, i) => spans.push(readSpan(a, join(join(path, 'items'), i), text)));
		if (page.next !== undefined) readPage(page.next, join(path, 'next'));
	};
	if (hasType(json, 'AnnotationCollection')) {
		if (json.first === undefined) {
			if (json.total === 0) return [];
			throw new W3CImportError(
				'first',
				'missing; the collection must embed its first AnnotationPage'
			);
		}
		readPage(json.first, 'first');
	} else if (hasType(json, 'AnnotationPage')) {
		readPage(json, '');
	} else {
		throw new W3CImportError(
			'type',
			'expected "AnnotationCollection", "AnnotationPage" or "Annotation"'
		);
	}
	return spans;
}
