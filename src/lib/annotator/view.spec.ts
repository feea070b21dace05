import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { flushSync } from 'svelte';
import type { ReferenceSpan } from '$lib/annotation/types';
import { article, mountAnnotator, settle, type Mounted } from './test-utils';

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

// Given out of text order on purpose: outcomes are keyed by index into this array.
const spans: ReferenceSpan[] = [
	{ ...at('US officials have said'), tag: 'unclear_sourcing', note: 'No official is named.' },
	{ ...at("Obama, Putin have 'candid, blunt' chat on Syria"), tag: 'claim' },
	{ ...at('candid, blunt'), tag: 'quote', alsoAccept: ['opinion'] }
];

describe('view mode', () => {
	it('draws spans as annotate mode does, read-only: no toolbar, no editing, typing changes nothing', async () => {
		m = mountAnnotator({ mode: 'view', spans, listHeading: 'Reference', noteLabel: 'Rationale' });
		await settle();
		const editor = m.editor();
		expect(editor.getAttribute('contenteditable')).toBe('false');
		expect(editor.getAttribute('role')).toBe('document');
		const marks = [...editor.querySelectorAll<HTMLElement>('mark.nm-hl[data-first]')];
		expect(marks.map((x) => x.dataset.tag)).toEqual(['claim', 'quote', 'unclear_sourcing']);
		expect(marks[0].dataset.sr).toBe('Claim: ');
		// Nesting as in annotate mode: the quote inside the headline's claim sits one layer deeper.
		expect(marks[1].dataset.layer).toBe('1');
		expect(marks.every((x) => !x.hasAttribute('data-outcome'))).toBe(true);

		const before = editor.innerHTML;
		await userEvent.click(marks[2]);
		await userEvent.keyboard('abc1{Delete}{Backspace}q');
		await userEvent.keyboard('{Control>}z{/Control}');
		await settle();
		expect(m.changes).toEqual([]);
		expect(m.target.querySelector('.nm-toolbar, [role="toolbar"]')).toBeNull();
		expect(editor.textContent).toBe(
			new DOMParser().parseFromString(before, 'text/html').body.textContent
		);
		expect(editor.querySelectorAll('mark.nm-hl[data-first]').length).toBe(3);

		// The list: one focusable button per span, no editing controls, notes shown as rationales.
		const aside = m.target.querySelector('aside[aria-label="Reference"]')!;
		expect(aside).not.toBeNull();
		expect(aside.querySelector('h2')?.textContent).toContain('Reference (3)');
		expect(aside.querySelectorAll('textarea, input, fieldset').length).toBe(0);
		const buttons = [...aside.querySelectorAll<HTMLButtonElement>('li > button')];
		expect(buttons.length).toBe(3);
		expect(buttons[2].textContent).toContain('Rationale: No official is named.');
		expect(buttons[1].textContent).toContain('Also accepts opinion');
	});

	it('choosing a list item selects its highlight; clicking a highlight selects its item', async () => {
		m = mountAnnotator({ mode: 'view', spans });
		await settle();
		const items = () => [...m!.target.querySelectorAll<HTMLLIElement>('aside li')];
		await userEvent.click(items()[2].querySelector('button')!);
		flushSync();
		expect(m.editor().querySelector('mark[data-selected]')?.textContent).toBe(
			'US officials have said'
		);
		expect(items()[2].querySelector('button')?.getAttribute('aria-current')).toBe('true');

		const headline = m.editor().querySelector<HTMLElement>('mark[data-tag="quote"]')!;
		await userEvent.click(headline);
		flushSync();
		expect(items()[1].querySelector('button')?.getAttribute('aria-current')).toBe('true');
		expect(m.changes).toEqual([]);
	});

	it('shows each span’s outcome on its highlight and its list item, and selects by index', async () => {
		m = mountAnnotator({
			mode: 'view',
			spans,
			outcomes: { 0: 'missed', 1: 'correct', 2: 'mislabeled' }
		});
		await settle();
		const editor = m.editor();
		const first = (o: string) =>
			editor.querySelector<HTMLElement>(`mark[data-outcome="${o}"][data-first]`);
		expect(first('missed')?.textContent).toBe('US officials have said');
		expect(first('missed')?.dataset.sr).toBe('Missed, unclear sourcing: ');
		expect(first('missed')?.dataset.icon?.startsWith('○')).toBe(true);
		expect(first('mislabeled')?.dataset.tag).toBe('quote');
		expect(first('correct')?.dataset.tag).toBe('claim');
		// The outcome's sign is drawn (not colour alone).
		const sign = getComputedStyle(first('mislabeled')!, '::before').content;
		expect(sign).toContain('≠');

		const items = [...m.target.querySelectorAll<HTMLLIElement>('aside li')];
		expect(items.map((li) => li.dataset.outcome)).toEqual(['correct', 'mislabeled', 'missed']);
		expect(items[2].textContent).toContain('Missed');

		(m.component as unknown as { selectSpan(index: number): void }).selectSpan(0);
		flushSync();
		expect(editor.querySelector('mark[data-selected]')?.textContent).toBe('US officials have said');
		expect(m.changes).toEqual([]);
	});
});
