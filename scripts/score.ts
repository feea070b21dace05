/**
 * The scoring engine from the command line: compares submissions with an article's reference and
 * prints the comparisons (and, with two or more submissions, the class agreement) as JSON. Thin on
 * purpose: reading files and arguments here, every rule in src/lib/annotation.
 *
 * Usage: npm run score -- ARTICLE.json SUBMISSION.json [MORE.json …] [--threshold θ] [--no-half-credit]
 *
 * ARTICLE.json is like src/lib/fixtures/g20-syria.json (`text` and/or `blocks`, `reference.spans`); a
 * submission is `{"spans": [{"start", "end", "tag"}, …]}` or a W3C Web Annotation JSON-LD export.
 * Indices in the output refer to the span arrays as given in the files. Exit status 2, with the file
 * and the problem on stderr, for bad arguments, unreadable or malformed files and invalid spans.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	TAGS,
	W3CImportError,
	canonicalText,
	classAgreement,
	compare,
	confusionMatrix,
	importAnnotations,
	normalizeSpans,
	prepareReference
} from '../src/lib/annotation/index';
import type {
	Comparison,
	NormalizedSpans,
	ReferenceSpan,
	Span,
	Tag
} from '../src/lib/annotation/index';

const USAGE =
	'usage: npm run score -- ARTICLE.json SUBMISSION.json [MORE.json …] [--threshold θ] [--no-half-credit]';

/** A problem the user can fix: printed without a stack trace, exit status 2. */
export class CliError extends Error {
	/** Whether to print the usage line after the message (for mistakes in the arguments). */
	readonly usage: boolean;
	constructor(message: string, usage = false) {
		super(message);
		this.name = 'CliError';
		this.usage = usage;
	}
}

/** Where the CLI writes; the defaults are the process's streams. */
export interface Io {
	stdout: (text: string) => void;
	stderr: (text: string) => void;
}

interface Args {
	article: string;
	submissions: string[];
	threshold?: number;
	halfCredit: boolean;
	help: boolean;
}

/** Parses the command line (without `node` and the script). */
export function parseArgs(argv: readonly string[]): Args {
	const files: string[] = [];
	let threshold: number | undefined;
	let halfCredit = true;
	let help = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') help = true;
		else if (arg === '--no-half-credit') halfCredit = false;
		else if (arg === '--threshold' || arg.startsWith('--threshold=')) {
			const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
			const theta = Number(value);
			if (value === undefined || value.trim() === '' || !(theta > 0 && theta <= 1)) {
				throw new CliError(
					`--threshold needs a number greater than 0 and at most 1 (got ${value ?? 'nothing'})`,
					true
				);
			}
			threshold = theta;
		} else if (arg.startsWith('-') && arg !== '-')
			throw new CliError(`unknown option ${arg}`, true);
		else files.push(arg);
	}
	if (help) return { article: '', submissions: [], threshold, halfCredit, help };
	if (files.length < 2)
		throw new CliError('give an article file and at least one submission file', true);
	return { article: files[0], submissions: files.slice(1), threshold, halfCredit, help };
}

function readJson(file: string): unknown {
	let raw: string;
	try {
		raw = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why =
			code === 'ENOENT'
				? 'no such file'
				: code === 'EISDIR'
					? 'it is a directory'
					: code === 'EACCES'
						? 'permission denied'
						: (error as Error).message;
		throw new CliError(`${file}: cannot read it (${why})`);
	}
	try {
		return JSON.parse(raw) as unknown;
	} catch (error) {
		throw new CliError(`${file}: not valid JSON (${(error as Error).message})`);
	}
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function spanProblems(file: string, what: string, result: NormalizedSpans<Span>): void {
	if (result.errors.length === 0) return;
	// Messages name spans as spans[i]; in the article file they sit under "reference".
	const path = what === 'reference' ? 'reference.' : '';
	const lines = result.errors.map((e) => `  ${path}${e.message}`);
	const count = new Set(result.errors.map((e) => e.index)).size;
	throw new CliError(
		`${file}: ${count === 1 ? `a ${what} span is` : `${count} ${what} spans are`} not valid:\n${lines.join('\n')}`
	);
}

interface Article {
	text: string;
	reference: NormalizedSpans<ReferenceSpan>;
}

function readArticle(file: string): Article {
	const json = readJson(file);
	if (!isObject(json))
		throw new CliError(`${file}: expected an article object with text and reference`);
	const { blocks } = json;
	let text = json.text;
	if (blocks !== undefined) {
		if (!Array.isArray(blocks) || !blocks.every((b) => typeof b === 'string')) {
			throw new CliError(`${file}: blocks must be a list of strings`);
		}
		if (text === undefined) text = canonicalText(blocks);
		else if (text !== canonicalText(blocks)) {
			throw new CliError(`${file}: text is not the blocks joined by a blank line ("\\n\\n")`);
		}
	}
	if (typeof text !== 'string') throw new CliError(`${file}: expected a "text" string or "blocks"`);
	const reference = json.reference;
	if (!isObject(reference) || !Array.isArray(reference.spans)) {
		throw new CliError(`${file}: expected "reference": {"spans": [...]}`);
	}
	const normalized = normalizeSpans(text, reference.spans as ReferenceSpan[]);
	spanProblems(file, 'reference', normalized);
	return { text, reference: normalized };
}

function readSubmission(file: string, text: string): Span[] {
	const json = readJson(file);
	if (isObject(json) && json.spans !== undefined) {
		if (!Array.isArray(json.spans)) throw new CliError(`${file}: "spans" must be a list`);
		return json.spans as Span[];
	}
	const notASubmission = `${file}: expected {"spans": [...]} or W3C Web Annotation JSON-LD (a collection, page, annotation or list)`;
	const looksW3C =
		Array.isArray(json) ||
		(isObject(json) && (json.type !== undefined || json['@context'] !== undefined));
	if (!looksW3C) throw new CliError(notASubmission);
	try {
		return importAnnotations(json, text);
	} catch (error) {
		if (error instanceof W3CImportError) {
			throw new CliError(error.path === 'type' ? notASubmission : `${file}: ${error.message}`);
		}
		throw error;
	}
}

type Row = Record<string, unknown>;

function report(
	file: string,
	comparison: Comparison,
	referenceIndex: readonly number[],
	submittedIndex: readonly number[]
): Row {
	const perTag = {} as Record<Tag, Row>;
	for (const tag of TAGS) {
		const s = comparison.perTag[tag];
		perTag[tag] = {
			precision: s.precision,
			recall: s.recall,
			f1: s.f1,
			reference: s.reference,
			submitted: s.submitted,
			correct: s.correct
		};
	}
	return {
		file,
		grade: comparison.grade,
		micro: comparison.micro,
		macroF1: comparison.macroF1,
		perTag,
		pairs: comparison.pairs.map((p) => ({
			reference: referenceIndex[p.reference],
			submitted: submittedIndex[p.submitted],
			iou: p.iou,
			outcome: p.outcome
		})),
		missed: comparison.missed.map((i) => referenceIndex[i]),
		extra: comparison.extra.map((i) => submittedIndex[i]),
		kappa: comparison.kappa
	};
}

/** Runs the CLI; returns the exit status (0, or 2 for a problem the user can fix). */
export function main(argv: readonly string[], io: Io = defaultIo): number {
	try {
		const args = parseArgs(argv);
		if (args.help) {
			io.stdout(`${USAGE}\n`);
			return 0;
		}
		const article = readArticle(args.article);
		const reference = prepareReference(article.reference.spans);
		const options = {
			threshold: args.threshold,
			halfCredit: args.halfCredit,
			textLength: article.text.length
		};
		const spans: Span[][] = [];
		const comparisons: Comparison[] = [];
		const rows = args.submissions.map((file) => {
			const normalized = normalizeSpans(article.text, readSubmission(file, article.text));
			spanProblems(file, 'submitted', normalized);
			for (const d of normalized.dropped) io.stderr(`score: ${file}: ${d.message}\n`);
			const comparison = compare(reference, normalized.spans, options);
			spans.push(normalized.spans);
			comparisons.push(comparison);
			return report(file, comparison, article.reference.indices, normalized.indices);
		});
		const output: Row = { submissions: rows };
		if (rows.length >= 2) {
			output.class = {
				alpha: classAgreement(article.text.length, spans).alpha,
				confusion: confusionMatrix(article.reference.spans, spans, comparisons)
			};
		}
		io.stdout(`${JSON.stringify(output, null, 2)}\n`);
		return 0;
	} catch (error) {
		if (error instanceof CliError) {
			io.stderr(`score: ${error.message}\n${error.usage ? `${USAGE}\n` : ''}`);
			return 2;
		}
		io.stderr(`score: internal error: ${(error as Error)?.message ?? String(error)}\n`);
		return 1;
	}
}

const defaultIo: Io = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text)
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	process.exitCode = main(process.argv.slice(2));
}
