/**
Finding and fetching a feed to add, for `evnews feeds add` (commands/feeds.ts) and `a` in the reader
(ui/reader-services.ts): the URL checked (a bare host means https://), refused when it is a feed already; fetched;
when it is not a feed (or the page fails), the feed the page links to or the site's rules name, checked and fetched
in turn. Saving it in the config, and what is said, stay with each caller.
*/
import {withScheme} from '../feed/site-rules.js';
import type {FeedSnapshot} from '../feed/types.js';
import type {FeedOutcome, RefreshOptions} from '../refresh/refresh.js';
import {checkFeedUrl} from '../store/feed-url.js';

export type FoundFeed = {kind: 'found'; url: string; outcome: FeedOutcome & {snapshot: FeedSnapshot}; discoveredFrom?: string};

export type AddFeedResult
	= | {kind: 'invalid'; reason: string}
	/** Already a feed (the URL given, or the one found on its page). */
		| {kind: 'known'; url: string}
	/** Not added: why (`outcome` holds the fetch's warnings and error, when it got that far). */
		| {kind: 'failed'; url: string; message: string; outcome?: FeedOutcome}
		| FoundFeed;

export type AddFeedOptions = {
	cacheDirectory?: string;
	/** True when the (checked) URL is in the feeds already. */
	isKnown(url: string): boolean;
	/** Injected for tests; default: refreshFeeds from source/refresh/refresh.ts, loaded when needed. */
	refreshFeeds?: (sources: string[], options: RefreshOptions) => Promise<FeedOutcome[]>;
};

export async function findFeedToAdd(raw: string, options: AddFeedOptions): Promise<AddFeedResult> {
	const checked = checkFeedUrl(withScheme(raw.trim()));
	if ('reason' in checked) {
		return {kind: 'invalid', reason: checked.reason};
	}

	let {url} = checked;
	if (options.isKnown(url)) {
		return {kind: 'known', url};
	}

	const refreshFeeds = options.refreshFeeds ?? (await import('../refresh/refresh.js')).refreshFeeds;
	const fetchOnce = async (target: string) => (await refreshFeeds([target], {force: true, ...(options.cacheDirectory === undefined ? {} : {cacheDirectory: options.cacheDirectory})}))[0];
	let outcome = await fetchOnce(url);
	let discoveredFrom: string | undefined;
	if (outcome?.error && ['not-a-feed', 'http'].includes(outcome.error.code)) {
		const {findFeed} = await import('../feed/find-feed.js');
		const found = await findFeed(url);
		if ('url' in found && found.url !== url) {
			discoveredFrom = url;
			url = found.url;
			if (options.isKnown(url)) {
				return {kind: 'known', url};
			}

			outcome = await fetchOnce(url);
		}
	}

	if (!outcome || outcome.error || outcome.snapshot === undefined || outcome.snapshot.lastSuccess === null) {
		return {kind: 'failed', url, message: outcome?.error?.message ?? 'no feed found', ...(outcome ? {outcome} : {})};
	}

	return {kind: 'found', url, outcome: outcome as FoundFeed['outcome'], ...(discoveredFrom === undefined ? {} : {discoveredFrom})};
}
