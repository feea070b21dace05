/** Small wording helpers shared by the article pages. */

/** "1 span", "3 spans". */
export function plural(n: number, one: string, many = `${one}s`): string {
	return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

/** A date as "3 May 2025" (UTC, so the server and the browser write the same). */
export function shortDate(iso: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		day: 'numeric',
		month: 'short',
		year: 'numeric',
		timeZone: 'UTC'
	}).format(new Date(iso));
}
