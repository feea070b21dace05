/**
 * The practice library, for now read from the fixtures bundled with the app (the sample article and
 * `fixtures/practice/*.json`); to be replaced by the database. Only the fields a page may see are imported
 * (each JSON file's named exports), so the reference spans and rationales never reach the browser.
 */

/** A practice article as its page receives it. */
export interface PracticeArticle {
	id: string;
	title: string;
	byline: string;
	/** The headline first, then the paragraphs. */
	blocks: string[];
	/** The canonical text: `blocks.join('\n\n')`. */
	text: string;
}

/** A practice article as the library lists it. */
export interface PracticeSummary {
	id: string;
	title: string;
	byline: string;
	/** The first paragraph, shortened. */
	excerpt: string;
	words: number;
	paragraphs: number;
}

type Field<T> = Record<string, T>;

const ids = import.meta.glob<string>(['./fixtures/g20-syria.json', './fixtures/practice/*.json'], {
	eager: true,
	import: 'id'
});
const titles: Field<string> = import.meta.glob(
	['./fixtures/g20-syria.json', './fixtures/practice/*.json'],
	{
		eager: true,
		import: 'title'
	}
);
const bylines: Field<string> = import.meta.glob(
	['./fixtures/g20-syria.json', './fixtures/practice/*.json'],
	{
		eager: true,
		import: 'byline'
	}
);
const blockLists: Field<string[]> = import.meta.glob(
	['./fixtures/g20-syria.json', './fixtures/practice/*.json'],
	{ eager: true, import: 'blocks' }
);

const articles: PracticeArticle[] = Object.keys(ids)
	.sort(
		(a, b) =>
			Number(b.endsWith('g20-syria.json')) - Number(a.endsWith('g20-syria.json')) ||
			a.localeCompare(b)
	)
	.map((file) => {
		const blocks = [...blockLists[file]];
		return {
			id: ids[file],
			title: titles[file],
			byline: bylines[file],
			blocks,
			text: blocks.join('\n\n')
		};
	});

/** Every practice article, summarised for the library page (the sample article first). */
export function listPracticeArticles(): PracticeSummary[] {
	return articles.map((a) => {
		const first = a.blocks[1] ?? '';
		const words = a.blocks.join(' ').split(/\s+/).filter(Boolean).length;
		return {
			id: a.id,
			title: a.title,
			byline: a.byline,
			excerpt: first.length > 220 ? first.slice(0, 219).replace(/\s+\S*$/, '') + '…' : first,
			words,
			paragraphs: Math.max(0, a.blocks.length - 1)
		};
	});
}

/** One practice article by id, or undefined. */
export function getPracticeArticle(id: string): PracticeArticle | undefined {
	const a = articles.find((x) => x.id === id);
	return a && { ...a, blocks: [...a.blocks] };
}
