import {sanitizeLine, stringifyJsonSafe} from '../feed/sanitize.js';
import {marksFiles} from '../store/marks.js';
import {cursorDirectory} from '../store/cursors.js';
import {readPreferences} from '../store/preferences.js';
import {starredDirectory} from '../store/stars.js';
import {limits} from '../feed/limits.js';
import {exitCode, UsageError, type Command} from './context.js';
import {out, pathsOf, redactUrl, warn} from './state-output.js';

/**
`evnews config` — where evnews keeps its files, and the effective preferences (defaults filled in).
`--json`: `{paths: {configFile, configExists, data, marks, starred, cache, cursors}, preferences}`. Passwords in feed URLs are
shown as `***`. Edit the file by hand, or with `evnews feeds add|rm` and `evnews import`.
*/
export const configCommand: Command = async context => {
	if (context.input.length > 0) {
		throw new UsageError('config takes no arguments', 'e.g. evnews config --json');
	}

	const paths = pathsOf(context);
	const {preferences, warnings, exists} = readPreferences(context.io.env);
	warn(context, warnings);
	const shown = {...preferences, feeds: preferences.feeds.map(feed => ({...feed, url: redactUrl(feed.url)}))};
	const files = {
		configFile: paths.configFile,
		configExists: exists,
		data: paths.data,
		marks: marksFiles(paths.data).log,
		starred: starredDirectory(paths.data),
		cache: paths.cache,
		cursors: cursorDirectory(paths.state),
	};
	if (context.flags.json) {
		out(context, stringifyJsonSafe({paths: files, preferences: shown}, 2) + '\n');
		return exitCode.ok;
	}

	const line = (label: string, value: string) => {
		out(context, `${label.padEnd(16)}${sanitizeLine(value, limits.shownUrlMax)}\n`);
	};

	line('config file', `${files.configFile}${exists ? '' : ' (not written yet: defaults)'}`);
	line('marks', files.marks);
	line('starred posts', files.starred);
	line('cache', files.cache);
	line('--new cursors', files.cursors);
	out(context, '\n');
	line('unreadOnly', String(shown.unreadOnly));
	line('sort', shown.sort);
	line('refreshMinutes', String(shown.refreshMinutes));
	line('theme', shown.theme);
	line('articleWidth', String(shown.articleWidth));
	line('timeZone', shown.timeZone);
	line('hyperlinks', String(shown.hyperlinks));
	const keys = Object.entries(shown.keys);
	line('keys', keys.length === 0 ? '(defaults)' : keys.map(([action, key]) => `${action}=${Array.isArray(key) ? key.join('|') : key}`).join(', '));
	line('feeds', String(shown.feeds.length));
	for (const [index, feed] of shown.feeds.entries()) {
		const extra = [feed.folder ? `folder ${feed.folder}` : '', feed.refreshMinutes ? `every ${feed.refreshMinutes} min` : '', feed.fullText ? 'full text' : ''].filter(Boolean).join(', ');
		out(context, `  ${index + 1}. ${sanitizeLine(feed.title ?? feed.url)}  ${sanitizeLine(feed.url, limits.urlMax)}${extra ? `  (${sanitizeLine(extra)})` : ''}\n`);
	}

	return exitCode.ok;
};
