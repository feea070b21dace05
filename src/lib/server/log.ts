/**
 * Structured logs: one JSON line per event on standard output (errors on standard error). Lines are
 * written together once per turn of the event loop rather than one system call each (under load that
 * was 3% of the server's CPU); errors are written at once, after any lines still waiting.
 */

let waiting: string[] = [];

function flush(): void {
	if (!waiting.length) return;
	const lines = waiting.join('\n') + '\n';
	waiting = [];
	process.stdout.write(lines);
}

process.on('exit', flush);

/** Writes one JSON log line. */
export function logLine(fields: Record<string, unknown>): void {
	const line = JSON.stringify({ time: new Date().toISOString(), ...fields });
	if (fields.level === 'error') {
		flush();
		console.error(line);
	} else if (process.env.NEWSMARK_LOG !== 'off') {
		if (!waiting.length) setImmediate(flush);
		waiting.push(line);
	}
}
