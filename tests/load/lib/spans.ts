/**
 * Growing drafts for simulated learners: every learner highlights words of the sample article in a
 * seeded random order, one more span per save (at most 500 kept: past that the oldest go). Spans start
 * and end on words inside one block, so they are already canonical (trimmed, no duplicates), and a draft
 * is sent sorted the way the server stores it, so "what was acknowledged" and "what is stored" compare
 * exactly.
 */
import { normalizeSpans } from '../../../src/lib/annotation/spans';
import { TAGS } from '../../../src/lib/annotation/tags';
import type { Span } from '../../../src/lib/annotation/types';

export const MAX_SPANS = 500;

/** mulberry32: small and seeded, so a learner's plan is the same every run. */
export function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Every span of 1 to 6 whole words inside one block (without a tag). */
export function candidateRanges(text: string): { start: number; end: number }[] {
	const out: { start: number; end: number }[] = [];
	let offset = 0;
	for (const block of text.split('\n\n')) {
		const words = [...block.matchAll(/\S+/g)].map((m) => ({
			start: offset + m.index!,
			end: offset + m.index! + m[0].length
		}));
		for (let i = 0; i < words.length; i++) {
			for (let j = i; j < Math.min(words.length, i + 6); j++) {
				out.push({ start: words[i].start, end: words[j].end });
			}
		}
		offset += block.length + 2;
	}
	return out;
}

/** The drafts one learner saves, one after another. */
export class DraftPlan {
	readonly #order: Span[] = [];
	readonly #used = new Set<string>();
	readonly #next: () => number;

	constructor(
		readonly text: string,
		readonly ranges: { start: number; end: number }[],
		seed: number
	) {
		this.#next = random(seed);
	}

	#grow(): void {
		for (;;) {
			const r = this.ranges[Math.floor(this.#next() * this.ranges.length)];
			const tag = TAGS[Math.floor(this.#next() * TAGS.length)];
			const key = `${r.start}:${r.end}:${tag}`;
			if (this.#used.has(key)) continue;
			this.#used.add(key);
			this.#order.push({ start: r.start, end: r.end, tag });
			return;
		}
	}

	/** The draft of save number `k` (from 0): k+1 spans (the latest 500), canonical order. */
	draft(k: number): Span[] {
		while (this.#order.length <= k) this.#grow();
		const spans = this.#order.slice(Math.max(0, k + 1 - MAX_SPANS), k + 1);
		const r = normalizeSpans<Span>(this.text, spans);
		if (r.errors.length || r.dropped.length || r.spans.length !== spans.length) {
			throw new Error(`a generated draft is not canonical: ${JSON.stringify(r.errors[0])}`);
		}
		return r.spans.map((s) => ({ start: s.start, end: s.end, tag: s.tag }));
	}
}

/** `start:end:tag` of every span, in order (to compare drafts exactly). */
export function spanKey(spans: readonly Span[]): string {
	return spans.map((s) => `${s.start}:${s.end}:${s.tag}${s.note ? `:${s.note}` : ''}`).join(',');
}
