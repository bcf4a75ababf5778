import {sanitizeLine, stringifyJsonSafe} from '../feed/sanitize.js';
import {snapshotReader} from '../store/library-index.js';
import {openMarks} from '../store/marks.js';
import {readPreferences} from '../store/preferences.js';
import {exitCode, type Command} from './context.js';
import {foldName, out, pathsOf, redactUrl, warn} from './state-output.js';

/**
`evnews unread` — the number of unread posts in the configured feeds' cache (no network), for a shell prompt.
`--json`: `{total, feeds: [{url, title, unread}], categories: [{name, unread}]}`; a post counts in each of its
categories and in its feed's folder. Reads slim snapshots and the marks log only: no conf, no bodies.
*/

export type UnreadSummary = {
	total: number;
	feeds: Array<{url: string; title: string; unread: number}>;
	categories: Array<{name: string; unread: number}>;
};

export const unreadCommand: Command = async context => {
	const paths = pathsOf(context);
	const readSnapshot = snapshotReader(paths.cache);
	const {preferences, warnings} = readPreferences(context.io.env);
	const marks = openMarks(paths.data);
	warnings.push(...marks.warnings);
	const summary: UnreadSummary = {total: 0, feeds: [], categories: []};
	const categories = new Map<string, {name: string; unread: number}>();
	const counted = new Set<string>();
	const bump = (name: string) => {
		const clean = sanitizeLine(name, 64);
		if (clean === '') {
			return;
		}

		const key = foldName(clean);
		const entry = categories.get(key);
		if (entry) {
			entry.unread++;
		} else {
			categories.set(key, {name: clean, unread: 1});
		}
	};

	for (const feed of preferences.feeds) {
		const {value: snapshot, warning} = readSnapshot(feed.url);
		if (warning) {
			warnings.push(warning);
		}

		let unread = 0;
		for (const post of snapshot?.posts ?? []) {
			if (counted.has(post.id) || marks.isRead(post.id)) {
				continue;
			}

			counted.add(post.id);
			unread++;
			const names = new Set(post.categories.map(name => foldName(name)));
			for (const name of post.categories) {
				bump(name);
			}

			if (feed.folder && !names.has(foldName(feed.folder))) {
				bump(feed.folder);
			}
		}

		summary.total += unread;
		summary.feeds.push({url: redactUrl(feed.url), title: sanitizeLine(feed.title ?? (snapshot?.title || feed.url)), unread});
	}

	summary.categories = [...categories.values()].sort((a, b) => b.unread - a.unread || a.name.localeCompare(b.name, 'en-US'));
	warn(context, warnings);
	out(context, context.flags.json ? stringifyJsonSafe(summary, 2) + '\n' : `${summary.total}\n`);
	return exitCode.ok;
};
