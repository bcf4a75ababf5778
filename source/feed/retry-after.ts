import {limits} from './limits.js';

/**
The time a `Retry-After` header allows the next request at: delta-seconds or an HTTP date, clamped to
[limits.retryAfterMinMs, limits.retryAfterMaxMs] from `now`. Missing or malformed → the minimum.
*/
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): Date {
	const base = now.getTime();
	let delayMs: number = limits.retryAfterMinMs;
	const trimmed = (value ?? '').trim();
	if (/^\d{1,12}$/.test(trimmed)) {
		delayMs = Number(trimmed) * 1000;
	} else if (/^[A-Za-z]{3},? /.test(trimmed)) {
		// IMF-fixdate, RFC 850 and asctime forms all start with a day name.
		const date = Date.parse(trimmed);
		if (Number.isFinite(date)) {
			delayMs = date - base;
		}
	}

	const clamped = Math.min(Math.max(delayMs, limits.retryAfterMinMs), limits.retryAfterMaxMs);
	return new Date(base + clamped);
}
