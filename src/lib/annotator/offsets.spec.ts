import { describe, expect, it } from 'vitest';
import { docFromBlocks } from './schema';
import { TextOffsets, canonicalText } from './offsets';
import { article } from './test-utils';

describe('TextOffsets on the sample article', () => {
	const doc = docFromBlocks(article.blocks);
	const offsets = TextOffsets.of(doc);

	it('rebuilds the canonical text from the document', () => {
		expect(offsets.text).toBe(article.text);
		expect(canonicalText(article.blocks)).toBe(article.text);
		expect(offsets.blockCount).toBe(article.blocks.length);
	});

	it('maps every reference span to positions whose text is its exact quote', () => {
		expect(article.reference.spans.length).toBe(33);
		for (const span of article.reference.spans) {
			const from = offsets.toPos(span.start, 1);
			const to = offsets.toPos(span.end, -1);
			expect(doc.textBetween(from, to), `span ${span.start}-${span.end}`).toBe(span.exact);
			expect(offsets.toOffset(from)).toBe(span.start);
			expect(offsets.toOffset(to)).toBe(span.end);
		}
	});

	it('round-trips every offset inside a block, and every position inside a block', () => {
		for (let o = 0; o <= offsets.text.length; o++) {
			if (offsets.blockAt(o) < 0) continue;
			expect(offsets.toOffset(offsets.toPos(o))).toBe(o);
		}
		doc.descendants((node, pos) => {
			if (!node.isTextblock) return false;
			for (let p = pos + 1; p <= pos + 1 + node.content.size; p++) {
				expect(offsets.toPos(offsets.toOffset(p))).toBe(p);
			}
			return false;
		});
	});

	it('puts an offset inside a paragraph break at the end of the block before or the start of the next', () => {
		const sep = article.blocks[0].length + 1; // between the two newlines
		expect(offsets.blockAt(sep)).toBe(-1);
		expect(offsets.toPos(sep, -1)).toBe(1 + article.blocks[0].length);
		const next = offsets.toPos(sep, 1);
		expect(doc.resolve(next).parent.textContent).toBe(article.blocks[1]);
		expect(doc.resolve(next).parentOffset).toBe(0);
	});

	it('counts UTF-16 code units, like the canonical text', () => {
		const d = docFromBlocks(['Emoji 😀 title', 'Café “quoted” 😀 text']);
		const o = TextOffsets.of(d);
		const start = o.text.indexOf('text');
		expect(d.textBetween(o.toPos(start), o.toPos(start + 4))).toBe('text');
	});
});
