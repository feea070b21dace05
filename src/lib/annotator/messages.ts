/**
 * The sentences the annotator says: confirmations read out by the polite live region and shown in the
 * status line ("Tagged 'US officials have said' as unclear sourcing"), and the polite refusals.
 */
import { TAG_INFO, type Tag } from '$lib/annotation/tags';

/** A passage of the article as quoted in a message: in single quotes, shortened past 60 characters. */
export function quote(text: string, max = 60): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return `'${flat.length > max ? flat.slice(0, max - 1).trimEnd() + '…' : flat}'`;
}

/** A tag's name inside a sentence ("unclear sourcing"). */
export function tagName(tag: Tag): string {
	return TAG_INFO[tag].label.toLowerCase();
}

export const messages = {
	tagged: (text: string, tag: Tag) => `Tagged ${quote(text)} as ${tagName(tag)}`,
	retagged: (text: string, from: Tag, to: Tag) =>
		`Changed ${quote(text)} from ${tagName(from)} to ${tagName(to)}`,
	removed: (text: string, tag: Tag) => `Removed the ${tagName(tag)} highlight on ${quote(text)}`,
	noteSaved: (text: string) => `Saved the note on ${quote(text)}`,
	noteRemoved: (text: string) => `Removed the note on ${quote(text)}`,
	accepted: (text: string, tags: readonly Tag[]) =>
		tags.length
			? `${quote(text)} also accepts ${tags.map(tagName).join(' and ')}`
			: `${quote(text)} accepts only its own tag`,
	cleared: (count: number) => `Removed all ${count} highlight${count === 1 ? '' : 's'}`,
	undone: (label: string) => `Undone: ${label}`,
	redone: (label: string) => `Redone: ${label}`,
	nothingToUndo: 'Nothing to undo',
	nothingToRedo: 'Nothing to redo',
	alreadyTagged: (text: string, tag: Tag) => `${quote(text)} is already tagged as ${tagName(tag)}`,
	crossesParagraph:
		'A highlight can’t cross a paragraph break. Please select words within one paragraph.',
	emptySelection: 'Select some words first, then choose a tag.'
};
