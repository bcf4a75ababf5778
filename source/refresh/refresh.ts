/**
The refresh orchestrator, cache-first, above the engine (`source/feed/`: fetch, decode, parse) and the store
(`source/store/`: snapshots, bodies), and the WordPress hooks that watch each fetch. For each source, in parallel under the limiter:
offline → the cache; a Retry-After still in force → the cache and a rate-limited error, no request;
a snapshot younger than `maxAgeMs` → the cache (unless `force`); else a conditional GET.
A failed, empty or truncated fetch never replaces the last good posts (security checklist R2, items 40, 41, 60, 81).
Local sources (paths, file: URLs, stdin) are parsed directly and never cached.
*/
import {timeBusy} from '../feed/busy-clock.js';
import {FeedError, toFeedError} from '../feed/errors.js';
import type {FetchResult} from '../feed/fetch-feed.js';
import {hostLimiter, type Limiter} from '../feed/limiter.js';
import {limits} from '../feed/limits.js';
import {readSource, classifySource} from '../feed/read-source.js';
import {sanitizeLine} from '../feed/sanitize.js';
import type {FeedSnapshot, ParsedFeed, ParsedPost, Post, PostContent} from '../feed/types.js';
import {readContent, readSnapshot, writeSnapshot} from '../store/cache.js';
import {snapshotReader} from '../store/library-index.js';
import {getPaths} from '../store/paths.js';
import type {FetchSeen} from '../wordpress/on-fetch.js';
import type * as FetchParseModule from './fetch-parse.js';

type FetchParse = typeof FetchParseModule;
let fetchParse: Promise<FetchParse> | undefined;

/** The fetch and parse half (fetch-parse.ts), loaded once, when the first feed is fetched or read from a file. */
async function loadFetchParse(): Promise<FetchParse> {
	fetchParse ??= import('./fetch-parse.js');
	return fetchParse;
}

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

type ReadCached = (url: string) => ReturnType<typeof readSnapshot>;

/**
How the cached snapshots are read: offline, several feeds come from the library index, one file read once (issue 8
§2), rather than two files each; otherwise each feed's own files, which a fetch is about to replace.
*/
function cachedReader(sources: string[], options: RefreshOptions): ReadCached {
	if (options.offline && sources.length > 1) {
		return snapshotReader(options.cacheDirectory ?? getPaths().cache);
	}

	return url => readSnapshot(url, options.cacheDirectory);
}

export async function refreshFeeds(sources: string[], options: RefreshOptions = {}): Promise<FeedOutcome[]> {
	const limiter = hostLimiter();
	const readCached = cachedReader(sources, options);
	return Promise.all(sources.map(async source => {
		let outcome: FeedOutcome;
		try {
			outcome = await refreshSource(source, options, limiter, readCached);
		} catch (error) {
			outcome = {source, url: source, status: 'failed', snapshot: undefined, error: toFeedError(error), warnings: []};
		}

		try {
			options.onUpdate?.(outcome);
		} catch {}

		return outcome;
	}));
}

async function refreshSource(source: string, options: RefreshOptions, limiter: Limiter, readCached: ReadCached): Promise<FeedOutcome> {
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
	const cached = readCached(url);
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
		const {afterFetch} = await loadFetchParse();
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
function write(snapshot: FeedSnapshot, content: Record<string, PostContent> | undefined, options: RefreshOptions, warnings: string[], stateOnly = false): boolean {
	try {
		writeSnapshot(snapshot, content, options.cacheDirectory, {stateOnly});
		return true;
	} catch (error) {
		warnings.push(`cannot write the cache: ${sanitizeLine((error as Error).message, limits.shownNameMax)}`);
		return false;
	}
}

function slim(post: ParsedPost): Post {
	const {html: _html, base: _base, ...rest} = post;
	return rest;
}

function contentOf(posts: ParsedPost[]): Record<string, PostContent> {
	const content: Record<string, PostContent> = {};
	for (const post of posts) {
		content[post.id] = {html: post.html, base: post.base};
	}

	return content;
}

type Attempt = {
	url: string;
	old: FeedSnapshot | undefined;
	previous: FeedSnapshot;
	at: string;
	base: Omit<FeedOutcome, 'status' | 'snapshot'>;
	options: RefreshOptions;
};

/** A failed fetch keeps the posts, title and validators, and records the error (and when to come back). */
function failed(attempt: Attempt, error: FeedError): FeedOutcome {
	const {previous, at, base, options} = attempt;
	const snapshot: FeedSnapshot = {
		...previous,
		lastError: {code: error.code, message: error.message, at},
		nextAllowed: error.retryAt ? error.retryAt.toISOString() : null,
		lastAttempt: at,
	};
	if (!options.signal?.aborted) {
		// The posts on disk are `previous`'s (or none): only the state record changes.
		write(snapshot, undefined, options, base.warnings, attempt.old !== undefined);
	}

	return {...base, status: 'failed', snapshot: previous.lastSuccess === null ? undefined : snapshot, error};
}

/** A 304: only the state record changes (new validators and times); the posts stay as they are. */
function notModified(attempt: Attempt, validators: FeedSnapshot['validators']): FeedOutcome {
	const {old, at, base, options} = attempt;
	if (old === undefined || old.lastSuccess === null) {
		return failed(attempt, new FeedError('http', 'HTTP 304 but nothing is cached'));
	}

	const snapshot: FeedSnapshot = {...old, validators, lastSuccess: at, lastError: null, nextAllowed: null, lastAttempt: at};
	write(snapshot, undefined, options, base.warnings, true);
	return {...base, status: 'not-modified', snapshot};
}

type Merged = {posts: Post[]; content: Record<string, PostContent> | undefined; validators: FeedSnapshot['validators']};

/**
The posts to keep after a good parse. An empty document keeps the cached posts; a truncated one is merged with
them (and keeps the old validators, so the next fetch gets it whole); else the new posts, plus a WordPress
feed's posts that came from its site. `content` undefined: the bodies on disk stay as they are.
*/
function mergePosts(attempt: Attempt, parsed: ParsedFeed, validators: FeedSnapshot['validators'], keepArchived: FetchParse['keepArchived']): Merged {
	const {url, old, previous, base: {warnings}, options} = attempt;
	const oldPosts = old?.posts ?? [];
	const newPosts = parsed.posts.slice(0, limits.maxItems);
	if (newPosts.length === 0 && oldPosts.length > 0) {
		warnings.push(`the feed returned no posts; kept the ${oldPosts.length} cached posts`);
		return {posts: oldPosts, content: undefined, validators: previous.validators};
	}

	if (parsed.truncated && oldPosts.length > 0) {
		warnings.push('the feed was truncated; merged with the cached posts');
		const seen = new Set<string>();
		const posts: Post[] = [];
		for (const post of [...newPosts.map(slim), ...oldPosts]) {
			if (!seen.has(post.id) && posts.length < limits.maxItems) {
				seen.add(post.id);
				posts.push(post);
			}
		}

		const content = mergeContent(contentOf(newPosts), old, options);
		for (const id of Object.keys(content)) {
			if (!seen.has(id)) {
				delete content[id];
			}
		}

		return {posts, content, validators: previous.validators};
	}

	return {posts: keepArchived(url, newPosts.map(slim), oldPosts, cacheOf(options)), content: contentOf(newPosts), validators};
}

async function fetchAndStore(
	url: string,
	old: FeedSnapshot | undefined,
	base: Omit<FeedOutcome, 'status' | 'snapshot'>,
	options: RefreshOptions,
	onSeen: (seen: FetchSeen) => void,
): Promise<FeedOutcome> {
	const {warnings} = base;
	const attempt: Attempt = {url, old, previous: old ?? emptySnapshot(url), at: new Date().toISOString(), base, options};
	const {fetchFeed, parseBytes, keepArchived} = await loadFetchParse();
	let result: FetchResult;
	try {
		result = await fetchFeed(url, {...options.fetchOptions, validators: attempt.previous.validators, ...(options.signal ? {signal: options.signal} : {})});
	} catch (error) {
		return failed(attempt, toFeedError(error));
	}

	warnings.push(...result.warnings ?? []);
	const link = result.link === undefined ? {} : {link: result.link};
	if (result.status === 'not-modified') {
		const outcome = notModified(attempt, result.validators);
		if (outcome.status === 'not-modified') {
			onSeen({url, finalUrl: result.finalUrl, ...link});
		}

		return outcome;
	}

	if (result.permanentRedirect !== undefined) {
		warnings.push(`the feed moved permanently to ${sanitizeLine(result.permanentRedirect, limits.urlMax)}`);
	}

	let parsed: ParsedFeed;
	try {
		// Parsing blocks the event loop: its time is credited back to the other feeds' request timers.
		const {bytes, contentType, finalUrl} = result;
		parsed = timeBusy(() => parseBytes(bytes, contentType, url, finalUrl, warnings));
	} catch (error) {
		return failed(attempt, toFeedError(error));
	}

	warnings.push(...parsed.warnings.map(warning => sanitizeLine(warning.text, limits.warningMax)));
	onSeen({url, finalUrl: result.finalUrl, format: parsed.format, bytes: result.bytes, posts: parsed.posts, ...link});
	const merged = mergePosts(attempt, parsed, result.validators, keepArchived);
	const {content, validators} = merged;
	const posts = detached(merged.posts);
	const snapshot: FeedSnapshot = {
		version: 1, url, title: parsed.title, link: parsed.link, posts, validators, lastSuccess: attempt.at, lastError: null, nextAllowed: null, lastAttempt: attempt.at,
	};
	// Once written, the bodies are read back one at a time (readBody): a refresh of many feeds never holds them all.
	const written = write(snapshot, content, options, warnings);
	const moved = result.permanentRedirect === undefined ? {} : {movedTo: result.permanentRedirect};
	return {...base, status: 'fetched', snapshot, ...(content && !written ? {content} : {}), ...moved};
}

/**
The posts with strings of their own. A parser's strings are often slices of the whole decoded document, which keep
it alive: a refresh that kept every feed's slim posts would hold every feed's text (issue 8 §3: one large feed at a
time, never every feed's raw XML at once). structuredClone copies them (it serialises every string).
*/
export function detached(posts: Post[]): Post[] {
	return structuredClone(posts);
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
	const {parseBytes} = await loadFetchParse();
	let parsed: ParsedFeed;
	try {
		parsed = parseBytes(read.bytes, undefined, url, url, warnings);
	} catch (error) {
		return {source, url, status: 'failed', snapshot: undefined, error: toFeedError(error), warnings};
	}

	warnings.push(...parsed.warnings.map(warning => sanitizeLine(warning.text, limits.shownMessageMax)));
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
