import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {compareNames, foldText} from '../query/fold.js';
import {buildTree as buildSiteTree, type CategoryNode, type ReaderSite} from '../wordpress/reader-sites.js';
import {fit, textWidth, truncate} from './text.js';
import type {ReaderFeed, ReaderPost} from './types.js';
import {type Folders, siteCategoryKey} from './view.js';

/**
The left pane as a tree: the smart views (All, Unread, Starred), then **Feeds** grouped by OPML folder (each
folder collapsible, with counts), then **Categories** sorted by count with the long tail behind "more…". Every
configured feed is listed, those that fail or have no posts with a ⚠, never hidden. Category names that are ids,
not names (`medium:id=…`, long hex strings, bare numbers), are left out. A WordPress feed unfolds into its site's
category tree (issue 11 §2): each category row shows its local unread count and the site's post count. Pure and
memoised on its inputs.
*/

export type TreeRowKind = 'view' | 'heading' | 'folder' | 'feed' | 'category' | 'site-category' | 'more';

export type TreeRow = {
	kind: TreeRowKind;
	/**
	Unique. Scope rows: the scope key ('all', 'unread', 'starred', 'feed:<url>', 'folder:<folded>',
	'category:<folded>', 'site-category:<url>\n<folded>': view.ts). Others: 'section:feeds', 'section:categories',
	'more:categories'.
	*/
	key: string;
	label: string;
	unread: number;
	/** Posts in the cache; for a site's category, the site's own count of published posts. */
	total: number;
	/** 0 at the top level, 1 for a feed inside a folder, one more per level of a site's category tree. */
	depth: number;
	/** A WordPress feed with a category tree (folded unless 'open-site:<url>' is in `collapsed`). */
	foldable?: boolean;
	/** Set for a feed that failed (its one-line error) or has no posts. */
	warning?: string;
	/** Folders and headings: folded away. */
	collapsed?: boolean;
};

export type TreeInput = {
	posts: readonly ReaderPost[];
	folders: Folders;
	feeds: readonly ReaderFeed[];
	errors: Readonly<Record<string, {message: string}>>;
	/**
	Keys of folded folders and sections; 'more:categories' when the long tail is shown, and 'open-site:<url>' for a
	WordPress feed whose categories are shown.
	*/
	collapsed: ReadonlySet<string>;
	/** The WordPress feeds, by source (reader-sites.ts). */
	sites?: Readonly<Record<string, ReaderSite>>;
};

const noSites: Readonly<Record<string, ReaderSite>> = {};

/** The fold key of a WordPress feed's category tree. */
export function siteFoldKey(feedUrl: string): string {
	return 'open-site:' + feedUrl;
}

/** The site's category nodes as rows, depth first, under a feed row at `depth`. */
function siteCategoryRows(feedUrl: string, nodes: readonly CategoryNode[], depth: number): TreeRow[] {
	return nodes.flatMap(node => [
		{
			kind: 'site-category' as const,
			key: siteCategoryKey(feedUrl, foldText(node.name)),
			label: sanitizeLine(node.name, limits.shownNameMax),
			unread: node.unread,
			total: node.siteCount,
			depth,
		},
		...siteCategoryRows(feedUrl, node.children, depth + 1),
	]);
}

/** Whether a scope key is a row a scope can be set to (not a heading or "more…"). */
export function isScopeRow(row: TreeRow): boolean {
	return row.kind !== 'heading' && row.kind !== 'more';
}

/** A category "name" that is an id: `medium:id=…`, `tag:…=…`, a UUID, a long hex or base64-ish token, a bare number. */
export function isIdLikeCategory(name: string): boolean {
	const trimmed = name.trim();
	if (trimmed === '') {
		return true;
	}

	if (/\s/.test(trimmed)) {
		return false;
	}

	return trimmed.includes('=')
		|| /^[a-z][\w-]*:[\w:-]*\d/i.test(trimmed)
		|| /^\d+$/.test(trimmed)
		|| /^[\da-f]{8}(?:-?[\da-f]{4}){3}-?[\da-f]{12}$/i.test(trimmed)
		|| (/^[\w-]{20,}$/.test(trimmed) && /\d/.test(trimmed) && /[a-z]/i.test(trimmed));
}

type Count = {label: string; unread: number; total: number};

function bump(map: Map<string, Count>, key: string, label: string, isUnread: number): void {
	let count = map.get(key);
	if (!count) {
		count = {label, unread: 0, total: 0};
		map.set(key, count);
	}

	count.unread += isUnread;
	count.total++;
}

let cache: {input: TreeInput; rows: TreeRow[]} | undefined;

function sameInput(a: TreeInput, b: TreeInput): boolean {
	return a.posts === b.posts && a.folders === b.folders && a.feeds === b.feeds && a.errors === b.errors && a.collapsed === b.collapsed
		&& (a.sites ?? noSites) === (b.sites ?? noSites);
}

export function buildTree(input: TreeInput): TreeRow[] {
	if (cache && sameInput(cache.input, input)) {
		return cache.rows;
	}

	const {posts, folders, feeds, errors, collapsed} = input;
	const sites = input.sites ?? noSites;
	const sitePosts = new Map<string, ReaderPost[]>();
	let unread = 0;
	let starred = 0;
	let starredUnread = 0;
	const byFeed = new Map<string, Count>();
	const categories = new Map<string, Count>();
	// The same few names recur on thousands of posts: each is folded and judged once (undefined: an id-like name).
	const keys = new Map<string, string | undefined>();
	const categoryKey = (name: string): string | undefined => {
		if (!keys.has(name)) {
			keys.set(name, isIdLikeCategory(name) ? undefined : foldText(name));
		}

		return keys.get(name);
	};

	// A post's categories counted so far (one array for all posts: a post has a few).
	const counted: string[] = [];
	for (const post of posts) {
		const isUnread = post.read ? 0 : 1;
		unread += isUnread;
		if (post.starred) {
			starred++;
			starredUnread += isUnread;
		}

		bump(byFeed, post.feed.url, post.feed.title || post.feed.url, isUnread);
		if (sites[post.feed.url] !== undefined) {
			let list = sitePosts.get(post.feed.url);
			if (!list) {
				list = [];
				sitePosts.set(post.feed.url, list);
			}

			list.push(post);
		}

		counted.length = 0;
		for (const name of post.categories) {
			const folded = categoryKey(name);
			if (folded !== undefined && !counted.includes(folded)) {
				counted.push(folded);
				bump(categories, folded, name, isUnread);
			}
		}
	}

	const rows: TreeRow[] = [
		{kind: 'view', key: 'all', label: 'All', unread, total: posts.length, depth: 0},
		{kind: 'view', key: 'unread', label: 'Unread', unread, total: unread, depth: 0},
		{kind: 'view', key: 'starred', label: 'Starred', unread: starredUnread, total: starred, depth: 0},
	];

	// Feeds: the configured ones (even with no posts), then any other feed that has posts (starred posts of a removed feed).
	const feedRows: Array<TreeRow & {folder: string | undefined}> = [];
	const listed = new Set<string>();
	const addFeed = (url: string, title: string) => {
		if (listed.has(url)) {
			return;
		}

		listed.add(url);
		const count = byFeed.get(url);
		const error = errors[url]?.message;
		const row: TreeRow & {folder: string | undefined} = {
			kind: 'feed',
			key: 'feed:' + url,
			label: sanitizeLine(title || count?.label || url, limits.shownNameMax) || url,
			unread: count?.unread ?? 0,
			total: count?.total ?? 0,
			depth: 0,
			folder: folders.get(url),
		};
		if (error !== undefined) {
			row.warning = sanitizeLine(error, limits.shownMessageMax);
		} else if (!count) {
			row.warning = 'no posts';
		}

		if ((sites[url]?.categories.length ?? 0) > 0) {
			row.foldable = true;
			row.collapsed = !collapsed.has(siteFoldKey(url));
		}

		feedRows.push(row);
	};

	for (const feed of feeds) {
		addFeed(feed.source, feed.title);
	}

	for (const [url, count] of byFeed) {
		addFeed(url, count.label);
	}

	const byLabel = (a: {label: string}, b: {label: string}) => compareNames(a.label, b.label);
	const folderNames = new Map<string, string>();
	for (const row of feedRows) {
		if (row.folder !== undefined && row.folder.trim() !== '') {
			folderNames.set(foldText(row.folder), folderNames.get(foldText(row.folder)) ?? row.folder);
		}
	}

	// A WordPress feed unfolded: its row, then its site's category tree.
	const withSite = (row: TreeRow): TreeRow[] => {
		if (!row.foldable || row.collapsed) {
			return [row];
		}

		const url = row.key.slice(5);
		return [row, ...siteCategoryRows(url, buildSiteTree(sites[url]!.categories, sitePosts.get(url) ?? []), row.depth + 1)];
	};

	const feedsCollapsed = collapsed.has('section:feeds');
	const sectionUnread = feedRows.reduce((sum, row) => sum + row.unread, 0);
	rows.push({kind: 'heading', key: 'section:feeds', label: 'Feeds', unread: sectionUnread, total: feedRows.length, depth: 0, collapsed: feedsCollapsed});
	if (!feedsCollapsed) {
		const strip = ({folder: _folder, ...row}: TreeRow & {folder: string | undefined}): TreeRow => row;
		for (const [folded, name] of [...folderNames].sort((a, b) => compareNames(a[1], b[1]))) {
			const members = feedRows.filter(row => row.folder !== undefined && foldText(row.folder) === folded).sort(byLabel);
			const key = 'folder:' + folded;
			const isCollapsed = collapsed.has(key);
			const folderRow: TreeRow = {
				kind: 'folder',
				key,
				label: sanitizeLine(name, limits.shownNameMax),
				unread: members.reduce((sum, row) => sum + row.unread, 0),
				total: members.reduce((sum, row) => sum + row.total, 0),
				depth: 0,
				collapsed: isCollapsed,
			};
			const failing = members.filter(row => row.warning !== undefined).length;
			if (failing > 0) {
				folderRow.warning = `${failing} feed${failing === 1 ? '' : 's'} with a problem`;
			}

			rows.push(folderRow);
			if (!isCollapsed) {
				rows.push(...members.flatMap(row => withSite({...strip(row), depth: 1})));
			}
		}

		rows.push(...feedRows.filter(row => row.folder === undefined || row.folder.trim() === '').sort(byLabel).flatMap(row => withSite(strip(row))));
	}

	const sorted = [...categories].sort((a, b) => b[1].total - a[1].total || compareNames(a[1].label, b[1].label));
	if (sorted.length > 0) {
		const categoriesCollapsed = collapsed.has('section:categories');
		rows.push({kind: 'heading', key: 'section:categories', label: 'Categories', unread: 0, total: sorted.length, depth: 0, collapsed: categoriesCollapsed});
		if (!categoriesCollapsed) {
			const showAll = collapsed.has('more:categories') || sorted.length <= limits.treeCategoriesShown + 1;
			const shown = showAll ? sorted : sorted.slice(0, limits.treeCategoriesShown);
			rows.push(...shown.map(([folded, count]): TreeRow => ({kind: 'category', key: 'category:' + folded, label: sanitizeLine(count.label, limits.shownNameMax), unread: count.unread, total: count.total, depth: 0})));
			if (!showAll) {
				rows.push({kind: 'more', key: 'more:categories', label: `more… (${sorted.length - shown.length})`, unread: 0, total: sorted.length - shown.length, depth: 0});
			}
		}
	}

	cache = {input, rows};
	return rows;
}

/** The key to fold or unfold for a row: a heading or a folder itself; a feed in a folder: its folder. */
export function foldKeyOf(rows: readonly TreeRow[], index: number): string | undefined {
	const row = rows[index];
	if (!row) {
		return undefined;
	}

	if (row.kind === 'heading' || row.kind === 'folder' || row.kind === 'more') {
		return row.key;
	}

	if (row.kind === 'feed' && row.foldable) {
		return siteFoldKey(row.key.slice(5));
	}

	if (row.kind === 'site-category') {
		// Its feed's tree: the nearest feed row above.
		for (let at = index - 1; at >= 0; at--) {
			if (rows[at]!.kind === 'feed') {
				return siteFoldKey(rows[at]!.key.slice(5));
			}
		}
	}

	if (row.kind === 'feed' && row.depth === 1) {
		for (let at = index - 1; at >= 0; at--) {
			if (rows[at]!.kind === 'folder') {
				return rows[at]!.key;
			}
		}
	}

	if (row.kind === 'category') {
		return 'section:categories';
	}

	return undefined;
}

/** The row a fold key belongs to (the cursor lands there after folding). */
export function foldRowKey(key: string): string {
	return key.startsWith('open-site:') ? 'feed:' + key.slice(10) : key;
}

/** Fold or unfold `key` ('more:categories' toggles the long tail, 'open-site:<url>' a site's categories). */
export function toggleFold(collapsed: ReadonlySet<string>, key: string): ReadonlySet<string> {
	const next = new Set(collapsed);
	if (next.has(key)) {
		next.delete(key);
	} else {
		next.add(key);
	}

	return next;
}

/** One row as text: indent, fold arrow or ⚠, label, and unread/total on the right (a site's category: unread/site's count). */
export function treeRowText(row: TreeRow, width: number, marker: boolean): string {
	const prefix = marker ? '›' : ' ';
	if (row.kind === 'heading') {
		const arrow = row.collapsed ? '▸' : '▾';
		return fit(`${prefix}${arrow} ${row.label.toUpperCase()} (${row.total})`, width);
	}

	if (row.kind === 'more') {
		return fit(`${prefix}  ${row.label}`, width);
	}

	const counts = row.key === 'unread' ? String(row.total) : `${row.unread}/${row.total}`;
	const arrow = row.collapsed ? '▸ ' : '▾ ';
	const lead = row.kind === 'folder'
		? arrow
		: '  '.repeat(row.depth) + (row.foldable ? arrow : (['feed', 'category', 'site-category'].includes(row.kind) ? '  ' : ''));
	const warn = row.warning !== undefined && row.kind !== 'folder' ? '⚠ ' : '';
	const label = lead + warn + row.label;
	const room = width - textWidth(counts) - 2;
	if (room < 3) {
		return fit(prefix + label, width);
	}

	return prefix + fit(truncate(label, room), room) + ' ' + counts;
}
