import {sanitizeLine} from '../feed/sanitize.js';
import {foldText} from '../query/fold.js';
import {limits} from '../feed/limits.js';
import type {ReaderSite} from '../wordpress/reader-sites.js';
import {articleHeader} from './article-header.js';
import {type ArticleEffect, type ArticleEvent, fullTextDone, requestFullText, toggleZoom, zoomedLayout} from './article-state.js';
import type {Action, ResolvedKeymap} from './keymap.js';
import {articleTextWidth, computeLayout, type Layout, type Pane, panes} from './layout.js';
import type {ReaderFeed, ReaderPost, SortOrder} from './types.js';
import {type Folders, noFolders, postView, siteScopeOf, type View} from './view.js';
import {buildTree, foldKeyOf, foldRowKey, isScopeRow, toggleFold, type TreeRow} from './tree.js';
import {loadCategoryIfFew, olderLoaded, olderRow, olderRowId, requestOlder, startSiteSearch} from './site-state.js';

/**
The reader's whole state and its pure reducer. Every key goes through `reduce`, one at a time, so keys that
arrive together (`jjj`, Down Down Enter) act on the latest state. Side effects (persisting marks, opening a
browser, refreshing, quitting) are queued in `effects` and run by the App.
*/

export type Effect
	= | {type: 'mark-read'; ids: string[]}
		| {type: 'mark-unread'; ids: string[]}
		| {type: 'star'; posts: ReaderPost[]}
		| {type: 'unstar'; ids: string[]}
		| {type: 'open-url'; url: string}
	/** An enclosure (a podcast episode): through $EVNEWS_PLAYER when set, else as a link. */
		| {type: 'open-media'; url: string}
	/** Copy a URL to the clipboard (OSC 52, written by the App). */
		| {type: 'copy-url'; url: string}
	/** Refresh `sources` (every feed when not given). */
		| {type: 'refresh'; force: boolean; sources?: string[]}
	/** `R`: re-read the feed list from the config (feeds added from the CLI appear), then refresh every feed. */
		| {type: 'reload-feeds'}
	/** `a`: find the feed at a URL (as `feeds add` does), add it to the config, then reload the feed list. */
		| {type: 'add-feed'; url: string}
	/** The feed menu: rename or remove a feed in the config (its marks are kept), then reload the feed list. */
		| {type: 'rename-feed'; source: string; title: string}
		| {type: 'remove-feed'; source: string}
	/**
	"Older posts…", or a site's category with few cached posts (`auto`): the next page of that scope's archive from the
	site (wordpress/reader-data.ts), then the library reloads. Answered by an `older-loaded` event.
	*/
		| {type: 'load-older'; key: string; source: string; category?: string; auto: boolean}
	/** `S`: search a WordPress site; the posts found are merged into the library (answered by `site-search-done`). */
		| {type: 'site-search'; source: string; text: string}
	/** Remember a reader setting in the preferences (the sort order, unread only). */
		| {type: 'save-preferences'; patch: PreferencePatch}
	/** Ctrl-Z: give the terminal back to the shell and stop (SIGCONT restores the screen). */
		| {type: 'suspend'}
		| {type: 'quit'}
		| ArticleEffect;

export type Density = 'auto' | 'compact' | 'comfortable';

export type PreferencePatch = {sort?: SortOrder; unreadOnly?: boolean; density?: Density};

/** Where a scope's selection was when the reader left it (restored on return). */
type ScopeMemory = {id: string; top: number};

/** A rendered article body (from renderArticle) for one post at one width. */
export type ArticleBody = {id: string; width: number; lines: string[]; links: string[]};

export type FeedProgress = {source: string; title: string; status: 'waiting' | 'done' | 'failed'};

export type ReaderState = {
	posts: ReaderPost[];
	feeds: ReaderFeed[];
	keymap: ResolvedKeymap;
	columns: number;
	rows: number;
	/** Preferred article width (preferences.articleWidth). */
	articleWidth: number;
	/** Post rows: one line, two, or auto (one line under 40 rows); `v` toggles and remembers it. */
	density: Density;
	sort: SortOrder;
	/** The OPML folder of each feed (a folder is a category of its feeds' posts, as for `--category`). */
	folders: Folders;
	pane: Pane;
	scope: string;
	/** The selection of each scope the reader left, by scope key. */
	scopeMemory: Readonly<Record<string, ScopeMemory>>;
	categoryIndex: number;
	categoryTop: number;
	unreadOnly: boolean;
	search: string;
	searching: boolean;
	keep: ReadonlySet<string>;
	selectedId: string | undefined;
	/** Last known index of the selection, used when the selected post leaves the list. */
	selectedIndex: number;
	postsTop: number;
	/** The post open in the article pane (when pane is 'article'). */
	openId: string | undefined;
	article: ArticleBody | undefined;
	articleScroll: number;
	/** `z`: the article full width, the other panes hidden (article-state.ts). */
	zoom?: boolean;
	/** Digits typed before a key (`3o`). */
	count: string;
	confirm: {ids: string[]; prompt: string} | undefined;
	/** A line being typed in the status bar (`a`: a feed URL; the menu's rename: a title). */
	prompt: {kind: 'add-feed' | 'rename' | 'site-search'; label: string; text: string; source?: string} | undefined;
	/** `e`: a feed's action menu (components/feed-menu.tsx), or its "remove?" question. */
	menu: {source: string; title: string; stage: 'menu' | 'confirm-remove'; highlighted: FeedMenuChoice} | undefined;
	/** `!`: the list of every feed's last error and next retry, instead of the panes. */
	errorsView: boolean;
	/** A full-screen note until the next key (`y`: the link, in full, that was copied). */
	notice: {title: string; lines: string[]} | undefined;
	/** Folded tree folders and sections, and 'more:categories' when the long tail is unfolded (tree.ts). */
	collapsed: ReadonlySet<string>;
	/** When each feed will be retried after an error (epoch ms), by source, when known. */
	retryAt: Readonly<Record<string, number>>;
	/** The WordPress feeds by source: their sites' categories, feed-only reasons, archives read to the end. */
	sites: Readonly<Record<string, ReaderSite>>;
	/** Scopes whose older posts are being loaded, and site categories already filled once this run. */
	loadingOlder: ReadonlySet<string>;
	askedOlder: ReadonlySet<string>;
	/** `t`: the tree pane hidden (the posts and the article get its columns). */
	treeHidden: boolean;
	help: boolean;
	helpScroll: number;
	refreshing: FeedProgress[] | undefined;
	lastUpdated: number | undefined;
	/** Per-feed errors by source, sanitised one-liners. */
	errors: Record<string, {title: string; message: string}>;
	message: string | undefined;
	now: number;
	spinner: number;
	effects: Effect[];
	quitting: boolean;
};

export type ReaderEvent
	= | {type: 'key'; key: string}
		| {type: 'resize'; columns: number; rows: number}
		| {type: 'posts'; posts: ReaderPost[]}
	/** The feed list was re-read (`R`, `a`): its feeds and folders. */
		| {type: 'feeds'; feeds: ReaderFeed[]; folders: Folders}
		| {type: 'article-loaded'; body: ArticleBody}
		| {type: 'refresh-start'; feeds: ReaderFeed[]}
		| {type: 'refresh-feed'; source: string; ok: boolean; error?: string; retryAt?: number}
	/** `at` is set when at least one feed was refreshed successfully. */
		| {type: 'refresh-end'; at?: number}
		| {type: 'tick'; now: number}
		| {type: 'spin'}
		| {type: 'message'; text: string}
		| {type: 'effects-taken'; count: number}
	/**
	The feed menu's highlighted item (ink-select-input reports it). Enter acts on it here, in the reducer, so
	the key that chose never reaches what the choice opens (a prompt, a question).
	*/
		| {type: 'menu-highlight'; value: FeedMenuChoice}
	/** The WordPress feeds' data was (re-)read (after the first frame, after a refresh). */
		| {type: 'sites'; sites: Readonly<Record<string, ReaderSite>>}
	/** A `load-older` finished: how many posts it added, whether the archive ended; `dropped` when a newer one replaced it. */
		| {type: 'older-loaded'; key: string; source: string; category?: string; auto: boolean; added: number; end: boolean; warning?: string; dropped?: boolean}
	/** A `site-search` finished: the ids the site returned (in its order), merged into the library already. */
		| {type: 'site-search-done'; source: string; text: string; ids: string[]; warning?: string}
		| ArticleEvent;

export type FeedMenuChoice = 'refresh' | 'rename' | 'mark-all-read' | 'open-site' | 'remove';

export type InitialStateOptions = {
	posts: ReaderPost[];
	feeds: ReaderFeed[];
	keymap: ResolvedKeymap;
	columns: number;
	rows: number;
	articleWidth?: number;
	/** Default 'comfortable' (two-line rows); the reader passes the preference ('auto' unless set). */
	density?: Density;
	sort?: SortOrder;
	folders?: Folders;
	unreadOnly?: boolean;
	now?: number;
	lastUpdated?: number;
	errors?: ReaderState['errors'];
	retryAt?: ReaderState['retryAt'];
	message?: string;
	sites?: ReaderState['sites'];
	treeHidden?: boolean;
	/** Initial scope key ('all', 'unread', 'starred', 'feed:<url>', 'category:<lowercased name>'). */
	scope?: string;
	search?: string;
};

export function initialState(options: InitialStateOptions): ReaderState {
	const state: ReaderState = {
		posts: options.posts,
		feeds: options.feeds,
		keymap: options.keymap,
		columns: options.columns,
		rows: options.rows,
		articleWidth: options.articleWidth ?? 80,
		density: options.density ?? 'comfortable',
		sort: options.sort ?? 'newest',
		folders: options.folders ?? noFolders,
		pane: 'posts',
		scope: 'all',
		scopeMemory: {},
		categoryIndex: 0,
		categoryTop: 0,
		unreadOnly: options.unreadOnly ?? false,
		search: '',
		searching: false,
		keep: new Set(),
		selectedId: undefined,
		selectedIndex: 0,
		postsTop: 0,
		openId: undefined,
		article: undefined,
		articleScroll: 0,
		count: '',
		confirm: undefined,
		prompt: undefined,
		menu: undefined,
		errorsView: false,
		notice: undefined,
		collapsed: new Set(),
		retryAt: options.retryAt ?? {},
		sites: options.sites ?? {},
		loadingOlder: new Set(),
		askedOlder: new Set(),
		treeHidden: options.treeHidden ?? false,
		help: false,
		helpScroll: 0,
		refreshing: undefined,
		lastUpdated: options.lastUpdated,
		errors: options.errors ?? {},
		message: options.message,
		now: options.now ?? Date.now(),
		spinner: 0,
		effects: [],
		quitting: false,
	};
	const items = categoriesOf(state);
	let index = items.findIndex(item => item.key === options.scope);
	if (index === -1 && options.scope?.startsWith('category:')) {
		// `--category NAME` where NAME is only an OPML folder: the folder's row (the same posts).
		const folder = items.findIndex(item => item.key === 'folder:' + options.scope!.slice(9));
		const matchesCategory = folder !== -1 && options.posts.some(post => post.categories.some(name => foldText(name) === options.scope!.slice(9)));
		index = matchesCategory ? -1 : folder;
	}

	if (index === -1 && options.scope !== undefined && options.scope !== 'all') {
		// A scope with no row (a category left out of the tree): it still filters, the cursor stays on All.
		state.scope = options.scope;
	}

	if (index > 0) {
		state.scope = items[index]!.key;
		state.categoryIndex = index;
		state.categoryTop = windowTop(0, index, layoutOf(state).paneHeight, items.length);
	}

	if (options.search) {
		state.search = options.search.slice(0, 200);
		return selectIndex(state, 0);
	}

	return selectNewest(state);
}

// ---- Selectors -------------------------------------------------------------------------------------------

export function layoutOf(state: Pick<ReaderState, 'columns' | 'rows' | 'density' | 'zoom' | 'pane'> & {treeHidden?: boolean}): Layout {
	return zoomedLayout(computeLayout(state.columns, state.rows, isCompact(state), state.treeHidden === true), state);
}

/** One-line rows: asked for, or 'auto' on a window under 40 rows. */
export function isCompact(state: Pick<ReaderState, 'rows' | 'density'>): boolean {
	return state.density === 'compact' || (state.density === 'auto' && state.rows < 40);
}

/** The tree pane's rows (smart views, feeds by folder, categories: tree.ts). */
export function categoriesOf(state: Pick<ReaderState, 'posts' | 'folders' | 'feeds' | 'errors' | 'collapsed'> & {sites?: ReaderState['sites']}): TreeRow[] {
	return buildTree({posts: state.posts, folders: state.folders, feeds: state.feeds, errors: state.errors, collapsed: state.collapsed, ...(state.sites ? {sites: state.sites} : {})});
}

/** Human label of a scope, for prompts. */
export function scopeLabel(state: ReaderState): string {
	return categoriesOf(state).find(row => row.key === state.scope)?.label ?? (state.scope.startsWith('category:') ? state.scope.slice(9) : 'All');
}

/** The feeds a scope reads: a feed, a folder's feeds, the feeds with posts in a category; every feed for the views. */
export function scopeSources(state: ReaderState): string[] | undefined {
	const {scope} = state;
	const site = siteScopeOf(scope);
	if (site) {
		return [site.source];
	}

	if (scope.startsWith('folder:') || scope.startsWith('category:')) {
		const sources = new Set(viewOf({...state, search: '', unreadOnly: false}).list.map(post => post.feed.url));
		if (scope.startsWith('folder:')) {
			for (const feed of state.feeds) {
				const folder = state.folders.get(feed.source);
				if (folder !== undefined && foldText(folder) === scope.slice(7)) {
					sources.add(feed.source);
				}
			}
		}

		return [...sources];
	}

	return undefined;
}

export function viewOf(state: ReaderState): View {
	return postView({
		posts: state.posts,
		folders: state.folders,
		scope: state.scope,
		unreadOnly: state.unreadOnly,
		search: state.search,
		keep: state.keep,
		sort: state.sort,
	});
}

export function selectedPost(state: ReaderState): ReaderPost | undefined {
	const view = viewOf(state);
	const index = view.indexOf(state.selectedId);
	return index === -1 ? undefined : view.list[index];
}

let byIdCache: {posts: readonly ReaderPost[]; map: Map<string, ReaderPost>} | undefined;

function postById(state: ReaderState, id: string | undefined): ReaderPost | undefined {
	if (id === undefined) {
		return undefined;
	}

	if (byIdCache?.posts !== state.posts) {
		byIdCache = {posts: state.posts, map: new Map(state.posts.map(post => [post.id, post]))};
	}

	return byIdCache.map.get(id);
}

/** The post shown in the article pane: the open one, or in three panes the selected one (a preview). */
export function articlePost(state: ReaderState): ReaderPost | undefined {
	if (state.pane === 'article') {
		return postById(state, state.openId);
	}

	return layoutOf(state).mode === 'three' ? selectedPost(state) : undefined;
}

/** The width the article body is rendered at. */
export function articleBodyWidth(state: ReaderState): number {
	return articleTextWidth(layoutOf(state), state.articleWidth);
}

/** Every line of the article pane (header, body, link list) for the post shown, or undefined when none. */
export function articleLines(state: ReaderState): {post: ReaderPost; lines: string[]; loaded: boolean} | undefined {
	const post = articlePost(state);
	if (!post) {
		return undefined;
	}

	const width = articleBodyWidth(state);
	const header = articleHeader(post, width);
	const body = state.article;
	if (body?.id !== post.id || body.width !== width) {
		return {post, lines: [...header, 'loading…'], loaded: false};
	}

	return {post, lines: [...header, ...body.lines], loaded: true};
}

// ---- Helpers ---------------------------------------------------------------------------------------------

function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

function windowTop(top: number, index: number, visible: number, length: number): number {
	let next = top;
	if (index < next) {
		next = index;
	}

	if (index >= next + visible) {
		next = index - visible + 1;
	}

	return clamp(next, 0, Math.max(0, length - visible));
}

/** Select the post at `index` of the current view (clamped) and keep it in the window. */
function selectIndex(state: ReaderState, index: number): ReaderState {
	const {list} = viewOf(state);
	// The "older posts…" row, when shown, is one more row after the posts (site-state.ts).
	const length = list.length + (olderRow(state) ? 1 : 0);
	if (length === 0) {
		return {...state, selectedId: undefined, selectedIndex: 0, postsTop: 0};
	}

	const next = clamp(index, 0, length - 1);
	return {
		...state,
		selectedId: list[next]?.id ?? olderRowId,
		selectedIndex: next,
		postsTop: windowTop(state.postsTop, next, layoutOf(state).visiblePosts, length),
	};
}

/**
After the list changed (refresh, filter, resize): keep the selected post, at the same row on screen when it
can; when it left the list, take the post now at its old index.
*/
function reselect(state: ReaderState, previousRow: number): ReaderState {
	const view = viewOf(state);
	const {list} = view;
	const length = list.length + (olderRow(state) ? 1 : 0);
	if (length === 0) {
		return {...state, selectedId: undefined, selectedIndex: 0, postsTop: 0};
	}

	// The "older posts…" row (never in the view) keeps its place: after a load, that is the first older post.
	let index = view.indexOf(state.selectedId);
	if (index === -1) {
		index = clamp(state.selectedIndex, 0, length - 1);
	}

	const {visiblePosts} = layoutOf(state);
	const top = clamp(index - clamp(previousRow, 0, visiblePosts - 1), 0, Math.max(0, length - visiblePosts));
	return {...state, selectedId: list[index]?.id ?? olderRowId, selectedIndex: index, postsTop: windowTop(top, index, visiblePosts, length)};
}

function screenRow(state: ReaderState): number {
	return state.selectedIndex - state.postsTop;
}

function setFlags(posts: ReaderPost[], ids: ReadonlySet<string>, patch: Partial<Pick<ReaderPost, 'read' | 'starred'>>): ReaderPost[] {
	return posts.map(post => {
		if (!ids.has(post.id)) {
			return post;
		}

		const changed = (patch.read !== undefined && patch.read !== post.read) || (patch.starred !== undefined && patch.starred !== post.starred);
		return changed ? {...post, ...patch} : post;
	});
}

function withEffects(state: ReaderState, ...effects: Effect[]): ReaderState {
	return {...state, effects: [...state.effects, ...effects]};
}

/** Mark posts read in the state (and queue the write). Under "unread only" the posts stay listed until the view changes. */
function markRead(state: ReaderState, ids: string[], keep: boolean): ReaderState {
	const unread = ids.filter(id => postById(state, id)?.read === false);
	if (unread.length === 0) {
		return state;
	}

	const row = screenRow(state);
	const set = new Set(unread);
	let next: ReaderState = {...state, posts: setFlags(state.posts, set, {read: true})};
	if (keep) {
		next.keep = new Set([...state.keep, ...unread]);
	}

	next = withEffects(next, {type: 'mark-read', ids: unread});
	return reselect(next, row);
}

function articleMaxScroll(state: ReaderState): number {
	const lines = articleLines(state)?.lines.length ?? 0;
	return Math.max(0, lines - layoutOf(state).paneHeight);
}

function openPost(state: ReaderState, post: ReaderPost | undefined): ReaderState {
	if (!post) {
		return state;
	}

	const next: ReaderState = {...state, pane: 'article', openId: post.id, articleScroll: 0};
	return markRead(next, [post.id], true);
}

/** Select the newest post of the view: the first when newest first, the last when oldest first. */
function selectNewest(state: ReaderState): ReaderState {
	const start = {...state, postsTop: 0};
	return selectIndex(start, state.sort === 'oldest' ? viewOf(start).list.length - 1 : 0);
}

/** Switch to a scope: its remembered selection when the reader left it before, else its newest post. */
function switchScope(state: ReaderState, scope: string, categoryIndex: number, categoryTop: number): ReaderState {
	const scopeMemory = state.selectedId === undefined
		? state.scopeMemory
		: {...state.scopeMemory, [state.scope]: {id: state.selectedId, top: state.postsTop}};
	const next: ReaderState = {...state, categoryIndex, categoryTop, scope, scopeMemory, keep: new Set()};
	const memory = scopeMemory[scope];
	const index = memory ? viewOf(next).indexOf(memory.id) : -1;
	const switched = index === -1 ? selectNewest(next) : selectIndex({...next, postsTop: memory!.top}, index);
	// A WordPress site's category with few posts in the cache: ask the site for them (never blocking this frame).
	return scope.startsWith('site-category:') ? loadCategoryIfFew(switched, viewOf({...switched, search: '', unreadOnly: false}).list.length) : switched;
}

function setScope(state: ReaderState, index: number): ReaderState {
	const items = categoriesOf(state);
	const categoryIndex = clamp(index, 0, items.length - 1);
	const row = items[categoryIndex]!;
	const scope = row.key;
	const categoryTop = windowTop(state.categoryTop, categoryIndex, layoutOf(state).paneHeight, items.length);
	if (scope === state.scope || !isScopeRow(row)) {
		// A heading or "more…": the cursor moves, the posts stay.
		return {...state, categoryIndex, categoryTop};
	}

	return switchScope(state, scope, categoryIndex, categoryTop);
}

/** A new search starts on its first result; clearing it keeps the selected post when it is still listed. */
function setSearch(state: ReaderState, search: string): ReaderState {
	if (search === state.search) {
		return state;
	}

	if (search.trim() === '') {
		return reselect({...state, search, keep: new Set()}, screenRow(state));
	}

	return selectIndex({...state, search, keep: new Set(), postsTop: 0}, 0);
}

/** The post to keep selected after the list changed: the selected one if still listed, else the nearest below, else above. */
function nearestShown(before: readonly ReaderPost[], from: number, after: View): string | undefined {
	for (let index = from; index < before.length; index++) {
		// `View.indexOf` is the view's own lookup (it has no `includes`).
		// eslint-disable-next-line unicorn/prefer-includes
		if (after.indexOf(before[index]!.id) !== -1) {
			return before[index]!.id;
		}
	}

	for (let index = Math.min(from, before.length) - 1; index >= 0; index--) {
		// `View.indexOf` is the view's own lookup (it has no `includes`).
		// eslint-disable-next-line unicorn/prefer-includes
		if (after.indexOf(before[index]!.id) !== -1) {
			return before[index]!.id;
		}
	}

	return undefined;
}

function toggleUnreadOnly(state: ReaderState): ReaderState {
	const before = viewOf(state);
	const from = Math.max(0, before.indexOf(state.selectedId));
	const next: ReaderState = {...state, unreadOnly: !state.unreadOnly, keep: new Set()};
	const selectedId = nearestShown(before.list, from, viewOf(next));
	const moved = reselect({...next, selectedId, selectedIndex: 0}, screenRow(state));
	return {
		...withEffects(moved, {type: 'save-preferences', patch: {unreadOnly: moved.unreadOnly}}),
		message: moved.unreadOnly ? 'showing unread posts only' : 'showing all posts',
	};
}

function toggleSort(state: ReaderState): ReaderState {
	const sort: SortOrder = state.sort === 'newest' ? 'oldest' : 'newest';
	const moved = reselect({...state, sort}, screenRow(state));
	return {...withEffects(moved, {type: 'save-preferences', patch: {sort}}), message: sort === 'newest' ? 'newest first' : 'oldest first'};
}

function firstUnread(list: readonly ReaderPost[], from: number, step: 1 | -1): number {
	for (let index = from; index >= 0 && index < list.length; index += step) {
		if (!list[index]!.read) {
			return index;
		}
	}

	return -1;
}

/**
`n`/`p`: the next (previous) unread post of the view; past the end of a feed's (category's) posts, the next
(previous) feed (category) with unread posts, as newsboat does. In the article pane the post opens.
*/
function stepUnread(state: ReaderState, step: 1 | -1): ReaderState {
	const current = state.pane === 'article' ? state.openId : state.selectedId;
	const {list, indexOf} = viewOf(state);
	const at = indexOf(current);
	let index = firstUnread(list, at === -1 ? (step === 1 ? 0 : list.length - 1) : at + step, step);
	let next = state;
	if (index === -1) {
		next = nextScopeWithUnread(state, step) ?? state;
		const moved = viewOf(next).list;
		index = next === state ? -1 : firstUnread(moved, step === 1 ? 0 : moved.length - 1, step);
	}

	if (index === -1) {
		return {...state, message: step === 1 ? 'no more unread posts' : 'no unread posts above'};
	}

	const selected = selectIndex(next, index);
	return state.pane === 'article' ? openPost(selected, selectedPost(selected)) : selected;
}

/** The next feed (or category) item after the current one, in the same section, that has unread posts. */
function nextScopeWithUnread(state: ReaderState, step: 1 | -1): ReaderState | undefined {
	const kind = /^(feed|category|site-category):/.exec(state.scope)?.[1];
	if (kind === undefined) {
		return undefined;
	}

	const items = categoriesOf(state);
	for (let index = state.categoryIndex + step; index >= 0 && index < items.length; index += step) {
		const item = items[index]!;
		if (item.key.startsWith(kind + ':') && item.unread > 0) {
			const categoryTop = windowTop(state.categoryTop, index, layoutOf(state).paneHeight, items.length);
			return switchScope(state, item.key, index, categoryTop);
		}
	}

	return undefined;
}

function target(state: ReaderState): ReaderPost | undefined {
	return state.pane === 'article' ? postById(state, state.openId) : selectedPost(state);
}

// ---- Reducer ---------------------------------------------------------------------------------------------

export function reduce(state: ReaderState, event: ReaderEvent): ReaderState {
	switch (event.type) {
		case 'key': {
			return onKey(state, event.key);
		}

		case 'resize': {
			if (event.columns === state.columns && event.rows === state.rows) {
				return state;
			}

			const next = {...state, columns: event.columns, rows: event.rows};
			const resized = reselect(next, screenRow(state));
			return {...resized, articleScroll: clamp(resized.articleScroll, 0, articleMaxScroll(resized))};
		}

		case 'posts': {
			return withList(state, {posts: event.posts});
		}

		case 'feeds': {
			return withList(state, {feeds: event.feeds, folders: event.folders});
		}

		case 'article-loaded': {
			return {...state, article: event.body};
		}

		case 'full-text-done': {
			return fullTextDone(state, event);
		}

		case 'refresh-start': {
			return {
				...state,
				refreshing: event.feeds.map(feed => ({source: feed.source, title: feed.title, status: 'waiting'})),
			};
		}

		case 'refresh-feed': {
			const feed = state.feeds.find(candidate => candidate.source === event.source);
			const errors = {...state.errors};
			const retryAt = {...state.retryAt};
			if (event.ok) {
				delete errors[event.source];
				delete retryAt[event.source];
			} else {
				errors[event.source] = {title: feed?.title ?? event.source, message: event.error ?? 'failed'};
				if (event.retryAt === undefined) {
					delete retryAt[event.source];
				} else {
					retryAt[event.source] = event.retryAt;
				}
			}

			return {
				...withList(state, {errors}),
				retryAt,
				refreshing: state.refreshing?.map(item =>
					item.source === event.source ? {...item, status: event.ok ? 'done' : 'failed'} : item),
			};
		}

		case 'refresh-end': {
			if (event.at === undefined) {
				return {...state, refreshing: undefined};
			}

			return {...state, refreshing: undefined, lastUpdated: event.at, now: Math.max(state.now, event.at)};
		}

		case 'tick': {
			return {...state, now: event.now};
		}

		case 'spin': {
			return {...state, spinner: state.spinner + 1};
		}

		case 'message': {
			return {...state, message: event.text};
		}

		case 'effects-taken': {
			return {...state, effects: state.effects.slice(event.count)};
		}

		case 'menu-highlight': {
			return state.menu ? {...state, menu: {...state.menu, highlighted: event.value}} : state;
		}

		case 'sites': {
			return withList(state, {sites: event.sites});
		}

		case 'older-loaded': {
			return reselect(olderLoaded(state, event), screenRow(state));
		}

		case 'site-search-done': {
			return siteSearchDone(state, event);
		}
	}
}

/** The site's search results are in the library: show their feed, at the first result (the site's order). */
function siteSearchDone(state: ReaderState, event: Extract<ReaderEvent, {type: 'site-search-done'}>): ReaderState {
	const said = event.warning === undefined ? '' : ` (${sanitizeLine(event.warning, limits.shownMessageMax)})`;
	if (event.ids.length === 0) {
		return {...state, message: `the site found nothing for "${sanitizeLine(event.text, limits.shownShortMax)}"${said}`};
	}

	const scope = 'feed:' + event.source;
	const rows = categoriesOf(state);
	const index = rows.findIndex(row => row.key === scope);
	const moved = scope === state.scope || index === -1 ? state : switchScope(state, scope, index, windowTop(state.categoryTop, index, layoutOf(state).paneHeight, rows.length));
	const view = viewOf({...moved, search: ''});
	const first = event.ids.map(id => view.indexOf(id)).filter(at => at !== -1).sort((a, b) => a - b)[0];
	const selected = first === undefined ? moved : selectIndex({...moved, search: '', keep: new Set(event.ids)}, first);
	const noun = event.ids.length === 1 ? 'post' : 'posts';
	return {...selected, message: `${event.ids.length} ${noun} from the site for "${sanitizeLine(event.text, limits.shownShortMax)}", merged into the feed${said}`};
}

/** The posts, feeds or errors changed: the tree cursor follows its scope (a scope that is gone: All), the post stays. */
function withList(state: ReaderState, patch: Partial<Pick<ReaderState, 'posts' | 'feeds' | 'folders' | 'errors' | 'sites'>>): ReaderState {
	const row = screenRow(state);
	const next = {...state, ...patch};
	const items = categoriesOf(next);
	let categoryIndex = items.findIndex(item => item.key === state.scope);
	let {scope} = state;
	if (categoryIndex === -1) {
		// The scope has no row now (folded away, or gone): keep it while it still lists posts, else back to All.
		const cursorKey = categoriesOf(state)[state.categoryIndex]?.key;
		const keep = scope !== 'all' && viewOf(next).list.length > 0;
		scope = keep ? scope : 'all';
		categoryIndex = keep ? Math.max(0, items.findIndex(item => item.key === cursorKey)) : 0;
	}

	const categoryTop = windowTop(state.categoryTop, categoryIndex, layoutOf(next).paneHeight, items.length);
	return reselect({...next, scope, categoryIndex, categoryTop}, row);
}

function onKey(previous: ReaderState, key: string): ReaderState {
	// A transient message lasts until the next key.
	const state = previous.message === undefined ? previous : {...previous, message: undefined};
	if (state.quitting) {
		return state;
	}

	if (state.confirm) {
		if (key === 'y' || key === 'Y') {
			const {ids} = state.confirm;
			const next = markRead({...state, confirm: undefined}, ids, false);
			return {...next, message: `marked ${ids.length} read`};
		}

		return {...state, confirm: undefined, message: 'cancelled'};
	}

	if (state.searching) {
		return onSearchKey(state, key);
	}

	if (state.prompt) {
		return onPromptKey(state, key);
	}

	if (state.menu) {
		return onMenuKey(state, key);
	}

	if (state.notice) {
		return {...state, notice: undefined};
	}

	const action = state.keymap.byKey.get(key);
	if (state.errorsView) {
		if (action === 'quit') {
			return quit(state);
		}

		if (action === 'refresh-all') {
			return onAction({...state, errorsView: false}, action, 0);
		}

		return action === 'errors' || action === 'back' || action === 'help' ? {...state, errorsView: false} : state;
	}

	if (state.help) {
		if (action === 'quit') {
			return quit(state);
		}

		if (action === 'down' || action === 'up') {
			// The help screen lists every binding plus five lines of notes (components/help-screen.tsx).
			const max = Math.max(0, state.keymap.bindings.length + 5 - layoutOf(state).paneHeight);
			return {...state, helpScroll: clamp(state.helpScroll + (action === 'down' ? 1 : -1), 0, max)};
		}

		return action === 'help' || action === 'back' ? {...state, help: false, helpScroll: 0} : state;
	}

	if (/^\d$/.test(key) && !action) {
		return {...state, count: (state.count + key).slice(-4)};
	}

	const count = Number.parseInt(state.count, 10) || 0;
	const cleared = state.count === '' ? state : {...state, count: ''};
	return action ? onAction(cleared, action, count) : cleared;
}

/** Typing in the status-bar prompt: Enter submits, Esc cancels. */
function onPromptKey(state: ReaderState, key: string): ReaderState {
	const prompt = state.prompt!;
	if (key === 'escape') {
		return {...state, prompt: undefined, message: 'cancelled'};
	}

	if (key === 'enter') {
		const text = prompt.text.trim();
		if (text === '') {
			return {...state, prompt: undefined, message: 'cancelled'};
		}

		if (prompt.kind === 'site-search' && prompt.source !== undefined) {
			return {...withEffects({...state, prompt: undefined}, {type: 'site-search', source: prompt.source, text: text.slice(0, 200)}), message: `searching the site for "${text.slice(0, 200)}"…`};
		}

		if (prompt.kind === 'rename' && prompt.source !== undefined) {
			return {...withEffects({...state, prompt: undefined}, {type: 'rename-feed', source: prompt.source, title: text}), message: `renamed to ${text}`};
		}

		return {...withEffects({...state, prompt: undefined}, {type: 'add-feed', url: text}), message: `looking for a feed at ${text}…`};
	}

	if (key === 'backspace') {
		return {...state, prompt: {...prompt, text: [...prompt.text].slice(0, -1).join('')}};
	}

	const typed = key === 'space' ? ' ' : ([...key].length === 1 ? key : '');
	return typed ? {...state, prompt: {...prompt, text: (prompt.text + typed).slice(0, limits.urlMax)}} : state;
}

/** The feed an action is about: the tree's feed row (in the tree), else the selected post's feed. */
function feedInFocus(state: ReaderState): ReaderFeed | undefined {
	const row = state.pane === 'categories' ? categoriesOf(state)[state.categoryIndex] : undefined;
	if (state.pane === 'categories' && row?.kind !== 'feed') {
		return undefined;
	}

	const url = row?.kind === 'feed' ? row.key.slice(5) : target(state)?.feed.url;
	if (url === undefined) {
		return undefined;
	}

	return state.feeds.find(feed => feed.source === url) ?? {source: url, title: row?.label ?? target(state)?.feed.title ?? url};
}

/** In the menu, ink-select-input has the arrows and Enter; here: Esc (or q) closes, and y/n answer "remove?". */
function onMenuKey(state: ReaderState, key: string): ReaderState {
	const menu = state.menu!;
	if (menu.stage === 'confirm-remove') {
		if (key === 'y' || key === 'Y') {
			return {...withEffects({...state, menu: undefined}, {type: 'remove-feed', source: menu.source}), message: `removed ${menu.title} (its marks are kept)`};
		}

		return {...state, menu: undefined, message: 'cancelled'};
	}

	if (key === 'enter') {
		return onMenuChoice(state, menu.highlighted);
	}

	return key === 'escape' || key === 'q' || state.keymap.byKey.get(key) === 'feed-menu' ? {...state, menu: undefined} : state;
}

function onMenuChoice(state: ReaderState, choice: FeedMenuChoice): ReaderState {
	const {menu} = state;
	if (menu?.stage !== 'menu') {
		return state;
	}

	const closed = {...state, menu: undefined};
	switch (choice) {
		case 'refresh': {
			return state.refreshing ? {...closed, message: 'already refreshing'} : withEffects(closed, {type: 'refresh', force: true, sources: [menu.source]});
		}

		case 'rename': {
			return {...closed, prompt: {kind: 'rename', label: 'New name: ', text: menu.title, source: menu.source}};
		}

		case 'mark-all-read': {
			const ids = state.posts.filter(post => post.feed.url === menu.source && !post.read).map(post => post.id);
			return ids.length === 0
				? {...closed, message: 'nothing unread in this feed'}
				: {...closed, confirm: {ids, prompt: `Mark ${ids.length} post${ids.length === 1 ? '' : 's'} of ${menu.title} read? (y/n)`}};
		}

		case 'open-site': {
			const feed = state.feeds.find(item => item.source === menu.source);
			const site = feed?.site ?? state.posts.find(post => post.feed.url === menu.source)?.link ?? menu.source;
			let url = site;
			try {
				url = feed?.site ?? new URL(site).origin + '/';
			} catch {}

			return withEffects(closed, {type: 'open-url', url});
		}

		case 'remove': {
			return {...state, menu: {...menu, stage: 'confirm-remove'}};
		}
	}
}

/** Fold or unfold the tree row's folder or section; the cursor lands on the folded row. */
function toggleTreeFold(state: ReaderState): ReaderState {
	const rows = categoriesOf(state);
	const key = foldKeyOf(rows, state.categoryIndex);
	if (key === undefined) {
		return state;
	}

	const collapsed = toggleFold(state.collapsed, key);
	const next = {...state, collapsed};
	const after = categoriesOf(next);
	const at = after.findIndex(row => row.key === (key === 'more:categories' ? rows[state.categoryIndex]!.key : foldRowKey(key)));
	const index = at === -1 ? Math.min(state.categoryIndex, after.length - 1) : at;
	if (key === 'more:categories' && at === -1) {
		// The tail is shown now: the cursor stays where "more…" was, on the first of the tail.
		return {...next, categoryIndex: index, categoryTop: windowTop(state.categoryTop, index, layoutOf(next).paneHeight, after.length)};
	}

	const moved = {...next, categoryTop: windowTop(state.categoryTop, index, layoutOf(next).paneHeight, after.length)};
	return isScopeRow(after[index]!) && after[index]!.key !== state.scope
		? switchScope(moved, after[index]!.key, index, moved.categoryTop)
		: {...moved, categoryIndex: index};
}

function quit(state: ReaderState): ReaderState {
	return withEffects({...state, quitting: true}, {type: 'quit'});
}

function onSearchKey(state: ReaderState, key: string): ReaderState {
	if (key === 'escape') {
		return setSearch({...state, searching: false}, '');
	}

	if (key === 'enter') {
		return {...state, searching: false};
	}

	if (key === 'backspace') {
		return setSearch(state, [...state.search].slice(0, -1).join(''));
	}

	if (key === 'space') {
		return setSearch(state, state.search + ' ');
	}

	if ([...key].length === 1) {
		return setSearch(state, (state.search + key).slice(0, 200));
	}

	if (key === 'down' || key === 'up') {
		return selectIndex(state, state.selectedIndex + (key === 'down' ? 1 : -1));
	}

	return state;
}

function onAction(state: ReaderState, action: Action, count: number): ReaderState {
	const times = Math.max(1, count);
	switch (action) {
		case 'quit': {
			return quit(state);
		}

		case 'help': {
			return {...state, help: true, helpScroll: 0};
		}

		case 'suspend': {
			return withEffects(state, {type: 'suspend'});
		}

		case 'search': {
			return {...state, searching: true, pane: 'posts'};
		}

		case 'refresh': {
			if (state.refreshing) {
				return {...state, message: 'already refreshing'};
			}

			const sources = scopeSources(state);
			if (sources?.length === 0) {
				return {...state, message: 'no feeds in this scope'};
			}

			return withEffects(state, sources ? {type: 'refresh', force: true, sources} : {type: 'refresh', force: true});
		}

		case 'refresh-all': {
			if (state.refreshing) {
				return {...state, message: 'already refreshing'};
			}

			return withEffects(state, {type: 'reload-feeds'});
		}

		case 'add-feed': {
			return {...state, prompt: {kind: 'add-feed', label: 'Add a feed (feed or site URL): ', text: ''}};
		}

		case 'errors': {
			return {...state, errorsView: true, help: false};
		}

		case 'site-search': {
			return startSiteSearch(state, feedInFocus(state)?.source);
		}

		case 'toggle-tree': {
			return toggleTree(state);
		}

		case 'feed-menu': {
			const feed = feedInFocus(state);
			return feed ? {...state, menu: {source: feed.source, title: feed.title, stage: 'menu', highlighted: 'refresh'}} : {...state, message: 'no feed here: select a feed (or a post of it) first'};
		}

		case 'play': {
			const post = state.pane === 'article' || layoutOf(state).mode === 'three' ? articlePost(state) ?? target(state) : target(state);
			const enclosure = post?.enclosures[0];
			return enclosure ? withEffects(state, {type: 'open-media', url: enclosure.url}) : {...state, message: 'this post has no enclosure'};
		}

		case 'copy-url': {
			const post = state.pane === 'article' || layoutOf(state).mode === 'three' ? articlePost(state) ?? target(state) : target(state);
			if (!post?.link) {
				return {...state, message: 'this post has no link'};
			}

			const notice = {
				title: ' Link',
				lines: [
					'Copied to the clipboard with OSC 52 (if the terminal allows it):',
					'',
					sanitizeLine(post.link, limits.shownLinkMax),
					'',
					'Any key goes back.',
				],
			};
			return {...withEffects(state, {type: 'copy-url', url: post.link}), notice};
		}

		case 'unread-only': {
			return toggleUnreadOnly(state);
		}

		case 'sort': {
			return toggleSort(state);
		}

		case 'density': {
			const density: Density = isCompact(state) ? 'comfortable' : 'compact';
			const moved = reselect({...state, density}, screenRow(state));
			return {...withEffects(moved, {type: 'save-preferences', patch: {density}}), message: density === 'compact' ? 'one-line rows' : 'two-line rows'};
		}

		case 'next-unread':
		case 'previous-unread': {
			return stepUnread(state, action === 'next-unread' ? 1 : -1);
		}

		case 'toggle-read': {
			const post = target(state);
			if (!post) {
				return state;
			}

			if (!post.read) {
				return markRead(state, [post.id], true);
			}

			const next = {...state, posts: setFlags(state.posts, new Set([post.id]), {read: false})};
			return withEffects(reselect(next, screenRow(state)), {type: 'mark-unread', ids: [post.id]});
		}

		case 'star': {
			const post = target(state);
			if (!post) {
				return state;
			}

			const next = {...state, posts: setFlags(state.posts, new Set([post.id]), {starred: !post.starred})};
			const effect: Effect = post.starred ? {type: 'unstar', ids: [post.id]} : {type: 'star', posts: [{...post, starred: true}]};
			return {...withEffects(reselect(next, screenRow(state)), effect), message: post.starred ? 'unstarred' : 'starred'};
		}

		case 'mark-all-read': {
			const ids = viewOf(state).list.filter(post => !post.read).map(post => post.id);
			if (ids.length === 0) {
				return {...state, message: 'nothing unread here'};
			}

			const where = state.search ? `matching "${state.search}"` : `in ${scopeLabel(state)}`;
			return {...state, confirm: {ids, prompt: `Mark ${ids.length} post${ids.length === 1 ? '' : 's'} ${where} read? (y/n)`}};
		}

		case 'full-text': {
			return requestFullText(state, state.pane === 'article' || layoutOf(state).mode === 'three' ? articlePost(state) ?? target(state) : target(state));
		}

		case 'zoom': {
			return toggleZoom(state, current => openPost(current, target(current)));
		}

		case 'open-browser': {
			if (count > 0) {
				const links = state.article && state.article.id === articlePost(state)?.id ? state.article.links : [];
				const url = links[count - 1];
				return url ? withEffects(state, {type: 'open-url', url}) : {...state, message: `no link ${count} in this article`};
			}

			const post = state.pane === 'article' || layoutOf(state).mode === 'three' ? articlePost(state) ?? target(state) : target(state);
			if (!post?.link) {
				return {...state, message: 'this post has no link'};
			}

			return withEffects(state, {type: 'open-url', url: post.link});
		}

		default: {
			break;
		}
	}

	switch (state.pane) {
		case 'categories': {
			return onCategoriesAction(state, action, times);
		}

		case 'posts': {
			return onPostsAction(state, action, times);
		}

		case 'article': {
			return onArticleAction(state, action, times);
		}
	}
}

function onCategoriesAction(state: ReaderState, action: Action, times: number): ReaderState {
	const {paneHeight} = layoutOf(state);
	const last = categoriesOf(state).length - 1;
	switch (action) {
		case 'down': {
			return setScope(state, state.categoryIndex + times);
		}

		case 'up': {
			return setScope(state, state.categoryIndex - times);
		}

		case 'page-down': {
			return setScope(state, state.categoryIndex + paneHeight * times);
		}

		case 'page-up': {
			return setScope(state, state.categoryIndex - paneHeight * times);
		}

		case 'top': {
			return setScope(state, 0);
		}

		case 'bottom': {
			return setScope(state, last);
		}

		case 'open': {
			const row = categoriesOf(state)[state.categoryIndex];
			return row && !isScopeRow(row) ? toggleTreeFold(state) : {...state, pane: 'posts'};
		}

		case 'toggle-section': {
			return toggleTreeFold(state);
		}

		case 'next-pane': {
			return {...state, pane: 'posts'};
		}

		case 'back': {
			return state.search ? setSearch(state, '') : state;
		}

		default: {
			return state;
		}
	}
}

function onPostsAction(state: ReaderState, action: Action, times: number): ReaderState {
	const {visiblePosts} = layoutOf(state);
	switch (action) {
		case 'down':
		case 'next-post': {
			return selectIndex(state, state.selectedIndex + times);
		}

		case 'up':
		case 'previous-post': {
			return selectIndex(state, state.selectedIndex - times);
		}

		case 'page-down': {
			return selectIndex({...state, postsTop: state.postsTop + visiblePosts * times}, state.selectedIndex + visiblePosts * times);
		}

		case 'page-up': {
			return selectIndex({...state, postsTop: Math.max(0, state.postsTop - visiblePosts * times)}, state.selectedIndex - visiblePosts * times);
		}

		case 'top': {
			return selectIndex(state, 0);
		}

		case 'bottom': {
			return selectIndex(state, Number.MAX_SAFE_INTEGER);
		}

		case 'open':
		case 'next-pane': {
			return state.selectedId === olderRowId ? requestOlder(state) : openPost(state, selectedPost(state));
		}

		case 'previous-pane': {
			return state.treeHidden && layoutOf(state).mode !== 'one' ? {...state, message: 'the tree pane is hidden: t shows it'} : {...state, pane: 'categories'};
		}

		case 'back': {
			if (state.search) {
				return setSearch(state, '');
			}

			return layoutOf(state).mode === 'one' ? {...state, pane: 'categories'} : state;
		}

		default: {
			return state;
		}
	}
}

function onArticleAction(state: ReaderState, action: Action, times: number): ReaderState {
	const {paneHeight} = layoutOf(state);
	const page = Math.max(1, paneHeight - 1);
	const scroll = (to: number): ReaderState => ({...state, articleScroll: clamp(to, 0, articleMaxScroll(state))});
	switch (action) {
		case 'down': {
			return scroll(state.articleScroll + times);
		}

		case 'up': {
			return scroll(state.articleScroll - times);
		}

		case 'page-down': {
			return scroll(state.articleScroll + page * times);
		}

		case 'page-up': {
			return scroll(state.articleScroll - page * times);
		}

		case 'top': {
			return scroll(0);
		}

		case 'bottom': {
			return scroll(Number.MAX_SAFE_INTEGER);
		}

		case 'next-post':
		case 'previous-post': {
			const moved = selectIndex(state, state.selectedIndex + (action === 'next-post' ? times : -times));
			if (moved.selectedId === state.openId) {
				return {...state, message: action === 'next-post' ? 'last post' : 'first post'};
			}

			return openPost(moved, selectedPost(moved));
		}

		case 'back':
		case 'previous-pane': {
			return {...state, pane: 'posts'};
		}

		default: {
			return state;
		}
	}
}

/** `t`: hide or show the tree pane (in one pane, where the tree is a screen of its own, it stays reachable). */
function toggleTree(state: ReaderState): ReaderState {
	const treeHidden = !state.treeHidden;
	const pane = treeHidden && state.pane === 'categories' && layoutOf(state).mode !== 'one' ? 'posts' : state.pane;
	const moved = reselect({...state, treeHidden, pane}, screenRow(state));
	return {...moved, message: treeHidden ? 'tree pane hidden (t shows it)' : 'tree pane shown'};
}

/** The panes shown for the current state, left to right. */
export function visiblePanes(state: ReaderState): Pane[] {
	const {mode} = layoutOf(state);
	if (mode === 'three') {
		return state.treeHidden ? ['posts', 'article'] : [...panes];
	}

	if (mode === 'two') {
		return state.pane === 'article' ? ['article'] : (state.treeHidden ? ['posts'] : ['categories', 'posts']);
	}

	return [state.pane];
}
