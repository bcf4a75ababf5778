import type {FeedOutcome} from '../refresh/refresh.js';
import {redactUrl} from '../feed/urls.js';
import type {SiteRequest} from '../wordpress/site-posts.js';
import type {CommandContext} from './context.js';
import {warn} from './state-output.js';

/**
The WordPress step of a post-list run, after the refresh: `--category NAME` reads the category from each WordPress
site in scope; `--feed SITE --limit N` fills up to N posts from its archive; `--search TEXT --site` asks the site.
Feeds that are not WordPress, `--offline`, and runs without these flags cost no request, and do not load the
WordPress site code. Each outcome's snapshot is
replaced by the merged one. Returns the ids the sites' searches found.
*/
export async function extendOutcomes(context: CommandContext, outcomes: FeedOutcome[], cacheDirectory: string): Promise<Set<string>> {
	const {flags} = context;
	const found = new Set<string>();
	const request: SiteRequest = {
		category: flags.category,
		siteSearch: flags.site ? flags.search : undefined,
		// Backfill only for feeds named on the command line: a plain --limit over the configured feeds never fetches more.
		limit: flags.feed.length > 0 ? flags.limit : undefined,
	};
	if (flags.offline || (request.category === undefined && request.siteSearch === undefined && request.limit === undefined)) {
		return found;
	}

	const {extendFromSite} = await import('../wordpress/site-posts.js');
	for (const outcome of outcomes) {
		if (outcome.snapshot === undefined || !/^https?:/.test(outcome.url)) {
			continue;
		}

		// One site at a time: they are few, and each is polite on its own host.

		const result = await extendFromSite(outcome.snapshot, request, cacheDirectory);
		outcome.snapshot = result.snapshot;
		for (const id of result.searchIds) {
			found.add(id);
		}

		warn(context, result.warnings.map(warning => `${redactUrl(outcome.source)}: ${warning}`));
	}

	return found;
}
