import type {LibraryPost} from '../store/library.js';
import {selectPosts as selectByQuery, type PostQuery} from '../query/post-query.js';

/**
The post-list commands' filters (`--category`, `--search`, `--unread`, `--starred`, `--limit`): the flags as a
query of `source/query/`, the one module that decides which posts match (the reader uses it too).
*/

export {foldText as foldName} from '../query/fold.js';

/** The filters and `--limit` of a post-list command (`--json`, `--jsonl`, the plain list), applied in that order. */
export function selectPosts<T extends LibraryPost>(posts: T[], flags: PostQuery): T[] {
	return selectByQuery(posts, {
		category: flags.category,
		folders: flags.folders,
		search: flags.search,
		searchMatches: flags.searchMatches,
		unread: flags.unread,
		starred: flags.starred,
		time: flags.time,
		limit: flags.limit,
	});
}
