import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cdp, page, userEvent } from 'vitest/browser';
import { flushSync, mount, unmount } from 'svelte';
import TestHost from './TestHost.svelte';
import { article, drawnText, mountAnnotator, selectText, settle, type Mounted } from './test-utils';

let m: Mounted | null = null;
beforeAll(async () => {
	await page.viewport(1280, 900);
});
afterEach(() => {
	m?.destroy();
	m = null;
});

const text = article.text;

interface FrameTree {
	frame: { id: string };
	childFrames?: FrameTree[];
}
interface AXNode {
	role?: { value: string };
	name?: { value: string };
}
const at = (needle: string) => {
	const start = text.indexOf(needle);
	return { start, end: start + needle.length };
};

describe('Annotator: drawing spans', () => {
	it('draws overlapping spans as nested marks, each with its data-tag', async () => {
		const headline = at("Obama, Putin have 'candid, blunt' chat on Syria");
		const inner = at('candid, blunt');
		m = mountAnnotator({
			spans: [
				{ ...headline, tag: 'claim' },
				{ ...inner, tag: 'quote' }
			]
		});
		await settle();
		const quote = [...m.editor().querySelectorAll('mark[data-tag="quote"]')];
		expect(quote.map((q) => q.textContent).join('')).toBe('candid, blunt');
		// The quote sits inside the claim's mark, and the claim still covers the whole headline.
		expect(quote.every((q) => q.parentElement?.closest('mark[data-tag="claim"]'))).toBe(true);
		const claim = [...m.editor().querySelectorAll('mark[data-tag="claim"]')]
			.filter((c) => !c.parentElement?.closest('mark[data-tag="claim"]'))
			.map((c) => c.textContent)
			.join('');
		expect(claim).toBe("Obama, Putin have 'candid, blunt' chat on Syria");
		// Nested: deeper layer, so its underline is drawn lower than the claim's.
		const q = quote[0] as HTMLElement;
		const c = q.parentElement!.closest('mark[data-tag="claim"]') as HTMLElement;
		expect(q.dataset.layer).toBe('1');
		expect(c.dataset.layer).toBe('0');
		expect(parseFloat(getComputedStyle(q).textUnderlineOffset)).toBeGreaterThan(
			parseFloat(getComputedStyle(c).textUnderlineOffset)
		);
		// Colour is not the only signal: each tag has its own underline pattern.
		expect(getComputedStyle(q).textDecorationStyle).toBe('solid');
		expect(getComputedStyle(c).textDecorationStyle).toBe('dashed');
	});

	it('lets a screen reader hear each highlight with its tag', async () => {
		m = mountAnnotator({ spans: [{ ...at('US officials have said'), tag: 'unclear_sourcing' }] });
		await settle();
		// The tests run in an iframe: read the accessibility tree of every frame.
		const session = cdp();
		const { frameTree } = (await session.send('Page.getFrameTree')) as { frameTree: FrameTree };
		const frames: string[] = [];
		const walk = (f: FrameTree) => {
			frames.push(f.frame.id);
			f.childFrames?.forEach(walk);
		};
		walk(frameTree);
		const tree: { nodes: AXNode[] } = { nodes: [] };
		for (const frameId of frames) {
			const part = (await session.send('Accessibility.getFullAXTree', { frameId })) as {
				nodes: AXNode[];
			};
			tree.nodes.push(...part.nodes);
		}
		const marks = tree.nodes.filter((n) => n.role?.value === 'mark');
		const names = marks.map((n) => n.name?.value ?? '');
		const statics = tree.nodes.map((n) => n.name?.value ?? '').join('|');
		expect(marks.length).toBeGreaterThan(0);
		expect(statics).toContain('Unclear sourcing: ');
		expect(statics).toContain('US officials have said');
		expect(statics).toContain('(end of unclear sourcing)');
		expect(names.length).toBe(marks.length);
	});

	it('lists every span in text order with its tag, text and note', async () => {
		m = mountAnnotator({
			spans: [
				{ ...at('US officials have said'), tag: 'unclear_sourcing', note: 'Which officials?' },
				{ ...at('candid, blunt'), tag: 'quote' }
			]
		});
		await settle();
		const items = [...m.target.querySelectorAll('ul#nm-list > li')];
		expect(items.map((li) => li.getAttribute('data-tag'))).toEqual(['quote', 'unclear_sourcing']);
		expect(items[1].textContent).toContain('US officials have said');
		expect(items[1].textContent).toContain('Which officials?');
		expect(items[1].querySelector('button')?.textContent).toContain('Unclear sourcing');
	});
});

describe('Annotator: keyboard only', () => {
	it('reaches the article with Tab, extends the selection with Shift+arrows and tags it with 2', async () => {
		m = mountAnnotator();
		await userEvent.tab();
		expect(document.activeElement).toBe(m.editor());
		// The caret starts at the headline's start: select "Obama" (five characters) and tag it a claim.
		await userEvent.keyboard(
			'{Shift>}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{ArrowRight}{/Shift}'
		);
		await settle();
		await userEvent.keyboard('2');
		await settle();
		expect(m.last()).toEqual([{ start: 0, end: 5, tag: 'claim' }]);
		const mark = m.editor().querySelector('mark[data-tag="claim"]');
		expect(mark?.textContent).toBe('Obama');
		expect(m.target.querySelector('[role="status"]')?.textContent).toBe("Tagged 'Obama' as claim");
	});

	it('snaps a part-word keyboard selection to whole words, by word with Ctrl+Shift+arrows', async () => {
		m = mountAnnotator();
		await userEvent.tab();
		// Move into "Putin" by characters, then extend by words past "have".
		await userEvent.keyboard('{ArrowRight}'.repeat(9));
		await userEvent.keyboard('{Control>}{Shift>}{ArrowRight}{ArrowRight}{/Shift}{/Control}');
		await settle();
		await userEvent.keyboard('u');
		await settle();
		expect(m.last()).toEqual([{ ...at('Putin have'), tag: 'unclear_sourcing' }]);
	});

	it('refuses a selection across a paragraph break, politely and visibly', async () => {
		m = mountAnnotator();
		await userEvent.tab();
		await userEvent.keyboard('{Shift>}{ArrowDown}{ArrowDown}{ArrowDown}{/Shift}');
		await settle();
		await userEvent.keyboard('1');
		await settle();
		expect(m.changes).toEqual([]);
		expect(m.editor().querySelector('mark')).toBeNull();
		const status = m.target.querySelector('[aria-live="polite"]');
		expect(status?.textContent).toContain('can’t cross a paragraph break');
		const toolbar = m.target.querySelector('[role="toolbar"]');
		expect(toolbar?.textContent).toContain('can’t cross a paragraph break');
	});

	it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z and Ctrl+Y', async () => {
		m = mountAnnotator();
		const editor = m.editor();
		selectText(editor, 'US officials have said');
		await settle();
		await userEvent.keyboard('4');
		selectText(editor, 'Secretary of State John Kerry');
		await settle();
		await userEvent.keyboard('c');
		await settle();
		expect(m.last()?.map((s) => s.tag)).toEqual(['claim', 'unclear_sourcing']);

		const marks = () => [...editor.querySelectorAll('mark')].map((x) => x.dataset.tag);
		await userEvent.keyboard('{Control>}z{/Control}');
		await settle();
		expect(m.last()?.map((s) => s.tag)).toEqual(['unclear_sourcing']);
		expect(marks()).toEqual(['unclear_sourcing']);
		expect(m.target.querySelector('[role="status"]')?.textContent).toBe(
			"Undone: Tagged 'Secretary of State John Kerry' as claim"
		);
		await userEvent.keyboard('{Control>}z{/Control}');
		await settle();
		expect(m.last()).toEqual([]);
		expect(marks()).toEqual([]);
		await userEvent.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
		await settle();
		expect(m.last()?.map((s) => s.tag)).toEqual(['unclear_sourcing']);
		await userEvent.keyboard('{Control>}y{/Control}');
		await settle();
		expect(m.last()?.map((s) => s.tag)).toEqual(['claim', 'unclear_sourcing']);
		expect(new Set(marks())).toEqual(new Set(['claim', 'unclear_sourcing']));
	});

	it('retags the highlight under the caret and deletes it with Delete', async () => {
		m = mountAnnotator({ spans: [{ ...at('US officials have said'), tag: 'claim' }] });
		const editor = m.editor();
		const range = selectText(editor, 'officials');
		getSelection()!.collapse(range.startContainer, range.startOffset + 2);
		await settle();
		await userEvent.keyboard('4');
		await settle();
		expect(m.last()).toEqual([{ ...at('US officials have said'), tag: 'unclear_sourcing' }]);
		await userEvent.keyboard('{Delete}');
		await settle();
		expect(m.last()).toEqual([]);
	});
});

describe('Annotator: the text never changes', () => {
	const forbidden = /xyz|hello|PASTED|DROPPED|IME|CUT/;

	async function setup() {
		m = mountAnnotator({ spans: [{ ...at('US officials have said'), tag: 'claim' }] });
		const editor = m.editor();
		expect(drawnText(editor)).toBe(text);
		selectText(editor, 'Secretary of State');
		await settle();
		return editor;
	}

	async function expectUnchanged(editor: HTMLElement) {
		await settle(150);
		flushSync();
		expect(drawnText(editor)).toBe(text);
		expect(editor.textContent).not.toMatch(forbidden);
		expect(m!.changes).toEqual([]);
		expect(editor.querySelectorAll('mark[data-tag="claim"]').length).toBeGreaterThan(0);
	}

	it('ignores typing, Backspace, Enter and Delete', async () => {
		const editor = await setup();
		await userEvent.keyboard('xyz{Backspace}{Enter}{Delete} zz{Enter}');
		await userEvent.keyboard('{ArrowRight}{Backspace}{Backspace}{Delete}');
		await userEvent.keyboard('{Shift>}{ArrowLeft}{/Shift}{Backspace}');
		// An input method's text arrives as beforeinput/input, not as key presses.
		editor.dispatchEvent(
			new InputEvent('beforeinput', {
				inputType: 'insertText',
				data: 'IME',
				bubbles: true,
				cancelable: true
			})
		);
		await expectUnchanged(editor);
	});

	it('ignores pasting and cutting', async () => {
		const editor = await setup();
		await userEvent.keyboard('{Control>}v{/Control}');
		const data = new DataTransfer();
		data.setData('text/plain', 'PASTED TEXT');
		data.setData('text/html', '<p>PASTED <b>HTML</b></p>');
		editor.dispatchEvent(
			new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
		);
		editor.dispatchEvent(
			new InputEvent('beforeinput', {
				inputType: 'insertFromPaste',
				data: 'PASTED',
				bubbles: true,
				cancelable: true
			})
		);
		await userEvent.keyboard('{Control>}x{/Control}');
		editor.dispatchEvent(new ClipboardEvent('cut', { bubbles: true, cancelable: true }));
		await expectUnchanged(editor);
		expect(editor.textContent).toContain('Secretary of State');
	});

	it('ignores dropping text onto the article', async () => {
		const editor = await setup();
		const drop = new DataTransfer();
		drop.setData('text/plain', 'DROPPED');
		drop.setData('text/html', '<b>DROPPED</b>');
		const p = editor.querySelectorAll('p')[2];
		const box = p.getBoundingClientRect();
		for (const type of ['dragenter', 'dragover', 'drop']) {
			p.dispatchEvent(
				new DragEvent(type, {
					dataTransfer: drop,
					bubbles: true,
					cancelable: true,
					clientX: box.left + 20,
					clientY: box.top + 10
				})
			);
		}
		await expectUnchanged(editor);
	});
});

describe('Annotator inside a page that keeps the spans', () => {
	it('keeps the new highlight selected and undoable when onchange feeds the spans back in', async () => {
		const target = document.createElement('div');
		document.body.appendChild(target);
		const host = mount(TestHost, { target, props: { blocks: article.blocks } });
		try {
			flushSync();
			const editor = target.querySelector<HTMLElement>('.ProseMirror')!;
			selectText(editor, 'Secretary of State John Kerry');
			await settle();
			await userEvent.keyboard('2');
			await settle();
			expect(host.held().spans).toEqual([{ ...at('Secretary of State John Kerry'), tag: 'claim' }]);
			expect(host.held().saves).toBe(1);
			// The new highlight is the selected one: the toolbar offers to change it, the list opens it.
			expect(target.querySelector('[role="toolbar"]')?.getAttribute('aria-label')).toBe(
				'Highlight actions'
			);
			expect(target.querySelector('li.nm-card-on')?.textContent).toContain(
				'Secretary of State John Kerry'
			);
			await userEvent.keyboard('{Control>}z{/Control}');
			await settle();
			expect(host.held().spans).toEqual([]);
			expect(editor.querySelector('mark')).toBeNull();

			// Work restored from outside replaces the spans and starts a fresh history: nothing to redo.
			host.replace([{ ...at('US officials have said'), tag: 'unclear_sourcing' }]);
			flushSync();
			await settle();
			expect(editor.querySelector('mark[data-tag="unclear_sourcing"]')?.textContent).toBe(
				'US officials have said'
			);
			editor.focus();
			await userEvent.keyboard('{Control>}y{/Control}');
			await settle();
			expect(host.held().spans.map((s) => s.tag)).toEqual(['unclear_sourcing']);
			expect(target.querySelector('[role="status"]')?.textContent).toBe('Nothing to redo');
		} finally {
			unmount(host);
			target.remove();
		}
	});
});
