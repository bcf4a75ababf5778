import fs from 'node:fs';
import path from 'node:path';
import {sha256Hex} from '../feed/sha256.js';
import type {FeedSnapshot, Post, PostContent} from '../feed/types.js';
import {writeFileAtomic, moveAside} from './atomic-write.js';
import {readAllBodies, readBodies, readBodyIndex, removeBodies, writeBodies} from './body-store.js';
import {type FeedState, isFeedState, stateOf, validatorsFor} from './feed-state.js';
import {withLockSync} from './lock.js';
import {migrateFeed} from './cache-migrate.js';
import {foldIfLarge, markPending, readLibraryIndex} from './library-index.js';
import {getPaths} from './paths.js';
import {readText} from './read-text.js';

/**
The feed cache (layout 2), per feed in `feeds/`:
- `<key>.posts.json`: title, link and slim posts; rewritten only when they change;
- `<key>.state.json`: validators per request URL, times and last error (a 304 or a failure writes only this);
- `<key>.bodies.json` + `<key>.bodies-<gen>.log`: the article bodies, one readable without the others (body-store.ts).
`library-index.json` (library-index.ts) holds every feed's slim posts and state in one file for start-up.
A cache of layout 1 (`<key>.json` + `<key>.content.json`) is converted on first read (cache-migrate.ts).
*/

export function feedKey(url: string): string {
	return sha256Hex(url).slice(0, 20);
}

export function feedsDirectory(cacheDirectory = getPaths().cache): string {
	return path.join(cacheDirectory, 'feeds');
}

export type CacheRead<T> = {value: T | undefined; warning?: string};

/** Posts of one feed, as stored in `<key>.posts.json`. */
export type FeedPosts = {version: 2; url: string; title: string; link: string | null; posts: Post[]};

export function readJson<T>(file: string, check: (value: unknown) => value is T): CacheRead<T> {
	let problem = 'was corrupt';
	try {
		const value: unknown = JSON.parse(readText(file));
		if (check(value)) {
			return {value};
		}
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'ENOENT') {
			return {value: undefined};
		}

		if (code !== undefined) {
			problem = `could not be read (${code})`;
		}
	}

	// Corrupt or unreadable: keep it, out of the way, so the next good fetch never writes over it.
	let moved = '';
	try {
		moved = moveAside(file);
	} catch {}

	return {value: undefined, warning: `cache file ${file} ${problem}; moved aside to ${moved || '(could not move)'}`};
}

export function isSnapshot(value: unknown): value is FeedSnapshot {
	const v = value as FeedSnapshot;
	return typeof v === 'object' && v !== null && v.version === 1 && typeof v.url === 'string' && Array.isArray(v.posts);
}

function isFeedPosts(value: unknown): value is FeedPosts {
	const v = value as FeedPosts;
	return typeof v === 'object' && v !== null && v.version === 2 && typeof v.url === 'string' && Array.isArray(v.posts);
}

export const postsFile = (directory: string, key: string) => path.join(directory, key + '.posts.json');
const stateFile = (directory: string, key: string) => path.join(directory, key + '.state.json');
export const feedLock = (directory: string, key: string) => path.join(directory, `.${key}.lock`);

/** The snapshot of one feed from its posts and state files (undefined when neither exists). */
export function readFeedFiles(directory: string, key: string, url?: string): CacheRead<FeedSnapshot> & {state?: FeedState} {
	const posts = readJson(postsFile(directory, key), isFeedPosts);
	const state = readJson(stateFile(directory, key), isFeedState);
	const warning = [posts.warning, state.warning].filter(Boolean).join('; ') || undefined;
	const feedUrl = posts.value?.url ?? state.value?.url;
	if (feedUrl === undefined || (url !== undefined && feedUrl !== url)) {
		return {value: undefined, ...(warning ? {warning} : {})};
	}

	const value: FeedSnapshot = {
		version: 1,
		url: feedUrl,
		title: posts.value?.title ?? '',
		link: posts.value?.link ?? null,
		posts: posts.value?.posts ?? [],
		validators: validatorsFor(state.value, feedUrl),
		lastSuccess: state.value?.lastSuccess ?? null,
		lastError: state.value?.lastError ?? null,
		nextAllowed: state.value?.nextAllowed ?? null,
		lastAttempt: state.value?.lastAttempt ?? null,
	};
	return {value, ...(warning ? {warning} : {}), ...(state.value ? {state: state.value} : {})};
}

export function readSnapshot(url: string, cacheDirectory?: string): CacheRead<FeedSnapshot> {
	const directory = feedsDirectory(cacheDirectory);
	const key = feedKey(url);
	const migrated = migrateFeed(directory, key, cacheDirectory ?? getPaths().cache);
	const {value, warning} = readFeedFiles(directory, key, url);
	const warnings = [migrated.warning, warning].filter(Boolean).join('; ');
	return {value, ...(warnings ? {warning: warnings} : {})};
}

/** The state record of one feed (validators per request URL). */
export function readFeedState(url: string, cacheDirectory?: string): FeedState | undefined {
	return readFeedFiles(feedsDirectory(cacheDirectory), feedKey(url), url).state;
}

/** Every body of a feed (for callers that need them all; the reader uses readBody). */
export function readContent(url: string, cacheDirectory?: string): CacheRead<Record<string, PostContent>> {
	const directory = feedsDirectory(cacheDirectory);
	const key = feedKey(url);
	const {warning} = migrateFeed(directory, key, cacheDirectory ?? getPaths().cache);
	return {value: readAllBodies(directory, key), ...(warning ? {warning} : {})};
}

/** One body, reading only its bytes. */
export function readBody(url: string, id: string, cacheDirectory?: string): PostContent | undefined {
	const directory = feedsDirectory(cacheDirectory);
	const key = feedKey(url);
	migrateFeed(directory, key, cacheDirectory ?? getPaths().cache);
	return readBodies(directory, key, [id]).get(id);
}

/** Ids with a stored body, for a feed. */
export function bodyIds(url: string, cacheDirectory?: string): string[] {
	return Object.keys(readBodyIndex(feedsDirectory(cacheDirectory), feedKey(url)).bodies);
}

function writeIfChanged(file: string, text: string): void {
	try {
		if (fs.readFileSync(file, 'utf8') === text) {
			return;
		}
	} catch {}

	writeFileAtomic(file, text);
}

/** The post ids of a feed's current posts file, or none (a missing or unreadable file names no bodies). */
function previousPostIds(file: string): string[] {
	try {
		const value = JSON.parse(readText(file)) as Partial<FeedPosts>;
		return Array.isArray(value.posts) ? value.posts.map(post => post.id).filter(id => typeof id === 'string') : [];
	} catch {
		return [];
	}
}

/** The ids of a feed's cached posts (none when its posts file is missing or unreadable). */
export function postIds(directory: string, key: string): string[] {
	return previousPostIds(postsFile(directory, key));
}

/** The feed's files, in crash-safe order: bodies, then posts, then state. The caller holds the feed's lock. */
export function writeFeedFiles(directory: string, key: string, snapshot: FeedSnapshot, content: Record<string, PostContent> | undefined, previousState?: FeedState, stateOnly = false): void {
	fs.mkdirSync(directory, {recursive: true});
	if (content) {
		// Until the new posts file is in place, a crash leaves the old one to be read: its posts keep their bodies
		// for one more write (they are dropped by the next one), so every post a posts file names has its body.
		const listed = new Set(snapshot.posts.map(post => post.id));
		const previous = previousPostIds(postsFile(directory, key)).filter(id => !listed.has(id));
		writeBodies(directory, key, [...listed, ...previous], content);
	}

	if (!stateOnly) {
		const posts: FeedPosts = {version: 2, url: snapshot.url, title: snapshot.title, link: snapshot.link, posts: snapshot.posts};
		writeIfChanged(postsFile(directory, key), JSON.stringify(posts));
	}

	const previous = previousState ?? readJson(stateFile(directory, key), isFeedState).value;
	writeFileAtomic(stateFile(directory, key), JSON.stringify(stateOf(snapshot, previous)));
}

/**
Write a snapshot, and bodies when given (a post without a fresh body keeps its stored one).
Posts are rewritten only when they changed. `stateOnly` (a 304, a failure: the caller knows the posts are those on
disk): only the state record is written, and the posts file is neither read nor serialised.
*/
export function writeSnapshot(snapshot: FeedSnapshot, content?: Record<string, PostContent>, cacheDirectory?: string, options: {stateOnly?: boolean} = {}): void {
	const cache = cacheDirectory ?? getPaths().cache;
	const directory = feedsDirectory(cache);
	const key = feedKey(snapshot.url);
	fs.mkdirSync(directory, {recursive: true});
	withLockSync(feedLock(directory, key), () => {
		migrateFeed(directory, key, cache, true);
		markPending(cache, snapshot.url);
		writeFeedFiles(directory, key, snapshot, options.stateOnly ? undefined : content, undefined, options.stateOnly);
		// Again after: a reader that folded the feed between the two saw its old files.
		markPending(cache, snapshot.url);
	});
	foldIfLarge(cache);
}

/** Record validators for one request URL of a feed (a page of it), leaving the rest of its state alone. */
export function writeValidators(feedUrl: string, requestUrl: string, validators: FeedSnapshot['validators'], cacheDirectory?: string): void {
	const cache = cacheDirectory ?? getPaths().cache;
	const directory = feedsDirectory(cache);
	const key = feedKey(feedUrl);
	fs.mkdirSync(directory, {recursive: true});
	withLockSync(feedLock(directory, key), () => {
		const state = readJson(stateFile(directory, key), isFeedState).value ?? stateOf({...emptySnapshot(feedUrl)}, undefined);
		state.validators[requestUrl] = {...validators};
		writeFileAtomic(stateFile(directory, key), JSON.stringify(state));
	});
}

/**
Remove a feed's files (posts, state, bodies; a layout-1 pair not yet converted, whose `.v1` copies stay) under its
lock, plus whatever `also` removes under the same lock; the library index drops the feed at its next fold.
*/
export function removeFeedFiles(url: string, cacheDirectory?: string, also?: () => void): void {
	const cache = cacheDirectory ?? getPaths().cache;
	const directory = feedsDirectory(cache);
	const key = feedKey(url);
	if (!fs.existsSync(directory)) {
		return;
	}

	withLockSync(feedLock(directory, key), () => {
		removeBodies(directory, key);
		also?.();
		for (const file of [postsFile(directory, key), stateFile(directory, key), path.join(directory, key + '.json'), path.join(directory, key + '.content.json')]) {
			fs.rmSync(file, {force: true});
		}

		markPending(cache, url);
	});
}

function emptySnapshot(url: string): FeedSnapshot {
	return {version: 1, url, title: '', link: null, posts: [], validators: {}, lastSuccess: null, lastError: null, nextAllowed: null, lastAttempt: null};
}

/** Every snapshot on disk (slim), for `evnews feeds`, `read` and the reader: from the library index. */
export function listSnapshots(cacheDirectory?: string): FeedSnapshot[] {
	return [...readLibraryIndex(cacheDirectory ?? getPaths().cache).snapshots.values()];
}
