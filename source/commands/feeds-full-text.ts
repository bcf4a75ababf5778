import {sanitizeLine} from '../feed/sanitize.js';
import {type FeedEntry, updatePreferences} from '../store/preferences.js';
import {limits} from '../feed/limits.js';
import {exitCode, UsageError, type CommandContext} from './context.js';
import {feedIndex} from './feeds.js';
import {out, redactUrl, warn} from './state-output.js';

/** `evnews feeds full-text URL|N on|off`: the per-feed `fullText` preference (refresh then fetches new posts' pages). */
export async function fullTextCommand(context: CommandContext): Promise<number> {
	const [target, setting, ...extra] = context.input.slice(1);
	if (target === undefined || (setting !== 'on' && setting !== 'off') || extra.length > 0) {
		throw new UsageError('feeds full-text takes a URL or feed number, then on or off', 'e.g. evnews feeds full-text 2 on');
	}

	let changed: FeedEntry | undefined;
	await updatePreferences(next => {
		const index = feedIndex(next.feeds, target);
		if (index === -1) {
			return false;
		}

		const {fullText: _old, ...rest} = next.feeds[index]!;
		changed = setting === 'on' ? {...rest, fullText: true} : rest;
		next.feeds[index] = changed;
		return next;
	}, context.io.env);
	if (!changed) {
		warn(context, [`${sanitizeLine(target, limits.shownNameMax)} is not in your feeds (see evnews feeds)`]);
		return exitCode.failed;
	}

	const name = sanitizeLine(changed.title ?? redactUrl(changed.url));
	out(context, setting === 'on'
		? `Full text on for ${name}: refreshes fetch the page of each new post\n`
		: `Full text off for ${name}\n`);
	return exitCode.ok;
}
