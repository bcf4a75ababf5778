import {foldText} from '../query/fold.js';
import {articleHeader} from './article-header.js';
import {zoomedLayout} from './article-state.js';
import {type Layout, type Pane, articleTextWidth, computeLayout, panes} from './layout.js';
import type {ReaderState} from './state-types.js';
import {type TreeRow, buildTree} from './tree.js';
import type {ReaderPost} from './types.js';
import {type View, postView, siteScopeOf} from './view.js';

/** What the reader's state shows: the layout, the tree's rows, the posts of the scope, the post and article shown. */

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

export function postById(state: ReaderState, id: string | undefined): ReaderPost | undefined {
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

export function articleMaxScroll(state: ReaderState): number {
	const lines = articleLines(state)?.lines.length ?? 0;
	return Math.max(0, lines - layoutOf(state).paneHeight);
}

export function target(state: ReaderState): ReaderPost | undefined {
	return state.pane === 'article' ? postById(state, state.openId) : selectedPost(state);
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
