import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { exportAnnotations } from '../src/lib/annotation/index';
import type { Span } from '../src/lib/annotation/index';
import { main } from './score';

const root = fileURLToPath(new URL('..', import.meta.url));
const ARTICLE = 'src/lib/fixtures/g20-syria.json';
const STRONG = 'src/lib/annotation/fixtures/learner-strong.json';
const MISLABELS = 'src/lib/annotation/fixtures/learner-mislabels.json';
const MISSES = 'src/lib/annotation/fixtures/learner-misses.json';
const article = JSON.parse(readFileSync(join(root, ARTICLE), 'utf8'));
const strong = JSON.parse(readFileSync(join(root, STRONG), 'utf8')).spans as Span[];

const dir = mkdtempSync(join(tmpdir(), 'newsmark-score-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: unknown): string {
	const path = join(dir, name);
	writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
	return path;
}

/** Runs main() in-process, capturing what it writes. */
function run(...argv: string[]) {
	let stdout = '';
	let stderr = '';
	const code = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
	return {
		code,
		stdout,
		stderr,
		json: code === 0 && stdout.startsWith('{') ? JSON.parse(stdout) : null
	};
}

/** Runs the real CLI as a separate process. */
function spawn(...argv: string[]) {
	return spawnSync('npx', ['tsx', 'scripts/score.ts', ...argv], { cwd: root, encoding: 'utf8' });
}

describe('score CLI (real process)', () => {
	it('scores three submissions and adds the class picture', () => {
		const result = spawn(ARTICLE, STRONG, MISLABELS, MISSES);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const out = JSON.parse(result.stdout);
		expect(out.submissions.map((s: { file: string }) => s.file)).toEqual([
			STRONG,
			MISLABELS,
			MISSES
		]);
		expect(out.submissions[0].grade).toBe(90.625);
		expect(out.submissions[1].grade).toBeCloseTo(4400 / 61, 12);
		expect(out.submissions[2].grade).toBeCloseTo(2400 / 53, 12);
		expect(Object.keys(out.submissions[0]).sort()).toEqual(
			['extra', 'file', 'grade', 'kappa', 'macroF1', 'micro', 'missed', 'pairs', 'perTag'].sort()
		);
		expect(out.submissions[0].missed).toEqual([1, 6, 30]);
		expect(out.submissions[0].extra).toEqual([24]);
		expect(out.submissions[0].perTag.quote).toEqual({
			precision: 1,
			recall: 5 / 7,
			f1: 0.8333333333333333,
			reference: 7,
			submitted: 5,
			correct: 5
		});
		expect(out.submissions[0].pairs[0]).toEqual({
			reference: 0,
			submitted: 0,
			iou: 1,
			outcome: 'correct'
		});
		expect(Object.keys(out.class.alpha)).toEqual(['quote', 'claim', 'opinion', 'unclear_sourcing']);
		expect(out.class.confusion.counts.claim.opinion).toBe(8);
		expect(out.class.confusion.extra).toEqual({
			quote: 2,
			claim: 3,
			opinion: 2,
			unclear_sourcing: 3
		});
	});

	it('exits 2 with the file and the problem on stderr, without a stack trace', () => {
		const result = spawn(ARTICLE, 'no/such/file.json');
		expect(result.status).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toBe('score: no/such/file.json: cannot read it (no such file)\n');
	});
});

describe('score CLI (main)', () => {
	it('applies --threshold and --no-half-credit', () => {
		expect(run(ARTICLE, STRONG, '--no-half-credit').json.submissions[0].grade).toBe(87.5);
		// θ = 1: only exact boundaries pair; the strong learner's 5 wider spans become extra and their
		// reference spans missed: correct 23, mislabeled 2, grade 100 × 2 × 24 / 64 = 75.
		const exact = run(ARTICLE, STRONG, '--threshold', '1').json.submissions[0];
		expect(exact.pairs).toHaveLength(25);
		expect(exact.grade).toBe(75);
		expect(run(ARTICLE, STRONG, '--threshold=1').json.submissions[0].grade).toBe(75);
		expect(run(ARTICLE, STRONG).json.class).toBeUndefined();
	});

	it('reads a W3C JSON-LD export as a submission, with the same result', () => {
		const w3c = file(
			'strong.jsonld',
			exportAnnotations({
				text: article.text,
				spans: strong,
				source: 'https://newsmark.example/articles/g20',
				idBase: 'https://newsmark.example/exports/1'
			})
		);
		const plain = run(ARTICLE, STRONG).json.submissions[0];
		const linked = run(ARTICLE, w3c).json.submissions[0];
		expect({ ...linked, file: STRONG }).toEqual(plain);
	});

	it('reports indices into the span arrays as given, after trimming and sorting', () => {
		const sub = file('unsorted.json', {
			spans: [
				{ start: 2455, end: 2609, tag: 'quote' },
				{ start: 672, end: 696, tag: 'unclear_sourcing' },
				{ start: 0, end: 47, tag: 'claim' },
				{ start: 0, end: 47, tag: 'claim' }
			]
		});
		const r = run(ARTICLE, sub);
		expect(r.code).toBe(0);
		// Index 1 is "\nUS officials have said " trimmed to reference 9; index 3 repeats index 2 and is
		// dropped with a warning.
		expect(r.stderr).toContain(
			'unsorted.json: spans[3] ("Obama, Putin have \'candid, blunt\' chat …"): it repeats an earlier claim span'
		);
		expect(r.json.submissions[0].pairs).toEqual([
			{ reference: 0, submitted: 2, iou: 1, outcome: 'correct' },
			{ reference: 9, submitted: 1, iou: 1, outcome: 'correct' },
			{ reference: 25, submitted: 0, iou: 1, outcome: 'correct' }
		]);
		expect(r.json.submissions[0].extra).toEqual([]);
	});

	it('exits 2 naming the file for bad JSON, wrong shapes and bad spans', () => {
		const cases: [string, string[], string][] = [
			['not JSON', [ARTICLE, file('broken.json', '{"spans": [')], 'broken.json: not valid JSON'],
			[
				'wrong shape',
				[ARTICLE, file('shape.json', { marks: [] })],
				'shape.json: expected {"spans": [...]} or W3C Web Annotation JSON-LD'
			],
			[
				'spans not a list',
				[ARTICLE, file('notlist.json', { spans: 3 })],
				'notlist.json: "spans" must be a list'
			],
			[
				'bad spans',
				[
					ARTICLE,
					file('bad.json', {
						spans: [
							{ start: 5, end: 2, tag: 'claim' },
							{ start: 0, end: 9999, tag: 'fact' }
						]
					})
				],
				'bad.json: 2 submitted spans are not valid:\n  spans[0]: it ends (2) before it starts (5).\n  spans[1]: offsets 0–9999 fall outside the article, which has 3394 characters.\n  spans[1]: "fact" is not a tag; use one of quote, claim, opinion, unclear_sourcing.\n'
			],
			[
				'bad W3C',
				[
					ARTICLE,
					file('bad.jsonld', { type: 'AnnotationPage', items: [{ type: 'Annotation', body: [] }] })
				],
				'bad.jsonld: items[0].body: no body with purpose "tagging"'
			],
			[
				'article without reference',
				[file('noref.json', { text: 'abc' }), STRONG],
				'noref.json: expected "reference": {"spans": [...]}'
			],
			[
				'article text and blocks disagree',
				[
					file('mismatch.json', { text: 'a b', blocks: ['a', 'b'], reference: { spans: [] } }),
					STRONG
				],
				'mismatch.json: text is not the blocks joined by a blank line'
			],
			[
				'invalid reference span',
				[
					file('badref.json', {
						blocks: ['Head', 'Body'],
						reference: { spans: [{ start: 2, end: 8, tag: 'claim' }] }
					}),
					STRONG
				],
				'badref.json: a reference span is not valid:\n  reference.spans[0] ("ad Bo"): it runs over the blank line'
			],
			[
				'unknown option',
				[ARTICLE, STRONG, '--fast'],
				'unknown option --fast\nusage: npm run score'
			],
			[
				'bad threshold',
				[ARTICLE, STRONG, '--threshold', 'x'],
				'--threshold needs a number greater than 0'
			],
			['no submission', [ARTICLE], 'give an article file and at least one submission file']
		];
		for (const [what, argv, message] of cases) {
			const r = run(...argv);
			expect(r.code, what).toBe(2);
			expect(r.stdout, what).toBe('');
			expect(r.stderr, what).toContain(message);
			expect(r.stderr, what).not.toMatch(/\n\s+at /);
		}
	});

	it('prints the usage with --help', () => {
		const r = run('--help');
		expect(r.code).toBe(0);
		expect(r.stdout).toBe(
			'usage: npm run score -- ARTICLE.json SUBMISSION.json [MORE.json …] [--threshold θ] [--no-half-credit]\n'
		);
	});
});
