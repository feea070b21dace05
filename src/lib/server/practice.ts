/**
 * Self-study: public practice articles, scored at once against their reference (the default options:
 * θ 0.5, half credit), with a history of attempts for signed-in learners. Without an account nothing is
 * stored on the server; the browser keeps the work and the scores.
 */
import { compare } from '$lib/annotation/compare';
import type { AnchoredSpan, Comparison, Span } from '$lib/annotation/types';
import {
	findPracticeArticle,
	getReference,
	learnsArticle,
	listPracticeArticles,
	type Article
} from './articles';
import { db } from './db';
import { nowIso, randomId } from './ids';

export interface PracticeResult {
	grade: number;
	comparison: Comparison;
	reference: AnchoredSpan[];
	submitted: Span[];
}

export interface PracticeAttempt {
	id: string;
	grade: number;
	createdAt: string;
	spans: number;
}

/** A public practice article by its slug, or null. */
export function practiceArticle(slug: string): Promise<Article | null> {
	return findPracticeArticle(db(), slug);
}

/**
 * Whether a signed-in user may get the key of this practice article now: not while they are a learner
 * on a class assignment of the same article (its key opens with that assignment's reveal).
 */
export async function mayPractice(userId: string | null, article: Article): Promise<boolean> {
	return !userId || !(await learnsArticle(userId, article.id));
}

/** Scores spans (already fitted to the text) against the article's reference. */
export async function scorePractice(article: Article, spans: Span[]): Promise<PracticeResult> {
	const reference = (await getReference(db(), article.id)).spans;
	const comparison = compare(reference, spans, { textLength: article.text.length });
	return { grade: comparison.grade, comparison, reference, submitted: spans };
}

/** Records an attempt of a signed-in learner. */
export async function saveAttempt(
	userId: string,
	articleId: string,
	spans: Span[],
	grade: number
): Promise<PracticeAttempt> {
	const row = {
		id: randomId(),
		user_id: userId,
		article_id: articleId,
		spans: JSON.stringify(spans),
		grade,
		created_at: nowIso()
	};
	await db().insertInto('practice_attempts').values(row).execute();
	return { id: row.id, grade, createdAt: row.created_at, spans: spans.length };
}

/** A learner's attempts on an article (any version of it), oldest first. */
export async function attemptHistory(userId: string, article: Article): Promise<PracticeAttempt[]> {
	const rows = await db()
		.selectFrom('practice_attempts as p')
		.innerJoin('articles as a', 'a.id', 'p.article_id')
		.select(['p.id', 'p.grade', 'p.created_at', 'p.spans'])
		.where('p.user_id', '=', userId)
		.where('a.lineage_id', '=', article.lineageId)
		.orderBy('p.created_at')
		.execute();
	return rows.map((r) => ({
		id: r.id,
		grade: Number(r.grade),
		createdAt: r.created_at,
		spans: (JSON.parse(r.spans) as unknown[]).length
	}));
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

/** Every public practice article, summarised for the library (the sample article first). */
export async function practiceLibrary(): Promise<PracticeSummary[]> {
	const articles = await listPracticeArticles(db());
	return articles
		.sort((a, b) => Number(b.slug === 'g20-syria-talks') - Number(a.slug === 'g20-syria-talks'))
		.map((a) => {
			const first = a.blocks[1] ?? '';
			return {
				id: a.slug!,
				title: a.title,
				byline: a.byline ?? '',
				excerpt: first.length > 220 ? first.slice(0, 219).replace(/\s+\S*$/, '') + '…' : first,
				words: a.blocks.join(' ').split(/\s+/).filter(Boolean).length,
				paragraphs: Math.max(0, a.blocks.length - 1)
			};
		});
}
