import {refreshFeeds, type FeedOutcome} from '../refresh/refresh.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {redactUrl} from '../feed/urls.js';
import type {Post, PostContent} from '../feed/types.js';
import {readBody} from '../store/cache.js';
import {getPaths} from '../store/paths.js';
import {libraryIndexBytes} from '../store/library-index.js';
import {readPreferences} from '../store/preferences.js';
import {openMarks} from '../store/marks.js';
import {type LibraryPost, sortLibrary, withMarks} from '../store/library.js';
import {feedScope} from '../query/feed-scope.js';
import {limits} from '../feed/limits.js';
import {holdOldGeneration} from '../old-generation.js';
import {holdYoungGeneration} from '../young-generation.js';
import type {CommandContext} from './context.js';
import {extendOutcomes} from './site-extend.js';
import {stderrLine, warn} from './state-output.js';

export type Collected = {
	posts: LibraryPost[];
	outcomes: FeedOutcome[];
	/** Bodies by feed URL then post id, for `--fields content`. Read lazily. */
	content: (post: Post) => PostContent | undefined;
	/** True when at least one feed failed. */
	failed: boolean;
	/** True when no feed produced anything, not even from the cache. */
	nothing: boolean;
	/** Folder of each configured feed, for `--category`. */
	folders: Map<string, string>;
	/** Posts a WordPress site's own search found (`--search TEXT --site`): they match the search. */
	siteMatches: Set<string>;
};

const noMarks = {isRead: () => false, isStarred: () => false};

/** The feed sources of this run (`--feed` replaces the configured feeds) and how long a snapshot stays fresh. */
function feedSources(context: CommandContext): {sources: string[]; folders: Map<string, string>; refreshMs: number; warnings: string[]} {
	const {preferences, warnings} = readPreferences(context.io.env);
	const {sources, folders} = feedScope(context.flags, preferences);
	return {sources, folders, refreshMs: preferences.refreshMinutes * 60_000, warnings};
}

/** One sanitised line per failed feed, naming the feed and the cause. */
function reportOutcome(context: CommandContext, outcome: FeedOutcome): void {
	if (outcome.error) {
		const cached = outcome.snapshot && outcome.snapshot.posts.length > 0 ? ' (showing cached posts)' : '';
		context.io.stderr.write(`evnews: ${sanitizeLine(redactUrl(outcome.source), limits.shownMessageMax)}: ${sanitizeLine(outcome.error.message, limits.shownMessageMax)}${cached}\n`);
	}

	for (const warning of outcome.warnings) {
		context.io.stderr.write(stderrLine(`${sanitizeLine(redactUrl(outcome.source), limits.shownMessageMax)}: ${sanitizeLine(warning, limits.shownMessageMax)}`, 'warning'));
	}
}

/**
The heap policies a run takes (old- and young-generation.ts).
- Several feeds fetched and parsed at once: both held. One feed's peak is bounded by the feed limits, and it runs
  faster with V8's own growth: a 1,000-item feed paid 44 scavenges held (42 ms of pauses) and 13 free (17 ms).
- `--offline` with a large library index: the young generation held. Parsing the index makes V8 double it up to
  32 MB, which printing the posts then fills with short-lived objects, fresh memory paid for in page faults. The old
  generation stays free: printing 10,000 cached posts took 10% longer with it held.
- Otherwise none, and node:v8 is never loaded.
*/
export function heapHolds(run: {offline: boolean; sources: number; indexBytes: () => number}): {old: boolean; young: boolean} {
	if (!run.offline) {
		return {old: run.sources > 1, young: run.sources > 1};
	}

	return {old: false, young: run.indexBytes() > limits.holdYoungIndexBytes};
}

/** Fetch (conditionally, cache-first) every source, then the posts with their marks, newest first. */
export async function collectPosts(context: CommandContext, options: {cacheFirst?: boolean; needMarks?: boolean} = {}): Promise<Collected> {
	const {sources, folders, refreshMs, warnings} = feedSources(context);
	warn(context, warnings);

	const paths = getPaths(context.io.env);
	const holds = heapHolds({offline: context.flags.offline, sources: sources.length, indexBytes: () => libraryIndexBytes(paths.cache)});
	if (holds.old) {
		holdOldGeneration();
	}

	if (holds.young) {
		holdYoungGeneration();
	}

	const outcomes = await refreshFeeds(sources, {
		cacheDirectory: paths.cache,
		offline: context.flags.offline,
		// Stdin only for `--feed -`: making the stream costs 3 ms.
		...(sources.some(source => source.trim() === '-') ? {stdin: context.io.stdin} : {}),
		// The plain list, like the reader, serves a snapshot younger than refreshMinutes; --json always asks (conditionally).
		...(options.cacheFirst ? {maxAgeMs: refreshMs} : {}),
	});

	// WordPress: a category, older posts, a site search (no request unless one of those was asked for).
	const siteMatches = await extendOutcomes(context, outcomes, paths.cache);
	const posts: Post[] = [];
	const contentByUrl = new Map<string, Record<string, PostContent> | undefined>();
	let failed = false;
	let produced = false;
	for (const outcome of outcomes) {
		reportOutcome(context, outcome);
		if (outcome.error) {
			failed = true;
		}

		if (outcome.snapshot) {
			produced = true;
			posts.push(...outcome.snapshot.posts);
			if (outcome.content) {
				contentByUrl.set(outcome.snapshot.url, outcome.content);
			}
		}
	}

	// Marks are read only when something needs them (with 100,000 marks the log costs tens of ms to load).
	const marks = options.needMarks === false ? noMarks : openMarks(paths.data);
	warn(context, 'warnings' in marks ? marks.warnings : []);

	return {
		posts: sortLibrary(withMarks(posts, marks)),
		outcomes,
		failed,
		nothing: !produced,
		folders,
		siteMatches,
		content(post) {
			return contentByUrl.get(post.feed.url)?.[post.id] ?? readBody(post.feed.url, post.id, paths.cache);
		},
	};
}
