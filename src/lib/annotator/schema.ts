/**
 * The ProseMirror schema of an article as the annotator shows it: a headline followed by paragraphs of
 * plain text. There are no marks: highlights are decorations (see highlights.ts), never part of the
 * document, so the article's text cannot change by annotating it.
 */
import { Schema, type Node } from 'prosemirror-model';

/** Headline and paragraphs; nothing else can appear in an article. */
export const schema = new Schema({
	nodes: {
		doc: { content: 'heading paragraph*' },
		heading: {
			attrs: { level: { default: 1 } },
			content: 'text*',
			defining: true,
			parseDOM: [{ tag: 'h1' }, { tag: 'h2' }, { tag: 'h3' }],
			toDOM: (node) => ['h' + node.attrs.level, { class: 'nm-headline' }, 0]
		},
		paragraph: {
			content: 'text*',
			parseDOM: [{ tag: 'p' }],
			toDOM: () => ['p', 0]
		},
		text: {}
	},
	marks: {}
});

/**
 * The document for an article's blocks: the first block is the headline (drawn as `h<headingLevel>`), every
 * other block a paragraph. An article with no blocks gets an empty headline.
 */
export function docFromBlocks(blocks: readonly string[], headingLevel = 1): Node {
	const [head = '', ...rest] = blocks;
	const text = (s: string) => (s.length ? schema.text(s) : undefined);
	return schema.node('doc', null, [
		schema.node('heading', { level: headingLevel }, text(head)),
		...rest.map((b) => schema.node('paragraph', null, text(b)))
	]);
}
