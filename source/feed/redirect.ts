/**
The next hop of a redirect, as a pure function: http(s) only, credentials dropped, loops detected, at most
`maxRedirects` hops, an https → http downgrade warned (and never taken for a permanent move).
*/
import {FeedError} from './errors.js';
import {sanitizeLine} from './sanitize.js';
import {limits} from './limits.js';

export type HopInput = {
	status: number;
	location: string | null;
	current: URL;
	/** Every URL requested so far, this one included. */
	seen: ReadonlySet<string>;
	/** Redirects followed before this one. */
	redirects: number;
	maxRedirects: number;
};

export type Hop
	= | {next: URL; permanent: boolean; warning?: string}
		| {error: FeedError};

export function isRedirect(status: number): boolean {
	return status >= 300 && status < 400 && status !== 304;
}

export function nextHop(input: HopInput): Hop {
	const {status, location, current} = input;
	if (location === null || location.trim() === '') {
		return {error: new FeedError('http', `HTTP ${status} without a Location`)};
	}

	let next: URL;
	try {
		next = new URL(location, current);
	} catch {
		return {error: new FeedError('bad-url', `redirect to an invalid URL: ${sanitizeLine(location, limits.shownNameMax)}`)};
	}

	if (next.protocol !== 'http:' && next.protocol !== 'https:') {
		return {error: new FeedError('bad-url', 'redirect to a non-http(s) URL')};
	}

	// Credentials in a Location are never followed into a request.
	next.username = '';
	next.password = '';
	if (input.seen.has(next.href)) {
		return {error: new FeedError('redirect-loop', 'redirect loop')};
	}

	if (input.redirects + 1 > input.maxRedirects) {
		return {error: new FeedError('too-many-redirects', `too many redirects (over ${input.maxRedirects})`)};
	}

	const downgrade = current.protocol === 'https:' && next.protocol === 'http:';
	const permanent = (status === 301 || status === 308) && !downgrade;
	return downgrade
		? {next, permanent, warning: `redirected from https to plain http: ${sanitizeLine(next.href, limits.shownMessageMax)}`}
		: {next, permanent};
}
