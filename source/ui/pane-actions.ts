import type {Action} from './keymap.js';
import {openPost} from './marking.js';
import {setScope, toggleTreeFold} from './navigation.js';
import {clamp, reselect, screenRow, selectIndex, setSearch} from './selection.js';
import {articleMaxScroll, categoriesOf, layoutOf, selectedPost} from './selectors.js';
import {olderRowId, requestOlder} from './site-state.js';
import type {ReaderState} from './state-types.js';
import {isScopeRow} from './tree.js';

/** The moving keys in each pane (the tree, the posts, the article), and hiding the tree pane (t). */

export function onCategoriesAction(state: ReaderState, action: Action, times: number): ReaderState {
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

export function onPostsAction(state: ReaderState, action: Action, times: number): ReaderState {
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

export function onArticleAction(state: ReaderState, action: Action, times: number): ReaderState {
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
export function toggleTree(state: ReaderState): ReaderState {
	const treeHidden = !state.treeHidden;
	const pane = treeHidden && state.pane === 'categories' && layoutOf(state).mode !== 'one' ? 'posts' : state.pane;
	const moved = reselect({...state, treeHidden, pane}, screenRow(state));
	return {...moved, message: treeHidden ? 'tree pane hidden (t shows it)' : 'tree pane shown'};
}
