/**
 * The pure parts of the articles module: slugs, the .txt round trip, reading input, and carrying a
 * reference over to an edited text (what moves, what is reported as lost).
 */
import { describe, expect, it } from 'vitest';
import sample from '$lib/fixtures/g20-syria.json';
import { anchorSpan } from '$lib/annotation/selectors';
import { parseArticleTxt } from '$lib/annotation/text';
import type { AnchoredSpan, ReferenceSpan } from '$lib/annotation/types';
import {
	articleToTxt,
	carryReference,
	parseArticleInput,
	readArticleFile,
	slugify,
	textFingerprint
} from './articles';

const reference: AnchoredSpan[] = (sample.reference.spans as ReferenceSpan[]).map((s) =>
	anchorSpan(sample.text, s)
);

describe('slugify', () => {
	it('makes lower-case ASCII words joined by hyphens', () => {
		expect(slugify("Obama, Putin have 'candid, blunt' chat on Syria")).toBe(
			'obama-putin-have-candid-blunt-chat-on-syria'
		);
		expect(slugify('Chloé’s café — über 50%!')).toBe('chloes-cafe-uber-50');
	});
	it('stays short and never ends on a hyphen, and is never empty', () => {
		const long = slugify('word '.repeat(40));
		expect(long.length).toBeLessThanOrEqual(60);
		expect(long.endsWith('-')).toBe(false);
		expect(slugify('«»—…')).toBe('article');
	});
});

describe('articleToTxt', () => {
	it('round-trips through the parser', () => {
		const txt = articleToTxt({ blocks: sample.blocks, byline: sample.byline });
		expect(parseArticleTxt(txt)).toEqual({
			title: sample.title,
			blocks: sample.blocks,
			byline: sample.byline
		});
		expect(parseArticleTxt(articleToTxt({ blocks: ['Only', 'two'], byline: null }))).toEqual({
			title: 'Only',
			blocks: ['Only', 'two'],
			byline: null
		});
	});
});

describe('parseArticleInput and readArticleFile', () => {
	it('names the field and keeps pasted text', () => {
		const r = parseArticleInput('   ');
		expect(r).toMatchObject({ ok: false, code: 'empty', field: 'text', raw: '   ' });
		expect(parseArticleInput(undefined)).toMatchObject({ ok: false, code: 'not_text' });
	});
	it('refuses files that are too large or not UTF-8, without echoing them', async () => {
		const big = await readArticleFile(new File(['a'.repeat(300_004)], 'big.txt'));
		expect(big).toMatchObject({ ok: false, code: 'too_long', field: 'file', raw: '' });
		const latin1 = await readArticleFile(new File([new Uint8Array([0x63, 0xe9])], 'x.txt'));
		expect(latin1).toMatchObject({ ok: false, code: 'binary', field: 'file' });
		const nul = await readArticleFile(new File(['Head\u0000line'], 'n.txt'));
		expect(nul).toMatchObject({ ok: false, code: 'binary', raw: '' });
		expect(!nul.ok && nul.message).toMatch(/^"n\.txt": The file does not look like plain text/);
		const good = await readArticleFile(new File(['\uFEFFHead\r\n\r\nBody\r\n'], 'ok.txt'));
		expect(good).toMatchObject({ ok: true, parsed: { blocks: ['Head', 'Body'] } });
	});
});

describe('carryReference', () => {
	it('keeps every span when the text is unchanged', () => {
		const r = carryReference(sample.text, reference);
		expect(r.orphans).toEqual([]);
		expect(r.moved).toBe(0);
		expect(r.spans.length).toBe(reference.length);
	});

	it('moves spans with inserted text and reports those whose words are gone', () => {
		const blocks = [...sample.blocks];
		const removed = blocks.splice(3, 1)[0];
		blocks.splice(1, 0, 'A standfirst added by the editor.');
		const text = blocks.join('\n\n');
		const r = carryReference(text, reference);
		const gone = reference.filter((s) => removed.includes(s.exact) && !text.includes(s.exact));
		expect(gone.length).toBeGreaterThan(0);
		expect(r.orphans.map((o) => o.span)).toEqual(gone);
		for (const o of r.orphans) expect(o.reason).toMatch(/no longer in the article/);
		expect(r.spans.length + r.orphans.length).toBe(reference.length);
		for (const s of r.spans) {
			expect(text.slice(s.start, s.end)).toBe(s.exact);
			expect(s.note).toBeDefined();
		}
		expect(r.moved).toBeGreaterThan(0);
	});

	it('reports a span that would land on the same words and tag as another', () => {
		const text = 'Headline\n\nThe mayor said so. The mayor said so.';
		const a = anchorSpan(text, { start: 10, end: 28, tag: 'claim' as const, note: 'first' });
		const b = anchorSpan(text, { start: 29, end: 47, tag: 'claim' as const, note: 'second' });
		const edited = 'Headline\n\nThe mayor said so.';
		const r = carryReference(edited, [a, b]);
		expect(r.spans).toHaveLength(1);
		expect(r.orphans).toHaveLength(1);
		expect(r.orphans[0].reason).toBe(
			'after the edit it falls on the same words as another claim span'
		);
	});
});

describe('textFingerprint', () => {
	it('differs for different texts and is stable', () => {
		expect(textFingerprint('a')).toBe(textFingerprint('a'));
		expect(textFingerprint('a')).not.toBe(textFingerprint('b'));
		expect(textFingerprint('a')).toMatch(/^[0-9a-f]{16}$/);
	});
});
