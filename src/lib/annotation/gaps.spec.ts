import { describe, expect, it } from 'vitest';
import { heatmap } from './agreement';
import { keyGaps } from './gaps';

const text = 'Officials said the plan works. Critics called it reckless.';

describe('possible gaps in the key', () => {
	it('reports what most learners tagged and the reference did not, trimmed', () => {
		const reckless = {
			start: text.indexOf('called'),
			end: text.length - 1,
			tag: 'opinion' as const
		};
		const subs = [[reckless], [reckless], [{ ...reckless, start: reckless.start - 1 }], []];
		const gaps = keyGaps(
			text,
			[{ start: 0, end: 14, tag: 'unclear_sourcing' }],
			heatmap(text.length, subs),
			subs.length
		);
		expect(gaps).toEqual([
			{ start: reckless.start, end: reckless.end, tag: 'opinion', learners: 3 }
		]);
	});

	it('ignores what half or fewer tagged, and what the reference covers with any tag', () => {
		const span = { start: 0, end: 14, tag: 'claim' as const };
		const subs = [[span], [span], [], []];
		expect(keyGaps(text, [], heatmap(text.length, subs), 4)).toEqual([]);
		const most = [[span], [span], [span]];
		expect(
			keyGaps(text, [{ start: 0, end: 14, tag: 'quote' }], heatmap(text.length, most), 3)
		).toEqual([]);
		expect(keyGaps(text, [], heatmap(text.length, most), 3)).toHaveLength(1);
	});
});
