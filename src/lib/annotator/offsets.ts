/**
 * ProseMirror positions <-> canonical text offsets. The canonical text of an article is its blocks joined
 * by "\n\n" (DESIGN.md, "Text, spans and selectors"); offsets are UTF-16 code units, as are ProseMirror's
 * positions inside a text node, so the mapping is a shift per block. The map is built once per document
 * (the annotator's document never changes) and cached.
 */
import type { Node } from 'prosemirror-model';
import { BLOCK_SEPARATOR, canonicalText } from '$lib/annotation/text';

export { canonicalText };

/** Where every block of a document sits, both in the document and in the canonical text. */
export class TextOffsets {
	/** The canonical text of the document. */
	readonly text: string;
	/** Offset in the canonical text where each block starts. */
	readonly starts: readonly number[];
	/** Document position where each block's content starts (just inside the block node). */
	readonly positions: readonly number[];
	/** Length of each block's text. */
	readonly lengths: readonly number[];

	private constructor(doc: Node) {
		const starts: number[] = [];
		const positions: number[] = [];
		const lengths: number[] = [];
		const texts: string[] = [];
		let offset = 0;
		doc.forEach((block, pos, index) => {
			if (index > 0) offset += BLOCK_SEPARATOR.length;
			starts.push(offset);
			positions.push(pos + 1);
			lengths.push(block.content.size);
			texts.push(block.textContent);
			offset += block.content.size;
		});
		this.starts = starts;
		this.positions = positions;
		this.lengths = lengths;
		this.text = canonicalText(texts);
	}

	private static cache = new WeakMap<Node, TextOffsets>();

	/** The (cached) offset map of a document. */
	static of(doc: Node): TextOffsets {
		let map = TextOffsets.cache.get(doc);
		if (!map) TextOffsets.cache.set(doc, (map = new TextOffsets(doc)));
		return map;
	}

	/** Number of blocks. */
	get blockCount(): number {
		return this.starts.length;
	}

	/** The index of the block whose text contains `offset` (its end included); -1 inside a separator. */
	blockAt(offset: number): number {
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.starts[mid] <= offset) lo = mid;
			else hi = mid - 1;
		}
		return offset <= this.starts[lo] + this.lengths[lo] ? lo : -1;
	}

	/**
	 * The document position of a text offset. An offset inside a block separator maps to the end of the
	 * block before it (`bias` -1, the default) or to the start of the block after it (`bias` 1).
	 */
	toPos(offset: number, bias: -1 | 1 = -1): number {
		const o = Math.max(0, Math.min(offset, this.text.length));
		let lo = 0;
		let hi = this.starts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.starts[mid] <= o) lo = mid;
			else hi = mid - 1;
		}
		const end = this.starts[lo] + this.lengths[lo];
		if (o > end) {
			return bias < 0 || lo + 1 >= this.starts.length
				? this.positions[lo] + this.lengths[lo]
				: this.positions[lo + 1];
		}
		return this.positions[lo] + (o - this.starts[lo]);
	}

	/**
	 * The text offset of a document position. A position between blocks (outside any block) maps to the
	 * start of the block after it, or to the end of the text after the last block.
	 */
	toOffset(pos: number): number {
		let lo = 0;
		let hi = this.positions.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if (this.positions[mid] - 1 <= pos) lo = mid;
			else hi = mid - 1;
		}
		const inner = pos - this.positions[lo];
		if (inner < 0) return this.starts[lo];
		if (inner > this.lengths[lo]) {
			return lo + 1 < this.starts.length ? this.starts[lo + 1] : this.text.length;
		}
		return this.starts[lo] + inner;
	}
}
