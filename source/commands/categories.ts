import {sanitizeLine, stringifyJsonSafe} from '../feed/sanitize.js';
import {readSnapshot} from '../store/cache.js';
import {readPreferences} from '../store/preferences.js';
import {describeApiState} from '../wordpress/api-state.js';
import {categoryFeedUrl, siteCategories} from '../wordpress/categories.js';
import {readKinds} from '../wordpress/feed-kinds.js';
import {readSite} from '../wordpress/site-cache.js';
import {limits} from '../feed/limits.js';
import {exitCode, type Command, type CommandContext} from './context.js';
import {foldName, out, pathsOf, redactUrl, warn} from './state-output.js';

/**
`evnews categories [--feed URL] [--json]` — the categories of each feed (the configured ones, or the `--feed` ones).
- A WordPress site (its REST API answers): the site's own categories, `{name, slug, count, parent, feed}`, where
  `count` is the site's post count, `parent` the parent's slug (null at the top) and `feed` the category's feed URL.
- Any other feed, or a WordPress site whose API is unavailable: the categories found in its cached posts,
  `{name, count}` (posts in the cache), most used first.
A feed is tried as WordPress when a refresh recognised it as one (feed-kinds.json); before any refresh, when its
site record says so, when it is not cached yet, or when its cached guids have WordPress's `?p=ID` form. Otherwise no
request is made. `--json` prints an array with one entry per feed:
`{url, kind: 'wordpress'|'feed', api, categories}`. Exit 0, or 1 when a feed failed and nothing was listed for it.
*/

type Row = {name: string; slug?: string; count: number; parent?: string | null; feed?: string};
type Group = {url: string; kind: 'wordpress' | 'feed'; api: string; categories: Row[]};

const wordpressGuid = /^https?:\/\/[^?#]+\?p=\d+$/;

export const categoriesCommand: Command = async context => {
	const paths = pathsOf(context);
	const {preferences, warnings} = readPreferences(context.io.env);
	const urls = context.flags.feed.length > 0 ? context.flags.feed : preferences.feeds.map(feed => feed.url);
	const groups: Group[] = [];
	for (const url of urls) {
		groups.push(await groupFor(url, paths.cache, warnings, context));
	}

	warn(context, warnings);
	if (context.flags.json) {
		out(context, stringifyJsonSafe(groups, 2) + '\n');
	} else {
		for (const group of groups) {
			printGroup(context, group);
		}
	}

	return groups.some(group => group.categories.length === 0 && group.api.startsWith('unavailable')) ? exitCode.failed : exitCode.ok;
};

async function groupFor(url: string, cacheDirectory: string, warnings: string[], context: CommandContext): Promise<Group> {
	const {value: snapshot, warning} = readSnapshot(url, cacheDirectory);
	if (warning) {
		warnings.push(warning);
	}

	const {site} = readSite(url, cacheDirectory);
	// A refresh recorded what the feed is (feed-kinds.json): a known non-WordPress feed is never asked.
	const kind = readKinds(cacheDirectory)[url];
	const guessed = snapshot === undefined || snapshot.posts.some(post => wordpressGuid.test(post.guid ?? ''));
	const candidate = kind === undefined ? site.api.state !== 'unknown' || guessed : kind.wordpress !== undefined;
	// A local file or stdin feed has no site to ask.
	const tryRest = !context.flags.offline && candidate && /^https?:\/\//i.test(url);
	if (tryRest) {
		const result = await siteCategories(url, {cacheDirectory});
		warnings.push(...result.warnings);
		if (result.api.state === 'ok') {
			const {root} = result.api;
			const slugs = new Map(result.categories.map(category => [category.id, category.slug]));
			return {
				url: redactUrl(url),
				kind: 'wordpress',
				api: 'ok',
				categories: result.categories.map(category => ({
					name: category.name,
					slug: category.slug,
					count: category.count,
					parent: slugs.get(category.parent) ?? null,
					feed: categoryFeedUrl(root, category),
				})),
			};
		}

		if (result.api.state === 'unavailable') {
			warnings.push(`${redactUrl(url)}: WordPress API ${describeApiState(result.api)}; categories from the cached posts`);
		}

		return {url: redactUrl(url), kind: 'feed', api: describeApiState(result.api), categories: postCategories(snapshot?.posts ?? [])};
	}

	return {url: redactUrl(url), kind: 'feed', api: describeApiState(site.api), categories: postCategories(snapshot?.posts ?? [])};
}

function postCategories(posts: Array<{categories: string[]}>): Row[] {
	const counts = new Map<string, Row>();
	for (const post of posts) {
		for (const name of new Set(post.categories.map(category => sanitizeLine(category, limits.categoryMax)).filter(category => category !== ''))) {
			const key = foldName(name);
			const row = counts.get(key) ?? {name, count: 0};
			row.count++;
			counts.set(key, row);
		}
	}

	return [...counts.values()].toSorted((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function printGroup(context: CommandContext, group: Group): void {
	out(context, `${sanitizeLine(group.url, limits.urlMax)}  [${group.kind}, API ${group.api}]\n`);
	if (group.categories.length === 0) {
		out(context, '  (no categories)\n');
		return;
	}

	const children = new Map<string | null, Row[]>();
	for (const row of group.categories) {
		const parent = group.kind === 'wordpress' && group.categories.some(other => other.slug === row.parent) ? row.parent ?? null : null;
		children.set(parent, [...(children.get(parent) ?? []), row]);
	}

	const print = (parent: string | null, depth: number) => {
		for (const row of children.get(parent) ?? []) {
			out(context, `${'  '.repeat(depth + 1)}${sanitizeLine(row.name, limits.shownNameMax)} (${row.count})\n`);
			if (row.slug !== undefined && depth < 16) {
				print(row.slug, depth + 1);
			}
		}
	};

	print(null, 0);
}
