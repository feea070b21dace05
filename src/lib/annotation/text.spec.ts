import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import article from '../fixtures/g20-syria.json';
import {
	ArticleTextError,
	MAX_ARTICLE_CHARS,
	blockRanges,
	canonicalText,
	parseArticleTxt
} from './text';

const txt = readFileSync(new URL('../../../tests/fixtures/g20-syria.txt', import.meta.url), 'utf8');

function errorOf(fn: () => unknown): ArticleTextError {
	try {
		fn();
	} catch (error) {
		if (error instanceof ArticleTextError) return error;
		throw error;
	}
	throw new Error('expected an ArticleTextError');
}

describe('canonicalText and blockRanges', () => {
	it('joins blocks with a blank line and finds each block in the result', () => {
		const blocks = ['Headline', 'First para.', 'Second.'];
		const text = canonicalText(blocks);
		expect(text).toBe('Headline\n\nFirst para.\n\nSecond.');
		const ranges = blockRanges(blocks);
		expect(ranges).toEqual([
			{ start: 0, end: 8 },
			{ start: 10, end: 21 },
			{ start: 23, end: 30 }
		]);
		expect(ranges.map((r) => text.slice(r.start, r.end))).toEqual(blocks);
	});

	it('gives the sample article its stored text', () => {
		expect(canonicalText(article.blocks)).toBe(article.text);
		expect(blockRanges(article.blocks).at(-1)?.end).toBe(article.text.length);
	});
});

describe('parseArticleTxt', () => {
	it('parses the sample .txt into exactly the blocks and byline of the sample article', () => {
		const parsed = parseArticleTxt(txt);
		expect(parsed.blocks).toEqual(article.blocks);
		expect(parsed.byline).toBe(article.byline);
		expect(parsed.title).toBe(article.title);
	});

	it('normalises CRLF and CR, trims lines and collapses runs of blank lines', () => {
		const parsed = parseArticleTxt(
			'\uFEFF  Head \r\n\r\n\r\n\r\n Para one.\t\r\n\r\nPara two.\r\r   \r• Ann Writer  \r\n'
		);
		expect(parsed).toEqual({
			title: 'Head',
			blocks: ['Head', 'Para one.', 'Para two.'],
			byline: 'Ann Writer'
		});
	});

	it('joins the lines of a hard-wrapped paragraph with one space', () => {
		expect(parseArticleTxt('Title\n\nOne line\n  and the next\n\nLast').blocks).toEqual([
			'Title',
			'One line and the next',
			'Last'
		]);
	});

	it('takes a byline only from a last line starting with •', () => {
		expect(parseArticleTxt('Title\n\nBody\n\nBy Someone').byline).toBeNull();
		const own = parseArticleTxt('Title\n\nBody text\n• Someone');
		expect(own.blocks).toEqual(['Title', 'Body text']);
		expect(own.byline).toBe('Someone');
		expect(parseArticleTxt('Title\n\n• ').byline).toBeNull();
	});

	it('refuses empty input, naming the problem', () => {
		for (const raw of ['', '   \n\n \r\n', '\uFEFF']) {
			const e = errorOf(() => parseArticleTxt(raw));
			expect(e.code).toBe('empty');
			expect(e.message).toMatch(/empty/);
		}
		expect(errorOf(() => parseArticleTxt('  • Only A Byline')).message).toMatch(/only a byline/);
	});

	it('refuses binary content: NUL and other control characters', () => {
		const nul = errorOf(() => parseArticleTxt('Title\n\nBody\u0000more'));
		expect(nul.code).toBe('binary');
		expect(nul.message).toContain('U+0000 on line 3');
		expect(errorOf(() => parseArticleTxt('PK\u0003\u0004 zip')).code).toBe('binary');
		expect(errorOf(() => parseArticleTxt('Title\u001b[0m')).code).toBe('binary');
		// Tabs are ordinary text.
		expect(parseArticleTxt('Title\twith tab').blocks).toEqual(['Title\twith tab']);
	});

	it('refuses text over 100,000 characters, and accepts exactly 100,000', () => {
		const exact = 'x'.repeat(MAX_ARTICLE_CHARS);
		expect(parseArticleTxt(exact).blocks[0].length).toBe(100_000);
		const e = errorOf(() => parseArticleTxt(`${exact}y`));
		expect(e.code).toBe('too_long');
		expect(e.message).toBe('The article has 100,001 characters; the limit is 100,000.');
		expect(e).toBeInstanceOf(Error);
		expect(e.name).toBe('ArticleTextError');
	});
});
