import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import type {Effect, ReaderEvent, ReaderState} from './state-types.js';
import {siteScopeOf} from './view.js';

/**
The reader's WordPress rules (issue 11 §3, §4, §6, §7), reducer parts with effects as data:
- at the end of a WordPress list (a feed, or a category of its site) the posts pane has a row "older posts…";
  Enter on it asks for the next page (effect `load-older`); the library reloads and the selection stays on that row's
  place, which is then the first older post. The row is gone once the scope's archive was read to its end.
- selecting a site's category whose posts the cache holds few of asks the site for them (the same effect, `auto`).
- `S` searches the site; the posts found are merged into the library, and the reader shows the feed at the first.
- the status bar names the feed-only reason of the WordPress feed in scope.
*/

/** The selection's id while the "older posts…" row is selected (never a post's id: those are hex). */
export const olderRowId = '\u0000older';

export type OlderRow = {source: string; category?: string; loading: boolean};

/** The "older posts…" row of the current scope, or undefined when it has none (not WordPress, read to the end, a search). */
export function olderRow(state: Pick<ReaderState, 'scope' | 'sites' | 'search' | 'loadingOlder'>): OlderRow | undefined {
	const target = siteScopeOf(state.scope);
	const site = target ? state.sites[target.source] : undefined;
	if (!target || !site || state.search !== '' || site.ended[target.category ?? 'all'] === true) {
		return undefined;
	}

	return {...target, loading: state.loadingOlder.has(state.scope)};
}

function loadEffect(state: ReaderState, row: OlderRow, auto: boolean): Effect {
	return {type: 'load-older', key: state.scope, source: row.source, ...(row.category === undefined ? {} : {category: row.category}), auto};
}

/** Enter on "older posts…": load the next page (once at a time per scope). */
export function requestOlder(state: ReaderState): ReaderState {
	const row = olderRow(state);
	if (!row) {
		return state;
	}

	if (row.loading) {
		return {...state, message: 'already loading older posts'};
	}

	return {
		...state,
		effects: [...state.effects, loadEffect(state, row, false)],
		loadingOlder: new Set([...state.loadingOlder, state.scope]),
		olderFrom: {key: state.scope, index: state.selectedIndex},
		message: 'loading older posts from the site…',
	};
}

/** After the scope changed: a site's category with few cached posts is filled from the site, once per run. */
export function loadCategoryIfFew(state: ReaderState, cached: number): ReaderState {
	const row = olderRow(state);
	if (row?.category === undefined || row.loading || state.askedOlder.has(state.scope) || cached >= limits.wpCategoryPostsDefault) {
		return state;
	}

	return {
		...state,
		effects: [...state.effects, loadEffect(state, row, true)],
		loadingOlder: new Set([...state.loadingOlder, state.scope]),
		askedOlder: new Set([...state.askedOlder, state.scope]),
	};
}

/** A load finished (or was dropped for a newer one): the row's state and the archive's end. */
export function olderLoaded(state: ReaderState, event: Extract<ReaderEvent, {type: 'older-loaded'}>): ReaderState {
	const loadingOlder = new Set(state.loadingOlder);
	loadingOlder.delete(event.key);
	if (event.dropped) {
		const askedOlder = new Set(state.askedOlder);
		askedOlder.delete(event.key);
		return {...state, loadingOlder, askedOlder};
	}

	const site = state.sites[event.source];
	const sites = site && event.end ? {...state.sites, [event.source]: {...site, ended: {...site.ended, [event.category ?? 'all']: true}}} : state.sites;
	const noun = event.added === 1 ? 'post' : 'posts';
	const said = event.warning === undefined ? '' : `: ${sanitizeLine(event.warning, limits.shownMessageMax)}`;
	const message = event.added > 0 ? `${event.added} older ${noun} from the site${event.end ? ' (the end of its archive)' : ''}` : `no older posts${event.end ? ': the end of the archive' : ''}${said}`;
	return {...state, loadingOlder, sites, message: event.auto && event.added === 0 && event.warning === undefined ? state.message : message};
}

/** The WordPress feed an action is about, if it is one: the tree row's, the scope's, or the selected post's. */
export function siteSource(state: ReaderState, focus: string | undefined): string | undefined {
	const candidates = [focus, siteScopeOf(state.scope)?.source];
	return candidates.find(source => source !== undefined && state.sites[source] !== undefined);
}

/** `S`: ask for the text to search the site for. */
export function startSiteSearch(state: ReaderState, focus: string | undefined): ReaderState {
	const source = siteSource(state, focus);
	if (source === undefined) {
		return {...state, message: 'site search needs a WordPress feed: select one (or a post of one) first'};
	}

	const title = state.feeds.find(feed => feed.source === source)?.title ?? source;
	return {...state, prompt: {kind: 'site-search', label: `Search ${sanitizeLine(title, limits.shownShortMax)} (the site): `, text: '', source}};
}

/** The feed-only reason of the WordPress feed in scope ("REST unavailable: …"), for the status bar. */
export function feedOnlyReason(state: Pick<ReaderState, 'scope' | 'sites'>): string | undefined {
	const target = siteScopeOf(state.scope);
	return target ? state.sites[target.source]?.feedOnly : undefined;
}
