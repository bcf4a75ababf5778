import {sanitizeLine} from '../feed/sanitize.js';
import {foldText, searchWords} from '../query/fold.js';
import {inCategory, matchesWords} from '../query/post-query.js';
import {limits} from '../feed/limits.js';
import type {ReaderPost, SortOrder} from './types.js';

/**
Derived lists: the categories pane and the filtered posts list. Each is memoised on its inputs (by reference),
so moving the selection never recomputes them, whatever the post count.
*/

export type CategoryItem = {
	/** 'all', 'unread', 'starred', 'feed:<url>' or 'category:<name>'. */
	key: string;
	label: string;
	unread: number;
	total: number;
};

/** The OPML folder of each feed, by feed URL: a folder is a category of every post of its feeds. */
export type Folders = ReadonlyMap<string, string>;

export const noFolders: Folders = new Map();

let categoriesCache: {posts: readonly ReaderPost[]; folders: Folders; items: CategoryItem[]} | undefined;

function countIn(categories: Map<string, CategoryItem>, name: string, isUnread: number): void {
	const key = 'category:' + foldText(name);
	let category = categories.get(key);
	if (!category) {
		category = {key, label: sanitizeLine(name, limits.shownNameMax), unread: 0, total: 0};
		categories.set(key, category);
	}

	category.unread += isUnread;
	category.total++;
}

export function categoryItems(posts: readonly ReaderPost[], folders: Folders = noFolders): CategoryItem[] {
	if (categoriesCache?.posts === posts && categoriesCache.folders === folders) {
		return categoriesCache.items;
	}

	let unread = 0;
	let starred = 0;
	let starredUnread = 0;
	const feeds = new Map<string, CategoryItem>();
	const categories = new Map<string, CategoryItem>();
	for (const post of posts) {
		const isUnread = post.read ? 0 : 1;
		unread += isUnread;
		if (post.starred) {
			starred++;
			starredUnread += isUnread;
		}

		const feedKey = 'feed:' + post.feed.url;
		let feed = feeds.get(feedKey);
		if (!feed) {
			feed = {key: feedKey, label: sanitizeLine(post.feed.title || post.feed.url, limits.shownNameMax), unread: 0, total: 0};
			feeds.set(feedKey, feed);
		}

		feed.unread += isUnread;
		feed.total++;
		const names = new Map(post.categories.map(name => [foldText(name), name]));
		const folder = folders.get(post.feed.url);
		if (folder !== undefined && !names.has(foldText(folder))) {
			names.set(foldText(folder), folder);
		}

		for (const name of names.values()) {
			countIn(categories, name, isUnread);
		}
	}

	const items: CategoryItem[] = [
		{key: 'all', label: 'All', unread, total: posts.length},
		{key: 'unread', label: 'Unread', unread, total: unread},
		{key: 'starred', label: 'Starred', unread: starredUnread, total: starred},
	];
	if (feeds.size > 1) {
		items.push(...[...feeds.values()].sort((a, b) => a.label.localeCompare(b.label)));
	}

	items.push(...[...categories.values()].sort((a, b) => b.total - a.total || a.label.localeCompare(b.label)));
	categoriesCache = {posts, folders, items};
	return items;
}

export type ViewInput = {
	posts: readonly ReaderPost[];
	folders?: Folders;
	scope: string;
	unreadOnly: boolean;
	search: string;
	/** Posts read during this view that stay listed under "unread only" until the view changes. */
	keep: ReadonlySet<string>;
	sort: SortOrder;
};

export type View = {
	list: ReaderPost[];
	indexOf(id: string | undefined): number;
};

function inScope(post: ReaderPost, scope: string, folders: Folders): boolean {
	if (scope === 'all') {
		return true;
	}

	if (scope === 'unread') {
		return !post.read;
	}

	if (scope === 'starred') {
		return post.starred;
	}

	if (scope.startsWith('feed:')) {
		return post.feed.url === scope.slice(5);
	}

	if (scope.startsWith('category:')) {
		return inCategory(post, scope.slice(9), folders);
	}

	if (scope.startsWith('folder:')) {
		const folder = folders.get(post.feed.url);
		return folder !== undefined && foldText(folder) === scope.slice(7);
	}

	return true;
}

let viewCache: {input: ViewInput; view: View} | undefined;

function sameInput(a: ViewInput, b: ViewInput): boolean {
	return (
		a.posts === b.posts
		&& a.scope === b.scope
		&& a.unreadOnly === b.unreadOnly
		&& a.search === b.search
		&& a.keep === b.keep
		&& a.sort === b.sort
		&& a.folders === b.folders
	);
}

/** The posts list for the current scope, "unread only" and search. Memoised on the last input. */
export function postView(input: ViewInput): View {
	if (viewCache && sameInput(viewCache.input, input)) {
		return viewCache.view;
	}

	// The same search as `--search` (source/query/): every word, case- and accent-insensitive.
	const words = searchWords(input.search);
	const folders = input.folders ?? noFolders;
	const unreadOnly = input.unreadOnly || input.scope === 'unread';
	let list = input.posts.filter(post =>
		(input.scope === 'unread' || inScope(post, input.scope, folders))
		&& (!unreadOnly || !post.read || input.keep.has(post.id))
		&& matchesWords(post, words));
	if (input.sort === 'oldest') {
		list = list.toReversed();
	}

	let index: Map<string, number> | undefined;
	const view: View = {
		list,
		indexOf(id) {
			if (id === undefined) {
				return -1;
			}

			if (!index) {
				index = new Map();
				for (const [position, post] of list.entries()) {
					index.set(post.id, position);
				}
			}

			return index.get(id) ?? -1;
		},
	};
	viewCache = {input, view};
	return view;
}

/** Human label of a scope key, for prompts. */
export function scopeLabel(scope: string, posts: readonly ReaderPost[], folders: Folders = noFolders): string {
	const item = categoryItems(posts, folders).find(candidate => candidate.key === scope);
	return item?.label ?? 'All';
}
