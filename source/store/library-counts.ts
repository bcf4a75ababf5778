import fs from 'node:fs';
import path from 'node:path';
import type {FeedSnapshot} from '../feed/types.js';
import {writeFileAtomic} from './atomic-write.js';
import {readJson} from './cache.js';

/**
The library's counting view, `library-counts.json` beside the library index: per feed, its title and each post's
id and categories, nothing else (a tenth of the index's size). `unread` reads it instead of the index when it
needs no post text (no `--search`). It is written with the index, before it, and both before the pending list
is cleared, so it is current whenever the pending list is empty; otherwise the caller reads the index, which
folds the pending feeds and writes both again.
*/

export type CountedPost = {id: string; categories: string[]};
export type CountedFeed = {url: string; title: string; posts: CountedPost[]};

/** On disk: posts as `[id, categories]` pairs. */
type CountsFile = {version: 1; feeds: Array<{url: string; title: string; posts: Array<[string, string[]]>}>};

export const countsFile = (cacheDirectory: string) => path.join(cacheDirectory, 'library-counts.json');

function isCountsFile(value: unknown): value is CountsFile {
	const v = value as CountsFile;
	return typeof v === 'object' && v !== null && v.version === 1 && Array.isArray(v.feeds)
		&& v.feeds.every(feed => typeof feed?.url === 'string' && typeof feed.title === 'string' && Array.isArray(feed.posts)
			&& feed.posts.every(post => Array.isArray(post) && typeof post[0] === 'string' && Array.isArray(post[1])));
}

export function writeCounts(cacheDirectory: string, snapshots: Iterable<FeedSnapshot>): void {
	const feeds = [...snapshots].map(snapshot => ({
		url: snapshot.url,
		title: snapshot.title,
		posts: snapshot.posts.map((post): [string, string[]] => [post.id, post.categories]),
	}));
	writeFileAtomic(countsFile(cacheDirectory), JSON.stringify({version: 1, feeds} satisfies CountsFile));
}

/**
The counting view by feed URL, or undefined when it may be stale (feeds written since the last fold) or is
missing or corrupt (the index's next write replaces it; it holds nothing that is not in the feeds' files).
*/
export function readCounts(cacheDirectory: string, pendingFile: string): Map<string, CountedFeed> | undefined {
	try {
		if (fs.statSync(pendingFile).size > 0) {
			return undefined;
		}
	} catch {}

	const {value} = readJson(countsFile(cacheDirectory), isCountsFile);
	if (value === undefined) {
		return undefined;
	}

	return new Map(value.feeds.map(feed => [feed.url, {
		url: feed.url,
		title: feed.title,
		posts: feed.posts.map(([id, categories]) => ({id, categories})),
	}]));
}
