import type {Post} from '../feed/types.js';
import type {LibraryPost} from '../store/library.js';
import {foldText, searchWords} from './fold.js';

/**
Which posts match: the one definition, used by `--json`/`--jsonl`/the plain list, `unread`, `mark-read --all`
and the reader. Every part is optional; a post matches when it passes every part given.
*/
export type PostQuery = {
	/** A post category or its feed's OPML folder; trimmed, case- and accent-insensitive, exact name. */
	category?: string | undefined;
	/** The folder of each configured feed, by feed URL (from OPML), for `category`. */
	folders?: ReadonlyMap<string, string> | undefined;
	/** Every word must occur in the title, summary, author or categories (case- and accent-insensitive). */
	search?: string | undefined;
	/** Posts that match the search whatever their text says (a WordPress site's own search found them). */
	searchMatches?: ReadonlySet<string> | undefined;
	unread?: boolean | undefined;
	starred?: boolean | undefined;
	/**
	The slot for `--since`/`--until` (commands/time-range.ts builds it): a predicate on the post's dates,
	applied with the other filters and before `limit`.
	*/
	time?: ((post: Post) => boolean) | undefined;
	/** At most this many posts, after every filter. */
	limit?: number | undefined;
};

const haystacks = new WeakMap<Post, string>();

/** The folded text a search looks in (cached per post object). */
function searchText(post: Post): string {
	let text = haystacks.get(post);
	if (text === undefined) {
		text = foldText([post.title, post.summary, post.author ?? '', ...post.categories].join('\n'));
		haystacks.set(post, text);
	}

	return text;
}

/** True when every word (already folded, from searchWords) occurs in the post. */
export function matchesWords(post: Post, words: readonly string[]): boolean {
	if (words.length === 0) {
		return true;
	}

	const text = searchText(post);
	return words.every(word => text.includes(word));
}

/** True when the post has this category (folded name) or its feed sits in this folder. */
export function inCategory(post: Pick<Post, 'categories' | 'feed'>, folded: string, folders?: ReadonlyMap<string, string>): boolean {
	const folder = folders?.get(post.feed.url);
	return (folder !== undefined && foldText(folder) === folded) || post.categories.some(name => foldText(name) === folded);
}

/** One predicate for the query's filters (not `limit`), with the text folded once. */
export function postMatcher(query: PostQuery): (post: LibraryPost) => boolean {
	const category = query.category === undefined ? undefined : foldText(query.category);
	const words = searchWords(query.search);
	const {folders, time} = query;
	return post => {
		if ((query.unread && post.read) || (query.starred && !post.starred)) {
			return false;
		}

		if (category !== undefined && !inCategory(post, category, folders)) {
			return false;
		}

		return (matchesWords(post, words) || query.searchMatches?.has(post.id) === true) && (time === undefined || time(post));
	};
}

/** The posts that match, in their order, at most `limit` of them. */
export function selectPosts<T extends LibraryPost>(posts: readonly T[], query: PostQuery): T[] {
	const matches = postMatcher(query);
	const selected: T[] = [];
	for (const post of posts) {
		if (query.limit !== undefined && selected.length >= query.limit) {
			break;
		}

		if (matches(post)) {
			selected.push(post);
		}
	}

	return selected;
}
