import type {Post} from '../feed/types.js';
import type {HeaderInput} from './article-header.js';

/** A post's header fields, as the reader and `evnews read` both give them. */
export function headerInputOf(post: Post): HeaderInput {
	return {
		title: post.title,
		author: post.author,
		published: post.published,
		categories: post.categories,
		link: post.link,
		feedTitle: post.feed.title,
		enclosures: post.enclosures,
	};
}
