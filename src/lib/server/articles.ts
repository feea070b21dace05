/**
 * Articles and their reference annotations. An article is a list of blocks (headline first); its
 * canonical text is the blocks joined by "\n\n". Versions of one article share a lineage: an article
 * that work was done on is never edited in place, editing makes a new version.
 */
import type { Kysely } from 'kysely';
import type { AnchoredSpan } from '$lib/annotation/types';
import type { ArticleRow, Database } from './db/schema';
import { nowIso, randomId } from './ids';

/** An article as pages and the annotator use it. */
export interface Article {
	id: string;
	lineageId: string;
	version: number;
	title: string;
	byline: string | null;
	blocks: string[];
	text: string;
	public: boolean;
	slug: string | null;
	ownerId: string | null;
	createdAt: string;
	superseded: boolean;
}

/** The domain shape of an article row. */
export function toArticle(row: ArticleRow): Article {
	return {
		id: row.id,
		lineageId: row.lineage_id,
		version: row.version,
		title: row.title,
		byline: row.byline,
		blocks: JSON.parse(row.blocks) as string[],
		text: row.text,
		public: row.public === 1,
		slug: row.slug,
		ownerId: row.owner_id,
		createdAt: row.created_at,
		superseded: row.superseded_at !== null
	};
}

/** Inserts a first version of an article (and its reference, when given). */
export async function insertArticle(
	db: Kysely<Database>,
	input: {
		title: string;
		byline: string | null;
		blocks: string[];
		ownerId: string | null;
		public?: boolean;
		slug?: string | null;
		reference?: AnchoredSpan[];
	}
): Promise<Article> {
	const id = randomId();
	const now = nowIso();
	const row: ArticleRow = {
		id,
		lineage_id: id,
		version: 1,
		owner_id: input.ownerId,
		title: input.title,
		byline: input.byline,
		blocks: JSON.stringify(input.blocks),
		text: input.blocks.join('\n\n'),
		public: input.public ? 1 : 0,
		slug: input.slug ?? null,
		created_at: now,
		superseded_at: null
	};
	await db.insertInto('articles').values(row).execute();
	if (input.reference) {
		await db
			.insertInto('article_references')
			.values({
				article_id: id,
				spans: JSON.stringify(input.reference),
				revision: 1,
				updated_by: input.ownerId,
				updated_at: now
			})
			.execute();
	}
	return toArticle(row);
}

/** The public practice articles (newest version of each), in title order. */
export async function listPracticeArticles(db: Kysely<Database>): Promise<Article[]> {
	const rows = await db
		.selectFrom('articles')
		.selectAll()
		.where('public', '=', 1)
		.where('superseded_at', 'is', null)
		.orderBy('title')
		.execute();
	return rows.map(toArticle);
}

/** A public practice article by slug (newest version), or null. */
export async function findPracticeArticle(
	db: Kysely<Database>,
	slug: string
): Promise<Article | null> {
	const row = await db
		.selectFrom('articles')
		.selectAll()
		.where('slug', '=', slug)
		.where('public', '=', 1)
		.where('superseded_at', 'is', null)
		.executeTakeFirst();
	return row ? toArticle(row) : null;
}

/** A reference annotation: the spans of the answer key, with a revision for safe concurrent edits. */
export interface Reference {
	spans: AnchoredSpan[];
	revision: number;
	updatedAt: string | null;
}

/** The reference of an article version (revision 0 and no spans when none was written yet). */
export async function getReference(db: Kysely<Database>, articleId: string): Promise<Reference> {
	const row = await db
		.selectFrom('article_references')
		.select(['spans', 'revision', 'updated_at'])
		.where('article_id', '=', articleId)
		.executeTakeFirst();
	if (!row) return { spans: [], revision: 0, updatedAt: null };
	return { spans: JSON.parse(row.spans), revision: Number(row.revision), updatedAt: row.updated_at };
}

/** An article version by id, or null. */
export async function findArticle(db: Kysely<Database>, id: string): Promise<Article | null> {
	const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toArticle(row) : null;
}
