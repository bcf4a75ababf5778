import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {openPost} from './marking.js';
import {clamp, selectIndex, selectNewest, windowTop} from './selection.js';
import {categoriesOf, layoutOf, selectedPost, viewOf} from './selectors.js';
import {loadCategoryIfFew} from './site-state.js';
import type {ReaderEvent, ReaderState} from './state-types.js';
import {foldKeyOf, foldRowKey, isScopeRow, toggleFold} from './tree.js';
import type {ReaderPost} from './types.js';

/** Moving between scopes: the tree's cursor, a scope's remembered selection, n/p across feeds, folding, the site search's landing. */

/** Switch to a scope: its remembered selection when the reader left it before, else its newest post. */
export function switchScope(state: ReaderState, scope: string, categoryIndex: number, categoryTop: number): ReaderState {
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

export function setScope(state: ReaderState, index: number): ReaderState {
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

export function firstUnread(list: readonly ReaderPost[], from: number, step: 1 | -1): number {
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
export function stepUnread(state: ReaderState, step: 1 | -1): ReaderState {
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
export function nextScopeWithUnread(state: ReaderState, step: 1 | -1): ReaderState | undefined {
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

/** Fold or unfold the tree row's folder or section; the cursor lands on the folded row. */
export function toggleTreeFold(state: ReaderState): ReaderState {
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

/** The site's search results are in the library: show their feed, at the first result (the site's order). */
export function siteSearchDone(state: ReaderState, event: Extract<ReaderEvent, {type: 'site-search-done'}>): ReaderState {
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
