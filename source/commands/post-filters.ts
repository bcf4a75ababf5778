import type {Post} from '../feed/types.js';

export type PostFilter = {
	category?: string | undefined;
	/** The folder of each configured feed (from OPML): `--category` matches it too, as `mark-read` and `unread` do. */
	folders?: ReadonlyMap<string, string>;
	search?: string | undefined;
	unread?: boolean;
	starred?: boolean;
};

type Marked = Post & {read: boolean; starred: boolean};

/** How names and search text are compared everywhere (the CLI and the reader): NFKC, lower case, trimmed. */
export function foldName(text: string): string {
	return text.normalize('NFKC').toLocaleLowerCase('en-US').trim();
}

/** `--category` (case-insensitive, exact name), `--search` (title, summary, author, categories), `--unread`, `--starred`. */
export function filterPosts<T extends Marked>(posts: T[], filter: PostFilter): T[] {
	const category = filter.category === undefined ? undefined : foldName(filter.category);
	const needle = filter.search === undefined ? undefined : foldName(filter.search);
	return posts.filter(post => {
		if (filter.unread && post.read) {
			return false;
		}

		if (filter.starred && !post.starred) {
			return false;
		}

		if (
			category !== undefined
			&& !post.categories.some(name => foldName(name) === category)
			&& foldName(filter.folders?.get(post.feed.url) ?? '') !== category
		) {
			return false;
		}

		if (needle) {
			const haystack = foldName([post.title, post.summary, post.author ?? '', ...post.categories].join('\n'));
			if (!haystack.includes(needle)) {
				return false;
			}
		}

		return true;
	});
}

/** The filters and `--limit` of a post-list command (`--json`, `--jsonl`, the plain list), applied in that order. */
export function selectPosts<T extends Marked>(posts: T[], flags: PostFilter & {limit?: number | undefined}): T[] {
	const selected = filterPosts(posts, flags);
	return flags.limit === undefined ? selected : selected.slice(0, flags.limit);
}
