import {formatDay, type TimeZone} from '../article/dates.js';
import {sanitizeLine} from '../feed/sanitize.js';
import type {Post} from '../feed/types.js';
import {readPreferences} from '../store/preferences.js';
import {limits} from '../feed/limits.js';
import {collectPosts} from './collect-posts.js';
import {exitCode, type Command} from './context.js';
import {selectPosts} from './post-filters.js';
import {inTimeRange, parseTimeRange} from './time-range.js';

/** `evnews` with stdout not a terminal: date (local, or the timeZone preference), title and link, one post per line. */
export const plainList: Command = async context => {
	const {flags, io} = context;
	const range = parseTimeRange(flags);
	const name = flags.new === undefined ? undefined : (await import('./new-cursor.js')).cursorName(flags.new);
	const collected = await collectPosts(context, {cacheFirst: true});
	const cursor = name === undefined ? undefined : (await import('./new-cursor.js')).openCursor(context, name);
	// The one date format (source/article/dates.ts), its date part, in the timeZone preference.
	const {timeZone} = readPreferences(io.env).preferences;
	try {
		const posts = selectPosts(collected.posts.filter(post => inTimeRange(post, range) && (!cursor || cursor.isNew(post.id))), {...flags, folders: collected.folders, searchMatches: collected.siteMatches});
		io.stdout.write(posts.map(post => line(post, timeZone) + '\n').join(''));
		await cursor?.delivered(posts.map(post => post.id), collected.posts.map(post => post.id));
	} finally {
		cursor?.release();
	}

	return collected.nothing && collected.failed ? exitCode.failed : exitCode.ok;
};

function line(post: Post, timeZone: TimeZone): string {
	const date = sanitizeLine(formatDay(post.published ?? post.updated, timeZone), limits.shownDateMax) || '----------';
	return [date, sanitizeLine(post.title), post.link ? sanitizeLine(post.link) : ''].join('\t').trimEnd();
}
