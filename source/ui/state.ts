import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {foldText} from '../query/fold.js';
import {fullTextDone, requestFullText, toggleZoom} from './article-state.js';
import {feedInFocus, onMenuKey, onPromptKey} from './feed-menu-state.js';
import type {Action} from './keymap.js';
import {markRead, openPost, setFlags, withEffects} from './marking.js';
import {siteSearchDone, stepUnread} from './navigation.js';
import {onArticleAction, onCategoriesAction, onPostsAction, toggleTree} from './pane-actions.js';
import {clamp, reselect, screenRow, selectIndex, selectNewest, setSearch, toggleSort, toggleUnreadOnly, windowTop, withList} from './selection.js';
import {articleMaxScroll, articlePost, categoriesOf, isCompact, layoutOf, scopeLabel, scopeSources, target, viewOf} from './selectors.js';
import {olderLoaded, olderRowId, startSiteSearch} from './site-state.js';
import type {Density, Effect, InitialStateOptions, ReaderEvent, ReaderState} from './state-types.js';
import {noFolders} from './view.js';

export type {
	ArticleBody, Density, Effect, FeedMenuChoice, FeedProgress, InitialStateOptions, PreferencePatch, ReaderEvent, ReaderState,
} from './state-types.js';
export {
	articleBodyWidth, articleLines, articlePost, categoriesOf, isCompact, layoutOf, scopeLabel, scopeSources, selectedPost, viewOf,
	visiblePanes,
} from './selectors.js';

/**
The reader's whole state and its pure reducer. Every key goes through `reduce`, one at a time, so keys that
arrive together (`jjj`, Down Down Enter) act on the latest state. Side effects (persisting marks, opening a
browser, refreshing, quitting) are queued in `effects` and run by the App. The rules live in files named after
what they hold (state-types, selectors, selection, marking, navigation, feed-menu-state, pane-actions,
article-state, site-state); this file composes them, and its exports are the reader's state API.
*/

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
			const next = reselect(olderLoaded(state, event), screenRow(state));
			const from = next.olderFrom;
			if (event.dropped || from?.key !== event.key) {
				return next;
			}

			// Still on the row that asked: the selection keeps its place, which is now the first older post.
			const {olderFrom: _done, ...rest} = next;
			// (Asked of the state before the load's answer: at the archive's end the row is gone from `next`.)
			return rest.scope === from.key && state.selectedId === olderRowId && event.added > 0 ? selectIndex(rest, from.index) : rest;
		}

		case 'site-search-done': {
			return siteSearchDone(state, event);
		}
	}
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
