/**
 * Benchmark of the comparison engine (src/lib/annotation): scoring many generated submissions against
 * the sample article's reference, with κ, and the class picture (α per tag and the heatmap) of 1,000
 * learners. Prints its figures; it never fails on timing.
 *
 * Run: npx tsx scripts/bench/engine.ts
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
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

/**
 * A plausible submission: between half and four fifths of the spans on distinct reference spans
 * (boundaries often off by a word or two, the tag right seven times in ten), the rest anywhere in a
 * paragraph, up to 20 words long.
 */
function submission(rand: () => number, count: number): Span[] {
	const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)];
	const order = reference.map((_, i) => i);
	for (let i = order.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[order[i], order[j]] = [order[j], order[i]];
	}
	const near = Math.min(reference.length, Math.round(count * (0.5 + 0.3 * rand())));
	const spans: Span[] = [];
	for (let i = 0; i < count; i++) {
		if (i < near) {
			const r = order[i];
			const { b, first, last } = refWords[r];
			const w = words[b];
			const jitter = () => (rand() < 0.6 ? 0 : Math.floor(rand() * 5) - 2);
			let from = Math.max(0, Math.min(w.starts.length - 1, first + jitter()));
			let to = Math.max(0, Math.min(w.ends.length - 1, last + jitter()));
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
	// Learners make spans in any order.
	for (let i = spans.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[spans[i], spans[j]] = [spans[j], spans[i]];
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

interface Timing {
	/** Median wall-clock milliseconds. */
	wall: number;
	/** Median CPU milliseconds of the process (less sensitive to other load on the machine). */
	cpu: number;
}

/** Median wall and CPU time of `runs` runs of `fn`, after `warmup` runs that are not counted. */
function time(fn: () => unknown, runs = 7, warmup = 3): Timing {
	for (let i = 0; i < warmup; i++) fn();
	const wall: number[] = [];
	const cpu: number[] = [];
	for (let i = 0; i < runs; i++) {
		const c0 = process.cpuUsage();
		const t0 = performance.now();
		fn();
		wall.push(performance.now() - t0);
		const c = process.cpuUsage(c0);
		cpu.push((c.user + c.system) / 1000);
	}
	return { wall: median(wall), cpu: median(cpu) };
}

/** Like {@link time} for several functions, their runs interleaved. */
function timeTogether(fns: (() => unknown)[], runs = 7, warmup = 3): Timing[] {
	for (let i = 0; i < warmup; i++) for (const fn of fns) fn();
	const wall = fns.map((): number[] => []);
	const cpu = fns.map((): number[] => []);
	for (let i = 0; i < runs; i++) {
		fns.forEach((fn, f) => {
			const c0 = process.cpuUsage();
			const t0 = performance.now();
			fn();
			wall[f].push(performance.now() - t0);
			const c = process.cpuUsage(c0);
			cpu[f].push((c.user + c.system) / 1000);
		});
	}
	return fns.map((_, f) => ({ wall: median(wall[f]), cpu: median(cpu[f]) }));
}

let sink = 0;
const prepared = prepareReference(reference);
const scoreAll = (subs: Span[][], ref: typeof prepared | ReferenceSpan[]) => () => {
	for (const s of subs) sink += compare(ref, s, { textLength: text.length }).grade;
};

// The 10k set is the first half of the 20k set, so the ratio compares like with like.
const sub20k = submissions(1, 20_000, 40);
const sub10k = sub20k.slice(0, 10_000);
const class1k = submissions(3, 1_000, 40);

// Runs of 10k and 20k alternate, so a change in the machine's load hits both alike.
const [t10k, t20k] = timeTogether([scoreAll(sub10k, prepared), scoreAll(sub20k, prepared)], 9);
const t10kPlain = time(scoreAll(sub10k, reference));
const tClass = time(() => {
	const counts = heatmap(text.length, class1k);
	sink += classAgreement(text.length, class1k, counts).alpha.claim ?? 0;
});
const tHeat = time(() => (sink += heatmap(text.length, class1k).claim[0]));

const sample = compare(prepared, sub10k[0], { textLength: text.length });
const alpha = classAgreement(text.length, class1k).alpha;

const ms = (t: Timing) => [`${t.wall.toFixed(1)} ms`, `${t.cpu.toFixed(1)} ms`];
const rows: string[][] = [
	['score 10,000 × 40 spans, κ (prepared reference)', ...ms(t10k), '≤ 250 ms'],
	['score 20,000 × 40 spans, κ (prepared reference)', ...ms(t20k), ''],
	[
		'ratio 20k / 10k',
		(t20k.wall / t10k.wall).toFixed(2),
		(t20k.cpu / t10k.cpu).toFixed(2),
		'≤ 2.2'
	],
	['score 10,000 × 40 spans, κ (plain span array)', ...ms(t10kPlain), ''],
	[
		'per submission (prepared)',
		`${((t10k.wall / 10_000) * 1000).toFixed(1)} µs`,
		`${((t10k.cpu / 10_000) * 1000).toFixed(1)} µs`,
		''
	],
	['class α per tag + heatmap, 1,000 learners', ...ms(tClass), '≤ 100 ms'],
	['heatmap alone, 1,000 learners', ...ms(tHeat), '']
];
const header = ['what', 'wall', 'cpu', 'target'];
const width = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
const line = (r: string[]) =>
	r
		.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(width[c]) : cell.padStart(width[c])))
		.join('  ');
console.log(
	`Comparison engine on the sample article (${text.length} characters, ${reference.length} reference spans); median of 7 runs (9 for 10k/20k, interleaved) after 3 warm-up runs; one core; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs.\n`
);
console.log(line(header).trimEnd());
for (const r of rows) console.log(line(r).trimEnd());
console.log(
	`\nfirst generated submission: grade ${sample.grade.toFixed(1)}, ${sample.pairs.length} pairs, ${sample.missed.length} missed, ${sample.extra.length} extra`
);
console.log(
	`class α (1,000 generated learners): ${TAGS.map((t) => `${t} ${alpha[t]?.toFixed(3)}`).join(', ')}`
);
if (Number.isNaN(sink)) console.log('');
