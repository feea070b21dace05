/**
 * Dates entered in one time zone and stored in UTC. An instructor types a due date in their own zone
 * (an `<input type="datetime-local">` and the browser's IANA zone); the database keeps UTC ISO strings.
 */

/** The offset in minutes of `zone` from UTC at the instant `date` (e.g. +60 for Paris in winter). */
export function zoneOffsetMinutes(date: Date, zone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit'
	}).formatToParts(date);
	const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
	const asUtc = Date.UTC(
		get('year'),
		get('month') - 1,
		get('day'),
		get('hour'),
		get('minute'),
		get('second')
	);
	return Math.round((asUtc - date.getTime()) / 60_000);
}

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/**
 * The UTC instant of a wall-clock time `YYYY-MM-DDTHH:mm` in `zone`, or null when it is not such a time.
 * Around a daylight-saving change the offset is taken at the resulting instant (two passes).
 */
export function zonedToUtc(local: string, zone: string): Date | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
	if (!m) return null;
	const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
	const wall = Date.UTC(y, mo - 1, d, h, mi, s);
	const check = new Date(wall);
	if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
	let guess = wall - zoneOffsetMinutes(new Date(wall), zone) * 60_000;
	guess = wall - zoneOffsetMinutes(new Date(guess), zone) * 60_000;
	return new Date(guess);
}

/** The wall-clock `YYYY-MM-DDTHH:mm` of a UTC instant in `zone` (for pre-filling a form). */
export function utcToZoned(iso: string, zone: string): string {
	const date = new Date(iso);
	const shifted = new Date(date.getTime() + zoneOffsetMinutes(date, zone) * 60_000);
	return shifted.toISOString().slice(0, 16);
}
