import {sanitizeLine} from '../feed/sanitize.js';
import type {Post} from '../feed/types.js';
import {collectPosts} from './collect-posts.js';
import {exitCode, type Command} from './context.js';
import {selectPosts} from './post-filters.js';
import {inTimeRange, parseTimeRange} from './time-range.js';

/** `evnews` with stdout not a terminal: date, title and link, one post per line. */
export const plainList: Command = async context => {
	const {flags, io} = context;
	const range = parseTimeRange(flags);
	const name = flags.new === undefined ? undefined : (await import('./new-cursor.js')).cursorName(flags.new);
	const collected = await collectPosts(context, {cacheFirst: true});
	const cursor = name === undefined ? undefined : (await import('./new-cursor.js')).openCursor(context, name);
	try {
		const posts = selectPosts(collected.posts.filter(post => inTimeRange(post, range) && (!cursor || cursor.isNew(post.id))), {...flags, folders: collected.folders});
		io.stdout.write(posts.map(post => line(post) + '\n').join(''));
		await cursor?.delivered(posts.map(post => post.id), collected.posts.map(post => post.id));
	} finally {
		cursor?.release();
	}

	return collected.nothing && collected.failed ? exitCode.failed : exitCode.ok;
};

function line(post: Post): string {
	const date = sanitizeLine((post.published ?? post.updated ?? '').slice(0, 10), 10) || '----------';
	return [date, sanitizeLine(post.title), post.link ? sanitizeLine(post.link) : ''].join('\t').trimEnd();
}
