/**
Posts that came from a WordPress site rather than its feed document (backfill, a category, a search) go into the
feed's own snapshot, with the same ids as the feed's items: one post, one id, one read mark. Under the feed's lock,
in the cache's crash-safe order (bodies, posts, state), the library index told before and after. A post already
cached keeps its fields; REST only fills what the feed lacked (the author) and adds category names.
Their ids go into the site record's `archive`, which the refresh keeps (on-fetch.ts), so the next fetch of the main
feed does not prune them. The feed's validators, times and errors are left as they are.
*/
import {limits} from '../feed/limits.js';
import type {FeedSnapshot, ParsedPost, Post, PostContent} from '../feed/types.js';
import {feedKey, feedLock, feedsDirectory, readFeedFiles, readSnapshot, writeFeedFiles} from '../store/cache.js';
import {foldIfLarge, markPending} from '../store/library-index.js';
import {withLockSync} from '../store/lock.js';
import {slimPost} from '../store/slim-post.js';
import {readSite, writeSite} from './site-cache.js';

export type Stored = {
	added: number;
	snapshot: FeedSnapshot;
	/** The cache's id of each post given, in order (an existing post with the same WordPress number keeps its id). */
	ids: string[];
};

/** The WordPress post number in a guid (`https://site/?p=123`), or undefined. */
export function wordpressNumber(guid: string | undefined): string | undefined {
	return /^https?:\/\/[^?#]*\?p=(\d{1,20})$/.exec(guid ?? '')?.[1];
}

function merge(existing: Post, fresh: ParsedPost): Post {
	const categories = [...existing.categories];
	for (const name of fresh.categories) {
		if (!categories.includes(name) && categories.length < limits.maxCategories) {
			categories.push(name);
		}
	}

	return {...existing, author: existing.author ?? fresh.author, categories};
}

function emptySnapshot(url: string, title: string): FeedSnapshot {
	return {version: 1, url, title, link: null, posts: [], validators: {}, lastSuccess: null, lastError: null, nextAllowed: null, lastAttempt: null};
}

/** Merge site posts into the feed's snapshot and archive. Returns how many were new, and the snapshot as written. */
export function storeSitePosts(feedUrl: string, posts: ParsedPost[], cacheDirectory: string, options: {onlyKnown?: boolean} = {}): Stored {
	// Converts a layout-1 cache first, outside the lock (as every reader does).
	readSnapshot(feedUrl, cacheDirectory);
	const directory = feedsDirectory(cacheDirectory);
	const key = feedKey(feedUrl);
	const result = withLockSync(feedLock(directory, key), () => {
		const {value, state} = readFeedFiles(directory, key, feedUrl);
		const base = value ?? emptySnapshot(feedUrl, posts[0]?.feed.title ?? '');
		const byId = new Map(base.posts.map((post, index) => [post.id, index]));
		// The same post under another spelling of the home URL (http/https, www): matched by its WordPress number.
		const byNumber = new Map(base.posts.map((post, index) => [wordpressNumber(post.guid), index] as const).filter(([number]) => number !== undefined));
		const merged = [...base.posts];
		const content: Record<string, PostContent> = {};
		const ids: string[] = [];
		let added = 0;
		for (const post of posts) {
			const index = byId.get(post.id) ?? byNumber.get(wordpressNumber(post.guid));
			ids.push(index === undefined ? post.id : merged[index]!.id);
			if (index === undefined && options.onlyKnown) {
				ids.pop();
			} else if (index === undefined) {
				byId.set(post.id, merged.length);
				byNumber.set(wordpressNumber(post.guid), merged.length);
				merged.push(slimPost({...post, feed: {title: base.title || post.feed.title, url: feedUrl}}));
				content[post.id] = {html: post.html, base: post.base};
				added++;
			} else {
				merged[index] = merge(merged[index]!, post);
			}
		}

		const snapshot: FeedSnapshot = {...base, posts: merged};
		markPending(cacheDirectory, feedUrl);
		writeFeedFiles(directory, key, snapshot, content, state);
		markPending(cacheDirectory, feedUrl);
		if (options.onlyKnown) {
			return {added, snapshot, ids};
		}

		const {site} = readSite(feedUrl, cacheDirectory);
		const archive = new Set(site.archive);
		for (const id of ids) {
			archive.add(id);
		}

		site.archive = [...archive].slice(-limits.wpArchiveMaxPosts);
		writeSite(site, cacheDirectory);
		return {added, snapshot, ids};
	});
	foldIfLarge(cacheDirectory);
	return result;
}
