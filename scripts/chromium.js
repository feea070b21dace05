// Finds the system Chromium for Playwright and vitest browser mode. Browsers are never downloaded here:
// a missing Chromium is an error that says how to install one, never a silent skip.
import { existsSync } from 'node:fs';

/** The flags every headless Chromium run uses (root needs --no-sandbox; the closed network needs the rest). */
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];

/** The path of the system Chromium: CHROMIUM_PATH, else /usr/bin/chromium; throws when neither exists. */
export function chromiumPath() {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
	const found = candidates.find((p) => p && existsSync(p));
	if (!found) {
		throw new Error(
			"No Chromium found. Install Debian's package (sudo apt-get install -y chromium) or set CHROMIUM_PATH " +
				'to a Chromium binary. Newsmark never downloads browsers.'
		);
	}
	return found;
}
