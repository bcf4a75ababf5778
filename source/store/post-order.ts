import type {Post} from '../feed/types.js';

function dateOf(post: Post): number {
	const value = Date.parse(post.published ?? post.updated ?? '');
	return Number.isNaN(value) ? Number.NEGATIVE_INFINITY : value;
}

/** Newest first by published (else updated); posts without a date last; stable otherwise. */
export function sortLibrary<T extends Post>(posts: T[]): T[] {
	return posts
		.map((post, index) => ({post, index, time: dateOf(post)}))
		.sort((a, b) => (b.time === a.time ? a.index - b.index : (b.time > a.time ? 1 : -1)))
		.map(entry => entry.post);
}
