/**
 * Helpers for the annotator's component tests (vitest browser mode, real Chromium): mount the component
 * with Svelte's `mount()` (the editor loaded beforehand, so it is ready at once), find text in the
 * article, and select it as a person would.
 */
import { flushSync, mount, unmount } from 'svelte';
import type { ComponentProps } from 'svelte';
import '$lib/styles/app.css';
import type { ReferenceSpan } from '$lib/annotation/types';
import Annotator from './Annotator.svelte';
import { loadEditor } from './load-editor';
import sample from '$lib/fixtures/g20-syria.json';

// Pages download the editor after they are up; tests load it first, so an annotator mounts at once.
await loadEditor();

/** The sample article (g20-syria-talks). */
export const article = sample as {
	id: string;
	blocks: string[];
	text: string;
	reference: { spans: (ReferenceSpan & { exact: string })[] };
};

export interface Mounted {
	target: HTMLElement;
	component: ReturnType<typeof mount<ComponentProps<typeof Annotator>, Record<string, unknown>>>;
	/** Every `onchange` call, in order. */
	changes: ReferenceSpan[][];
	/** The latest spans reported through `onchange`. */
	last(): ReferenceSpan[] | undefined;
	/** The ProseMirror element. */
	editor(): HTMLElement;
	destroy(): void;
}

/** Mount the annotator into a fresh container in the document. */
export function mountAnnotator(props: Partial<ComponentProps<typeof Annotator>> = {}): Mounted {
	const target = document.createElement('div');
	document.body.appendChild(target);
	const changes: ReferenceSpan[][] = [];
	const component = mount(Annotator, {
		target,
		props: {
			blocks: article.blocks,
			onchange: (spans: ReferenceSpan[]) => changes.push(spans),
			...props
		}
	});
	flushSync();
	return {
		target,
		component,
		changes,
		last: () => changes[changes.length - 1],
		editor: () => target.querySelector<HTMLElement>('.ProseMirror')!,
		destroy() {
			unmount(component);
			target.remove();
		}
	};
}

/** Select `needle` (its `occurrence`-th appearance) in the article with a DOM range, as a mouse would. */
export function selectText(root: HTMLElement, needle: string, occurrence = 0): Range {
	let seen = 0;
	for (const block of root.querySelectorAll<HTMLElement>('h1, h2, h3, p:not(.nm-byline)')) {
		let from = -1;
		let i = block.textContent!.indexOf(needle);
		while (i >= 0) {
			if (seen++ === occurrence) {
				from = i;
				break;
			}
			i = block.textContent!.indexOf(needle, i + 1);
		}
		if (from < 0) continue;
		const range = rangeIn(block, from, from + needle.length);
		root.focus();
		const sel = getSelection()!;
		sel.removeAllRanges();
		sel.addRange(range);
		return range;
	}
	throw new Error(`"${needle}" is not in the article`);
}

/** A DOM range over characters [from, to) of an element's text. */
export function rangeIn(el: HTMLElement, from: number, to: number): Range {
	const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
	const range = document.createRange();
	let at = 0;
	let started = false;
	for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
		const len = n.data.length;
		if (!started && from <= at + len) {
			range.setStart(n, from - at);
			started = true;
		}
		if (started && to <= at + len) {
			range.setEnd(n, to - at);
			return range;
		}
		at += len;
	}
	throw new Error('range outside the element');
}

/** Wait for ProseMirror to read a DOM selection change (it listens to `selectionchange`). */
export function settle(ms = 60): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The text of the article as drawn (headline and paragraphs, without the byline). */
export function drawnText(root: HTMLElement): string {
	return [...root.querySelectorAll<HTMLElement>('h1, h2, h3, p:not(.nm-byline)')]
		.map((b) => b.textContent)
		.join('\n\n');
}
