import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { flushSync } from 'svelte';
import { compare } from '$lib/annotation/compare';
import { heatmap } from '$lib/annotation/agreement';
import type { ReferenceSpan, Span } from '$lib/annotation/types';
import { article, mountAnnotator, selectText, settle, type Mounted } from './test-utils';

let m: Mounted | null = null;
beforeAll(async () => {
	await page.viewport(1280, 900);
});
afterEach(() => {
	m?.destroy();
	m = null;
});

const text = article.text;
const at = (needle: string) => {
	const start = text.indexOf(needle);
	return { start, end: start + needle.length };
};
const reference: ReferenceSpan[] = article.reference.spans.map(
	({ start, end, tag, note, alsoAccept }) => ({
		start,
		end,
		tag,
		note,
		alsoAccept
	})
);

describe('side list', () => {
	it('choosing a span selects it in the article; retag, note and delete from the list', async () => {
		m = mountAnnotator({
			spans: [
				{ ...at('US officials have said'), tag: 'claim' },
				{ ...at('candid, blunt'), tag: 'quote' }
			]
		});
		const list = m.target.querySelector('ul#nm-list')!;
		const item = () => list.querySelectorAll('li')[1] as HTMLElement;
		await userEvent.click(item().querySelector('button.nm-card-pick')!);
		flushSync();
		expect(m.editor().querySelector('mark[data-selected]')?.textContent).toBe(
			'US officials have said'
		);
		expect(item().querySelector('button.nm-card-pick')?.getAttribute('aria-expanded')).toBe('true');

		// Retag with the tag buttons (a group of toggle buttons).
		const retag = [...item().querySelectorAll<HTMLButtonElement>('fieldset button')];
		expect(retag.map((b) => b.getAttribute('aria-pressed'))).toEqual([
			'false',
			'true',
			'false',
			'false'
		]);
		await userEvent.click(retag[3]);
		flushSync();
		expect(m.last()?.find((s) => s.start === at('US officials').start)?.tag).toBe(
			'unclear_sourcing'
		);
		expect(m.editor().querySelector('mark[data-tag="unclear_sourcing"]')?.textContent).toBe(
			'US officials have said'
		);

		// A note, saved with the button; it shows in the list and on the highlight's tooltip.
		const field = item().querySelector('textarea')!;
		expect(item().querySelector(`label[for="${field.id}"]`)?.textContent).toBe('Note');
		await userEvent.fill(field, 'Which officials?');
		await userEvent.click(
			[...item().querySelectorAll('button')].find((b) => b.textContent?.includes('Save note'))!
		);
		flushSync();
		expect(m.last()?.find((s) => s.tag === 'unclear_sourcing')?.note).toBe('Which officials?');
		expect(item().textContent).toContain('Which officials?');
		expect(
			m.editor().querySelector('mark[data-tag="unclear_sourcing"]')?.getAttribute('title')
		).toBe('Unclear sourcing: Which officials?');

		// Delete: the span goes, the focus moves to a neighbour, and it can be undone.
		const del = [...item().querySelectorAll('button')].find((b) =>
			b.textContent?.startsWith('Delete')
		)!;
		await userEvent.click(del);
		flushSync();
		await settle();
		expect(m.last()).toEqual([{ ...at('candid, blunt'), tag: 'quote' }]);
		expect(list.querySelectorAll('li').length).toBe(1);
		expect(document.activeElement?.classList.contains('nm-card-pick')).toBe(true);
		await userEvent.keyboard('{Control>}z{/Control}');
		await settle();
		expect(m.last()?.length).toBe(2);
	});

	it('the toolbar beside a selection tags it with a click, snapped to whole words', async () => {
		m = mountAnnotator();
		const range = selectText(m.editor(), 'ecretary of Sta');
		expect(range.toString()).toBe('ecretary of Sta');
		await settle();
		const toolbar = m.target.querySelector('[role="toolbar"]') as HTMLElement;
		expect(toolbar).not.toBeNull();
		expect(toolbar.getAttribute('aria-label')).toBe('Tag the selection');
		const claim = [...toolbar.querySelectorAll('button')].find((b) =>
			b.textContent?.includes('Claim')
		)!;
		await userEvent.click(claim);
		await settle();
		expect(m.last()).toEqual([{ ...at('Secretary of State'), tag: 'claim' }]);
	});
});

describe('reference mode', () => {
	it('offers a rationale and also-accepted tags per span', async () => {
		m = mountAnnotator({ mode: 'reference', spans: [{ ...at('candid, blunt'), tag: 'quote' }] });
		expect(m.target.querySelector('h2')?.textContent).toContain('Reference spans');
		await userEvent.click(m.target.querySelector('ul#nm-list button.nm-card-pick')!);
		flushSync();
		const item = m.target.querySelector('ul#nm-list li')!;
		const boxes = [...item.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
		expect(boxes.map((b) => b.parentElement?.textContent?.trim())).toEqual([
			'Claim',
			'Opinion',
			'Unclear sourcing'
		]);
		await userEvent.click(boxes[2]);
		flushSync();
		expect(m.last()).toEqual([
			{ ...at('candid, blunt'), tag: 'quote', alsoAccept: ['unclear_sourcing'] }
		]);
		const field = item.querySelector('textarea')!;
		expect(item.querySelector(`label[for="${field.id}"]`)?.textContent).toBe('Rationale');
		await userEvent.fill(field, 'No speaker is named.');
		field.blur();
		field.dispatchEvent(new Event('change', { bubbles: true }));
		flushSync();
		expect(m.last()?.[0].note).toBe('No speaker is named.');
		expect(m.last()?.[0].alsoAccept).toEqual(['unclear_sourcing']);
	});
});

describe('comparison mode', () => {
	const submitted: Span[] = [
		{ ...at("Obama, Putin have 'candid, blunt' chat on Syria"), tag: 'claim' }, // correct
		{ ...at('US officials have said'), tag: 'claim' }, // mislabeled (key: unclear sourcing)
		{ ...at('That came just as Secretary of State'), tag: 'opinion' } // extra
	];
	const comparison = compare(reference, submitted);

	it('marks every span correct, mislabeled, missed or extra, read-only, with a legend', async () => {
		m = mountAnnotator({ mode: 'comparison', spans: submitted, reference, comparison });
		await settle();
		const editor = m.editor();
		expect(editor.getAttribute('contenteditable')).toBe('false');
		const outcomes = (o: string) =>
			new Set(
				[...editor.querySelectorAll(`mark[data-outcome="${o}"]`)].map((x) =>
					x.getAttribute('data-key')
				)
			);
		expect(outcomes('correct').size).toBe(
			comparison.pairs.filter((p) => p.outcome === 'correct').length
		);
		expect(outcomes('mislabeled').size).toBe(1);
		expect(outcomes('extra').size).toBe(1);
		expect(outcomes('missed').size).toBe(comparison.missed.length);
		const mis = editor.querySelector('mark[data-outcome="mislabeled"][data-first]');
		expect(mis?.getAttribute('data-sr')).toBe('Mislabeled, unclear sourcing: ');
		const legend = m.target.querySelector('ul[aria-label="Legend"]')!;
		expect(legend.textContent).toMatch(/Correct.*Mislabeled.*Missed.*Extra/s);
	});

	it('shows the reference rationale when a list item gets the focus, and on hover of a mark', async () => {
		m = mountAnnotator({ mode: 'comparison', spans: submitted, reference, comparison });
		await settle();
		const usKey = `r${reference.findIndex((r) => r.start === at('US officials have said').start)}`;
		const button = m.target.querySelector<HTMLButtonElement>(
			`ul[aria-label="Spans"] button[aria-describedby$="-why-${usKey}"]`
		)!;
		button.focus();
		flushSync();
		const why = document.getElementById(button.getAttribute('aria-describedby')!)!;
		expect(why.hidden).toBe(false);
		expect(why.textContent).toContain(
			reference.find((r) => `r${reference.indexOf(r)}` === usKey)!.note!
		);
		expect(why.textContent).toMatch(/Key:.*Unclear sourcing.*You:.*Claim/s);

		// Hover over a highlight in the article: a tooltip with the rationale appears beside it.
		const mark = m.editor().querySelector<HTMLElement>('mark[data-outcome="missed"]')!;
		await userEvent.hover(mark);
		flushSync();
		const tip = m.target.querySelector('[role="tooltip"]');
		expect(tip).not.toBeNull();
		const key = mark.getAttribute('data-key')!;
		const ref = reference[Number(key.slice(1))];
		expect(tip!.textContent).toContain('Missed');
		if (ref.note) expect(tip!.textContent).toContain(ref.note);
	});
});

describe('heatmap mode', () => {
	it('draws how many learners tagged each stretch, with an accessible description', async () => {
		const us = at('US officials have said');
		const learners: Span[][] = [];
		for (let i = 0; i < 20; i++) {
			const spans: Span[] = [];
			if (i < 7) spans.push({ ...us, tag: 'claim' });
			if (i >= 7 && i < 18) spans.push({ ...us, tag: 'unclear_sourcing' });
			learners.push(spans);
		}
		const counts = heatmap(text.length, learners);
		m = mountAnnotator({ mode: 'heatmap', counts, learners: 20 });
		await settle();
		const marks = [...m.editor().querySelectorAll<HTMLElement>('mark.nm-heat')];
		expect(marks.length).toBe(1);
		expect(marks[0].textContent).toBe('US officials have said');
		expect(marks[0].getAttribute('aria-description')).toBe(
			'7 of 20 learners tagged this as claim; 11 of 20 learners tagged this as unclear sourcing'
		);
		expect(marks[0].dataset.tag).toBe('unclear_sourcing');
		// Darker bands for more learners: 11 chose unclear sourcing, 7 claim, none quote or opinion.
		const band = (t: string) => parseFloat(marks[0].style.getPropertyValue(`--heat-${t}`) || '0');
		expect(band('unclear_sourcing')).toBeGreaterThan(band('claim'));
		expect(band('claim')).toBeGreaterThan(0);
		expect(band('quote')).toBe(0);
		expect(marks[0].style.getPropertyValue('--heat-top')).toBe('0.550');
		expect(m.target.querySelector('.nm-heat-summary')?.textContent).toContain(
			'11 of 20 learners tagged this as unclear sourcing'
		);
	});
});
