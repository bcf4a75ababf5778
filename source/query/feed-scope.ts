import type {Preferences} from '../store/preferences.js';
import type {Flags} from './run-options.js';
import type {PostQuery} from './post-query.js';

/** Which feeds a run reads: `--feed` (repeatable) replaces the configured feeds; plus each configured feed's folder. */
export type FeedScope = {
	sources: string[];
	folders: Map<string, string>;
};

export function feedScope(flags: Pick<Flags, 'feed'>, preferences: Pick<Preferences, 'feeds'>): FeedScope {
	const sources = flags.feed.length > 0 ? [...flags.feed] : preferences.feeds.map(feed => feed.url);
	const folders = new Map(preferences.feeds.flatMap(feed => (feed.folder ? [[feed.url, feed.folder] as const] : [])));
	return {sources, folders};
}

/** The post query of a run's flags (`--category`, `--search`, `--unread`, `--starred`, `--limit`). */
export function queryFromFlags(
	flags: Pick<Flags, 'category' | 'search' | 'unread' | 'starred' | 'limit'>,
	folders: ReadonlyMap<string, string>,
): PostQuery {
	return {
		category: flags.category,
		folders,
		search: flags.search,
		unread: flags.unread,
		starred: flags.starred,
		limit: flags.limit,
	};
}
