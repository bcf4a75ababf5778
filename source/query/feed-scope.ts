import type {Preferences} from '../store/preferences.js';
import type {Flags} from './run-options.js';

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

