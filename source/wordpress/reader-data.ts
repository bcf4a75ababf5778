/**
Plain data for the reader's WordPress views (issue 11 §2, §4), with no UI in it, for `source/ui/` to call:
- `siteCategoryTree`: a WordPress feed expands into the site's category tree, each node with the site's post count and
  the local unread count (from the posts given, marks applied). Reads the site record only: no request.
- `loadOlderPosts`: what "older posts…" at the end of a list runs: the next page(s) of the site's archive, for the
  whole feed or one category, merged into the cache with the feed items' ids; the caller reloads the library after.
- `olderPostsEnd`: whether the archive of that scope has been read to its end (hide "older posts…" then).
- `readerSites` (reader-sites.ts, light, loaded with the reader): all of that for the reader's feeds at once.
- `searchSiteOf`: a reader key's site search (`wp/v2/posts?search=`), merged into the cache like `--search --site`.
*/
import {limits} from '../feed/limits.js';
import type {FeedSnapshot} from '../feed/types.js';
import {foldText} from '../query/fold.js';
import type {ApiState} from './api-state.js';
import {readSite} from './site-cache.js';
import {extendFromSite, isWordPress, slugOf, type SiteResult} from './site-posts.js';
import {buildTree, type CategoryNode, type MarkedPost} from './reader-sites.js';

export {buildTree, readerSites, type CategoryNode, type ReaderSite} from './reader-sites.js';

export type SiteTree = {wordpress: boolean; api: ApiState; tree: CategoryNode[]};

/** The site's category tree (roots sorted by name), or an empty tree when the feed is not WordPress or none are known. */
export function siteCategoryTree(feedUrl: string, cacheDirectory: string, posts: readonly MarkedPost[]): SiteTree {
	const {site} = readSite(feedUrl, cacheDirectory);
	const wordpress = isWordPress(feedUrl, cacheDirectory);
	return {wordpress, api: site.api, tree: wordpress ? buildTree(site.categories?.items ?? [], posts) : []};
}

/** Load the next older posts of the feed (or of one category): at most `count` more (default one page). */
export async function loadOlderPosts(snapshot: FeedSnapshot, options: {category?: string; count?: number; cacheDirectory: string}): Promise<SiteResult> {
	const count = Math.min(Math.max(options.count ?? limits.wpCategoryPostsDefault, 1), limits.wpBackfillMaxPosts);
	const folded = options.category === undefined ? undefined : foldText(options.category);
	const have = folded === undefined
		? snapshot.posts.length
		: snapshot.posts.filter(post => post.categories.some(name => foldText(name) === folded)).length;
	return extendFromSite(snapshot, {
		...(options.category === undefined ? {} : {category: options.category, older: true}),
		limit: have + count,
	}, options.cacheDirectory);
}

/** True when that scope's archive was read to its end (REST's last page, a 404, an empty or repeated feed page). */
export function olderPostsEnd(feedUrl: string, cacheDirectory: string, category?: string): boolean {
	const {site} = readSite(feedUrl, cacheDirectory);
	if (category === undefined) {
		return site.backfill?.all?.done === true;
	}

	const folded = foldText(category);
	const known = site.categories?.items.find(each => foldText(each.name) === folded || each.slug === folded);
	const keys = [known ? `category:${known.id}` : undefined, `category:${known?.slug ?? slugOf(category)}`];
	return keys.some(key => key !== undefined && site.backfill?.[key]?.done === true);
}

/** Search the site (one REST page); the posts found are merged into the cache. Their ids, and any warnings. */
export async function searchSiteOf(snapshot: FeedSnapshot, text: string, cacheDirectory: string): Promise<SiteResult> {
	return extendFromSite(snapshot, {siteSearch: text}, cacheDirectory);
}
