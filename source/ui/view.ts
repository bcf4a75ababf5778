import type {ReaderPost, SortOrder} from './types.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {foldName} from '../commands/post-filters.js';

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

let categoriesCache: {posts: readonly ReaderPost[]; items: CategoryItem[]} | undefined;

export function categoryItems(posts: readonly ReaderPost[]): CategoryItem[] {
	if (categoriesCache?.posts === posts) {
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
			feed = {key: feedKey, label: sanitizeLine(post.feed.title || post.feed.url, 200), unread: 0, total: 0};
			feeds.set(feedKey, feed);
		}

		feed.unread += isUnread;
		feed.total++;
		for (const name of new Set(post.categories)) {
			const key = 'category:' + foldName(name);
			let category = categories.get(key);
			if (!category) {
				category = {key, label: sanitizeLine(name, 200), unread: 0, total: 0};
				categories.set(key, category);
			}

			category.unread += isUnread;
			category.total++;
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
	categoriesCache = {posts, items};
	return items;
}

export type ViewInput = {
	posts: readonly ReaderPost[];
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

const haystacks = new WeakMap<ReaderPost, string>();

function haystack(post: ReaderPost): string {
	let text = haystacks.get(post);
	if (text === undefined) {
		text = [post.title, post.summary, post.author ?? '', ...post.categories].join('\n').toLowerCase();
		haystacks.set(post, text);
	}

	return text;
}

function inScope(post: ReaderPost, scope: string): boolean {
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
		const name = scope.slice(9);
		return post.categories.some(category => foldName(category) === name);
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
	);
}

/** The posts list for the current scope, "unread only" and search. Memoised on the last input. */
export function postView(input: ViewInput): View {
	if (viewCache && sameInput(viewCache.input, input)) {
		return viewCache.view;
	}

	const query = input.search.trim().toLowerCase();
	const words = query ? query.split(/\s+/) : [];
	const unreadOnly = input.unreadOnly || input.scope === 'unread';
	let list = input.posts.filter(post =>
		(input.scope === 'unread' || inScope(post, input.scope))
		&& (!unreadOnly || !post.read || input.keep.has(post.id))
		&& (words.length === 0 || words.every(word => haystack(post).includes(word))));
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
export function scopeLabel(scope: string, posts: readonly ReaderPost[]): string {
	const item = categoryItems(posts).find(candidate => candidate.key === scope);
	return item?.label ?? 'All';
}
