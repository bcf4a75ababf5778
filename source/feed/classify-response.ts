/**
What a response status means for a feed fetch, as a pure function: a redirect to follow, not modified, a body to
read, or a named error (rate limits carry the time to come back).
*/
import {FeedError} from './errors.js';
import {isRedirect} from './redirect.js';
import {parseRetryAfter} from './retry-after.js';

export type ResponseClass
	= | {kind: 'redirect'}
		| {kind: 'not-modified'}
		| {kind: 'ok'}
		| {kind: 'error'; error: FeedError};

export function classifyResponse(status: number, retryAfter: string | null, now: Date = new Date()): ResponseClass {
	if (isRedirect(status)) {
		return {kind: 'redirect'};
	}

	if (status === 304) {
		return {kind: 'not-modified'};
	}

	if (status === 429 || (status === 503 && retryAfter !== null)) {
		const retryAt = parseRetryAfter(retryAfter, now);
		return {kind: 'error', error: new FeedError('rate-limited', `rate limited (HTTP ${status}), retry after ${retryAt.toISOString()}`, {retryAt})};
	}

	if (status === 410) {
		return {kind: 'error', error: new FeedError('http', 'gone (HTTP 410)')};
	}

	if (status < 200 || status >= 300) {
		return {kind: 'error', error: new FeedError('http', `HTTP ${status}`)};
	}

	return {kind: 'ok'};
}
