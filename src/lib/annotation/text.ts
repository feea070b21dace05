/**
 * Articles as text: the canonical text of an article (its blocks joined by a blank line), where each
 * block sits in it, and the parsing of an uploaded plain-text article into a headline, paragraphs and
 * an optional byline.
 *
 * DESIGN.md, "Text, spans and selectors": "An article is a list of blocks (the headline first, then
 * paragraphs). Its **canonical text** is the blocks joined by `"\n\n"`. Offsets are JavaScript string
 * indices (UTF-16 code units) into that text."
 */

/** The blank line that separates two blocks in the canonical text. */
export const BLOCK_SEPARATOR = '\n\n';

/** The most characters (UTF-16 code units, after line endings are normalised) an uploaded article may have. */
export const MAX_ARTICLE_CHARS = 100_000;

/**
 * The canonical text of an article: "the blocks joined by `"\n\n"`" (DESIGN.md). Offsets of spans are
 * UTF-16 code-unit indices into this string.
 */
export function canonicalText(blocks: readonly string[]): string {
	return blocks.join(BLOCK_SEPARATOR);
}

/** Where a block sits in the canonical text: `canonicalText(blocks).slice(start, end) === block`. */
export interface BlockRange {
	start: number;
	end: number;
}

/** The range of every block in the canonical text, in order. */
export function blockRanges(blocks: readonly string[]): BlockRange[] {
	const ranges: BlockRange[] = [];
	let start = 0;
	for (const block of blocks) {
		ranges.push({ start, end: start + block.length });
		start += block.length + BLOCK_SEPARATOR.length;
	}
	return ranges;
}

/** Why an uploaded article was refused. */
export type ArticleTextErrorCode = 'empty' | 'binary' | 'too_long';

/** An uploaded article that cannot be used; `message` says why in plain words. */
export class ArticleTextError extends Error {
	readonly code: ArticleTextErrorCode;
	constructor(code: ArticleTextErrorCode, message: string) {
		super(message);
		this.name = 'ArticleTextError';
		this.code = code;
	}
}

/** An article parsed from plain text: `blocks[0]` is the headline and `title` repeats it. */
export interface ParsedArticle {
	title: string;
	blocks: string[];
	byline: string | null;
}

// Control characters other than tab, line feed and carriage return (and DEL, and the C1 range) do not
// occur in a text file someone typed; a NUL almost always means a binary file (a .docx, a PDF).
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const BYLINE_MARK = '•';

/**
 * Parses an uploaded `.txt` article (like `tests/fixtures/g20-syria.txt`): the first block is the
 * headline, paragraphs are separated by blank lines, and an optional last line `• Byline` (possibly
 * indented) names the author.
 *
 * Line endings (CRLF, CR) become LF, every line is trimmed, and runs of blank lines count as one. The
 * lines of a paragraph that was hard-wrapped over several lines are joined with a single space, so a
 * block never contains a line break. A leading byte-order mark is ignored.
 *
 * @throws ArticleTextError `empty` when there is no text (or only a byline), `binary` when the input
 *   holds a NUL or another control character, `too_long` when it has more than 100,000 characters.
 */
export function parseArticleTxt(raw: string): ParsedArticle {
	const input = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
	if (input.length > MAX_ARTICLE_CHARS) {
		throw new ArticleTextError(
			'too_long',
			`The article has ${input.length.toLocaleString('en')} characters; the limit is ${MAX_ARTICLE_CHARS.toLocaleString('en')}.`
		);
	}
	const bad = BINARY.exec(input);
	if (bad) {
		const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
		const line = input.slice(0, bad.index).split('\n').length;
		throw new ArticleTextError(
			'binary',
			`The file does not look like plain text: it contains the control character U+${code} on line ${line}. Save the article as plain text (.txt) and upload it again.`
		);
	}

	const paragraphs: string[][] = [];
	let current: string[] | null = null;
	for (const rawLine of input.split('\n')) {
		const line = rawLine.trim();
		if (line === '') {
			current = null;
			continue;
		}
		if (current === null) {
			current = [];
			paragraphs.push(current);
		}
		current.push(line);
	}

	let byline: string | null = null;
	const last = paragraphs.at(-1);
	const lastLine = last?.at(-1);
	if (last && lastLine?.startsWith(BYLINE_MARK)) {
		byline = lastLine.slice(BYLINE_MARK.length).trim() || null;
		last.pop();
		if (last.length === 0) paragraphs.pop();
	}

	const blocks = paragraphs.map((lines) => lines.join(' '));
	if (blocks.length === 0) {
		throw new ArticleTextError(
			'empty',
			byline === null
				? 'The article is empty: it needs at least a headline.'
				: 'The article has only a byline: it needs at least a headline.'
		);
	}
	return { title: blocks[0], blocks, byline };
}
