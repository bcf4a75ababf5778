import {withEffects} from './marking.js';
import {categoriesOf, layoutOf, viewOf} from './selectors.js';
import {olderRow, olderRowId} from './site-state.js';
import type {ReaderState} from './state-types.js';
import type {ReaderPost, SortOrder} from './types.js';
import type {View} from './view.js';

/** The posts pane's selection: select a row and keep it in the window, keep it when the list changes, search, unread only, sort. */

export function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

export function windowTop(top: number, index: number, visible: number, length: number): number {
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
export function selectIndex(state: ReaderState, index: number): ReaderState {
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
export function reselect(state: ReaderState, previousRow: number): ReaderState {
	const view = viewOf(state);
	const {list} = view;
	const length = list.length + (olderRow(state) ? 1 : 0);
	if (length === 0) {
		return {...state, selectedId: undefined, selectedIndex: 0, postsTop: 0};
	}

	// The "older posts…" row (never in the view) stays selected, at the end, while posts arrive from elsewhere.
	let index = state.selectedId === olderRowId && length > list.length ? list.length : view.indexOf(state.selectedId);
	if (index === -1) {
		index = clamp(state.selectedIndex, 0, length - 1);
	}

	const {visiblePosts} = layoutOf(state);
	const top = clamp(index - clamp(previousRow, 0, visiblePosts - 1), 0, Math.max(0, length - visiblePosts));
	return {...state, selectedId: list[index]?.id ?? olderRowId, selectedIndex: index, postsTop: windowTop(top, index, visiblePosts, length)};
}

export function screenRow(state: ReaderState): number {
	return state.selectedIndex - state.postsTop;
}

/** Select the newest post of the view: the first when newest first, the last when oldest first. */
export function selectNewest(state: ReaderState): ReaderState {
	const start = {...state, postsTop: 0};
	return selectIndex(start, state.sort === 'oldest' ? viewOf(start).list.length - 1 : 0);
}

/** A new search starts on its first result; clearing it keeps the selected post when it is still listed. */
export function setSearch(state: ReaderState, search: string): ReaderState {
	if (search === state.search) {
		return state;
	}

	if (search.trim() === '') {
		return reselect({...state, search, keep: new Set()}, screenRow(state));
	}

	return selectIndex({...state, search, keep: new Set(), postsTop: 0}, 0);
}

/** The post to keep selected after the list changed: the selected one if still listed, else the nearest below, else above. */
export function nearestShown(before: readonly ReaderPost[], from: number, after: View): string | undefined {
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

export function toggleUnreadOnly(state: ReaderState): ReaderState {
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

export function toggleSort(state: ReaderState): ReaderState {
	const sort: SortOrder = state.sort === 'newest' ? 'oldest' : 'newest';
	const moved = reselect({...state, sort}, screenRow(state));
	return {...withEffects(moved, {type: 'save-preferences', patch: {sort}}), message: sort === 'newest' ? 'newest first' : 'oldest first'};
}

/** The posts, feeds or errors changed: the tree cursor follows its scope (a scope that is gone: All), the post stays. */
export function withList(state: ReaderState, patch: Partial<Pick<ReaderState, 'posts' | 'feeds' | 'folders' | 'errors' | 'sites'>>): ReaderState {
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
