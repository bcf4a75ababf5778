import type {Post} from '../feed/types.js';

/** Exactly the fields of a Post, in order, whatever else the object carries (marks, bodies, snapshot data). */
export function slimPost(post: Post): Post {
	return {
		id: post.id,
		guid: post.guid,
		title: post.title,
		link: post.link,
		author: post.author,
		published: post.published,
		updated: post.updated,
		categories: post.categories,
		summary: post.summary,
		image: post.image,
		// Snapshots written before enclosures existed have none.
		enclosures: post.enclosures ?? [],
		feed: {title: post.feed.title, url: post.feed.url},
	};
}
