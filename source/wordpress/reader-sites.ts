/**
The light part of the reader's WordPress data, loaded with the reader (no REST or feed-page code; reader-data.ts has
that, loaded when a load is asked for):
- `buildTree`: a site's category tree (parent/child), each node with the site's post count and the local counts (posts
  of the category in the cache, and how many are unread). Pure, so the tree pane calls it on every change of marks.
- `readerSites`: what the reader knows of its WordPress feeds (categories, feed-only reason, archives read to their
  end), from the kinds file and the site records: files only, never a request.
*/
import type {Post} from '../feed/types.js';
import {compareNames, foldText} from '../query/fold.js';
import {describeApiState} from './api-state.js';
import {readKinds} from './feed-kinds.js';
import {readSite, type WpCategory} from './site-cache.js';

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

export type MarkedPost = Pick<Post, 'categories'> & {read: boolean};

/** The deepest category nesting followed (a deeper or looping tree is cut there). */
const maxDepth = 16;

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
	const build = (parent: number, depth: number): CategoryNode[] => (depth > maxDepth
		? []
		: (byParent.get(parent) ?? [])
			.filter(category => !seen.has(category.id) && seen.add(category.id))
			.toSorted((a, b) => compareNames(a.name, b.name))
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

/** What the reader knows of one WordPress feed: the site's categories, its feed-only reason, the archives read to the end. */
export type ReaderSite = {
	categories: WpCategory[];
	/** Set in feed-only mode: `REST unavailable: <reason>`. */
	feedOnly?: string;
	/** By scope: 'all' (the whole feed), or a category's folded name; true once read to its end. */
	ended: Record<string, boolean>;
};

/** The WordPress feeds among `sources` (as site-posts.ts's isWordPress tells them), by source; others are left out. */
export function readerSites(sources: readonly string[], cacheDirectory: string): Record<string, ReaderSite> {
	const kinds = readKinds(cacheDirectory);
	const sites: Record<string, ReaderSite> = {};
	for (const source of sources) {
		if (kinds[source]?.wordpress === undefined) {
			continue;
		}

		const {site} = readSite(source, cacheDirectory);
		const categories = site.categories?.items ?? [];
		const ended: Record<string, boolean> = {all: site.backfill?.all?.done === true};
		for (const category of categories) {
			ended[foldText(category.name)] = [`category:${category.id}`, `category:${category.slug}`].some(key => site.backfill?.[key]?.done === true);
		}

		sites[source] = {
			categories,
			...(site.api.state === 'unavailable' ? {feedOnly: `REST ${describeApiState(site.api)}`} : {}),
			ended,
		};
	}

	return sites;
}
