import {limits} from '../feed/limits.js';
import type {FeedSnapshot, Post} from '../feed/types.js';
import {slimPost} from './slim-post.js';
import {sortLibrary} from './post-order.js';
import {pendingFile, readCurrentHead, readLibraryIndex} from './library-index.js';
import {readCounts} from './library-counts.js';
import {type Marks, openMarks} from './marks.js';
import {getPaths} from './paths.js';

export {sortLibrary} from './post-order.js';

/** A post with its marks, for lists, the reader and `--json`. */
export type LibraryPost = Post & {read: boolean; starred: boolean};

export type Library = {
	posts: LibraryPost[];
	/** The snapshots found (feeds never fetched have none). */
	snapshots: FeedSnapshot[];
	warnings: string[];
	marks: Marks;
};

export type LibraryOptions = {
	cacheDirectory?: string;
	dataDirectory?: string;
	/** Marks already open (else they are opened from `dataDirectory`). */
	marks?: Marks;
	/** Starred posts that left their feed: of these feeds only (default), or of every feed. */
	orphanStarred?: 'these-feeds' | 'all' | 'none';
};

/** Posts with their marks (for the `--json` path, which has fresh posts from refreshFeeds). */
export function withMarks(posts: Post[], marks: Pick<Marks, 'isRead' | 'isStarred'>): LibraryPost[] {
	return posts.map(post => markedCopy(post, marks.isRead(post.id), marks.isStarred(post.id)));
}

/**
The post's own fields (slimPost names them one by one), then its marks: a spread of a parsed post costs 6 to 20
times more (38–91 against 7 ms for 10,000 posts), since V8 builds a literal of known shape on its fast path.
*/
function markedCopy(post: Post, read: boolean, starred: boolean): LibraryPost {
	const copy = slimPost(post) as LibraryPost;
	copy.read = read;
	copy.starred = starred;
	return copy;
}

/**
All cached posts of these feeds with their marks, in one call, newest first, plus starred posts that have
left their feed (from their snapshots). Reads the library index only, never bodies.
*/
export function loadLibrary(feedUrls: string[], options: LibraryOptions = {}): Library {
	const warnings: string[] = [];
	const cacheDirectory = options.cacheDirectory ?? getPaths().cache;
	const marks = options.marks ?? openMarks(options.dataDirectory ?? getPaths().data);
	warnings.push(...marks.warnings);
	const snapshots: FeedSnapshot[] = [];
	const posts: Post[] = [];
	const seen = new Set<string>();
	const index = readLibraryIndex(cacheDirectory);
	warnings.push(...index.warnings);
	for (const url of new Set(feedUrls)) {
		const value = index.snapshots.get(url);
		if (value) {
			snapshots.push(value);
			for (const post of value.posts) {
				if (!seen.has(post.id)) {
					seen.add(post.id);
					posts.push(post);
				}
			}
		}
	}

	const scope = options.orphanStarred ?? 'these-feeds';
	if (scope !== 'none') {
		const urls = new Set(feedUrls);
		const before = marks.warnings.length;
		for (const post of marks.starredPosts()) {
			if (!seen.has(post.id) && (scope === 'all' || urls.has(post.feed.url))) {
				seen.add(post.id);
				posts.push(slimPost(post));
			}
		}

		warnings.push(...marks.warnings.slice(before));
	}

	return {posts: sortLibrary(withMarks(posts, marks)), snapshots, warnings, marks};
}

/**
A first view of a large library (more than `limits.readerHeadFirstMinPosts` posts), read without the index: the
head's posts (whole, newest first, with the starred posts that left their feed) and every other post as a
placeholder from the counting view: its id, categories, feed and marks, no title or date (so it sorts last). The
counts of every feed, category and view are those of the full library. Undefined when the head or the counting view
is not current, when the library is small, or when fewer than `minimum` of the head's posts would be shown (with
`unreadOnly`, its unread ones). The reader loads the full library right after its first frame. `warnings`: a
corrupt head was moved aside (whichever library is used).
*/
export function loadLibraryHead(feedUrls: string[], options: LibraryOptions & {minimum: number; unreadOnly: boolean}): {library?: Library; warnings: string[]} {
	const cacheDirectory = options.cacheDirectory ?? getPaths().cache;
	const {head, warning} = readCurrentHead(cacheDirectory);
	const found = warning === undefined ? [] : [warning];
	const counts = head && readCounts(cacheDirectory, pendingFile(cacheDirectory));
	const urls = [...new Set(feedUrls)];
	const total = urls.reduce((sum, url) => sum + (counts?.get(url)?.posts.length ?? 0), 0);
	if (!head || !counts || total <= limits.readerHeadFirstMinPosts) {
		return {warnings: found};
	}

	const marks = options.marks ?? openMarks(options.dataDirectory ?? getPaths().data);
	const warnings = [...marks.warnings];
	const wanted = new Set(urls);
	const seen = new Set<string>();
	const dated: Post[] = [];
	for (const post of head.posts) {
		if (wanted.has(post.feed.url) && !seen.has(post.id)) {
			seen.add(post.id);
			dated.push(post);
		}
	}

	for (const post of marks.starredPosts()) {
		if (!seen.has(post.id) && wanted.has(post.feed.url)) {
			seen.add(post.id);
			dated.push(slimPost(post));
		}
	}

	const shown = options.unreadOnly ? dated.filter(post => !marks.isRead(post.id)) : dated;
	if (shown.length < options.minimum) {
		return {warnings: found};
	}

	const posts = sortLibrary(withMarks(dated, marks));
	// Ids are unique per feed (a hash of the feed's URL and the post's guid), so only the head's are skipped.
	for (const url of urls) {
		const feed = counts.get(url);
		const ref = {title: feed?.title ?? '', url};
		for (const {id, categories} of feed?.posts ?? []) {
			if (!seen.has(id)) {
				posts.push(placeholder(id, categories, ref, marks));
			}
		}
	}

	const snapshots = urls.map(url => head.feeds.get(url)).filter(snapshot => snapshot !== undefined);
	return {library: {posts, snapshots, warnings, marks}, warnings: found};
}

/** A post known only by the counting view until the full library loads (one feed reference for all of a feed's). */
function placeholder(id: string, categories: string[], feed: Post['feed'], marks: Pick<Marks, 'isRead' | 'isStarred'>): LibraryPost {
	return {
		id, guid: undefined, title: '', link: null, author: null, published: null, updated: null, categories, summary: '', image: null, enclosures: [], feed,
		read: marks.isRead(id), starred: marks.isStarred(id),
	};
}
