/**
Fetch a post's full text and cache it with the post (source/store/full-text-store.ts), so it reads offline and
stays with a starred post. Readability and linkedom are loaded here, on first use only.
*/
import type {Limiter} from '../feed/limiter.js';
import type {FetchOptions} from '../feed/fetch-feed.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {type FullTextContent, writeFullText} from '../store/full-text-store.js';
import {limits} from '../feed/limits.js';

export type FullTextPost = {id: string; link: string | null; feed: {url: string}};

export type FetchFullTextOptions = {
	cacheDirectory?: string | undefined;
	/** Ids whose cached full text must survive (starred posts no longer in the feed). */
	keep?: Iterable<string>;
	signal?: AbortSignal;
	limiter?: Limiter;
	fetchOptions?: FetchOptions;
};

export type FetchedFullText = {ok: true; content: FullTextContent; cached: boolean; warning?: string} | {ok: false; reason: string};

/** Fetch, extract and cache. Never throws; a failure is a one-line reason. */
export async function fetchFullText(post: FullTextPost, options: FetchFullTextOptions = {}): Promise<FetchedFullText> {
	if (!post.link) {
		return {ok: false, reason: 'the post has no link'};
	}

	const {extractFullText} = await import('./full-text.js');
	const result = await extractFullText(post.link, {
		...(options.signal ? {signal: options.signal} : {}),
		...(options.limiter ? {limiter: options.limiter} : {}),
		...(options.fetchOptions ? {fetchOptions: options.fetchOptions} : {}),
	});
	if (!result.ok) {
		return {ok: false, reason: sanitizeLine(result.reason, limits.shownMessageMax)};
	}

	const content: FullTextContent = {html: result.html, base: result.finalUrl, from: result.host};
	try {
		writeFullText(post.feed.url, post.id, content, options.keep ?? [], options.cacheDirectory);
		return {ok: true, content, cached: true};
	} catch (error) {
		return {ok: true, content, cached: false, warning: `could not cache the full text: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`};
	}
}

export type ManyOptions = FetchFullTextOptions & {
	/** Serve only what is cached (`--offline`). */
	offline?: boolean;
	/** One line per post that got no full text. */
	onFailure?: (post: FullTextPost, reason: string) => void;
};

/**
Full text for many posts (`--json --fields content --full`, and the background fetch): the cached one when there
is one, else fetched, one request at a time per host. Posts without full text are left out of the result.
*/
export async function fullTextFor(posts: readonly FullTextPost[], options: ManyOptions = {}): Promise<Map<string, FullTextContent>> {
	const [{readFullText}, {createLimiter}] = await Promise.all([import('../store/full-text-store.js'), import('../feed/limiter.js')]);
	const limiter = options.limiter ?? createLimiter({maxPerHost: 1});
	const found = new Map<string, FullTextContent>();
	await Promise.all(posts.map(async post => {
		const cached = readFullText(post.feed.url, post.id, options.cacheDirectory);
		if (cached) {
			found.set(post.id, cached);
			return;
		}

		if (options.offline) {
			options.onFailure?.(post, 'not cached, and --offline');
			return;
		}

		const result = await fetchFullText(post, {...options, limiter});
		if (result.ok) {
			found.set(post.id, result.content);
		} else {
			options.onFailure?.(post, result.reason);
		}
	}));
	return found;
}
