import {sanitizeLine, stringifyJsonSafe} from '../feed/sanitize.js';
import {snapshotReader} from '../store/library-index.js';
import {foldText} from '../query/fold.js';
import {feedScope, queryFromFlags} from '../query/feed-scope.js';
import {postMatcher} from '../query/post-query.js';
import {openMarks} from '../store/marks.js';
import {readPreferences} from '../store/preferences.js';
import {exitCode, type Command} from './context.js';
import {out, pathsOf, redactUrl, warn} from './state-output.js';

/**
`evnews unread` — the number of unread posts in the feeds' cache (no network), for a shell prompt.
`--json`: `{total, feeds: [{url, title, unread}], categories: [{name, unread}]}`; a post counts in each of its
categories and in its feed's folder. The feeds and posts are those of the post query (`--feed`, `--category`,
`--search`, `--starred`), as for `--json`. Reads slim snapshots and the marks log only: no conf, no bodies.
*/

export type UnreadSummary = {
	total: number;
	feeds: Array<{url: string; title: string; unread: number}>;
	categories: Array<{name: string; unread: number}>;
};

type Counter = Map<string, {name: string; unread: number}>;

function bump(categories: Counter, name: string): void {
	const clean = sanitizeLine(name, 64);
	if (clean === '') {
		return;
	}

	const key = foldText(clean);
	const entry = categories.get(key);
	if (entry) {
		entry.unread++;
	} else {
		categories.set(key, {name: clean, unread: 1});
	}
}

export const unreadCommand: Command = async context => {
	const paths = pathsOf(context);
	const readSnapshot = snapshotReader(paths.cache);
	const {preferences, warnings} = readPreferences(context.io.env);
	const marks = openMarks(paths.data);
	warnings.push(...marks.warnings);
	const {sources, folders} = feedScope(context.flags, preferences);
	const matches = postMatcher({...queryFromFlags(context.flags, folders), unread: true, limit: undefined});
	const titles = new Map(preferences.feeds.map(feed => [feed.url, feed.title]));
	const summary: UnreadSummary = {total: 0, feeds: [], categories: []};
	const categories: Counter = new Map();
	const counted = new Set<string>();
	for (const url of new Set(sources)) {
		const {value: snapshot, warning} = readSnapshot(url);
		if (warning) {
			warnings.push(warning);
		}

		const folder = folders.get(url);
		let unread = 0;
		for (const post of snapshot?.posts ?? []) {
			if (counted.has(post.id) || !matches({...post, read: marks.isRead(post.id), starred: marks.isStarred(post.id)})) {
				continue;
			}

			counted.add(post.id);
			unread++;
			const names = new Set(post.categories.map(name => foldText(name)));
			for (const name of post.categories) {
				bump(categories, name);
			}

			if (folder && !names.has(foldText(folder))) {
				bump(categories, folder);
			}
		}

		summary.total += unread;
		summary.feeds.push({url: redactUrl(url), title: sanitizeLine(titles.get(url) ?? (snapshot?.title || url)), unread});
	}

	summary.categories = [...categories.values()].sort((a, b) => b.unread - a.unread || a.name.localeCompare(b.name, 'en-US'));
	warn(context, warnings);
	out(context, context.flags.json ? stringifyJsonSafe(summary, 2) + '\n' : `${summary.total}\n`);
	return exitCode.ok;
};
