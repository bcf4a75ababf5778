import {sanitizeLine} from '../feed/sanitize.js';
import type {Post, PostContent} from '../feed/types.js';
import {listSnapshots, readContent} from '../store/cache.js';
import {loadLibrary, type LibraryPost} from '../store/library.js';
import {compactMarks, type Marks, MarksError, shouldCompact} from '../store/marks.js';
import {checkFeedUrl} from '../store/feed-url.js';
import {readPreferences} from '../store/preferences.js';
import {postMatcher} from '../query/post-query.js';
import {limits} from '../feed/limits.js';
import {exitCode, UsageError, type Command, type CommandContext} from './context.js';
import {fail, out, pathsOf, warn} from './state-output.js';

/**
`evnews mark-read ID…`, `evnews mark-read --all [--category C] [--feed URL]`, `evnews mark-unread ID…`,
`evnews star ID…`, `evnews unstar ID…`.

They work on the cached posts of the configured feeds (or of `--feed URL`), plus starred posts that have
left their feed. `--category` matches a post's categories or its feed's folder (case-insensitive).
An unknown ID (not in that scope) is named on stderr and the command exits 1; the known IDs are still applied.
Exit codes: 0 done; 1 an ID was unknown, or the marks could not be written; 2 usage.
*/

type Action = 'read' | 'unread' | 'star' | 'unstar';

function scopeUrls(context: CommandContext): {urls: string[]; folders: Map<string, string>; warnings: string[]} {
	const {preferences, warnings} = readPreferences(context.io.env);
	const folders = new Map<string, string>();
	for (const feed of preferences.feeds) {
		if (feed.folder) {
			folders.set(feed.url, feed.folder);
		}
	}

	if (context.flags.feed.length > 0) {
		const urls = context.flags.feed.map(raw => {
			const checked = checkFeedUrl(raw);
			return 'url' in checked ? checked.url : raw;
		});
		return {urls, folders, warnings};
	}

	const urls = preferences.feeds.map(feed => feed.url);
	if (!context.flags.all) {
		// Ids work everywhere: an id printed by any run (a `--feed URL` run included) is found in any cached
		// snapshot, not only those of the configured feeds. Slim snapshots only, never bodies.
		urls.push(...listSnapshots(pathsOf(context).cache).map(snapshot => snapshot.url));
	}

	return {urls, folders, warnings};
}

function maybeCompact(context: CommandContext, marks: Marks): void {
	if (!shouldCompact(marks)) {
		return;
	}

	try {
		const presentIds = new Set<string>();
		for (const snapshot of listSnapshots(pathsOf(context).cache)) {
			for (const post of snapshot.posts) {
				presentIds.add(post.id);
			}
		}

		compactMarks({dataDirectory: marks.directory, presentIds});
	} catch (error) {
		warn(context, [`could not compact the marks log: ${(error as Error).message}`]);
	}
}

function withContent(post: LibraryPost, cacheDirectory: string, cache: Map<string, Record<string, PostContent> | undefined>): Post & Partial<PostContent> {
	const {read: _read, starred: _starred, ...plain} = post;
	if (!cache.has(post.feed.url)) {
		cache.set(post.feed.url, readContent(post.feed.url, cacheDirectory).value);
	}

	const content = cache.get(post.feed.url)?.[post.id];
	return content ? {...plain, html: content.html, base: content.base} : plain;
}

const idsOfPosts = (posts: LibraryPost[]) => posts.map(post => post.id);

/** Each action: its command name, the verb it reports, which targets it changes, and how. */
const actions: Record<Action, {
	name: string;
	verb: string;
	pending(marks: Marks, post: LibraryPost): boolean;
	apply(marks: Marks, todo: LibraryPost[], context: CommandContext): void;
}> = {
	read: {
		name: 'mark-read',
		verb: 'marked read',
		pending: (marks, post) => !marks.isRead(post.id),
		apply(marks, todo) {
			marks.markRead(idsOfPosts(todo));
		},
	},
	unread: {
		name: 'mark-unread',
		verb: 'marked unread',
		pending: (marks, post) => marks.isRead(post.id),
		apply(marks, todo) {
			marks.markUnread(idsOfPosts(todo));
		},
	},
	star: {
		name: 'star',
		verb: 'starred',
		pending: (marks, post) => !marks.isStarred(post.id),
		apply(marks, todo, context) {
			const cache = new Map<string, Record<string, PostContent> | undefined>();
			marks.star(todo.map(post => withContent(post, pathsOf(context).cache, cache)));
		},
	},
	unstar: {
		name: 'unstar',
		verb: 'unstarred',
		pending: (marks, post) => marks.isStarred(post.id),
		apply(marks, todo) {
			marks.unstar(idsOfPosts(todo));
		},
	},
};

/** The IDs given, after the usage checks (IDs or --all, --all for mark-read only). */
function idsOf(context: CommandContext, action: Action): string[] {
	const {name} = actions[action];
	const ids = context.input.map(id => id.trim()).filter(id => id !== '');
	if (context.flags.all && action !== 'read') {
		throw new UsageError('--all only works with mark-read', `e.g. evnews ${name} ID`);
	}

	if (context.flags.all && ids.length > 0) {
		throw new UsageError('give IDs or --all, not both', 'e.g. evnews mark-read --all --category Tesla');
	}

	if (!context.flags.all && ids.length === 0) {
		throw new UsageError(`${name} needs at least one post ID${action === 'read' ? ' (or --all)' : ''}`, 'post IDs are in evnews --json output (field id)');
	}

	return [...new Set(ids)];
}

const scoped = (context: CommandContext) => context.flags.category !== undefined || context.flags.feed.length > 0;

/** The posts the command acts on, and the IDs not found in its scope. */
function targetsOf(context: CommandContext, action: Action, ids: string[]): {marks: Marks; targets: LibraryPost[]; unknown: string[]} {
	const paths = pathsOf(context);
	const scope = scopeUrls(context);
	warn(context, scope.warnings);
	const library = loadLibrary(scope.urls, {cacheDirectory: paths.cache, dataDirectory: paths.data, orphanStarred: context.flags.feed.length > 0 ? 'these-feeds' : 'all'});
	warn(context, library.warnings);
	const {marks} = library;
	const inScope = library.posts.filter(postMatcher({category: context.flags.category, folders: scope.folders}));
	if (context.flags.all) {
		return {marks, targets: inScope, unknown: []};
	}

	const byId = new Map(inScope.map(post => [post.id, post]));
	const targets: LibraryPost[] = [];
	const unknown: string[] = [];
	for (const id of ids) {
		const post = byId.get(id);
		if (post) {
			targets.push(post);
		} else if (action === 'unstar' && marks.isStarred(id) && !scoped(context)) {
			// A starred post whose snapshot is missing can still be unstarred.
			targets.push({id} as LibraryPost);
		} else {
			unknown.push(id);
		}
	}

	return {marks, targets, unknown};
}

async function run(context: CommandContext, action: Action): Promise<number> {
	const {marks, targets, unknown} = targetsOf(context, action, idsOf(context, action));
	const {verb, pending, apply} = actions[action];
	const todo = targets.filter(post => pending(marks, post));
	try {
		apply(marks, todo, context);
	} catch (error) {
		if (error instanceof MarksError) {
			fail(context, [error.message]);
			return exitCode.failed;
		}

		throw error;
	}

	for (const id of unknown) {
		fail(context, [`unknown post ID ${sanitizeLine(id, limits.shownShortMax)}: not among the cached posts${scoped(context) ? ' in this scope' : ''} (evnews --json lists the IDs)`]);
	}

	const changed = todo.length;
	const already = targets.length - changed;
	out(context, `${verb[0]!.toUpperCase()}${verb.slice(1)} ${changed} post${changed === 1 ? '' : 's'}${already > 0 ? ` (${already} already ${verb.replace('marked ', '')})` : ''}\n`);
	maybeCompact(context, marks);
	return unknown.length > 0 ? exitCode.failed : exitCode.ok;
}

export const markReadCommand: Command = async context => run(context, 'read');
export const markUnreadCommand: Command = async context => run(context, 'unread');
export const starCommand: Command = async context => run(context, 'star');
export const unstarCommand: Command = async context => run(context, 'unstar');
