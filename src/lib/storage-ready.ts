/**
 * When a page may read this browser's storage (localStorage). The browser opens the storage on its first
 * use in a page, which takes a while (10-20 ms on a slow machine), and a page's first task, hydrating it,
 * is long already: so the first reading waits for a task of its own, and readings after it run at once.
 */

let opened = false;

/**
 * Runs `read` (a reading of this browser's storage) at once when the page has read storage before, else
 * in a task of its own. Returns a function that cancels a reading still waiting.
 */
export function whenStorageReady(read: () => void): () => void {
	if (opened) {
		read();
		return () => {};
	}
	const timer = setTimeout(() => {
		opened = true;
		read();
	});
	return () => clearTimeout(timer);
}
