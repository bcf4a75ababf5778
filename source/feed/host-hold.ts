/**
A host's Retry-After, for the whole process: once a feed, a REST call or a feed page of a backfill is answered 429
(or 503 with Retry-After), no request to that host leaves this process before the time it gave. The feed itself also
keeps the time in its state record (refresh), so the next process honours it too.
*/
import {FeedError} from './errors.js';
import {limits} from './limits.js';

const holds = new Map<string, number>();

/** Hold every request to `url`'s host until `retryAt` (clamped by parseRetryAfter to limits.retryAfterMaxMs). */
export function holdHost(url: URL | string, retryAt: Date): void {
	const host = new URL(url).host.toLowerCase();
	const until = Math.min(retryAt.getTime(), Date.now() + limits.retryAfterMaxMs);
	holds.set(host, Math.max(holds.get(host) ?? 0, until));
}

/** Throw a `rate-limited` FeedError, with no request made, while `url`'s host is held. */
export function checkHostHold(url: URL | string, now = Date.now()): void {
	const host = new URL(url).host.toLowerCase();
	const until = holds.get(host);
	if (until === undefined) {
		return;
	}

	if (until <= now) {
		holds.delete(host);
		return;
	}

	const retryAt = new Date(until);
	throw new FeedError('rate-limited', `rate limited by ${host}, retry after ${retryAt.toISOString()}`, {retryAt});
}

/** Record the hold that a rate-limited error carries (the caller still throws the error). */
export function noteRateLimit(url: URL | string, error: FeedError): void {
	if (error.code === 'rate-limited' && error.retryAt !== undefined) {
		holdHost(url, error.retryAt);
	}
}
