/**
The refresh orchestrator, cache-first. For each source, in parallel under the limiter:
offline → the cache; a Retry-After still in force → the cache and a rate-limited error, no request;
a snapshot younger than `maxAgeMs` → the cache (unless `force`); else a conditional GET.
A failed, empty or truncated fetch never replaces the last good posts (security checklist R2, items 40, 41, 60, 81).
Local sources (paths, file: URLs, stdin) are parsed directly and never cached.
*/
import {readContent, readSnapshot, writeSnapshot} from '../store/cache.js';
import {timeBusy} from './busy-clock.js';
import {FeedError, toFeedError} from './errors.js';
import {decodeFeedBytes} from './decode.js';
import {fetchFeed} from './fetch-feed.js';
import {createLimiter} from './limiter.js';
import {limits} from './limits.js';
import {parseFeed} from './parse.js';
import {readSource, classifySource} from './read-source.js';
import {sanitizeLine} from './sanitize.js';
import type {FeedSnapshot, ParsedFeed, ParsedPost, Post, PostContent} from './types.js';
import {getPaths} from '../store/paths.js';
import {afterFetch, keepArchived, type FetchSeen} from '../wordpress/on-fetch.js';

export type FeedOutcomeStatus = 'fetched' | 'not-modified' | 'fresh-cache' | 'offline-cache' | 'failed';

export type FeedOutcome = {
	/** The source as given. */
	source: string;
	/** The feed URL: the configured (normalised) URL, never the URL after redirects; a `file:` URL for local sources. */
	url: string;
	status: FeedOutcomeStatus;
	/** The posts to show: new ones, or the last good snapshot. Undefined when no good copy exists (never fetched successfully). */
	snapshot: FeedSnapshot | undefined;
	/** Bodies by post id, only when the document was parsed in this refresh ('fetched' and local sources). */
	content?: Record<string, PostContent>;
	error?: FeedError;
	warnings: string[];
	/** After a permanent redirect (301/308 all the way, no downgrade): the feed's new URL, for a caller to store. */
	movedTo?: string;
};

export type RefreshOptions = {
	offline?: boolean;
	force?: boolean;
	maxAgeMs?: number;
	cacheDirectory?: string;
	stdin?: NodeJS.ReadableStream;
	signal?: AbortSignal;
	onUpdate?: (outcome: FeedOutcome) => void;
	/** Fetch bounds, mainly for tests. */
	fetchOptions?: {deadlineMs?: number; headersTimeoutMs?: number; bodyIdleTimeoutMs?: number; maxBytes?: number; maxRedirects?: number};
};

const cancelled = () => new FeedError('network', 'cancelled');

export async function refreshFeeds(sources: string[], options: RefreshOptions = {}): Promise<FeedOutcome[]> {
	const limiter = createLimiter();
	return Promise.all(sources.map(async source => {
		let outcome: FeedOutcome;
		try {
			outcome = await refreshSource(source, options, limiter);
		} catch (error) {
			outcome = {source, url: source, status: 'failed', snapshot: undefined, error: toFeedError(error), warnings: []};
		}

		try {
			options.onUpdate?.(outcome);
		} catch {}

		return outcome;
	}));
}

async function refreshSource(source: string, options: RefreshOptions, limiter: ReturnType<typeof createLimiter>): Promise<FeedOutcome> {
	let classified;
	try {
		classified = classifySource(source);
	} catch (error) {
		return {source, url: sanitizeLine(source, limits.urlMax), status: 'failed', snapshot: undefined, error: toFeedError(error), warnings: []};
	}

	if (classified.kind !== 'url') {
		return refreshLocal(source, options);
	}

	const {url} = classified;
	const warnings: string[] = [];
	const cached = readSnapshot(url, options.cacheDirectory);
	if (cached.warning) {
		warnings.push(cached.warning);
	}

	const old = cached.value;
	const base: Omit<FeedOutcome, 'status' | 'snapshot'> = {source, url, warnings};
	const hasGood = old !== undefined && old.lastSuccess !== null;

	if (options.offline) {
		return hasGood
			? {...base, status: 'offline-cache', snapshot: old}
			: {...base, status: 'failed', snapshot: undefined, error: new FeedError('offline', 'offline and not cached')};
	}

	const now = Date.now();
	if (old?.nextAllowed) {
		const nextAllowed = Date.parse(old.nextAllowed);
		// A time beyond the Retry-After cap (a clock change, a hand-edited file) is not honoured.
		if (Number.isFinite(nextAllowed) && nextAllowed > now && nextAllowed <= now + limits.retryAfterMaxMs) {
			const retryAt = new Date(nextAllowed);
			const error = new FeedError('rate-limited', `rate limited, retry after ${retryAt.toISOString()}`, {retryAt});
			return {...base, status: 'failed', snapshot: hasGood ? old : undefined, error};
		}
	}

	if (!options.force && options.maxAgeMs !== undefined && hasGood && old.lastAttempt) {
		const lastAttempt = Date.parse(old.lastAttempt);
		if (Number.isFinite(lastAttempt) && now - lastAttempt >= 0 && now - lastAttempt < options.maxAgeMs) {
			return {...base, status: 'fresh-cache', snapshot: old};
		}
	}

	const host = new URL(url).host.toLowerCase();
	return limiter.run(host, async () => {
		if (options.signal?.aborted) {
			return {...base, status: 'failed', snapshot: hasGood ? old : undefined, error: cancelled()};
		}

		return fetchAndDetect(url, old, base, options);
	});
}

/** Fetch and store, then the WordPress hook (detection, the REST check when due) in the same limiter slot. */
async function fetchAndDetect(url: string, old: FeedSnapshot | undefined, base: Omit<FeedOutcome, 'status' | 'snapshot'>, options: RefreshOptions): Promise<FeedOutcome> {
	let seen: FetchSeen | undefined;
	const outcome = await fetchAndStore(url, old, base, options, value => {
		seen = value;
	});
	if (seen !== undefined && !options.signal?.aborted) {
		const after = await afterFetch(seen, cacheOf(options));
		outcome.warnings.push(...after.warnings);
		if (after.snapshot && outcome.snapshot) {
			outcome.snapshot = after.snapshot;
		}
	}

	return outcome;
}

function cacheOf(options: RefreshOptions): string {
	return options.cacheDirectory ?? getPaths().cache;
}

function emptySnapshot(url: string): FeedSnapshot {
	return {
		version: 1,
		url,
		title: '',
		link: null,
		posts: [],
		validators: {},
		lastSuccess: null,
		lastError: null,
		nextAllowed: null,
		lastAttempt: null,
	};
}

/** Whether the cache now holds it. */
function write(snapshot: FeedSnapshot, content: Record<string, PostContent> | undefined, options: RefreshOptions, warnings: string[]): boolean {
	try {
		writeSnapshot(snapshot, content, options.cacheDirectory);
		return true;
	} catch (error) {
		warnings.push(`cannot write the cache: ${sanitizeLine((error as Error).message, 200)}`);
		return false;
	}
}

function slim(post: ParsedPost): Post {
	const {html: _html, base: _base, ...rest} = post;
	return rest;
}

/** Refuse bytes that cannot be a feed (images, archives…) before decoding them. HTML pages are parseFeed's job. */
function checkNotBinary(bytes: Uint8Array, contentType: string | undefined): void {
	const magic: Array<[number[], string]> = [
		[[0x89, 0x50, 0x4E, 0x47], 'a PNG image'],
		[[0xFF, 0xD8, 0xFF], 'a JPEG image'],
		[[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
		[[0x52, 0x49, 0x46, 0x46], 'a RIFF (WebP, WAV…) file'],
		[[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
		[[0x50, 0x4B, 0x03, 0x04], 'a ZIP archive'],
		[[0x1F, 0x8B], 'gzip data'],
	];
	for (const [signature, what] of magic) {
		if (signature.every((byte, index) => bytes[index] === byte)) {
			throw new FeedError('not-a-feed', `not a feed (${what})`);
		}
	}

	const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (/^(?:image|audio|video|font)\//.test(type)) {
		throw new FeedError('not-a-feed', `not a feed (${sanitizeLine(type, 60)})`);
	}
}

/** Decode and parse. `pageUrl` (the URL after redirects) resolves a linked feed named by a `not-a-feed` HTML page. */
function parseBytes(bytes: Uint8Array, contentType: string | undefined, url: string, pageUrl: string, warnings: string[]): ParsedFeed {
	checkNotBinary(bytes, contentType);
	const decoded = decodeFeedBytes(bytes, contentType);
	warnings.push(...decoded.warnings.map(warning => sanitizeLine(warning, 300)));
	try {
		return parseFeed(decoded.text, {url});
	} catch (error) {
		if (error instanceof FeedError && error.code === 'not-a-feed' && pageUrl !== url) {
			// Relative feed links resolve against the page's own URL.
			const retry = tryParse(decoded.text, pageUrl);
			if (retry?.feedUrl !== undefined) {
				throw retry;
			}
		}

		throw error instanceof FeedError ? error : new FeedError('parse', `cannot parse the feed: ${sanitizeLine((error as Error).message, 200)}`, {cause: error});
	}
}

function tryParse(text: string, url: string): FeedError | undefined {
	try {
		parseFeed(text, {url});
	} catch (error) {
		return error instanceof FeedError ? error : undefined;
	}

	return undefined;
}

function contentOf(posts: ParsedPost[]): Record<string, PostContent> {
	const content: Record<string, PostContent> = {};
	for (const post of posts) {
		content[post.id] = {html: post.html, base: post.base};
	}

	return content;
}

async function fetchAndStore(
	url: string,
	old: FeedSnapshot | undefined,
	base: Omit<FeedOutcome, 'status' | 'snapshot'>,
	options: RefreshOptions,
	onSeen: (seen: FetchSeen) => void,
): Promise<FeedOutcome> {
	const {warnings} = base;
	const attempt = new Date().toISOString();
	const previous = old ?? emptySnapshot(url);

	const fail = (error: FeedError): FeedOutcome => {
		// Keep posts, title and validators; record the error (and when to come back for rate limits).
		const snapshot: FeedSnapshot = {
			...previous,
			lastError: {code: error.code, message: error.message, at: attempt},
			nextAllowed: error.retryAt ? error.retryAt.toISOString() : null,
			lastAttempt: attempt,
		};
		if (!options.signal?.aborted) {
			write(snapshot, undefined, options, warnings);
		}

		return {...base, status: 'failed', snapshot: previous.lastSuccess === null ? undefined : snapshot, error};
	};

	let result;
	try {
		result = await fetchFeed(url, {
			...options.fetchOptions,
			validators: previous.validators,
			...(options.signal ? {signal: options.signal} : {}),
		});
	} catch (error) {
		return fail(toFeedError(error));
	}

	if (result.warnings) {
		warnings.push(...result.warnings);
	}

	if (result.status === 'not-modified') {
		if (old === undefined || old.lastSuccess === null) {
			return fail(new FeedError('http', 'HTTP 304 but nothing is cached'));
		}

		const snapshot: FeedSnapshot = {
			...old,
			validators: result.validators,
			lastSuccess: attempt,
			lastError: null,
			nextAllowed: null,
			lastAttempt: attempt,
		};
		write(snapshot, undefined, options, warnings);
		onSeen({url, finalUrl: result.finalUrl, ...(result.link === undefined ? {} : {link: result.link})});
		return {...base, status: 'not-modified', snapshot};
	}

	if (result.permanentRedirect !== undefined) {
		warnings.push(`the feed moved permanently to ${sanitizeLine(result.permanentRedirect, limits.urlMax)}`);
	}

	let parsed: ParsedFeed;
	try {
		// Parsing blocks the event loop: its time is credited back to the other feeds' request timers.
		parsed = timeBusy(() => parseBytes(result.bytes, result.contentType, url, result.finalUrl, warnings));
	} catch (error) {
		return fail(toFeedError(error));
	}

	warnings.push(...parsed.warnings.map(warning => sanitizeLine(warning.text, 300)));
	onSeen({url, finalUrl: result.finalUrl, format: parsed.format, bytes: result.bytes, posts: parsed.posts, ...(result.link === undefined ? {} : {link: result.link})});
	const oldPosts = old?.posts ?? [];
	const newPosts = parsed.posts.slice(0, limits.maxItems);
	let posts: Post[];
	// Undefined: the content file on disk stays as it is (callers read it when they need a body).
	let content: Record<string, PostContent> | undefined;
	let {validators} = result;
	if (newPosts.length === 0 && oldPosts.length > 0) {
		warnings.push(`the feed returned no posts; kept the ${oldPosts.length} cached posts`);
		posts = oldPosts;
		validators = previous.validators;
	} else if (parsed.truncated && oldPosts.length > 0) {
		warnings.push('the feed was truncated; merged with the cached posts');
		const seen = new Set<string>();
		posts = [];
		for (const post of [...newPosts.map(slim), ...oldPosts]) {
			if (!seen.has(post.id) && posts.length < limits.maxItems) {
				seen.add(post.id);
				posts.push(post);
			}
		}

		content = mergeContent(contentOf(newPosts), old, options);
		for (const id of Object.keys(content)) {
			if (!seen.has(id)) {
				delete content[id];
			}
		}

		// A truncated document is not a good copy: keep the old validators so that the next fetch gets it whole.
		validators = previous.validators;
	} else {
		// A WordPress feed keeps the posts that came from its site (backfill, categories, search).
		posts = keepArchived(url, newPosts.map(slim), oldPosts, cacheOf(options));
		content = contentOf(newPosts);
	}

	const snapshot: FeedSnapshot = {
		version: 1,
		url,
		title: parsed.title,
		link: parsed.link,
		posts,
		validators,
		lastSuccess: attempt,
		lastError: null,
		nextAllowed: null,
		lastAttempt: attempt,
	};
	// Once written, the bodies are read back one at a time (readBody): a refresh of many feeds never holds them all.
	const written = write(snapshot, content, options, warnings);
	const moved = result.permanentRedirect === undefined ? {} : {movedTo: result.permanentRedirect};
	return {...base, status: 'fetched', snapshot, ...(content && !written ? {content} : {}), ...moved};
}

function mergeContent(fresh: Record<string, PostContent> | undefined, old: FeedSnapshot | undefined, options: RefreshOptions): Record<string, PostContent> {
	const cachedContent = old === undefined ? undefined : readContent(old.url, options.cacheDirectory).value;
	return {...cachedContent, ...fresh};
}

async function refreshLocal(source: string, options: RefreshOptions): Promise<FeedOutcome> {
	const warnings: string[] = [];
	let read;
	try {
		read = await readSource(source, {
			...(options.stdin ? {stdin: options.stdin} : {}),
			...(options.fetchOptions?.maxBytes === undefined ? {} : {maxBytes: options.fetchOptions.maxBytes}),
		});
	} catch (error) {
		return {source, url: sanitizeLine(source, limits.urlMax), status: 'failed', snapshot: undefined, error: toFeedError(error), warnings};
	}

	if (read.kind !== 'local') {
		throw new FeedError('bad-url', 'unexpected source kind');
	}

	const {url} = read;
	let parsed: ParsedFeed;
	try {
		parsed = parseBytes(read.bytes, undefined, url, url, warnings);
	} catch (error) {
		return {source, url, status: 'failed', snapshot: undefined, error: toFeedError(error), warnings};
	}

	warnings.push(...parsed.warnings.map(warning => sanitizeLine(warning.text, 300)));
	const now = new Date().toISOString();
	const posts = parsed.posts.slice(0, limits.maxItems);
	const snapshot: FeedSnapshot = {
		version: 1,
		url,
		title: parsed.title,
		link: parsed.link,
		posts: posts.map(slim),
		validators: {},
		lastSuccess: now,
		lastError: null,
		nextAllowed: null,
		lastAttempt: now,
	};
	return {source, url, status: 'fetched', snapshot, content: contentOf(posts), warnings};
}
