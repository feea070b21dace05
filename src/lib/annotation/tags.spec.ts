import { describe, expect, it } from 'vitest';
import { TAGS, TAG_INFO, isTag, tagForKey, tagRank } from './tags';

describe('tags', () => {
	it('keeps the canonical order used for tie-breaks', () => {
		expect(TAGS).toEqual(['quote', 'claim', 'opinion', 'unclear_sourcing']);
		expect(TAGS.map(tagRank)).toEqual([0, 1, 2, 3]);
	});

	it('maps the annotator keys 1-4 and q c o u to their tags', () => {
		expect(['1', '2', '3', '4'].map(tagForKey)).toEqual(TAGS);
		expect(['q', 'C', 'o', 'u'].map(tagForKey)).toEqual(TAGS);
		expect(tagForKey('x')).toBeNull();
	});

	it('gives every tag a distinct icon, so colour is never the only signal', () => {
		expect(new Set(TAGS.map((t) => TAG_INFO[t].icon)).size).toBe(4);
	});

	it('recognises only the four tags', () => {
		expect(isTag('claim')).toBe(true);
		expect(isTag('Claim')).toBe(false);
		expect(isTag(undefined)).toBe(false);
	});
});
