import { describe, expect, it } from 'vitest';
import { isTimeZone, utcToZoned, zonedToUtc } from './time';

describe('dates typed in a time zone', () => {
	it('turns a Paris wall-clock time into UTC, winter and summer', () => {
		expect(zonedToUtc('2026-01-15T09:00', 'Europe/Paris')?.toISOString()).toBe(
			'2026-01-15T08:00:00.000Z'
		);
		expect(zonedToUtc('2026-07-15T09:00', 'Europe/Paris')?.toISOString()).toBe(
			'2026-07-15T07:00:00.000Z'
		);
	});

	it('handles zones west of UTC and half-hour zones', () => {
		expect(zonedToUtc('2026-03-01T23:30', 'America/New_York')?.toISOString()).toBe(
			'2026-03-02T04:30:00.000Z'
		);
		expect(zonedToUtc('2026-03-01T12:00', 'Asia/Kolkata')?.toISOString()).toBe(
			'2026-03-01T06:30:00.000Z'
		);
	});

	it('round-trips through the wall clock', () => {
		expect(utcToZoned('2026-07-15T07:00:00.000Z', 'Europe/Paris')).toBe('2026-07-15T09:00');
	});

	it('refuses impossible dates and unknown zones', () => {
		expect(zonedToUtc('2026-02-30T10:00', 'UTC')).toBeNull();
		expect(zonedToUtc('tomorrow', 'UTC')).toBeNull();
		expect(isTimeZone('Mars/Olympus')).toBe(false);
		expect(isTimeZone('Europe/Paris')).toBe(true);
	});
});
