/**
 * Possible gaps in the answer key: stretches of text that most learners tagged with one tag while the
 * reference tags none of it. A hint for the instructor, not a verdict.
 */
import { TAGS } from './tags';
import type { Tag } from './tags';
import type { Heatmap } from './agreement';
import type { ReferenceSpan } from './types';

export interface KeyGap {
	start: number;
	end: number;
	tag: Tag;
	/** How many learners tagged the stretch's busiest character with `tag`. */
	learners: number;
}

/**
 * Maximal runs of characters that at least `share` of the `learners` (default: more than half) tagged
 * with one tag and that no reference span (of any tag) covers; trimmed of white space, at least
 * `minLength` non-space characters long (default 3), in text order, busiest first within a position.
 */
export function keyGaps(
	text: string,
	reference: readonly ReferenceSpan[],
	counts: Heatmap,
	learners: number,
	{ share = 0.5, minLength = 3 }: { share?: number; minLength?: number } = {}
): KeyGap[] {
	if (learners === 0) return [];
	const covered = new Uint8Array(text.length + 1);
	for (const r of reference) covered.fill(1, r.start, r.end);
	const needed = Math.floor(learners * share) + 1;
	const out: KeyGap[] = [];
	for (const tag of TAGS) {
		const c = counts[tag];
		let i = 0;
		while (i < text.length) {
			if (c[i] < needed || covered[i]) {
				i++;
				continue;
			}
			let j = i;
			let most = 0;
			while (j < text.length && c[j] >= needed && !covered[j]) {
				if (c[j] > most) most = c[j];
				j++;
			}
			let s = i;
			let e = j;
			while (s < e && /\s/.test(text[s])) s++;
			while (e > s && /\s/.test(text[e - 1])) e--;
			if (text.slice(s, e).replace(/\s/g, '').length >= minLength) {
				out.push({ start: s, end: e, tag, learners: most });
			}
			i = j;
		}
	}
	return out.sort((a, b) => a.start - b.start || b.learners - a.learners);
}
