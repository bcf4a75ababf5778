import {forgetFeed} from '../refresh/forget-feed.js';
import {findFeedToAdd} from '../library/add-feed.js';
import {sanitizeLine, stringifyJsonSafe} from '../feed/sanitize.js';
import {snapshotReader} from '../store/library-index.js';
import {openMarks} from '../store/marks.js';
import {checkFeedUrl} from '../store/feed-url.js';
import {readPreferences, updatePreferences, type FeedEntry} from '../store/preferences.js';
import {limits} from '../feed/limits.js';
import {exitCode, UsageError, type Command, type CommandContext} from './context.js';
import {describeKind, kindReader, type KindColumns} from './feed-kind.js';
import {fail, out, pathsOf, redactUrl, shortTime, warn} from './state-output.js';

/**
`evnews feeds` — list the feeds (title, URL, posts, unread, last success, last error, next allowed fetch).
`evnews feeds add URL|SITE` — fetch it now (a site's HTML page is searched for its feed) and add it.
`evnews feeds rm URL|N` — remove a feed and its cached data (forget-feed.ts); its read and starred marks are kept, so re-adding restores them.
`evnews feeds full-text URL|N on|off` — fetch full text for the feed's new posts on refresh (source/feeds-full-text.ts).
Exit codes: 0 done; 1 the feed could not be added (not a feed, unreachable, already there) or not found; 2 usage.
*/

export type FeedRow = {
	index: number;
	url: string;
	title: string;
	/** The format, or `wordpress`; and a WordPress site's API state (feed-kind.ts). */
	kind: KindColumns['kind'];
	api: KindColumns['api'];
	folder: string | null;
	posts: number;
	unread: number;
	lastSuccess: string | null;
	lastError: {code: string; message: string; at: string} | null;
	/** Retry-After in force until then, or null. */
	nextAllowed: string | null;
	/** When the next refresh may fetch it: the later of nextAllowed and lastAttempt + refresh interval. */
	nextFetch: string | null;
};

export function feedRows(context: CommandContext): {rows: FeedRow[]; warnings: string[]} {
	const paths = pathsOf(context);
	const readSnapshot = snapshotReader(paths.cache);
	const {preferences, warnings} = readPreferences(context.io.env);
	const marks = openMarks(paths.data);
	warnings.push(...marks.warnings);
	const kindOf = kindReader(paths.cache);
	const rows = preferences.feeds.map((feed, index): FeedRow => {
		const {value: snapshot, warning} = readSnapshot(feed.url);
		if (warning) {
			warnings.push(warning);
		}

		const posts = snapshot?.posts ?? [];
		const minutes = feed.refreshMinutes ?? preferences.refreshMinutes;
		const times = [snapshot?.nextAllowed, snapshot?.lastAttempt ? new Date(Date.parse(snapshot.lastAttempt) + (minutes * 60_000)).toISOString() : null]
			.filter((time): time is string => typeof time === 'string' && !Number.isNaN(Date.parse(time)))
			.sort();
		return {
			index: index + 1,
			url: redactUrl(feed.url),
			title: sanitizeLine(feed.title ?? (snapshot?.title || feed.url)),
			...kindOf(feed.url),
			folder: feed.folder === undefined ? null : sanitizeLine(feed.folder),
			posts: posts.length,
			unread: posts.filter(post => !marks.isRead(post.id)).length,
			lastSuccess: snapshot?.lastSuccess ?? null,
			lastError: snapshot?.lastError
				? {code: sanitizeLine(snapshot.lastError.code, limits.shownArgumentMax), message: sanitizeLine(snapshot.lastError.message, limits.shownMessageMax), at: snapshot.lastError.at}
				: null,
			nextAllowed: snapshot?.nextAllowed ?? null,
			nextFetch: times.at(-1) ?? null,
		};
	});
	return {rows, warnings};
}

async function list(context: CommandContext): Promise<number> {
	const {rows, warnings} = feedRows(context);
	warn(context, warnings);
	if (context.flags.json) {
		out(context, stringifyJsonSafe(rows, 2) + '\n');
		return exitCode.ok;
	}

	if (rows.length === 0) {
		out(context, 'No feeds. Add one with: evnews feeds add URL\n');
		return exitCode.ok;
	}

	for (const row of rows) {
		const folder = row.folder ? `  [${row.folder}]` : '';
		const kind = describeKind(row);
		out(context, `${row.index}. ${row.title}${folder}\n   ${sanitizeLine(row.url, limits.urlMax)}\n`);
		out(context, `   ${row.posts} posts, ${row.unread} unread · last success ${shortTime(row.lastSuccess)} · next fetch ${row.nextFetch ? shortTime(row.nextFetch) : 'any time'}${kind ? ` · ${kind}` : ''}\n`);
		if (row.lastError) {
			out(context, `   last error (${shortTime(row.lastError.at)}): ${row.lastError.message}\n`);
		}
	}

	return exitCode.ok;
}

function normalize(url: string): string {
	const checked = checkFeedUrl(url);
	return 'url' in checked ? checked.url : url;
}

function findFeed(feeds: FeedEntry[], url: string): number {
	return feeds.findIndex(feed => feed.url === url || normalize(feed.url) === url);
}

/** The index of the feed a `URL|N` argument names, or -1. */
export function feedIndex(feeds: FeedEntry[], target: string): number {
	if (/^\d+$/.test(target)) {
		const number = Number(target);
		return number >= 1 && number <= feeds.length ? number - 1 : -1;
	}

	const index = findFeed(feeds, normalize(target));
	return index === -1 ? feeds.findIndex(feed => feed.url === target) : index;
}

async function add(context: CommandContext): Promise<number> {
	const [raw, ...extra] = context.input.slice(1);
	if (raw === undefined || extra.length > 0) {
		throw new UsageError('feeds add takes one URL', 'e.g. evnews feeds add https://example.com/feed/');
	}

	const {preferences, warnings} = readPreferences(context.io.env);
	warn(context, warnings);
	const refuseDuplicate = (url: string, feeds: FeedEntry[]): number | undefined => {
		const index = findFeed(feeds, url);
		if (index === -1) {
			return undefined;
		}

		fail(context, [`${redactUrl(url)} is already in your feeds (number ${index + 1}); nothing to do`]);
		return exitCode.failed;
	};

	// The same discovery as `a` in the reader (library/add-feed.ts).
	const found = await findFeedToAdd(raw, {cacheDirectory: pathsOf(context).cache, isKnown: url => findFeed(preferences.feeds, url) !== -1});
	if (found.kind === 'invalid') {
		throw new UsageError(`feeds add takes an http(s) URL; ${sanitizeLine(raw, limits.shownNameMax)}: ${found.reason}`, 'e.g. evnews feeds add https://example.com/feed/');
	}

	if (found.kind === 'known') {
		return refuseDuplicate(found.url, preferences.feeds) ?? exitCode.failed;
	}

	const {url} = found;
	warn(context, (found.outcome?.warnings ?? []).map(line => `${redactUrl(url)}: ${line}`));
	if (found.kind === 'failed') {
		const hint = found.outcome?.error?.code === 'not-a-feed' ? '; give the URL of an RSS, Atom or JSON feed, or of a page that links to one' : '';
		fail(context, [`cannot add ${redactUrl(url)}: ${found.message}${hint}`]);
		return exitCode.failed;
	}

	const {outcome, discoveredFrom} = found;
	const {snapshot} = outcome;
	const title = sanitizeLine(snapshot.title, limits.shownLineMax);
	let duplicate = false;
	await updatePreferences(next => {
		// Another process may have added it meanwhile.
		if (findFeed(next.feeds, outcome.url) !== -1) {
			duplicate = true;
			return false;
		}

		next.feeds.push(title ? {url: outcome.url, title} : {url: outcome.url});
		return next;
	}, context.io.env);
	if (duplicate) {
		return refuseDuplicate(outcome.url, readPreferences(context.io.env).preferences.feeds) ?? exitCode.failed;
	}

	if (discoveredFrom) {
		out(context, `Found the feed ${sanitizeLine(redactUrl(outcome.url), limits.urlMax)} on ${sanitizeLine(redactUrl(discoveredFrom), limits.urlMax)}\n`);
	}

	out(context, `Added ${title || sanitizeLine(redactUrl(outcome.url), limits.urlMax)}: ${snapshot.posts.length} post${snapshot.posts.length === 1 ? '' : 's'}\n`);
	return exitCode.ok;
}

async function remove(context: CommandContext): Promise<number> {
	const [target, ...extra] = context.input.slice(1);
	if (target === undefined || extra.length > 0) {
		throw new UsageError('feeds rm takes one URL or feed number', 'see the numbers with: evnews feeds');
	}

	let removed: FeedEntry | undefined;
	let count = 0;
	await updatePreferences(next => {
		count = next.feeds.length;
		const index = feedIndex(next.feeds, target);
		if (index === -1) {
			return false;
		}

		[removed] = next.feeds.splice(index, 1);
		return next;
	}, context.io.env);
	if (!removed) {
		fail(context, [/^\d+$/.test(target)
			? `there is no feed number ${target} (there ${count === 1 ? 'is 1 feed' : `are ${count} feeds`}; see evnews feeds)`
			: `${sanitizeLine(target, limits.shownNameMax)} is not in your feeds (see evnews feeds)`]);
		return exitCode.failed;
	}

	warn(context, forgetFeed(removed.url, pathsOf(context).cache).warnings);
	out(context, `Removed ${sanitizeLine(removed.title ?? redactUrl(removed.url))} (${sanitizeLine(redactUrl(removed.url), limits.urlMax)}) and its cached posts and full text; its read and starred marks are kept\n`);
	return exitCode.ok;
}

export const feedsCommand: Command = async context => {
	const [sub] = context.input;
	switch (sub) {
		case undefined:
		case 'list':
		case 'ls': {
			return list(context);
		}

		case 'add': {
			return add(context);
		}

		case 'rm':
		case 'remove': {
			return remove(context);
		}

		case 'full-text': {
			return (await import('./feeds-full-text.js')).fullTextCommand(context);
		}

		default: {
			throw new UsageError(`unknown feeds command "${sanitizeLine(sub, limits.shownArgumentMax)}"`, 'evnews feeds [add URL | rm URL|N | full-text URL|N on|off] [--json]');
		}
	}
};
