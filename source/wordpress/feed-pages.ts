/**
A WordPress feed's older pages, `?paged=N` (feed-only mode, or when the REST API is unavailable): fetched with the
feed engine (its bounds, User-Agent, Retry-After), under the REST calls' per-host cap, with validators kept per
request URL, query included (WordPress gives every page of a feed the same ETag). The page's items get the ids of
the main feed's items (`idUrl`), since a WordPress guid is the same `?p=ID` on every page and in category feeds.
The end: a 404 (WordPress answers a page past the end so, with an empty channel), an empty channel, or a page that
adds no guid not seen before in this run (some caches ignore `paged` and serve page 1 again).
*/
import {decodeFeedBytes} from '../feed/decode.js';
import {FeedError, toFeedError} from '../feed/errors.js';
import {fetchFeed} from '../feed/fetch-feed.js';
import {parseFeed} from '../feed/parse.js';
import type {ParsedPost} from '../feed/types.js';
import {readFeedState, writeValidators} from '../store/cache.js';
import {validatorsFor} from '../store/feed-state.js';
import {forHost} from './rest-get.js';

export type FeedPage
	= | {kind: 'posts'; posts: ParsedPost[]}
		| {kind: 'not-modified'}
		| {kind: 'end'; why: string}
		| {kind: 'error'; reason: string; retryAt?: Date};

/** `listUrl` with `paged=N` (page 1 is the URL itself). */
export function pageUrl(listUrl: string, page: number): string {
	if (page <= 1) {
		return listUrl;
	}

	const url = new URL(listUrl);
	url.searchParams.set('paged', String(page));
	return url.href;
}

export async function fetchFeedPage(listUrl: string, page: number, idUrl: string, cacheDirectory: string): Promise<FeedPage> {
	const url = pageUrl(listUrl, page);
	const validators = validatorsFor(readFeedState(idUrl, cacheDirectory), url);
	let result;
	try {
		result = await forHost(url, async () => fetchFeed(url, {validators}));
	} catch (error) {
		const feedError = error instanceof FeedError ? error : toFeedError(error);
		if (feedError.code === 'http' && /\bHTTP 404\b/.test(feedError.message)) {
			return {kind: 'end', why: 'HTTP 404'};
		}

		return {kind: 'error', reason: feedError.message, ...(feedError.retryAt ? {retryAt: feedError.retryAt} : {})};
	}

	if (result.status === 'not-modified') {
		return {kind: 'not-modified'};
	}

	let posts: ParsedPost[];
	try {
		posts = parseFeed(decodeFeedBytes(result.bytes, result.contentType).text, {url: idUrl}).posts;
	} catch (error) {
		return {kind: 'error', reason: toFeedError(error).message};
	}

	if (posts.length === 0) {
		return {kind: 'end', why: 'an empty channel'};
	}

	// Kept only once the page is known good, so that a broken page is asked whole next time.
	if (Object.keys(result.validators).length > 0) {
		writeValidators(idUrl, url, result.validators, cacheDirectory);
	}

	return {kind: 'posts', posts};
}
