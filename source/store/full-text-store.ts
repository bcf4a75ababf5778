import type {PostContent} from '../feed/types.js';
import {readBodies, readBodyIndex, removeBodies, writeBodies} from './body-store.js';
import {feedKey, feedLock, feedsDirectory, postIds} from './cache.js';
import {withLockSync} from './lock.js';

/**
Full text (reader mode) cached with the post: a second body store per feed, `<key>.fulltext.bodies.json` and its
log, beside the feed's own bodies (which a refresh rewrites; this one only `writeFullText` does). A body here is
the extracted article's sanitised HTML with the page's final URL as its base. Entries of posts that left the feed
are dropped on the next write, unless the post is listed in `keep` (the starred ones).
*/

export type FullTextContent = PostContent & {
	/** The host the page came from, for `full text from …`. */
	from: string;
};

const storeKey = (url: string) => feedKey(url) + '.fulltext';

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return '';
	}
}

/** The cached full text of one post, or undefined. */
export function readFullText(feedUrl: string, id: string, cacheDirectory?: string): FullTextContent | undefined {
	const content = readBodies(feedsDirectory(cacheDirectory), storeKey(feedUrl), [id]).get(id);
	return content ? {...content, from: hostOf(content.base)} : undefined;
}

/** Ids with cached full text, for a feed. */
export function fullTextIds(feedUrl: string, cacheDirectory?: string): string[] {
	return Object.keys(readBodyIndex(feedsDirectory(cacheDirectory), storeKey(feedUrl)).bodies);
}

/** Cache the full text of post `id` of feed `feedUrl`, under the feed's lock. */
export function writeFullText(feedUrl: string, id: string, content: PostContent, keep: Iterable<string> = [], cacheDirectory?: string): void {
	const directory = feedsDirectory(cacheDirectory);
	const key = feedKey(feedUrl);
	withLockSync(feedLock(directory, key), () => {
		const listed = new Set([...postIds(directory, key), ...keep]);
		const ids = fullTextIds(feedUrl, cacheDirectory).filter(other => other !== id && listed.has(other));
		writeBodies(directory, storeKey(feedUrl), [...ids, id], {[id]: {html: content.html, base: content.base}});
	});
}

/** Drop every cached full text of a feed (the feed was removed). The caller holds the feed's lock. */
export function removeFullText(feedUrl: string, cacheDirectory?: string): void {
	removeBodies(feedsDirectory(cacheDirectory), storeKey(feedUrl));
}
