import type {ReaderSite} from '../wordpress/reader-sites.js';
import type {ArticleEffect, ArticleEvent} from './article-state.js';
import type {ResolvedKeymap} from './keymap.js';
import type {Pane} from './layout.js';
import type {ReaderFeed, ReaderPost, SortOrder} from './types.js';
import type {Folders} from './view.js';

/** The reader's state, its events and its effects (as data): the types the reducer's files share. */

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
	/** Read the whole library from the cache (after a first frame drawn from the library's head). */
		| {type: 'load-library'}
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
export type ScopeMemory = {id: string; top: number};

/** A rendered article body (from renderArticle) for one post at one width; `partial` while only its first screen is. */
export type ArticleBody = {id: string; width: number; lines: string[]; links: string[]; partial?: boolean};

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
	/** Where "older posts…" was when Enter asked for them: the selection goes there (the first older post) once they are in. */
	olderFrom?: {key: string; index: number};
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
