import {foldText, searchWords} from '../query/fold.js';
import {inCategory, matchesWords} from '../query/post-query.js';
import type {ReaderPost, SortOrder} from './types.js';

/**
The filtered posts list, memoised on its inputs (by reference), so moving the selection never recomputes it,
whatever the post count; and the scope keys of a WordPress site's categories. (The tree pane's rows and counts
are tree.ts's.)
*/

/** The OPML folder of each feed, by feed URL: a folder is a category of every post of its feeds. */
export type Folders = ReadonlyMap<string, string>;

export const noFolders: Folders = new Map();

/** The scope key of a WordPress site's category (its folded name) in one feed: the feed's posts in that category. */
export function siteCategoryKey(feedUrl: string, folded: string): string {
	// A checked URL holds no newline, nor does a sanitized one-line name.
	return `site-category:${feedUrl}\n${folded}`;
}

/** A WordPress scope: a feed ('feed:<url>') or one of its site's categories; undefined for any other scope. */
export function siteScopeOf(scope: string): {source: string; category?: string} | undefined {
	if (scope.startsWith('feed:')) {
		return {source: scope.slice(5)};
	}

	if (!scope.startsWith('site-category:')) {
		return undefined;
	}

	const rest = scope.slice(14);
	const cut = rest.indexOf('\n');
	return cut === -1 ? undefined : {source: rest.slice(0, cut), category: rest.slice(cut + 1)};
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

type PostTest = (post: ReaderPost) => boolean;

const everyPost: PostTest = () => true;

/** The test for a scope, with the scope's parts taken apart once (it runs on every post of the library). */
function scopeTest(scope: string, folders: Folders): PostTest {
	if (scope === 'unread') {
		return post => !post.read;
	}

	if (scope === 'starred') {
		return post => post.starred;
	}

	if (scope.startsWith('feed:')) {
		const url = scope.slice(5);
		return post => post.feed.url === url;
	}

	if (scope.startsWith('category:')) {
		const name = scope.slice(9);
		return post => inCategory(post, name, folders);
	}

	if (scope.startsWith('site-category:')) {
		const site = siteScopeOf(scope);
		return post => post.feed.url === site?.source && inCategory(post, site.category!);
	}

	if (scope.startsWith('folder:')) {
		const name = scope.slice(7);
		return post => {
			const folder = folders.get(post.feed.url);
			return folder !== undefined && foldText(folder) === name;
		};
	}

	return everyPost;
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

const nearTop = 256;

/** The posts list for the current scope, "unread only" and search. Memoised on the last input. */
export function postView(input: ViewInput): View {
	if (viewCache && sameInput(viewCache.input, input)) {
		return viewCache.view;
	}

	// The same search as `--search` (source/query/): every word, case- and accent-insensitive.
	const words = searchWords(input.search);
	const folders = input.folders ?? noFolders;
	const unreadOnly = input.unreadOnly || input.scope === 'unread';
	const inScope = input.scope === 'unread' ? everyPost : scopeTest(input.scope, folders);
	let list = input.posts.filter(post =>
		inScope(post)
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

			// Most lookups are of a post on the first screens: look there before indexing the whole list
			// (a map of 100,000 posts costs 20 ms of the first frame).
			if (!index) {
				for (let position = 0; position < Math.min(list.length, nearTop); position++) {
					if (list[position]!.id === id) {
						return position;
					}
				}
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
