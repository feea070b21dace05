/**
 * Benchmark of the comparison engine (src/lib/annotation): scoring many generated submissions against
 * the sample article's reference, with κ, and the class picture (α per tag and the heatmap) of 1,000
 * learners. Prints its figures; it never fails on timing.
 *
 * Run: npx tsx scripts/bench/engine.ts
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	TAGS,
	blockRanges,
	classAgreement,
	compare,
	heatmap,
	prepareReference
} from '../../src/lib/annotation/index';
import type { ReferenceSpan, Span, Tag } from '../../src/lib/annotation/index';

interface Article {
	text: string;
	blocks: string[];
	reference: { spans: ReferenceSpan[] };
}

const article = JSON.parse(
	readFileSync(
		fileURLToPath(new URL('../../src/lib/fixtures/g20-syria.json', import.meta.url)),
		'utf8'
	)
) as Article;
const { text, blocks } = article;
const reference = article.reference.spans;

/** mulberry32: a small seeded generator, so every run scores the same submissions. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Word boundaries per block, so generated spans start and end on words like a learner's would.
const words = blockRanges(blocks).map(({ start, end }) => {
	const starts: number[] = [];
	const ends: number[] = [];
	for (const m of text.slice(start, end).matchAll(/\S+/g)) {
		starts.push(start + (m.index ?? 0));
		ends.push(start + (m.index ?? 0) + m[0].length);
	}
	return { starts, ends };
});
const blockOf = (offset: number) =>
	blockRanges(blocks).findIndex((r) => offset >= r.start && offset < r.end);
const refWords = reference.map((s) => {
	const b = blockOf(s.start);
	const w = words[b];
	return { b, first: w.starts.indexOf(s.start), last: w.ends.indexOf(s.end) };
});

/** A plausible submission: most spans near a reference span (boundaries off by a word or so, tag usually right), the rest anywhere. */
function submission(rand: () => number, count: number): Span[] {
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
	const spans: Span[] = [];
	for (let i = 0; i < count; i++) {
		if (rand() < 0.65) {
			const r = Math.floor(rand() * reference.length);
			const { b, first, last } = refWords[r];
			const w = words[b];
			const jitter = () => Math.floor(rand() * 5) - 2;
			let from = Math.max(0, Math.min(w.starts.length - 1, first + (rand() < 0.6 ? 0 : jitter())));
			let to = Math.max(0, Math.min(w.ends.length - 1, last + (rand() < 0.6 ? 0 : jitter())));
			if (to < from) [from, to] = [to, from];
			const tag: Tag = rand() < 0.7 ? reference[r].tag : pick(TAGS);
			spans.push({ start: w.starts[from], end: w.ends[to], tag });
		} else {
			const w = pick(words);
			const from = Math.floor(rand() * w.starts.length);
			const to = Math.min(w.ends.length - 1, from + Math.floor(rand() * 20));
			spans.push({ start: w.starts[from], end: w.ends[to], tag: pick(TAGS) });
		}
	}
	return spans;
}

function submissions(seed: number, learners: number, spans: number): Span[][] {
	const rand = random(seed);
	return Array.from({ length: learners }, () => submission(rand, spans));
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `runs` runs of `fn`, after `warmup` runs that are not counted. */
function time(fn: () => unknown, runs = 7, warmup = 3): number {
	for (let i = 0; i < warmup; i++) fn();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		fn();
		times.push(performance.now() - t0);
	}
	return median(times);
}

let sink = 0;
const prepared = prepareReference(reference);
const scoreAll = (subs: Span[][], ref: typeof prepared | ReferenceSpan[]) => () => {
	for (const s of subs) sink += compare(ref, s, { textLength: text.length }).grade;
};

const sub10k = submissions(1, 10_000, 40);
const sub20k = submissions(2, 20_000, 40);
const class1k = submissions(3, 1_000, 40);

const t10k = time(scoreAll(sub10k, prepared));
const t20k = time(scoreAll(sub20k, prepared));
const t10kPlain = time(scoreAll(sub10k, reference));
const tClass = time(() => {
	const counts = heatmap(text.length, class1k);
	sink += classAgreement(text.length, class1k, counts).alpha.claim ?? 0;
});
const tHeat = time(() => (sink += heatmap(text.length, class1k).claim[0]));

const sample = compare(prepared, sub10k[0], { textLength: text.length });
const alpha = classAgreement(text.length, class1k).alpha;

const rows: [string, string, string][] = [
	['score 10,000 × 40 spans, κ (prepared reference)', `${t10k.toFixed(1)} ms`, '≤ 250 ms'],
	['score 20,000 × 40 spans, κ (prepared reference)', `${t20k.toFixed(1)} ms`, ''],
	['ratio 20k / 10k', (t20k / t10k).toFixed(2), '≤ 2.2'],
	['score 10,000 × 40 spans, κ (plain span array)', `${t10kPlain.toFixed(1)} ms`, ''],
	['per submission (prepared)', `${((t10k / 10_000) * 1000).toFixed(1)} µs`, ''],
	['class α per tag + heatmap, 1,000 learners', `${tClass.toFixed(1)} ms`, '≤ 100 ms'],
	['heatmap alone, 1,000 learners', `${tHeat.toFixed(1)} ms`, '']
];
const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(
	`Comparison engine on the sample article (${text.length} characters, ${reference.length} reference spans); median of 7 runs after 3 warm-up runs.\n`
);
console.log(`${'what'.padEnd(w0)}  ${'time'.padStart(w1)}  target`);
for (const [what, value, target] of rows)
	console.log(`${what.padEnd(w0)}  ${value.padStart(w1)}  ${target}`);
console.log(
	`\nfirst generated submission: grade ${sample.grade.toFixed(1)}, ${sample.pairs.length} pairs, ${sample.missed.length} missed, ${sample.extra.length} extra`
);
console.log(
	`class α (1,000 generated learners): ${TAGS.map((t) => `${t} ${alpha[t]?.toFixed(3)}`).join(', ')}`
);
if (Number.isNaN(sink)) console.log('');
