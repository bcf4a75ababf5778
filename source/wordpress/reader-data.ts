/**
Plain data for the reader's WordPress views (issue 11 §2, §4), with no UI in it, for `source/ui/` to call:
- `siteCategoryTree`: a WordPress feed expands into the site's category tree, each node with the site's post count and
  the local unread count (from the posts given, marks applied). Reads the site record only: no request.
- `loadOlderPosts`: what "older posts…" at the end of a list runs: the next page(s) of the site's archive, for the
  whole feed or one category, merged into the cache with the feed items' ids; the caller reloads the library after.
- `olderPostsEnd`: whether the archive of that scope has been read to its end (hide "older posts…" then).
*/
import {limits} from '../feed/limits.js';
import type {FeedSnapshot, Post} from '../feed/types.js';
import {foldText} from '../query/fold.js';
import type {ApiState} from './api-state.js';
import {readSite, type WpCategory} from './site-cache.js';
import {extendFromSite, isWordPress, slugOf, type SiteResult} from './site-posts.js';

export type CategoryNode = {
	id: number;
	name: string;
	slug: string;
	/** Published posts on the site (WordPress's `count`). */
	siteCount: number;
	/** Posts of this category in the cache, and how many of them are unread. */
	cached: number;
	unread: number;
	children: CategoryNode[];
};

export type SiteTree = {wordpress: boolean; api: ApiState; tree: CategoryNode[]};

type MarkedPost = Pick<Post, 'categories'> & {read: boolean};

/** The site's category tree (roots sorted by name), or an empty tree when the feed is not WordPress or none are known. */
export function siteCategoryTree(feedUrl: string, cacheDirectory: string, posts: readonly MarkedPost[]): SiteTree {
	const {site} = readSite(feedUrl, cacheDirectory);
	const wordpress = isWordPress(feedUrl, cacheDirectory);
	return {wordpress, api: site.api, tree: wordpress ? buildTree(site.categories?.items ?? [], posts) : []};
}

export function buildTree(categories: readonly WpCategory[], posts: readonly MarkedPost[]): CategoryNode[] {
	const counts = new Map<string, {cached: number; unread: number}>();
	for (const post of posts) {
		for (const name of new Set(post.categories.map(category => foldText(category)))) {
			const count = counts.get(name) ?? {cached: 0, unread: 0};
			count.cached++;
			count.unread += post.read ? 0 : 1;
			counts.set(name, count);
		}
	}

	const ids = new Set(categories.map(category => category.id));
	const byParent = new Map<number, WpCategory[]>();
	for (const category of categories) {
		// A parent the list does not hold (or the category itself) puts it at the top.
		const parent = ids.has(category.parent) && category.parent !== category.id ? category.parent : 0;
		byParent.set(parent, [...(byParent.get(parent) ?? []), category]);
	}

	const seen = new Set<number>();
	const build = (parent: number, depth: number): CategoryNode[] => (depth > 16
		? []
		: (byParent.get(parent) ?? [])
			.filter(category => !seen.has(category.id) && seen.add(category.id))
			.toSorted((a, b) => a.name.localeCompare(b.name))
			.map(category => ({
				id: category.id,
				name: category.name,
				slug: category.slug,
				siteCount: category.count,
				...(counts.get(foldText(category.name)) ?? {cached: 0, unread: 0}),
				children: build(category.id, depth + 1),
			})));
	return build(0, 0);
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
