import {sanitizeLine} from '../feed/sanitize.js';
import {collectPosts} from './collect-posts.js';
import {exitCode, type Command} from './context.js';
import {selectPosts} from './post-filters.js';
import {inTimeRange, parseTimeRange} from './time-range.js';

/** `evnews` with stdout not a terminal: date, title and link, one post per line. */
export const plainList: Command = async context => {
	const {flags, io} = context;
	const range = parseTimeRange(flags);
	const collected = await collectPosts(context, {cacheFirst: true});
	const posts = selectPosts(collected.posts.filter(post => inTimeRange(post, range)), {...flags, folders: collected.folders});

	const lines = posts.map(post => {
		const date = sanitizeLine((post.published ?? post.updated ?? '').slice(0, 10), 10) || '----------';
		return [date, sanitizeLine(post.title), post.link ? sanitizeLine(post.link) : ''].join('\t').trimEnd();
	});
	io.stdout.write(lines.map(line => line + '\n').join(''));
	return collected.nothing && collected.failed ? exitCode.failed : exitCode.ok;
};
