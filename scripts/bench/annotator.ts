/**
 * Benchmark of the annotation surface (src/lib/annotator), in the system Chromium:
 * 1. an instructor overlay of 400 spans on the sample article: adding one span with the keyboard and
 *    redrawing (ProseMirror decorations, the side list, style and layout), median of 40 (target ≤ 16 ms);
 * 2. the heatmap of 200 learners: mounting the read-only view and drawing it, median of 7
 *    (target ≤ 200 ms);
 *    with the fastest run too, since other processes on a busy machine inflate the median;
 * 3. the practice page's JavaScript, gzipped, from the app's build output, with the annotator's editor
 *    that the page loads as soon as it is up (target ≤ 120 KB).
 * Prints its figures; it never fails on timing.
 *
 * How: the script builds a small page (production Svelte, minified) that mounts the Annotator
 * component, into tmp/bench-annotator/, serves it on a local port and drives it with Playwright.
 * For (3) it reads .svelte-kit/output/client (runs `vite build` first when there is no build output,
 * or always with --build).
 *
 * Run: npx tsx scripts/bench/annotator.ts [--build]
 */
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { availableParallelism, loadavg } from 'node:os';
import type { AddressInfo } from 'node:net';
import { build } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium } from 'playwright';
import { chromiumArgs, chromiumPath } from '../chromium.js';

const root = resolve(import.meta.dirname, '../..');
const work = join(root, 'tmp/bench-annotator');
const out = join(work, 'dist');

/** The page the benchmark runs: it reports its figures on `window.bench`. */
const entry = `
import { mount, unmount, flushSync } from 'svelte';
import '$lib/styles/app.css';
import Annotator from '$lib/annotator/Annotator.svelte';
import { loadEditor } from '$lib/annotator/load-editor';
import { heatmap } from '$lib/annotation/agreement';
import { TAGS } from '$lib/annotation/tags';
import sample from '$lib/fixtures/g20-syria.json';

const text = sample.text;
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const blocks = [];
{ let at = 0; for (const b of sample.blocks) { blocks.push({ start: at, end: at + b.length }); at += b.length + 2; } }
const words = [];
for (const m of text.matchAll(/[\\p{L}\\p{N}'’-]+/gu)) words.push({ start: m.index, end: m.index + m[0].length });
const blockOf = (o) => blocks.findIndex((b) => o >= b.start && o <= b.end);

/** A word-aligned span of 1–12 words inside one block. */
function randomSpan() {
  for (;;) {
    const i = Math.floor(random() * words.length);
    const n = 1 + Math.floor(random() * 12);
    const j = Math.min(words.length - 1, i + n - 1);
    if (blockOf(words[i].start) !== blockOf(words[j].end)) continue;
    return { start: words[i].start, end: words[j].end, tag: TAGS[Math.floor(random() * 4)] };
  }
}
function uniqueSpans(n) {
  const seen = new Set(); const out = [];
  while (out.length < n) { const s = randomSpan(); const k = s.start + ':' + s.end + ':' + s.tag; if (!seen.has(k)) { seen.add(k); out.push(s); } }
  return out;
}
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

function select(editor, start, end) {
  // Find the DOM points of canonical offsets: walk blocks (headline, paragraphs) and their text nodes.
  const els = [...editor.querySelectorAll('h1, p:not(.nm-byline)')];
  const b = blockOf(start);
  const el = els[b];
  const point = (offset) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let at = blocks[b].start;
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (offset <= at + n.data.length) return [n, offset - at];
      at += n.data.length;
    }
    throw new Error('no point');
  };
  const [sn, so] = point(start); const [en, eo] = point(end);
  const r = document.createRange(); r.setStart(sn, so); r.setEnd(en, eo);
  const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r);
}

/** The page's side of the benchmark; the Node side times each step (wall clock and CPU). */
const ui = {};
window.api = {
  async setupOverlay() {
    ui.target = document.createElement('div');
    document.body.appendChild(ui.target);
    const spans = uniqueSpans(400);
    ui.count = 0;
    ui.app = mount(Annotator, { target: ui.target, props: { blocks: sample.blocks, spans, mode: 'reference', byline: 'By ' + sample.byline, onchange: (s) => (ui.count = s.length) } });
    flushSync();
    await frame();
    ui.editor = ui.target.querySelector('.ProseMirror');
    ui.editor.focus();
    const taken = new Set(spans.map((s) => s.start + ':' + s.end));
    ui.extra = uniqueSpans(900).filter((s) => !taken.has(s.start + ':' + s.end));
    return ui.editor.querySelectorAll('mark').length;
  },
  async prepare(i) {
    const s = ui.extra[i];
    select(ui.editor, s.start, s.end);
    await frame();
  },
  /** Add the prepared span with its key and redraw everything it changes (style and layout included). */
  add(i) {
    const key = String(1 + TAGS.indexOf(ui.extra[i].tag));
    const t0 = performance.now();
    ui.editor.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    flushSync();
    ui.editor.getBoundingClientRect();
    document.body.offsetHeight;
    const ms = performance.now() - t0;
    if (ui.count !== 401) throw new Error('span not added: ' + ui.count);
    return ms;
  },
  async undo() {
    ui.editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true, cancelable: true }));
    flushSync();
    await frame();
  },
  teardownOverlay() { unmount(ui.app); ui.target.remove(); },
  setupHeat() {
    const submissions = [];
    for (let l = 0; l < 200; l++) submissions.push(uniqueSpans(20 + Math.floor(random() * 15)));
    const t0 = performance.now();
    ui.counts = heatmap(text.length, submissions);
    return performance.now() - t0;
  },
  /** Mount the heatmap view of 200 learners and draw it (style and layout included). */
  heat() {
    ui.target = document.createElement('div');
    document.body.appendChild(ui.target);
    const t0 = performance.now();
    ui.app = mount(Annotator, { target: ui.target, props: { blocks: sample.blocks, mode: 'heatmap', counts: ui.counts, learners: 200 } });
    flushSync();
    ui.target.getBoundingClientRect(); document.body.offsetHeight;
    return { ms: performance.now() - t0, marks: ui.target.querySelectorAll('.ProseMirror mark').length };
  },
  async teardownHeat() { unmount(ui.app); ui.target.remove(); await frame(); }
};
// Pages load the editor (ProseMirror) after they are up; the timings here are of a loaded editor.
await loadEditor();
window.ready = true;
`;

async function buildBenchPage() {
	rmSync(work, { recursive: true, force: true });
	mkdirSync(work, { recursive: true });
	writeFileSync(
		join(work, 'index.html'),
		'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>annotator bench</title></head><body><script type="module" src="./main.js"></script></body></html>'
	);
	writeFileSync(join(work, 'main.js'), entry);
	await build({
		configFile: false,
		root: work,
		logLevel: 'warn',
		plugins: [svelte({ configFile: false })],
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		build: {
			outDir: out,
			emptyOutDir: true,
			minify: true,
			reportCompressedSize: false
		}
	});
}

function serve(dir: string): Promise<{ url: string; close: () => void }> {
	const types: Record<string, string> = {
		'.html': 'text/html',
		'.js': 'text/javascript',
		'.css': 'text/css',
		'.json': 'application/json'
	};
	const server = createServer((req, res) => {
		const path = join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
		const file = existsSync(path) && statSync(path).isFile() ? path : join(dir, 'index.html');
		res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
		res.end(readFileSync(file));
	});
	return new Promise((done) =>
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as AddressInfo;
			done({ url: `http://127.0.0.1:${port}/`, close: () => server.close() });
		})
	);
}

interface Manifest {
	[key: string]: {
		file: string;
		imports?: string[];
		dynamicImports?: string[];
		isEntry?: boolean;
		src?: string;
		css?: string[];
	};
}

/**
 * Gzipped JavaScript the practice page loads: the client entries, the root layout and the page node, with
 * what the page's own modules import on demand (the annotator's editor, loaded once the page is up).
 */
function pageWeight() {
	const client = join(root, '.svelte-kit/output/client');
	const manifestPath = join(client, '.vite/manifest.json');
	if (process.argv.includes('--build') || !existsSync(manifestPath)) {
		console.log('Building the app (npx vite build)…');
		execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
	}
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
	const nodesDir = join(root, '.svelte-kit/generated/client-optimized/nodes');
	const nodeKeys = Object.keys(manifest).filter((k) =>
		k.includes('generated/client-optimized/nodes/')
	);
	const nodeFor = (component: string) =>
		nodeKeys.find((k) => {
			const file = join(root, k);
			const source = existsSync(file) ? readFileSync(file, 'utf8') : '';
			return source.includes(component);
		});
	const pageNode = nodeFor('routes/practice/[article]/+page.svelte');
	const layoutNode = nodeFor('routes/+layout.svelte') ?? nodeKeys.find((k) => k.endsWith('/0.js'));
	const entries = Object.keys(manifest).filter(
		(k) => manifest[k].isEntry && !k.includes('/nodes/')
	);
	if (!pageNode) throw new Error(`no client node for the practice page in ${nodesDir}`);
	const seen = new Set<string>();
	// The entries import every page on demand: only the page's own modules' dynamic imports count.
	const visit = (key: string, dynamic = false) => {
		if (seen.has(key) || !manifest[key]) return;
		seen.add(key);
		for (const i of manifest[key].imports ?? []) visit(i, dynamic);
		if (dynamic) for (const i of manifest[key].dynamicImports ?? []) visit(i, dynamic);
	};
	for (const k of [...entries, layoutNode!]) visit(k);
	visit(pageNode, true);
	let raw = 0;
	let gz = 0;
	let pageOnly = 0;
	const pageSeen = new Set<string>();
	const visitPage = (key: string) => {
		if (pageSeen.has(key) || !manifest[key]) return;
		pageSeen.add(key);
		for (const i of manifest[key].imports ?? []) visitPage(i);
		for (const i of manifest[key].dynamicImports ?? []) visitPage(i);
	};
	visitPage(pageNode);
	const shared = new Set<string>();
	const visitShared = (key: string) => {
		if (shared.has(key) || !manifest[key]) return;
		shared.add(key);
		for (const i of manifest[key].imports ?? []) visitShared(i);
	};
	for (const k of [...entries, layoutNode!]) visitShared(k);
	for (const key of seen) {
		const bytes = readFileSync(join(client, manifest[key].file));
		const z = gzipSync(bytes, { level: 9 }).length;
		raw += bytes.length;
		gz += z;
		if (!shared.has(key)) pageOnly += z;
	}
	return { files: seen.size, raw, gz, pageOnly };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

console.log(
	`Annotator benchmark (Node ${process.version}, ${availableParallelism()} CPUs, load ${loadavg()[0].toFixed(2)})`
);
await buildBenchPage();
const server = await serve(out);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
try {
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	page.on('pageerror', (e) => console.error('page error:', e.message));
	await page.goto(server.url);
	await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
	const api = <T>(fn: string, arg?: unknown) =>
		page.evaluate(
			([fn, arg]) =>
				(window as unknown as { api: Record<string, (a: unknown) => unknown> }).api[fn as string](
					arg
				),
			[fn, arg] as const
		) as Promise<T>;
	const marks = await api<number>('setupOverlay');
	const wall: number[] = [];
	for (let i = 0; i < 40; i++) {
		await api('prepare', i);
		wall.push(await api<number>('add', i));
		await api('undo');
	}
	await api('teardownOverlay');
	console.log(
		`Add a span to 400 (${marks} marks) and redraw: median ${median(wall).toFixed(1)} ms (p95 ${p95(wall).toFixed(1)} ms), fastest ${sorted(wall)[0].toFixed(1)} ms, over ${wall.length} (target ≤ 16 ms)`
	);

	const countMs = await api<number>('setupHeat');
	const heatWall: number[] = [];
	let heatMarks = 0;
	for (let i = 0; i < 7; i++) {
		const r = await api<{ ms: number; marks: number }>('heat');
		heatWall.push(r.ms);
		heatMarks = r.marks;
		await api('teardownHeat');
	}
	console.log(
		`Heatmap of 200 learners (${heatMarks} marks): draws in median ${median(heatWall).toFixed(1)} ms (p95 ${p95(heatWall).toFixed(1)} ms), fastest ${sorted(heatWall)[0].toFixed(1)} ms (target ≤ 200 ms); counting took ${countMs.toFixed(1)} ms`
	);
} finally {
	await browser.close();
	server.close();
}
const w = pageWeight();
console.log(
	`Practice page JavaScript: ${kb(w.gz)} gzipped (${kb(w.raw)} raw, ${w.files} files; ${kb(w.pageOnly)} of it only for this page) (target ≤ 120 KB)`
);
