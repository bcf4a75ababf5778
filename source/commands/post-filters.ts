import type {Post} from '../feed/types.js';

export type PostFilter = {
	category?: string | undefined;
	search?: string | undefined;
	unread?: boolean;
	starred?: boolean;
};

type Marked = Post & {read: boolean; starred: boolean};

function fold(text: string): string {
	return text.normalize('NFKC').toLocaleLowerCase('en-US');
}

/** Newest first, by published else updated; posts without a date go last, in feed order. */
export function sortNewestFirst<T extends Post>(posts: T[]): T[] {
	const time = (post: Post) => {
		const value = Date.parse(post.published ?? post.updated ?? '');
		return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
	};

	return posts
		.map((post, index) => ({post, index, time: time(post)}))
		.sort((a, b) => b.time - a.time || a.index - b.index)
		.map(entry => entry.post);
}

/** `--category` (case-insensitive, exact name), `--search` (title, summary, author, categories), `--unread`, `--starred`. */
export function filterPosts<T extends Marked>(posts: T[], filter: PostFilter): T[] {
	const category = filter.category === undefined ? undefined : fold(filter.category.trim());
	const needle = filter.search === undefined ? undefined : fold(filter.search.trim());
	return posts.filter(post => {
		if (filter.unread && post.read) {
			return false;
		}

		if (filter.starred && !post.starred) {
			return false;
		}

		if (category !== undefined && !post.categories.some(name => fold(name) === category)) {
			return false;
		}

		if (needle) {
			const haystack = fold([post.title, post.summary, post.author ?? '', ...post.categories].join('\n'));
			if (!haystack.includes(needle)) {
				return false;
			}
		}

		return true;
	});
}
