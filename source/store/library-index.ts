import fs from 'node:fs';
import path from 'node:path';
import {limits} from '../feed/limits.js';
import type {FeedSnapshot} from '../feed/types.js';
import {writeFileAtomic} from './atomic-write.js';
import {feedKey, feedsDirectory, isSnapshot, readFeedFiles, readJson} from './cache.js';
import {migrateAll} from './cache-migrate.js';
import {countsFile, readCounts, writeCounts, type CountedFeed} from './library-counts.js';
import {headFile, readHead, writeHead, type LibraryHead} from './library-head.js';
import {LockError, withLockSync} from './lock.js';
import {fromRowSnapshot, isRow, rowFields, toRowSnapshot, type RowSnapshot} from './post-rows.js';

/**
One compact index of every feed's slim posts and state, `library-index.json` in the cache folder, so that
start-up, `--offline`, `unread` and the reader read one file, not one per feed. Writers do not rewrite it:
they append the feed's URL to `library-index.pending` (before and after writing the feed's files), and the next
reader folds the pending feeds in from their own files and writes the index atomically, holding the lock
briefly, so two processes never lose each other's updates. Missing or corrupt, it is rebuilt from the feeds'
files (a corrupt one is moved aside, with a one-line message).
*/

/** Version 2 keeps each feed's posts as rows (post-rows.ts); version 1, each post an object, is still read. */
type IndexFile = {version: 2; fields: typeof rowFields; feeds: RowSnapshot[]} | {version: 1; feeds: FeedSnapshot[]};

export type LibraryIndex = {snapshots: Map<string, FeedSnapshot>; warnings: string[]};

export const indexFile = (cacheDirectory: string) => path.join(cacheDirectory, 'library-index.json');
export const pendingFile = (cacheDirectory: string) => path.join(cacheDirectory, 'library-index.pending');
const indexLock = (cacheDirectory: string) => path.join(cacheDirectory, '.library-index.lock');

function isIndexFile(value: unknown): value is IndexFile {
	const v = value as IndexFile;
	if (typeof v !== 'object' || v === null || !Array.isArray(v.feeds) || !v.feeds.every(feed => isSnapshot(feed))) {
		return false;
	}

	return v.version === 2
		? Array.isArray(v.fields) && v.fields.join(',') === rowFields.join(',') && v.feeds.every(feed => feed.posts.every(row => isRow(row)))
		: v.version === 1;
}

/** The index file's size in bytes, 0 when there is none. */
export function libraryIndexBytes(cacheDirectory: string): number {
	try {
		return fs.statSync(indexFile(cacheDirectory)).size;
	} catch {
		return 0;
	}
}

/** Note that a feed's files are about to change (or have changed), for the next index read. */
export function markPending(cacheDirectory: string, url: string): void {
	fs.mkdirSync(cacheDirectory, {recursive: true});
	withLockSync(indexLock(cacheDirectory), () => {
		fs.appendFileSync(pendingFile(cacheDirectory), JSON.stringify(url) + '\n', {mode: 0o600});
	});
}

/** Fold the pending feeds into the index when their list has grown large (only `--json` runs, say, since the last reader). */
export function foldIfLarge(cacheDirectory: string): void {
	let size = 0;
	try {
		size = fs.statSync(pendingFile(cacheDirectory)).size;
	} catch {}

	if (size > limits.libraryPendingMaxBytes) {
		readLibraryIndex(cacheDirectory);
	}
}

function readPending(cacheDirectory: string): Set<string> {
	let text = '';
	try {
		text = fs.readFileSync(pendingFile(cacheDirectory), 'utf8');
	} catch {}

	const urls = new Set<string>();
	for (const line of text.split('\n')) {
		try {
			const url: unknown = JSON.parse(line);
			if (typeof url === 'string') {
				urls.add(url);
			}
		} catch {
			// A torn last line (a crash mid-append): the next write of that feed marks it again.
		}
	}

	return urls;
}

/** Every feed's snapshot from its own files (layout 1 converted first). */
function scanFeeds(cacheDirectory: string, warnings: string[], migrate = true): Map<string, FeedSnapshot> {
	const directory = feedsDirectory(cacheDirectory);
	if (migrate) {
		warnings.push(...migrateAll(directory, cacheDirectory));
	}

	const snapshots = new Map<string, FeedSnapshot>();
	let names: string[] = [];
	try {
		names = fs.readdirSync(directory);
	} catch {}

	const keys = new Set(names.map(name => /^([\da-f]{20})\.(?:posts|state)\.json$/.exec(name)?.[1]).filter(key => key !== undefined));
	for (const key of keys) {
		const {value, warning} = readFeedFiles(directory, key);
		if (warning) {
			warnings.push(warning);
		}

		if (value && feedKey(value.url) === key) {
			snapshots.set(value.url, value);
		}
	}

	return snapshots;
}

function fold(cacheDirectory: string, snapshots: Map<string, FeedSnapshot>, urls: Set<string>, warnings: string[]): void {
	const directory = feedsDirectory(cacheDirectory);
	for (const url of urls) {
		const {value, warning} = readFeedFiles(directory, feedKey(url), url);
		if (warning) {
			warnings.push(warning);
		}

		if (value) {
			snapshots.set(url, value);
		} else {
			snapshots.delete(url);
		}
	}
}

/** The index's snapshots: `rebuilt` from the feeds' files when it is missing or corrupt, `current` when it is in this version. */
function readIndex(cacheDirectory: string, warnings: string[], migrate = true): {snapshots: Map<string, FeedSnapshot>; rebuilt: boolean; current: boolean} {
	const {value, warning} = readJson(indexFile(cacheDirectory), isIndexFile);
	if (value?.version === 2) {
		return {snapshots: new Map(value.feeds.map(feed => [feed.url, fromRowSnapshot(feed)])), rebuilt: false, current: true};
	}

	if (value) {
		return {snapshots: new Map(value.feeds.map(feed => [feed.url, feed])), rebuilt: false, current: false};
	}

	const snapshots = scanFeeds(cacheDirectory, warnings, migrate);
	if (warning) {
		warnings.push(`${warning}; rebuilt the library index from ${snapshots.size} feeds`);
	}

	return {snapshots, rebuilt: true, current: false};
}

function writeIndex(cacheDirectory: string, snapshots: Map<string, FeedSnapshot>): void {
	// The counting view and the head first: a crash before the index is written leaves the pending list, so none
	// of them is trusted.
	writeCounts(cacheDirectory, snapshots.values());
	writeHead(cacheDirectory, snapshots.values());
	writeFileAtomic(indexFile(cacheDirectory), JSON.stringify({version: 2, fields: rowFields, feeds: [...snapshots.values()].map(snapshot => toRowSnapshot(snapshot))} satisfies IndexFile));
	fs.rmSync(pendingFile(cacheDirectory), {force: true});
}

/** Every cached feed by URL, from the index plus the feeds written since. */
export function readLibraryIndex(cacheDirectory: string): LibraryIndex {
	const warnings: string[] = [];
	const first = readIndex(cacheDirectory, warnings);
	const pending = readPending(cacheDirectory);
	// The views written with the index (counts, head) are written again when one is missing (a cache from before it),
	// and a version 1 index is written again as version 2.
	if (first.current && pending.size === 0 && fs.existsSync(countsFile(cacheDirectory)) && fs.existsSync(headFile(cacheDirectory))) {
		return {snapshots: first.snapshots, warnings};
	}

	if (!fs.existsSync(cacheDirectory)) {
		return {snapshots: first.snapshots, warnings};
	}

	try {
		return withLockSync(indexLock(cacheDirectory), () => {
			// Again under the lock: another process may have folded (and cleared) the pending feeds meanwhile.
			// (Never converting layout 1 here: that takes feed locks, and writers take the feed lock before this one.)
			const {snapshots} = first.rebuilt ? first : readIndex(cacheDirectory, warnings, false);
			fold(cacheDirectory, snapshots, readPending(cacheDirectory), warnings);
			writeIndex(cacheDirectory, snapshots);
			return {snapshots, warnings};
		}, {timeoutMs: limits.libraryIndexLockTimeoutMs});
	} catch (error) {
		if (!(error instanceof LockError) && (error as NodeJS.ErrnoException).code === undefined) {
			throw error;
		}

		// Busy or read-only: serve the folded view without writing it.
		fold(cacheDirectory, first.snapshots, pending, warnings);
		return {snapshots: first.snapshots, warnings};
	}
}

/** A readSnapshot that reads the index once (on first call) and then looks feeds up in it. */
export function snapshotReader(cacheDirectory: string): (url: string) => {value: FeedSnapshot | undefined; warning?: string} {
	let index: LibraryIndex | undefined;
	return url => {
		const first = index === undefined;
		index ??= readLibraryIndex(cacheDirectory);
		const warning = first && index.warnings.length > 0 ? index.warnings.join('\n') : undefined;
		return {value: index.snapshots.get(url), ...(warning ? {warning} : {})};
	};
}

/**
Every cached feed's posts as ids and categories, for counting: the small counting view when it is current,
else from the index (which brings the view up to date).
*/
export function readCountingView(cacheDirectory: string): {feeds: Map<string, CountedFeed>; warnings: string[]} {
	const counts = readCounts(cacheDirectory, pendingFile(cacheDirectory));
	if (counts !== undefined) {
		return {feeds: counts, warnings: []};
	}

	const index = readLibraryIndex(cacheDirectory);
	const feeds = new Map([...index.snapshots].map(([url, snapshot]) => [url, {url, title: snapshot.title, posts: snapshot.posts}]));
	return {feeds, warnings: index.warnings};
}

/** The library's head (library-head.ts), when it is current, and the warning of a corrupt one. */
export function readCurrentHead(cacheDirectory: string): {head?: LibraryHead; warning?: string} {
	return readHead(cacheDirectory, pendingFile(cacheDirectory));
}
