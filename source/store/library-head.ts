import path from 'node:path';
import {limits} from '../feed/limits.js';
import type {FeedSnapshot, Post} from '../feed/types.js';
import {writeFileAtomic} from './atomic-write.js';
import {isSnapshot, readJson} from './cache.js';
import {isPending} from './library-counts.js';
import {sortLibrary} from './post-order.js';

/**
The library's head, `library-head.json` beside the index: the newest posts of all the cached feeds (at most
`limits.libraryHeadPosts`, whole slim posts) and each feed's state without its posts. With the counting view it
gives the reader the first frame of a large library without reading the index: the posts on the first screen, and
every count (issue 8 §2, §4). Written with the counting view, before the index, and trusted on the same terms: when
the pending list is empty. Missing or corrupt, it is not used (the index's next write replaces it).
*/

type HeadFile = {version: 1; posts: Post[]; feeds: FeedSnapshot[]};

export type LibraryHead = {
	/** Newest first. */
	posts: Post[];
	/** Each feed's state, with `posts` empty. */
	feeds: Map<string, FeedSnapshot>;
};

export const headFile = (cacheDirectory: string) => path.join(cacheDirectory, 'library-head.json');

function isHeadFile(value: unknown): value is HeadFile {
	const v = value as HeadFile;
	return typeof v === 'object' && v !== null && v.version === 1 && Array.isArray(v.feeds) && v.feeds.every(feed => isSnapshot(feed))
		&& Array.isArray(v.posts) && v.posts.every(post => typeof post?.id === 'string' && typeof post.feed?.url === 'string' && Array.isArray(post.categories));
}

export function writeHead(cacheDirectory: string, snapshots: Iterable<FeedSnapshot>): void {
	const feeds: FeedSnapshot[] = [];
	const newest: Post[] = [];
	for (const snapshot of snapshots) {
		feeds.push({...snapshot, posts: []});
		// A feed's posts are newest first: only its first few can be among the newest of all.
		newest.push(...snapshot.posts.slice(0, limits.libraryHeadPosts));
	}

	const posts = sortLibrary(newest).slice(0, limits.libraryHeadPosts);
	writeFileAtomic(headFile(cacheDirectory), JSON.stringify({version: 1, posts, feeds} satisfies HeadFile));
}

/**
The head, or none when it may be stale (feeds written since the last fold), missing or corrupt. A corrupt one is
moved aside, with the one-line warning.
*/
export function readHead(cacheDirectory: string, pendingFile: string): {head?: LibraryHead; warning?: string} {
	if (isPending(pendingFile)) {
		return {};
	}

	const {value, warning} = readJson(headFile(cacheDirectory), isHeadFile);
	const head = value === undefined ? undefined : {posts: value.posts, feeds: new Map(value.feeds.map(feed => [feed.url, feed]))};
	return {...(head ? {head} : {}), ...(warning ? {warning} : {})};
}
