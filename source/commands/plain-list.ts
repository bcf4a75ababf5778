import {formatDay, type TimeZone} from '../article/dates.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {readPreferences} from '../store/preferences.js';
import {collectPosts} from './collect-posts.js';
import {exitCode, type Command} from './context.js';
import {selectPosts} from './post-filters.js';
import {inTimeRange, parseTimeRange} from './time-range.js';

/** `evnews` with stdout not a terminal: date (local, or the timeZone preference), title and link, one post per line. */
export const plainList: Command = async context => {
	const {flags, io} = context;
	const range = parseTimeRange(flags);
	const collected = await collectPosts(context, {cacheFirst: true});
	const posts = selectPosts(collected.posts.filter(post => inTimeRange(post, range)), {...flags, folders: collected.folders});

	// The one date format (source/article/dates.ts), its date part, in the timeZone preference.
	const timeZone = readPreferences(io.env).preferences.timeZone as TimeZone;
	const lines = posts.map(post => {
		const date = sanitizeLine(formatDay(post.published ?? post.updated, timeZone), 10) || '----------';
		return [date, sanitizeLine(post.title), post.link ? sanitizeLine(post.link) : ''].join('\t').trimEnd();
	});
	io.stdout.write(lines.map(line => line + '\n').join(''));
	return collected.nothing && collected.failed ? exitCode.failed : exitCode.ok;
};
