import {limits} from '../feed/limits.js';
import {withEffects} from './marking.js';
import {categoriesOf, target} from './selectors.js';
import type {FeedMenuChoice, ReaderState} from './state-types.js';
import type {ReaderFeed} from './types.js';

/** The status-bar prompt (a: a feed URL, rename, S: the site search) and the feed menu (e). */

/** Typing in the status-bar prompt: Enter submits, Esc cancels. */
export function onPromptKey(state: ReaderState, key: string): ReaderState {
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
export function feedInFocus(state: ReaderState): ReaderFeed | undefined {
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
export function onMenuKey(state: ReaderState, key: string): ReaderState {
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

export function onMenuChoice(state: ReaderState, choice: FeedMenuChoice): ReaderState {
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
