/**
 * Articles and their reference annotations. An article is a list of blocks (headline first); its
 * canonical text is the blocks joined by "\n\n". Versions of one article share a lineage: an article
 * that work was done on is never edited in place, editing makes a new version, and the reference is
 * carried over by re-anchoring its spans (those that cannot be found again are kept as "orphans" for the
 * instructor to re-create or dismiss, never silently dropped).
 *
 * Who may: an article belongs to its owner, who alone sees and changes it; instructors of a class with
 * an assignment on a version may view that version and its reference, read-only. Everyone else gets the
 * same 404 as for an id that does not exist.
 */
import { createHash } from 'node:crypto';
import { error } from '@sveltejs/kit';
import type { Kysely, Transaction } from 'kysely';
import { reanchorAll } from '$lib/annotation/anchoring';
import { anchorSpan } from '$lib/annotation/selectors';
import { normalizeSpans, type SpanError } from '$lib/annotation/spans';
import { TAGS, type Tag } from '$lib/annotation/tags';
import {
	ArticleTextError,
	MAX_ARTICLE_CHARS,
	canonicalText,
	parseArticleTxt,
	type ArticleTextErrorCode,
	type ParsedArticle
} from '$lib/annotation/text';
import type { AnchoredSpan } from '$lib/annotation/types';
import type { SessionUser } from './auth';
import { db } from './db';
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
		superseded_at: null,
		text_edits: 0
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
	return {
		spans: JSON.parse(row.spans),
		revision: Number(row.revision),
		updatedAt: row.updated_at
	};
}

/** An article version by id, or null. */
export async function findArticle(db: Kysely<Database>, id: string): Promise<Article | null> {
	const row = await db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
	return row ? toArticle(row) : null;
}

type Tx = Kysely<Database> | Transaction<Database>;

// ---------------------------------------------------------------------------------------------------
// Reading an article's text from a form or a JSON body.

/** The largest upload read: 100,000 characters of UTF-8 need at most 3 bytes each (plus a BOM). */
export const MAX_UPLOAD_BYTES = MAX_ARTICLE_CHARS * 3 + 3;

/** Why a text could not become an article. */
export type ArticleInputCode = ArticleTextErrorCode | 'not_text';

/** A text made into an article, or the reason it cannot be one (with the field to point at). */
export type ArticleInput =
	| { ok: true; raw: string; parsed: ParsedArticle }
	| { ok: false; code: ArticleInputCode; message: string; field: 'text' | 'file'; raw: string };

/** Parses an article's plain text with the engine's rules; a refusal names the field and the problem. */
export function parseArticleInput(raw: unknown, field: 'text' | 'file' = 'text'): ArticleInput {
	if (typeof raw !== 'string') {
		return {
			ok: false,
			code: 'not_text',
			message: 'Send the article as text.',
			field,
			raw: ''
		};
	}
	try {
		return { ok: true, raw, parsed: parseArticleTxt(raw) };
	} catch (e) {
		if (!(e instanceof ArticleTextError)) throw e;
		return { ok: false, code: e.code, message: e.message, field, raw };
	}
}

/** Reads an uploaded `.txt` file: refuses a file too large to hold 100,000 characters, or not UTF-8. */
export async function readArticleFile(file: File): Promise<ArticleInput> {
	if (file.size > MAX_UPLOAD_BYTES) {
		return {
			ok: false,
			code: 'too_long',
			message: `The file "${file.name}" is ${(file.size / 1000).toLocaleString('en', { maximumFractionDigits: 0 })} kB, too large for an article (the limit is ${MAX_ARTICLE_CHARS.toLocaleString('en')} characters).`,
			field: 'file',
			raw: ''
		};
	}
	let raw: string;
	try {
		raw = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
	} catch {
		return {
			ok: false,
			code: 'binary',
			message: `The file "${file.name}" is not plain text (it is not valid UTF-8). Save the article as plain text (.txt) and upload it again.`,
			field: 'file',
			raw: ''
		};
	}
	const r = parseArticleInput(raw, 'file');
	// A refused file is not echoed back into the form.
	if (!r.ok) return { ...r, raw: '', message: `"${file.name}": ${r.message}` };
	return r;
}

/**
 * The article of a create/edit form: the uploaded `file` when one was chosen, otherwise the pasted
 * `text`. The form's `public` checkbox comes back as a boolean.
 */
export async function articleInputFromForm(
	form: FormData
): Promise<{ input: ArticleInput; public: boolean }> {
	const file = form.get('file');
	const isPublic = form.get('public') === 'on' || form.get('public') === 'true';
	if (file instanceof File && file.size > 0)
		return { input: await readArticleFile(file), public: isPublic };
	return { input: parseArticleInput(form.get('text') ?? ''), public: isPublic };
}

/** The article as the plain text it was (or could have been) uploaded as, for the edit form. */
export function articleToTxt(article: Pick<Article, 'blocks' | 'byline'>): string {
	const body = article.blocks.join('\n\n');
	return article.byline ? `${body}\n\n• ${article.byline}\n` : `${body}\n`;
}

/** A short fingerprint of an article's text: an edit names the text it was made on. */
export function textFingerprint(text: string): string {
	return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

// ---------------------------------------------------------------------------------------------------
// Slugs.

/** A URL slug from a title: lower-case ASCII words joined by hyphens, at most 60 characters. */
export function slugify(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/['’]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60)
		.replace(/-+$/, '');
	return slug || 'article';
}

/** A slug for the lineage that no other article's lineage uses: the title's slug, then -2, -3, … */
async function uniqueSlug(trx: Tx, title: string, lineageId: string): Promise<string> {
	const base = slugify(title);
	const taken = new Set(
		(
			await trx
				.selectFrom('articles')
				.select('slug')
				.where('lineage_id', '!=', lineageId)
				.where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
				.execute()
		).map((r) => r.slug)
	);
	if (!taken.has(base)) return base;
	for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

// ---------------------------------------------------------------------------------------------------
// Who may see an article.

/** How the user may use an article: its owner changes it, a class's instructor views it. */
export type ArticleAccess = 'owner' | 'viewer';

export const ARTICLE_NOT_FOUND = 'Article not found, or it is not yours.';
export const OWNER_ONLY =
	'Only the instructor who added this article can change it. You can view it because a class you teach uses it.';

/** The classes the user teaches that have an assignment on this article version. */
export async function teachingClassesUsing(
	userId: string,
	articleId: string
): Promise<{ id: string; name: string }[]> {
	return db()
		.selectFrom('assignments as a')
		.innerJoin('memberships as m', 'm.class_id', 'a.class_id')
		.innerJoin('classes as c', 'c.id', 'a.class_id')
		.select(['c.id', 'c.name'])
		.distinct()
		.where('a.article_id', '=', articleId)
		.where('m.user_id', '=', userId)
		.where('m.role', '=', 'instructor')
		.where('m.removed_at', 'is', null)
		.orderBy('c.name')
		.execute();
}

/**
 * Whether the user is (or was) a learner in a class with an assignment on this article: any version of
 * it, or any copy with the same text (the demo's assignment uses a copy of a practice article). Anyone
 * may start a class, so teaching a class that uses an article is not enough to see its answer key: a
 * learner could otherwise assign their own assignment's article to a class of their own.
 */
export async function learnsArticle(userId: string, articleId: string): Promise<boolean> {
	const row = await db()
		.selectFrom('articles as target')
		.innerJoin('articles as v', (j) =>
			j.on((eb) =>
				eb.or([
					eb('v.lineage_id', '=', eb.ref('target.lineage_id')),
					eb('v.text', '=', eb.ref('target.text'))
				])
			)
		)
		.innerJoin('assignments as a', 'a.article_id', 'v.id')
		.innerJoin('memberships as m', 'm.class_id', 'a.class_id')
		.select('a.id')
		.where('target.id', '=', articleId)
		.where('m.user_id', '=', userId)
		.where('m.role', '=', 'learner')
		.limit(1)
		.executeTakeFirst();
	return !!row;
}

/**
 * How the user may use an article version, or null when not at all: its owner changes it; an
 * instructor of a class with an assignment on this version views it, unless they are also a learner
 * on an assignment of the same article (then the reference stays hidden from them).
 */
export async function articleAccess(
	user: SessionUser,
	article: Article
): Promise<ArticleAccess | null> {
	if (article.ownerId !== null && article.ownerId === user.id) return 'owner';
	if ((await teachingClassesUsing(user.id, article.id)).length === 0) return null;
	return (await learnsArticle(user.id, article.id)) ? null : 'viewer';
}

/**
 * The article version and how the user may use it. 404 when it does not exist or the user may not see
 * it (the same answer, so ids reveal nothing); 403 when a viewer asks to change it.
 */
export async function requireArticle(
	user: SessionUser,
	id: string,
	need: 'view' | 'edit' = 'view'
): Promise<{ article: Article; access: ArticleAccess }> {
	const article = await findArticle(db(), id);
	const access = article ? await articleAccess(user, article) : null;
	if (!article || !access) error(404, ARTICLE_NOT_FOUND);
	if (need === 'edit' && access !== 'owner') error(403, OWNER_ONLY);
	return { article, access };
}

// ---------------------------------------------------------------------------------------------------
// Listing and describing.

/** A line of the instructor's article list. */
export interface ArticleSummary {
	id: string;
	lineageId: string;
	version: number;
	title: string;
	byline: string | null;
	public: boolean;
	slug: string | null;
	createdAt: string;
	words: number;
	referenceSpans: number;
	orphans: number;
	/** Assignments on any version of the article. */
	assignments: number;
}

/** Words in a text (runs of non-space). */
export function wordCount(text: string): number {
	return text.split(/\s+/).filter(Boolean).length;
}

async function summarize(rows: ArticleRow[]): Promise<ArticleSummary[]> {
	if (rows.length === 0) return [];
	const ids = rows.map((r) => r.id);
	const lineages = [...new Set(rows.map((r) => r.lineage_id))];
	const refs = await db()
		.selectFrom('article_references')
		.select(['article_id', 'spans', 'orphans'])
		.where('article_id', 'in', ids)
		.execute();
	const used = await db()
		.selectFrom('assignments as a')
		.innerJoin('articles as v', 'v.id', 'a.article_id')
		.select(['v.lineage_id', (eb) => eb.fn.countAll<number>().as('n')])
		.where('v.lineage_id', 'in', lineages)
		.groupBy('v.lineage_id')
		.execute();
	const refBy = new Map(refs.map((r) => [r.article_id, r]));
	const usedBy = new Map(used.map((u) => [u.lineage_id, Number(u.n)]));
	return rows.map((row) => {
		const ref = refBy.get(row.id);
		return {
			id: row.id,
			lineageId: row.lineage_id,
			version: row.version,
			title: row.title,
			byline: row.byline,
			public: row.public === 1,
			slug: row.slug,
			createdAt: row.created_at,
			words: wordCount(row.text),
			referenceSpans: ref ? (JSON.parse(ref.spans) as unknown[]).length : 0,
			orphans: ref ? (JSON.parse(ref.orphans) as unknown[]).length : 0,
			assignments: usedBy.get(row.lineage_id) ?? 0
		};
	});
}

/** The newest version of every article the user owns, newest first. */
export async function listOwnedArticles(userId: string): Promise<ArticleSummary[]> {
	const rows = await db()
		.selectFrom('articles')
		.selectAll()
		.where('owner_id', '=', userId)
		.where('superseded_at', 'is', null)
		.orderBy('created_at', 'desc')
		.orderBy('id')
		.execute();
	return summarize(rows);
}

/** Article versions the user does not own but may view, because a class they teach uses them. */
export async function listSharedArticles(
	userId: string
): Promise<(ArticleSummary & { classes: string[] })[]> {
	const rows = await db()
		.selectFrom('assignments as a')
		.innerJoin('memberships as m', 'm.class_id', 'a.class_id')
		.innerJoin('classes as c', 'c.id', 'a.class_id')
		.innerJoin('articles as v', 'v.id', 'a.article_id')
		.selectAll('v')
		.select('c.name as class_name')
		.where('m.user_id', '=', userId)
		.where('m.role', '=', 'instructor')
		.where('m.removed_at', 'is', null)
		.where((eb) => eb.or([eb('v.owner_id', 'is', null), eb('v.owner_id', '!=', userId)]))
		// Not the articles the user also has as a learner (see articleAccess).
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('assignments as a2')
						.innerJoin('articles as v2', 'v2.id', 'a2.article_id')
						.innerJoin('memberships as m2', 'm2.class_id', 'a2.class_id')
						.select('a2.id')
						.whereRef('v2.lineage_id', '=', 'v.lineage_id')
						.where('m2.user_id', '=', userId)
						.where('m2.role', '=', 'learner')
				)
			)
		)
		.orderBy('v.title')
		.execute();
	const byId = new Map<string, { row: ArticleRow; classes: Set<string> }>();
	for (const r of rows) {
		const { class_name, ...row } = r;
		const entry = byId.get(row.id) ?? { row, classes: new Set<string>() };
		entry.classes.add(class_name);
		byId.set(row.id, entry);
	}
	const entries = [...byId.values()];
	const summaries = await summarize(entries.map((e) => e.row));
	return summaries.map((s, i) => ({ ...s, classes: [...entries[i].classes].sort() }));
}

/** The work done on an article version: what makes editing it create a new version. */
export interface ArticleWork {
	assignments: number;
	drafts: number;
	submissions: number;
	practiceAttempts: number;
}

/** Whether any learner's work (draft, submission or practice attempt) sits on this version. */
export function hasWork(work: ArticleWork): boolean {
	return work.drafts + work.submissions + work.practiceAttempts > 0;
}

/** Counts the assignments, drafts, submissions and practice attempts on an article version. */
export async function articleWork(articleId: string, trx: Tx = db()): Promise<ArticleWork> {
	const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0);
	// Both tables hang off assignments by assignment_id; typing the alias as drafts serves both.
	const onAssignments = (table: 'drafts' | 'submissions') =>
		trx
			.selectFrom(`${table} as w` as 'drafts as w')
			.innerJoin('assignments as a', 'a.id', 'w.assignment_id')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('a.article_id', '=', articleId)
			.executeTakeFirst();
	const [assignments, drafts, submissions, practice] = await Promise.all([
		trx
			.selectFrom('assignments')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('article_id', '=', articleId)
			.executeTakeFirst(),
		onAssignments('drafts'),
		onAssignments('submissions'),
		trx
			.selectFrom('practice_attempts')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('article_id', '=', articleId)
			.executeTakeFirst()
	]);
	return {
		assignments: count(assignments),
		drafts: count(drafts),
		submissions: count(submissions),
		practiceAttempts: count(practice)
	};
}

/** One version of an article, for the versions list. */
export interface ArticleVersion {
	id: string;
	version: number;
	createdAt: string;
	superseded: boolean;
	assignments: number;
	referenceSpans: number;
}

/** Every version of a lineage, newest first. */
export async function listVersions(lineageId: string): Promise<ArticleVersion[]> {
	const rows = await db()
		.selectFrom('articles as v')
		.leftJoin('article_references as r', 'r.article_id', 'v.id')
		.select(['v.id', 'v.version', 'v.created_at', 'v.superseded_at', 'r.spans'])
		.select((eb) =>
			eb
				.selectFrom('assignments as a')
				.select((e) => e.fn.countAll<number>().as('n'))
				.whereRef('a.article_id', '=', 'v.id')
				.as('assignments')
		)
		.where('v.lineage_id', '=', lineageId)
		.orderBy('v.version', 'desc')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		version: Number(r.version),
		createdAt: r.created_at,
		superseded: r.superseded_at !== null,
		assignments: Number(r.assignments ?? 0),
		referenceSpans: r.spans ? (JSON.parse(r.spans) as unknown[]).length : 0
	}));
}

/** The newest version of a lineage. */
export async function latestVersion(lineageId: string): Promise<Article> {
	const row = await db()
		.selectFrom('articles')
		.selectAll()
		.where('lineage_id', '=', lineageId)
		.orderBy('version', 'desc')
		.limit(1)
		.executeTakeFirstOrThrow();
	return toArticle(row);
}

/** An assignment on an article version, as its page lists it. */
export interface ArticleAssignment {
	id: string;
	title: string;
	classId: string;
	className: string;
}

/** The assignments on this article version in classes the user teaches, and how many there are in all. */
export async function assignmentsUsing(
	userId: string,
	articleId: string
): Promise<{ mine: ArticleAssignment[]; total: number }> {
	const rows = await db()
		.selectFrom('assignments as a')
		.innerJoin('classes as c', 'c.id', 'a.class_id')
		.leftJoin('memberships as m', (j) =>
			j
				.onRef('m.class_id', '=', 'a.class_id')
				.on('m.user_id', '=', userId)
				.on('m.role', '=', 'instructor')
				.on('m.removed_at', 'is', null)
		)
		.select(['a.id', 'a.title', 'c.id as class_id', 'c.name as class_name', 'm.user_id'])
		.where('a.article_id', '=', articleId)
		.orderBy('c.name')
		.orderBy('a.title')
		.execute();
	return {
		mine: rows
			.filter((r) => r.user_id !== null)
			.map((r) => ({ id: r.id, title: r.title, classId: r.class_id, className: r.class_name })),
		total: rows.length
	};
}

// ---------------------------------------------------------------------------------------------------
// References, with orphans.

/** A reference span that could not be found again in a new text, kept until it is dealt with. */
export interface Orphan {
	id: string;
	span: AnchoredSpan;
	reason: string;
	/** The version whose text the span was made on. */
	fromVersion: number;
	at: string;
}

/** A reference with the spans an edit could not carry over. */
export interface FullReference extends Reference {
	orphans: Orphan[];
}

/** The reference of an article version with its orphans. */
export async function getFullReference(articleId: string, trx: Tx = db()): Promise<FullReference> {
	const row = await trx
		.selectFrom('article_references')
		.select(['spans', 'revision', 'updated_at', 'orphans'])
		.where('article_id', '=', articleId)
		.executeTakeFirst();
	if (!row) return { spans: [], revision: 0, updatedAt: null, orphans: [] };
	return {
		spans: JSON.parse(row.spans),
		revision: Number(row.revision),
		updatedAt: row.updated_at,
		orphans: JSON.parse(row.orphans)
	};
}

/** How many reference spans there are of each tag. */
export function countByTag(spans: readonly { tag: Tag }[]): Record<Tag, number> {
	const out = Object.fromEntries(TAGS.map((t) => [t, 0])) as Record<Tag, number>;
	for (const s of spans) out[s.tag] += 1;
	return out;
}

export type ReferenceSaveResult =
	{ ok: true; revision: number; spans: AnchoredSpan[] } | { ok: false; current: FullReference };

/**
 * Saves the reference on top of `baseRevision`, as one conditional write (like a draft): base 0 inserts
 * revision 1, later saves update only while the stored revision is still the base. Otherwise nothing is
 * written and the current reference comes back. Callers check the spans (`fitSpans`, `anchorAll`).
 */
export async function saveReference(
	articleId: string,
	userId: string,
	baseRevision: number,
	spans: AnchoredSpan[]
): Promise<ReferenceSaveResult> {
	const now = nowIso();
	const body = JSON.stringify(spans);
	if (baseRevision === 0) {
		const r = await db()
			.insertInto('article_references')
			.values({
				article_id: articleId,
				spans: body,
				revision: 1,
				updated_by: userId,
				updated_at: now
			})
			.onConflict((oc) => oc.column('article_id').doNothing())
			.executeTakeFirst();
		if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) return { ok: true, revision: 1, spans };
	} else {
		const r = await db()
			.updateTable('article_references')
			.set({ spans: body, revision: baseRevision + 1, updated_by: userId, updated_at: now })
			.where('article_id', '=', articleId)
			.where('revision', '=', baseRevision)
			.executeTakeFirst();
		if (Number(r.numUpdatedRows) === 1) return { ok: true, revision: baseRevision + 1, spans };
	}
	return { ok: false, current: await getFullReference(articleId) };
}

/** Removes orphans (one by id, or all): the instructor re-created them or does not need them. */
export async function dismissOrphans(
	articleId: string,
	userId: string,
	which: string | 'all'
): Promise<number> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const ref = await getFullReference(articleId, trx);
			const keep = which === 'all' ? [] : ref.orphans.filter((o) => o.id !== which);
			if (keep.length === ref.orphans.length) return 0;
			await trx
				.updateTable('article_references')
				.set({ orphans: JSON.stringify(keep), updated_by: userId, updated_at: nowIso() })
				.where('article_id', '=', articleId)
				.execute();
			return ref.orphans.length - keep.length;
		});
}

/** The reference carried over to a new text: spans found again, and those that could not be. */
export interface CarriedReference {
	spans: AnchoredSpan[];
	orphans: { span: AnchoredSpan; reason: string }[];
	/** Spans found somewhere other than their old offsets. */
	moved: number;
}

function unusableReason(e: SpanError, tag: Tag): string {
	switch (e.code) {
		case 'duplicate':
			return `after the edit it falls on the same words as another ${tag} span`;
		case 'crosses_block':
			return 'after the edit it would run across two paragraphs';
		case 'empty':
			return 'after the edit it would hold only white space';
		default:
			return e.message;
	}
}

/**
 * Carries reference spans over to a new text with the engine's re-anchoring (position, exact quote,
 * context, approximate). A span not found, or found somewhere a span may not be (across paragraphs), is
 * an orphan with the reason; so is one that lands on the same words and tag as another span, since
 * merging them would lose its rationale.
 */
export function carryReference(newText: string, spans: readonly AnchoredSpan[]): CarriedReference {
	const { anchored, orphaned } = reanchorAll(newText, spans);
	const orphans = orphaned.map((o) => ({ span: o.span, reason: o.reason }));
	const moved = anchored.filter((a) => a.how !== 'position').length;
	const found = anchored.map((a) => a.span);
	const norm = normalizeSpans(newText, found);
	for (const e of [...norm.errors, ...norm.dropped]) {
		const original = spans[anchored[e.index].index];
		orphans.push({ span: original, reason: unusableReason(e, original.tag) });
	}
	return {
		spans: norm.spans.map((s) => anchorSpan(newText, s)),
		orphans,
		moved
	};
}

// ---------------------------------------------------------------------------------------------------
// Creating and editing.

/** A refusal with the HTTP status, a message naming the problem, and the field (when there is one). */
export interface ArticleFailure {
	ok: false;
	status: 400 | 404 | 409 | 413 | 422;
	code: string;
	message: string;
	field?: string;
	/** The newest version, when the edit was made on an old one. */
	latestId?: string;
}

/** The status a refused text gets in the JSON API. */
export function inputStatus(code: ArticleInputCode): 413 | 422 {
	return code === 'too_long' ? 413 : 422;
}

/** Adds an article (version 1) owned by the user, with a unique slug when it is public. */
export async function createArticle(
	userId: string,
	parsed: ParsedArticle,
	options: { public: boolean }
): Promise<Article> {
	return db()
		.transaction()
		.execute(async (trx) => {
			// A new article has no lineage yet, so every existing slug counts as taken.
			const slug = options.public ? await uniqueSlug(trx, parsed.title, '') : null;
			return insertArticle(trx as unknown as Kysely<Database>, {
				title: parsed.title,
				byline: parsed.byline,
				blocks: parsed.blocks,
				ownerId: userId,
				public: options.public,
				slug
			});
		});
}

/** What an edit did. */
export type EditOutcome =
	| {
			ok: true;
			/** `in_place`: nobody had worked on it; `new_version`: work exists, a version was added. */
			mode: 'in_place' | 'new_version' | 'visibility' | 'unchanged';
			article: Article;
			/** Reference spans carried over (and how many of them moved), and the new orphans. */
			carried: number;
			moved: number;
			orphaned: Orphan[];
	  }
	| ArticleFailure;

class Conflict extends Error {
	constructor(readonly failure: ArticleFailure) {
		super(failure.message);
	}
}

/**
 * Changes an article the user owns. Only the newest version can be edited. When the text is unchanged
 * only the public flag changes (in place). Otherwise, with no work on this version, the text changes in
 * place; with work (drafts, submissions, practice attempts), a new version is added (same lineage,
 * version + 1) and this one is marked superseded, so existing work and assignments stay on it. Either
 * way the reference is carried over to the new text; spans that cannot be are kept as orphans.
 *
 * `base` is the fingerprint of the text the edit was made on: when the article changed since, nothing
 * is written (409). All of it happens in one transaction.
 */
export async function editArticle(
	userId: string,
	articleId: string,
	parsed: ParsedArticle,
	options: { public: boolean; base?: string | null }
): Promise<EditOutcome> {
	try {
		return await db()
			.transaction()
			.execute(async (trx) => {
				const row = await trx
					.selectFrom('articles')
					.selectAll()
					.where('id', '=', articleId)
					.executeTakeFirst();
				if (!row || row.owner_id !== userId) {
					throw new Conflict({
						ok: false,
						status: 404,
						code: 'not_found',
						message: ARTICLE_NOT_FOUND
					});
				}
				const old = toArticle(row);
				if (old.superseded) {
					const latest = await trx
						.selectFrom('articles')
						.select(['id', 'version'])
						.where('lineage_id', '=', old.lineageId)
						.where('superseded_at', 'is', null)
						.executeTakeFirstOrThrow();
					throw new Conflict({
						ok: false,
						status: 409,
						code: 'superseded',
						message: `This is version ${old.version}; version ${latest.version} is newer. Edit the newest version instead.`,
						latestId: latest.id
					});
				}
				if (options.base && options.base !== textFingerprint(old.text)) {
					throw new Conflict({
						ok: false,
						status: 409,
						code: 'stale',
						field: 'base',
						message:
							'The article was changed (perhaps in another tab) after you opened it. Reload to see the current text, then make your edit again.'
					});
				}

				const text = canonicalText(parsed.blocks);
				const slug =
					options.public && !old.slug
						? await uniqueSlug(trx, parsed.title, old.lineageId)
						: old.slug;
				if (text === old.text && parsed.byline === old.byline) {
					if (options.public === old.public) {
						return {
							ok: true,
							mode: 'unchanged',
							article: old,
							carried: 0,
							moved: 0,
							orphaned: []
						};
					}
					await trx
						.updateTable('articles')
						.set({ public: options.public ? 1 : 0, slug })
						.where('id', '=', old.id)
						.execute();
					return {
						ok: true,
						mode: 'visibility',
						article: { ...old, public: options.public, slug },
						carried: 0,
						moved: 0,
						orphaned: []
					};
				}

				const ref = await getFullReference(old.id, trx);
				const carried = carryReference(text, ref.spans);
				const now = nowIso();
				const orphaned: Orphan[] = carried.orphans.map((o) => ({
					id: randomId(8),
					span: o.span,
					reason: o.reason,
					fromVersion: old.version,
					at: now
				}));
				const orphans = JSON.stringify([...ref.orphans, ...orphaned]);
				const fields = {
					title: parsed.title,
					byline: parsed.byline,
					blocks: JSON.stringify(parsed.blocks),
					text,
					public: options.public ? 1 : 0,
					slug
				};
				const work = await articleWork(old.id, trx);
				let article: Article;
				let mode: 'in_place' | 'new_version';

				if (hasWork(work)) {
					mode = 'new_version';
					const superseded = await trx
						.updateTable('articles')
						.set({ superseded_at: now })
						.where('id', '=', old.id)
						.where('superseded_at', 'is', null)
						.executeTakeFirst();
					if (Number(superseded.numUpdatedRows) !== 1) {
						throw new Conflict({
							ok: false,
							status: 409,
							code: 'superseded',
							message:
								'Someone made a new version of this article at the same time. Reload and try again.'
						});
					}
					const newRow: ArticleRow = {
						...fields,
						id: randomId(),
						lineage_id: old.lineageId,
						version: old.version + 1,
						owner_id: userId,
						created_at: now,
						superseded_at: null,
						text_edits: 0
					};
					await trx.insertInto('articles').values(newRow).execute();
					if (ref.revision > 0 || orphaned.length > 0) {
						await trx
							.insertInto('article_references')
							.values({
								article_id: newRow.id,
								spans: JSON.stringify(carried.spans),
								revision: 1,
								updated_by: userId,
								updated_at: now,
								orphans
							})
							.execute();
					}
					article = toArticle(newRow);
				} else {
					mode = 'in_place';
					const updated = await trx
						.updateTable('articles')
						.set((eb) => ({ ...fields, text_edits: eb('text_edits', '+', 1) }))
						.where('id', '=', old.id)
						.where('superseded_at', 'is', null)
						.where('text', '=', old.text)
						.executeTakeFirst();
					if (Number(updated.numUpdatedRows) !== 1) {
						throw new Conflict({
							ok: false,
							status: 409,
							code: 'stale',
							message: 'The article changed while you were saving. Reload and try again.'
						});
					}
					if (ref.revision > 0) {
						const r = await trx
							.updateTable('article_references')
							.set({
								spans: JSON.stringify(carried.spans),
								revision: ref.revision + 1,
								updated_by: userId,
								updated_at: now,
								orphans
							})
							.where('article_id', '=', old.id)
							.where('revision', '=', ref.revision)
							.executeTakeFirst();
						if (Number(r.numUpdatedRows) !== 1) {
							throw new Conflict({
								ok: false,
								status: 409,
								code: 'stale_reference',
								message:
									'The reference was saved while you were editing the text. Try again: it will be carried over as it is now.'
							});
						}
					}
					article = toArticle({ ...row, ...fields });
				}
				return {
					ok: true,
					mode,
					article,
					carried: carried.spans.length,
					moved: carried.moved,
					orphaned
				};
			});
	} catch (e) {
		if (e instanceof Conflict) return e.failure;
		throw e;
	}
}

/** An article version as the JSON API sends it. */
export function articleJson(article: Article) {
	return {
		id: article.id,
		lineageId: article.lineageId,
		version: article.version,
		title: article.title,
		byline: article.byline,
		blocks: article.blocks,
		text: article.text,
		public: article.public,
		slug: article.slug,
		createdAt: article.createdAt,
		superseded: article.superseded
	};
}

/** Puts the newest version of an article in or takes it out of the practice library (in place). */
export async function setArticlePublic(article: Article, isPublic: boolean): Promise<Article> {
	return db()
		.transaction()
		.execute(async (trx) => {
			const slug =
				isPublic && !article.slug
					? await uniqueSlug(trx, article.title, article.lineageId)
					: article.slug;
			await trx
				.updateTable('articles')
				.set({ public: isPublic ? 1 : 0, slug })
				.where('id', '=', article.id)
				.execute();
			return { ...article, public: isPublic, slug };
		});
}
