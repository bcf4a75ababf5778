import {Box, useApp, useInput, useStdin, useStdout} from 'ink';
import {useEffect, useMemo, useReducer, useRef} from 'react';
import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {ArticlePane} from './components/article-pane.js';
import {neighbourPosts} from './article-state.js';
import {CategoriesPane} from './components/categories-pane.js';
import {ErrorsScreen, NoticeScreen} from './components/errors-screen.js';
import {FeedMenu} from './components/feed-menu.js';
import {HelpScreen} from './components/help-screen.js';
import {emptyStateLines} from './empty-state.js';
import {PostsPane} from './components/posts-pane.js';
import {Separator} from './components/separator.js';
import {StatusBar} from './components/status-bar.js';
import {keyNamesFromInk} from './keymap.js';
import {articleHeader} from './article-header.js';
import {
	type Effect, type PreferencePatch, type ReaderEvent, type ReaderState, articleBodyWidth, articleLines, articlePost,
	categoriesOf, layoutOf, reduce, viewOf, visiblePanes,
} from './state.js';
import {olderRow} from './site-state.js';
import {statusSegments} from './status-line.js';
import type {Theme} from './theme.js';
import type {ReaderPost} from './types.js';

const noDispatch = () => undefined;
const olderIdle = {loading: false};
const olderLoading = {loading: true};

/** A rendered article as the pane draws it; `partial` while only its first screen is rendered. */
export type ArticleLines = {lines: string[]; links: string[]; partial?: boolean};

/** What the App needs from the outside world. The runtime (run-reader.tsx) wires the real ones; tests pass fakes. */
export type ReaderServices = {
	/**
	Render an article body at a width (renderArticle over the cached content). A longer one may first be handed to
	`onFirstScreen` in part, so its first screen is drawn before the whole is rendered.
	*/
	loadArticle(post: ReaderPost, width: number, onFirstScreen?: (body: ArticleLines) => void): Promise<ArticleLines>;
	/** Run a side effect other than quitting. `dispatch` reports progress (refresh events, messages). */
	runEffect(effect: Exclude<Effect, {type: 'quit' | 'save-preferences'}>, dispatch: (event: ReaderEvent) => void): void;
	/** Remember the sort order or unread-only in the preferences (none in tests that do not ask). */
	savePreferences?(patch: PreferencePatch): Promise<void>;
	/** Render these posts ahead of time, when idle (the neighbours of the article shown). */
	prefetch?(posts: ReaderPost[], width: number): void;
	/** Minutes between background refreshes while the reader is open (0: never). */
	refreshMinutes?: number;
	/** Given a function that redraws the whole frame (after a terminal browser or Ctrl-Z had the screen). */
	registerRedraw?(redraw: () => void): void;
};

type Properties = {
	readonly initial: ReaderState;
	readonly services: ReaderServices;
	readonly theme: Theme;
};

function useTerminalSize(dispatch: (event: ReaderEvent) => void) {
	const {stdout} = useStdout();
	useEffect(() => {
		const onResize = () => {
			dispatch({type: 'resize', columns: stdout.columns || 80, rows: stdout.rows || 24});
		};

		onResize();
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, dispatch]);
}

/** The root of the reader. A pure function of its state; keys go through `reduce`. */
export function App({initial, services, theme}: Properties) {
	const [state, dispatch] = useReducer(reduce, initial);
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();
	const {write} = useStdout();
	useTerminalSize(dispatch);
	useEffect(() => {
		// Ink's write() clears what it drew and draws the last frame again, in full.
		services.registerRedraw?.(() => {
			write('');
		});
	}, [services, write]);

	useInput(
		(input, key) => {
			for (const name of keyNamesFromInk(input, key)) {
				dispatch({type: 'key', key: name});
			}
		},
		{isActive: Boolean(isRawModeSupported)},
	);

	// Run queued effects once, in order.
	const servicesReference = useRef(services);
	// The latest services for the effect runner below (a stable effect, no stale closure: ink-notes P9).
	// eslint-disable-next-line react-hooks/refs
	servicesReference.current = services;
	useEffect(() => {
		if (state.effects.length === 0) {
			return;
		}

		const {effects} = state;
		dispatch({type: 'effects-taken', count: effects.length});
		for (const effect of effects) {
			if (effect.type === 'quit') {
				exit();
			} else if (effect.type === 'save-preferences') {
				servicesReference.current.savePreferences?.(effect.patch).catch((error: unknown) => {
					dispatch({type: 'message', text: `could not save the preferences: ${sanitizeLine((error as Error).message, limits.shownNameMax)}`});
				});
			} else {
				servicesReference.current.runEffect(effect, dispatch);
			}
		}
	}, [state.effects, exit]);

	// Load (render) the article shown; previews in three panes wait a moment so fast scrolling stays cheap.
	const shown = articlePost(state);
	const width = articleBodyWidth(state);
	const loaded = state.article?.id === shown?.id && state.article?.width === width && state.article?.partial !== true;
	const open = state.pane === 'article';
	const view = viewOf(state);
	const nearby = shown ? neighbourPosts(view.list, view.indexOf(shown.id)) : [];
	useEffect(() => {
		if (!shown || loaded) {
			return;
		}

		let cancelled = false;
		const post = shown;
		const timer = setTimeout(
			async () => {
				let body: ArticleLines;
				try {
					body = await servicesReference.current.loadArticle(post, width, first => {
						if (!cancelled) {
							dispatch({type: 'article-loaded', body: {id: post.id, width, ...first, partial: true}});
						}
					});
				} catch (error) {
					body = {lines: [`(could not render this article: ${sanitizeLine((error as Error).message, limits.shownMessageMax)})`], links: []};
				}

				if (!cancelled) {
					dispatch({type: 'article-loaded', body: {id: post.id, width, ...body, partial: false}});
					servicesReference.current.prefetch?.(nearby, width);
				}
			},
			open ? 0 : 80,
		);
		return () => {
			cancelled = true;
			clearTimeout(timer);
		};
	}, [shown?.id, width, loaded, open]); // eslint-disable-line react-hooks/exhaustive-deps

	// The clock for "3 min ago", the spinner while refreshing, and the background refresh.
	useEffect(() => {
		const timer = setInterval(() => {
			dispatch({type: 'tick', now: Date.now()});
		}, 30_000);
		timer.unref?.();
		return () => {
			clearInterval(timer);
		};
	}, []);
	const refreshing = state.refreshing !== undefined;
	useEffect(() => {
		if (!refreshing) {
			return;
		}

		const timer = setInterval(() => {
			dispatch({type: 'spin'});
		}, 120);
		return () => {
			clearInterval(timer);
		};
	}, [refreshing]);
	const minutes = services.refreshMinutes ?? 0;
	useEffect(() => {
		if (minutes <= 0) {
			return;
		}

		const timer = setInterval(() => {
			servicesReference.current.runEffect({type: 'refresh', force: false}, dispatch);
		}, minutes * 60_000);
		timer.unref?.();
		return () => {
			clearInterval(timer);
		};
	}, [minutes]);

	return <Screen state={state} theme={theme} dispatch={dispatch} active={Boolean(isRawModeSupported)}/>;
}

/** Draw a state. Exported so a benchmark or a test can render any state directly. */
function Screen({state, theme, dispatch, active = false}: {readonly state: ReaderState; readonly theme: Theme; readonly dispatch?: (event: ReaderEvent) => void; readonly active?: boolean}) {
	const layout = layoutOf(state);
	const view = viewOf(state);
	const items = categoriesOf(state); // Memoised in tree.ts on its inputs.
	const article = articleLines(state);
	const headerLength = useMemo(
		() => (article ? articleHeader(article.post, articleBodyWidth(state)).length : 0),
		[article?.post, state.columns, state.rows, state.articleWidth], // eslint-disable-line react-hooks/exhaustive-deps
	);
	const body = layout.height - 1;
	const shown = visiblePanes(state);
	const olderState = olderRow(state);
	// Two constants, so the memoised posts pane sees the same prop while nothing changed.
	const older = olderState === undefined ? undefined : (olderState.loading ? olderLoading : olderIdle);
	const postsTitle = ` Posts ${Math.min(view.list.length, state.selectedIndex + 1)}/${view.list.length}${state.unreadOnly ? ' · unread' : ''}${state.search ? ' · /' + sanitizeLine(state.search, limits.shownShortMax) : ''}`;

	let panes;
	if (state.menu?.stage === 'menu') {
		panes = <FeedMenu title={state.menu.title} source={state.menu.source} width={layout.columns} height={layout.paneHeight} theme={theme} active={active} dispatch={dispatch ?? noDispatch}/>;
	} else if (state.notice) {
		panes = <NoticeScreen title={state.notice.title} lines={state.notice.lines} width={layout.columns} height={layout.paneHeight} theme={theme}/>;
	} else if (state.errorsView) {
		panes = <ErrorsScreen state={state} width={layout.columns} height={layout.paneHeight} theme={theme}/>;
	} else if (state.help) {
		panes = <HelpScreen bindings={state.keymap.bindings} scroll={state.helpScroll} width={layout.columns} height={layout.paneHeight} theme={theme}/>;
	} else {
		const children = [];
		for (const [index, pane] of shown.entries()) {
			if (index > 0) {
				children.push(<Separator key={`separator-${pane}`} height={body}/>);
			}

			const paneWidths = {categories: layout.categoriesWidth, posts: layout.postsWidth, article: layout.articleWidth};
			const width = shown.length === 1 ? layout.columns : paneWidths[pane];
			if (pane === 'categories') {
				children.push(<CategoriesPane
					key='categories'
					items={items}
					selectedIndex={state.categoryIndex}
					top={state.categoryTop}
					scope={state.scope}
					focused={state.pane === 'categories'}
					width={width}
					height={layout.paneHeight}
					theme={theme}
				/>);
			} else if (pane === 'posts') {
				children.push(<PostsPane
					key='posts'
					posts={view.list}
					total={view.list.length}
					top={state.postsTop}
					selectedIndex={state.selectedIndex}
					focused={state.pane === 'posts'}
					width={width}
					height={layout.paneHeight}
					now={state.now}
					title={postsTitle}
					theme={theme}
					compact={layout.compact}
					older={older}
					empty={view.list.length === 0
						? emptyStateLines({
							keymap: state.keymap,
							feeds: state.feeds,
							totalPosts: state.posts.length,
							errors: state.errors,
							refreshing: state.refreshing !== undefined,
							unreadOnly: state.unreadOnly,
							search: state.search,
							scope: state.scope,
						}, width, layout.paneHeight)
						: undefined}
				/>);
			} else {
				children.push(<ArticlePane
					key='article'
					lines={article?.lines}
					headerLength={headerLength}
					scroll={state.pane === 'article' ? state.articleScroll : 0}
					focused={state.pane === 'article'}
					width={width}
					textWidth={articleBodyWidth(state)}
					height={layout.paneHeight}
					theme={theme}
				/>);
			}
		}

		panes = children;
	}

	return (
		<Box flexDirection='column' width={layout.columns} height={layout.height} overflowY='hidden'>
			<Box flexDirection='row' height={body} overflowY='hidden'>
				{panes}
			</Box>
			<StatusBar segments={statusSegments(state, layout.columns)} width={layout.columns} theme={theme}/>
		</Box>
	);
}
