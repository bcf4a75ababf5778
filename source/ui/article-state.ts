/**
The article pane's own part of the reader state (issue 9), kept out of state.ts: a reducer with effects as data.
- `f`: fetch the full text of the post shown, cache it, and show it (the effect runs in reader-services);
- `z`: a full-width article with the other panes hidden, and back.
state.ts delegates to these functions; their types are imported from it as types only (no runtime cycle).
*/
import type {Layout} from './layout.js';
import type {ReaderState} from './state.js';
import type {ReaderPost} from './types.js';

export type ArticleEffect = {type: 'fetch-full-text'; post: ReaderPost};

export type ArticleEvent = {type: 'full-text-done'; id: string; ok: boolean; text: string};

/** `f`: queue the fetch of the full text of `post` (the post shown, else the selected one). */
export function requestFullText(state: ReaderState, post: ReaderPost | undefined): ReaderState {
	if (!post) {
		return {...state, message: 'no post to fetch the full text of'};
	}

	if (!post.link) {
		return {...state, message: 'this post has no link to fetch the full text from'};
	}

	return {...state, effects: [...state.effects, {type: 'fetch-full-text', post}], message: 'fetching the full text…'};
}

/** The fetch ended: on success the article is rendered again (from the cache, now with the full text). */
export function fullTextDone(state: ReaderState, event: ArticleEvent): ReaderState {
	const article = event.ok && state.article?.id === event.id ? undefined : state.article;
	// A background fetch reports quietly (no text): only the article shown is rendered again.
	return {...state, article, message: event.text === '' ? state.message : event.text};
}

/** `z`: toggle the full-width article. From a list, it opens the post (`open`), zoomed. */
export function toggleZoom(state: ReaderState, open: (state: ReaderState) => ReaderState): ReaderState {
	if (state.zoom === true) {
		return {...state, zoom: false};
	}

	const opened = state.pane === 'article' ? state : open(state);
	return opened.pane === 'article' ? {...opened, zoom: true, articleScroll: 0} : opened;
}

/** The posts next to the one at `index` in the list (the next first): rendered ahead of time, in idle time. */
export function neighbourPosts(list: readonly ReaderPost[], index: number): ReaderPost[] {
	if (index < 0) {
		return [];
	}

	return [list[index + 1], list[index - 1]].filter((post): post is ReaderPost => post !== undefined);
}

/** The layout while zoomed: the article alone, the whole width (as the one-pane layout). */
export function zoomedLayout(layout: Layout, state: Pick<ReaderState, 'zoom' | 'pane'>): Layout {
	if (state.zoom !== true || state.pane !== 'article' || layout.mode === 'one') {
		return layout;
	}

	return {...layout, mode: 'one', categoriesWidth: layout.columns, postsWidth: layout.columns, articleWidth: layout.columns};
}
