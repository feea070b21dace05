/** Structured logs: one JSON line per event on standard output (errors on standard error). */

/** Writes one JSON log line. */
export function logLine(fields: Record<string, unknown>): void {
	const line = JSON.stringify({ time: new Date().toISOString(), ...fields });
	if (fields.level === 'error') console.error(line);
	else if (process.env.NEWSMARK_LOG !== 'off') console.log(line);
}
