import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import article from '../fixtures/g20-syria.json';
import { TAGS } from './tags';
import type { Span } from './types';
import { ANNO_CONTEXT, W3CImportError, exportAnnotations, importAnnotations } from './w3c';

const FC = { seed: 42, numRuns: 200 };
const created = new Date('2025-03-01T12:30:00+01:00');
const base = {
	source: 'https://newsmark.example/articles/a1',
	idBase: 'https://newsmark.example/export/7/'
};

function importError(json: unknown, text: string): W3CImportError {
	try {
		importAnnotations(json, text);
	} catch (error) {
		if (error instanceof W3CImportError) return error;
		throw error;
	}
	throw new Error('expected a W3CImportError');
}

describe('exportAnnotations', () => {
	const text = 'Hi 😀 "we agree" he said';
	// UTF-16: H0 i1 _2 😀3–4 _5 "6 w7 … e14 "15 _16 h17 … d23, length 24 (23 code points).
	const spans: Span[] = [
		{ start: 7, end: 15, tag: 'quote', note: 'Direct words.' },
		{ start: 17, end: 24, tag: 'unclear_sourcing' }
	];
	const doc = exportAnnotations({
		text,
		spans,
		...base,
		created,
		creator: { type: 'Person', name: 'Ann' }
	});

	it('builds an AnnotationCollection whose first page holds the items, all with absolute ids', () => {
		expect(doc['@context']).toBe(ANNO_CONTEXT);
		expect(doc['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
		expect(doc).toMatchObject({
			id: 'https://newsmark.example/export/7',
			type: 'AnnotationCollection',
			label: 'Newsmark annotations',
			total: 2,
			last: 'https://newsmark.example/export/7/page/1',
			first: {
				id: 'https://newsmark.example/export/7/page/1',
				type: 'AnnotationPage',
				partOf: 'https://newsmark.example/export/7',
				startIndex: 0
			}
		});
		expect(doc.first.items.map((a) => a.id)).toEqual([
			'https://newsmark.example/export/7/annotations/1',
			'https://newsmark.example/export/7/annotations/2'
		]);
	});

	it('writes each annotation with tagging and commenting bodies and both selectors (code points)', () => {
		expect(doc.first.items[0]).toEqual({
			id: 'https://newsmark.example/export/7/annotations/1',
			type: 'Annotation',
			motivation: 'tagging',
			created: '2025-03-01T11:30:00.000Z',
			creator: { type: 'Person', name: 'Ann' },
			body: [
				{ type: 'TextualBody', purpose: 'tagging', value: 'quote' },
				{ type: 'TextualBody', purpose: 'commenting', value: 'Direct words.', format: 'text/plain' }
			],
			target: {
				source: 'https://newsmark.example/articles/a1',
				selector: [
					{ type: 'TextPositionSelector', start: 6, end: 14 },
					{ type: 'TextQuoteSelector', exact: 'we agree', prefix: 'Hi 😀 "', suffix: '" he said' }
				]
			}
		});
		expect(doc.first.items[1].body).toEqual([
			{ type: 'TextualBody', purpose: 'tagging', value: 'unclear_sourcing' }
		]);
		expect(doc.first.items[1].created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
	});

	it('takes the motivation and label, and refuses relative IRIs, bad dates and bad spans', () => {
		const h = exportAnnotations({
			text,
			spans,
			...base,
			motivation: 'highlighting',
			label: 'Class 3B'
		});
		expect(h.first.items[0].motivation).toBe('highlighting');
		expect(h.label).toBe('Class 3B');
		expect(() => exportAnnotations({ text, spans, ...base, idBase: '/export/7' })).toThrow(
			'idBase must be an absolute IRI'
		);
		expect(() => exportAnnotations({ text, spans, ...base, source: 'articles/a1' })).toThrow(
			TypeError
		);
		expect(() => exportAnnotations({ text, spans, ...base, created: new Date('nope') })).toThrow(
			'created is not a valid date'
		);
		expect(() =>
			exportAnnotations({ text, spans: [{ start: 4, end: 6, tag: 'quote' }], ...base })
		).toThrow('split a character in two');
		expect(() =>
			exportAnnotations({ text, spans: [{ start: 0, end: 99, tag: 'quote' }], ...base })
		).toThrow(RangeError);
	});

	it('exports an empty collection', () => {
		const empty = exportAnnotations({ text, spans: [], ...base, created });
		expect(empty.total).toBe(0);
		expect(empty.first.items).toEqual([]);
		expect(importAnnotations(empty, text)).toEqual([]);
	});
});

describe('importAnnotations', () => {
	const text = article.text;
	const spans: Span[] = article.reference.spans.map(({ start, end, tag, note }) => ({
		start,
		end,
		tag: tag as Span['tag'],
		note
	}));
	const doc = exportAnnotations({ text, spans, ...base, created });
	const plain = JSON.parse(JSON.stringify(doc));

	it('reads a collection, a page, an annotation or a list of annotations', () => {
		expect(importAnnotations(plain, text)).toEqual(spans);
		expect(importAnnotations(plain.first, text)).toEqual(spans);
		expect(importAnnotations(plain.first.items[3], text)).toEqual([spans[3]]);
		expect(importAnnotations(plain.first.items.slice(0, 2), text)).toEqual(spans.slice(0, 2));
	});

	it('follows embedded next pages', () => {
		const items = plain.first.items;
		const paged = {
			...plain,
			first: {
				...plain.first,
				items: items.slice(0, 10),
				next: { type: 'AnnotationPage', items: items.slice(10) }
			}
		};
		expect(importAnnotations(paged, text)).toEqual(spans);
	});

	it('re-anchors by quote when the position disagrees with the quoted text', () => {
		const moved = structuredClone(plain.first.items[8]);
		moved.target.selector[0].start += 5;
		moved.target.selector[0].end += 5;
		expect(importAnnotations(moved, text)).toEqual([spans[8]]);
		// A position past the end of the text is also overruled by the quote.
		const far = structuredClone(plain.first.items[8]);
		far.target.selector[0] = { type: 'TextPositionSelector', start: 90000, end: 90010 };
		expect(importAnnotations(far, text)).toEqual([spans[8]]);
		// A quote selector alone is enough.
		const quoteOnly = structuredClone(plain.first.items[8]);
		quoteOnly.target.selector = quoteOnly.target.selector[1];
		expect(importAnnotations(quoteOnly, text)).toEqual([spans[8]]);
		// And so is a position selector alone.
		const positionOnly = structuredClone(plain.first.items[8]);
		positionOnly.target.selector = [positionOnly.target.selector[0]];
		expect(importAnnotations(positionOnly, text)).toEqual([spans[8]]);
	});

	it('rejects malformed documents, naming the field path', () => {
		const broken = structuredClone(plain);
		broken.first.items[3].target.selector = [{ type: 'CssSelector', value: 'p' }];
		expect(importError(broken, text).message).toBe(
			'first.items[3].target.selector: no TextPositionSelector or TextQuoteSelector'
		);
		const page = structuredClone(plain.first);
		page.items[3].target.selector = [];
		expect(importError(page, text).message).toBe(
			'items[3].target.selector: no TextPositionSelector or TextQuoteSelector'
		);
		const badTag = structuredClone(plain.first.items);
		badTag[1].body[0].value = 'fact';
		expect(importError(badTag, text).message).toBe(
			'[1].body[0].value: "fact" is not a Newsmark tag (quote, claim, opinion, unclear_sourcing)'
		);
		const noTag = structuredClone(plain.first.items[0]);
		noTag.body = [noTag.body[1]];
		expect(importError(noTag, text).message).toBe(
			'body: no body with purpose "tagging" holding a tag (quote, claim, opinion, unclear_sourcing)'
		);
		const twoTags = structuredClone(plain.first.items[0]);
		twoTags.body.push({ type: 'TextualBody', purpose: 'tagging', value: 'quote' });
		expect(importError(twoTags, text).message).toBe('body: more than one tag (claim, quote)');
		const badStart = structuredClone(plain.first.items[0]);
		badStart.target.selector[0].start = -1;
		expect(importError(badStart, text).message).toBe(
			'target.selector[0].start: must be a whole number ≥ 0 (got -1)'
		);
		const gone = structuredClone(plain.first.items[0]);
		gone.target.selector[1].exact = 'words that are nowhere in this article at all';
		gone.target.selector[1].prefix = 'zzz';
		gone.target.selector[1].suffix = 'qqq';
		expect(importError(gone, text).message).toBe(
			'target.selector[1]: the quoted text "words that are nowhere in this article …" is no longer in the article: no exact match, no matching context and no match with at most 9 edits near its old place'
		);
		const tooFar = structuredClone(plain.first.items[0]);
		tooFar.target.selector = [{ type: 'TextPositionSelector', start: 10, end: 5000 }];
		expect(importError(tooFar, text).message).toBe(
			'target.selector[0]: end 5000 is past the end of the article (3394 characters)'
		);
		expect(importError({ ...plain, first: 'https://x.example/p1' }, text).message).toBe(
			'first: links to another document (https://x.example/p1); only embedded pages can be imported'
		);
		expect(importError({ type: 'Thing' }, text).message).toBe(
			'type: expected "AnnotationCollection", "AnnotationPage" or "Annotation"'
		);
		expect(importError(42, text).path).toBe('');
		expect(importError([{ type: 'Note' }], text).message).toBe('[0].type: expected "Annotation"');
		expect(importError({ type: 'AnnotationPage', items: {} }, text).message).toBe(
			'items: expected a list'
		);
	});

	it('round-trips spans with notes and astral characters: export then import is the identity', () => {
		const arbText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
		fc.assert(
			fc.property(
				arbText,
				fc.array(
					fc.record({
						a: fc.nat(),
						b: fc.nat(),
						tag: fc.constantFrom(...TAGS),
						note: fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: undefined })
					}),
					{ maxLength: 8 }
				),
				(t, raw) => {
					// Spans on code point boundaries (a span never splits a character).
					const points = Array.from(t);
					const offsets = [0];
					for (const p of points) offsets.push(offsets[offsets.length - 1] + p.length);
					const spans: Span[] = raw.map(({ a, b, tag, note }) => {
						const i = a % points.length;
						const j = i + 1 + (b % (points.length - i));
						const s: Span = { start: offsets[i], end: offsets[j], tag };
						return note === undefined ? s : { ...s, note };
					});
					const json = JSON.parse(
						JSON.stringify(exportAnnotations({ text: t, spans, ...base, created }))
					);
					expect(importAnnotations(json, t)).toEqual(spans);
				}
			),
			FC
		);
	});
});
