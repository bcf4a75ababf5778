import type {renderArticle} from './article/render-article.js';
import {textToHtml} from '../feed/normalize.js';
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';
import type {FeedOutcome, RefreshOptions} from '../feed/refresh.js';
import type {PostContent} from '../feed/types.js';
import {readBody} from '../store/cache.js';
import {limits} from '../feed/limits.js';
import {ByteLru, stringBytes} from '../store/lru.js';
import {type Library, loadLibrary} from '../store/library.js';
import type {Marks} from '../store/marks.js';
import type {ReaderServices} from './app.js';
import {openLink, type OpenResult} from './open-link.js';
import type {Effect, ReaderEvent} from './state.js';
import {keepSgrOnly} from './text.js';
import type {ReaderFeed, ReaderPost} from './types.js';

/** The article renderer's signature. A type-only import: the module itself is loaded on the first article open. */
export type RenderArticle = typeof renderArticle;

export type ServiceOptions = {
	sources: string[];
	feeds: ReaderFeed[];
	marks: Marks;
	cacheDirectory: string;
	env: NodeJS.ProcessEnv;
	color: boolean;
	refreshMinutes: number;
	/** Injected for tests; default: refreshFeeds from source/feed/refresh.ts, loaded lazily. */
	refreshFeeds?: (sources: string[], options: RefreshOptions) => Promise<FeedOutcome[]>;
	/** Injected for tests; default: dynamic import of ./article/render-article.js. */
	loadRenderer?: () => Promise<RenderArticle>;
	/** Injected for tests; default: openLink. */
	open?: (url: string, env: NodeJS.ProcessEnv) => Promise<OpenResult>;
	reload?: (feedUrls: string[]) => Library;
};

/** The real services behind the reader: marks, the article stack, the browser and the refresh. */
export function createServices(options: ServiceOptions): ReaderServices & {dispose(): void} {
	// Bounded: bodies are read one at a time by index, and only the recent ones (and their renderings) are held.
	const bodies = new ByteLru<string, PostContent | undefined>(limits.readerBodyCacheBytes, content => (content ? stringBytes(content.html) + stringBytes(content.base) : 0) + 64, limits.readerCacheEntries);
	const rendered = new ByteLru<string, {lines: string[]; links: string[]}>(limits.readerRenderedCacheBytes, value => [...value.lines, ...value.links].reduce((sum, line) => sum + stringBytes(line) + 32, 64), limits.readerCacheEntries);
	let renderer: Promise<RenderArticle> | undefined;
	let running: AbortController | undefined;
	let feedUrls = [...options.sources];
	let reloadTimer: NodeJS.Timeout | undefined;
	let disposed = false;

	const contentOf = (post: ReaderPost): PostContent | undefined => {
		const key = `${post.feed.url}\n${post.id}`;
		let found = bodies.get(key);
		if (!bodies.has(key)) {
			found = readBody(post.feed.url, post.id, options.cacheDirectory);
			bodies.set(key, found);
		}

		if (found) {
			return found;
		}

		const starred = options.marks.isStarred(post.id) ? options.marks.starredPosts().find(item => item.id === post.id) : undefined;
		return starred?.html ? {html: starred.html, base: starred.base ?? post.link ?? post.feed.url} : undefined;
	};

	const reload = (dispatch: (event: ReaderEvent) => void) => {
		clearTimeout(reloadTimer);
		reloadTimer = setTimeout(() => {
			if (disposed) {
				return;
			}

			const library = options.reload?.(feedUrls) ?? loadLibrary(feedUrls, {cacheDirectory: options.cacheDirectory, marks: options.marks});
			dispatch({type: 'posts', posts: library.posts});
		}, 50);
	};

	const refresh = (force: boolean, dispatch: (event: ReaderEvent) => void) => {
		if (running || disposed) {
			return;
		}

		const controller = new AbortController();
		running = controller;
		let succeeded = 0;
		dispatch({type: 'refresh-start', feeds: options.feeds});
		const start = async () => options.refreshFeeds ?? (await import('../feed/refresh.js')).refreshFeeds;
		void start()
			.then(async refreshFeeds => refreshFeeds(options.sources, {
				force,
				maxAgeMs: options.refreshMinutes * 60_000,
				signal: controller.signal,
				onUpdate(outcome) {
					if (controller.signal.aborted) {
						return;
					}

					const error = outcome.error ? sanitizeLine(outcome.error.message, 300) : undefined;
					dispatch({type: 'refresh-feed', source: outcome.source, ok: !outcome.error, ...(error ? {error} : {})});
					if (!outcome.error) {
						succeeded++;
					}

					if (outcome.url !== outcome.source) {
						feedUrls = feedUrls.map(url => (url === outcome.source ? outcome.url : url));
					}

					if (outcome.status === 'fetched') {
						for (const post of outcome.snapshot?.posts ?? []) {
							bodies.delete(`${outcome.url}\n${post.id}`);
						}

						for (const key of [...rendered.keys()]) {
							if (outcome.snapshot?.posts.some(post => key.startsWith(post.id + '@'))) {
								rendered.delete(key);
							}
						}

						reload(dispatch);
					}
				},
			}))
			.catch((error: unknown) => {
				dispatch({type: 'message', text: `refresh failed: ${sanitizeLine((error as Error).message, 300)}`});
			})
			.finally(() => {
				if (running === controller) {
					running = undefined;
				}

				if (!controller.signal.aborted) {
					dispatch(succeeded > 0 ? {type: 'refresh-end', at: Date.now()} : {type: 'refresh-end'});
				}
			});
	};

	const runEffect = (effect: Exclude<Effect, {type: 'quit'}>, dispatch: (event: ReaderEvent) => void): void => {
		try {
			switch (effect.type) {
				case 'mark-read': {
					options.marks.markRead(effect.ids);
					break;
				}

				case 'mark-unread': {
					options.marks.markUnread(effect.ids);
					break;
				}

				case 'star': {
					options.marks.star(effect.posts.map(post => {
						const content = contentOf(post);
						const {read: _read, starred: _starred, ...plain} = post;
						return content ? {...plain, ...content} : plain;
					}));
					break;
				}

				case 'unstar': {
					options.marks.unstar(effect.ids);
					break;
				}

				case 'open-url': {
					const open = options.open ?? openLink;
					void open(effect.url, options.env).then(result => {
						dispatch({type: 'message', text: result.message});
					});
					break;
				}

				case 'refresh': {
					refresh(effect.force, dispatch);
					break;
				}
			}
		} catch (error) {
			dispatch({type: 'message', text: `could not save: ${sanitizeLine((error as Error).message, 300)}`});
		}
	};

	const loadArticle = async (post: ReaderPost, width: number) => {
		const key = `${post.id}@${width}`;
		const cached = rendered.get(key);
		if (cached) {
			return cached;
		}

		renderer ??= options.loadRenderer?.() ?? import('./article/render-article.js').then(module => module.renderArticle as RenderArticle);
		const render = await renderer;
		const content = contentOf(post);
		const html = content ? sanitizeText(content.html) : textToHtml(sanitizeText(post.summary));
		const result = render(
			{
				title: sanitizeLine(post.title),
				author: post.author === null ? null : sanitizeLine(post.author),
				published: post.published,
				categories: post.categories.map(category => sanitizeLine(category)),
				link: post.link,
				feedTitle: sanitizeLine(post.feed.title),
				html,
				base: content?.base ?? post.link ?? post.feed.url,
			},
			{width, color: options.color, articleWidth: width},
		);
		const links = result.links.map(link => sanitizeLine(link, 4000));
		// Every line must fit: the pane renders the visible lines as one pre-wrapped text.
		const lines = result.lines.map(line => {
			const clean = keepSgrOnly(line);
			return stringWidth(clean) > width ? cliTruncate(clean, width) : clean;
		});
		const value = {lines, links};
		rendered.set(key, value);
		return value;
	};

	return {
		loadArticle,
		runEffect,
		refreshMinutes: options.refreshMinutes,
		dispose() {
			disposed = true;
			clearTimeout(reloadTimer);
			running?.abort();
		},
	};
}
