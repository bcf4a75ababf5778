import {chooseBody, type ArticleBody} from '../article/article-body.js';
import {createBackgroundFullText} from '../article/background-full-text.js';
import type {TimeZone} from '../article/dates.js';
import type {FetchedFullText} from '../article/fetch-full-text.js';
import type {renderArticle} from '../article/render-article.js';
import {fitLine} from '../article/truncate.js';
import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';
import type {FeedOutcome, RefreshOptions} from '../refresh/refresh.js';
import type {PostContent} from '../feed/types.js';
import {readBody, readSnapshot} from '../store/cache.js';
import {type FullTextContent, readFullText} from '../store/full-text-store.js';
import {limits} from '../feed/limits.js';
import {ByteLru, stringBytes} from '../store/lru.js';
import {type Library, loadLibrary} from '../store/library.js';
import type {Marks} from '../store/marks.js';
import {redactUrl} from '../feed/urls.js';
import {findFeedToAdd} from '../library/add-feed.js';
import {readerSites} from '../wordpress/reader-sites.js';
import {openLink, openMedia, type OpenOptions, type OpenResult, safeHttpUrl} from './open-link.js';
import type {ArticleLines, ReaderServices} from './app.js';
import type {Effect, ReaderEvent} from './state.js';
import {keepSgrOnly} from './text.js';
import {marksQueue} from './marks-queue.js';
import type {ReaderFeed, ReaderPost} from './types.js';

/** How long the tree cursor rests on a site's category before its posts are asked of the site. */
const siteLoadDelayMs = 300;

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
	/** The `timeZone` preference, for the article's date. */
	timeZone?: TimeZone;
	/** OSC 8 hyperlinks on link numbers. */
	hyperlinks?: boolean;
	/** Injected for tests; default: refreshFeeds from source/feed/refresh.ts, loaded lazily. */
	refreshFeeds?: (sources: string[], options: RefreshOptions) => Promise<FeedOutcome[]>;
	/** Injected for tests; default: dynamic import of source/article/render-article.js. */
	loadRenderer?: () => Promise<RenderArticle>;
	/** Injected for tests; default: fetchFullText from source/article/fetch-full-text.ts, loaded lazily. */
	fetchFullText?: (post: ReaderPost) => Promise<FetchedFullText>;
	/** Feeds (sources) whose new posts get their full text fetched after a refresh (the `fullText` preference). */
	fullTextFeeds?: readonly string[];
	/** Injected for tests; default: openLink. */
	open?: (url: string, env: NodeJS.ProcessEnv, options?: OpenOptions) => Promise<OpenResult>;
	/** Injected for tests; default: openMedia. */
	openMedia?: (url: string, env: NodeJS.ProcessEnv, options?: OpenOptions) => Promise<OpenResult>;
	reload?: (feedUrls: string[]) => Library;
	/** Re-read the feed list (`R`, and after `a`): the run's `--feed` list, or the configured feeds. */
	readFeedList?: () => {sources: string[]; feeds: ReaderFeed[]; folders: Map<string, string>};
	/** Add a feed to the config (after it was found and fetched); false when it is there already. */
	saveFeed?: (entry: {url: string; title?: string}) => Promise<boolean>;
	/** Change the configured feeds (rename, remove); `edit` returns false to change nothing. */
	updateFeeds?: (edit: (feeds: Array<{url: string; title?: string; folder?: string}>) => Array<{url: string; title?: string; folder?: string}> | false) => Promise<void>;
	/** Write a control sequence to the terminal (OSC 52 for `y`); none in tests that do not ask. */
	writeTerminal?: (data: string) => void;
	/** Run a command in the foreground on the terminal (a terminal browser): suspends the reader's screen meanwhile. */
	runForeground?: (command: string, args: string[]) => Promise<number | undefined>;
	/** Ctrl-Z: leave the screen, restore the terminal and stop; `resumed` runs after SIGCONT restored it. */
	suspend?: (resumed: () => void) => void;
};

/** OSC 52 "set clipboard" for a URL: only an http(s) href (percent-encoded ASCII), base64, BEL-terminated. */
export function osc52(link: string): string | undefined {
	const url = safeHttpUrl(link);
	if (!url || !/^[\u0021-\u007E]+$/.test(url.href)) {
		return undefined;
	}

	return `\u001B]52;c;${Buffer.from(url.href, 'utf8').toString('base64')}\u0007`;
}

/** The real services behind the reader: marks, the article stack, the browser and the refresh. */
export function createServices(options: ServiceOptions): ReaderServices & {dispose(): void; warm(done?: () => void): void; flushMarks(): string[]; pendingMarks(): number} {
	// Bounded: bodies are read one at a time by index, and only the recent ones (and their renderings) are held.
	const bodies = new ByteLru<string, PostContent | undefined>(limits.readerBodyCacheBytes, content => (content ? stringBytes(content.html) + stringBytes(content.base) : 0) + 64, limits.readerCacheEntries);
	let renderer: Promise<RenderArticle> | undefined;
	let running: AbortController | undefined;
	let feedUrls = [...options.sources];
	let sources = [...options.sources];
	let feeds = [...options.feeds];
	let reloadTimer: NodeJS.Timeout | undefined;
	let disposed = false;
	let lastDispatch: ((event: ReaderEvent) => void) | undefined;
	const background = options.fullTextFeeds && options.fullTextFeeds.length > 0
		? createBackgroundFullText({
			feeds: options.fullTextFeeds,
			cacheDirectory: options.cacheDirectory,
			keep: () => options.marks.starredPosts().map(starred => starred.id),
			onDone(post, result) {
				if (result.ok) {
					forget(post as ReaderPost);
					lastDispatch?.({type: 'full-text-done', id: post.id, ok: true, text: ''});
				}
			},
		})
		: undefined;

	const fullTexts = new ByteLru<string, FullTextContent | undefined>(limits.readerBodyCacheBytes / 4, content => (content ? stringBytes(content.html) + stringBytes(content.base) : 0) + 64, limits.readerCacheEntries);

	const cachedIn = <V>(lru: ByteLru<string, V>, key: string, read: () => V): V => {
		if (!lru.has(key)) {
			lru.set(key, read());
		}

		return lru.get(key) as V;
	};

	/** The body by the one fallback order (source/article/article-body.ts). */
	const bodyOf = (post: ReaderPost): ArticleBody => {
		const key = `${post.feed.url}\n${post.id}`;
		const fullText = cachedIn(fullTexts, key, () => readFullText(post.feed.url, post.id, options.cacheDirectory));
		const content = cachedIn(bodies, key, () => readBody(post.feed.url, post.id, options.cacheDirectory));
		const starred = !fullText && !content && options.marks.isStarred(post.id) ? options.marks.starredPosts().find(item => item.id === post.id) : undefined;
		return chooseBody(post, {
			fullText,
			content,
			starred: starred?.html ? {html: starred.html, base: starred.base ?? post.link ?? post.feed.url} : undefined,
		});
	};

	let queueDispatch: ((event: ReaderEvent) => void) | undefined;
	// Marks are written off the render path; a held lock is retried with backoff (marks-queue.ts).
	const queue = marksQueue(options.marks, message => {
		queueDispatch?.({type: 'message', text: `could not save: ${sanitizeLine(message, limits.shownMessageMax)}`});
	});

	const contentOf = (post: ReaderPost): PostContent | undefined => {
		const body = bodyOf(post);
		return body.source === 'summary' ? undefined : {html: body.html, base: body.base};
	};

	/** Forget what is held of a post's bodies (after full text was cached for it). */
	const forget = (post: ReaderPost) => {
		const key = `${post.feed.url}\n${post.id}`;
		fullTexts.delete(key);
		bodies.delete(key);
	};

	/** `f`: fetch and cache the post's full text (source/article/fetch-full-text.ts), then show it. */
	const fetchFullTextOf = (post: ReaderPost, dispatch: (event: ReaderEvent) => void) => {
		const fetch = options.fetchFullText ?? (async (target: ReaderPost) => (await import('../article/fetch-full-text.js')).fetchFullText(target, {
			cacheDirectory: options.cacheDirectory,
			keep: options.marks.starredPosts().map(starred => starred.id),
		}));
		void fetch(post).then(result => {
			if (disposed) {
				return;
			}

			if (result.ok) {
				forget(post);
			}

			const text = result.ok
				? `full text from ${sanitizeLine(result.content.from, limits.shownNameMax)}${result.warning ? ` (${result.warning})` : ''}`
				: `no full text: ${sanitizeLine(result.reason, limits.shownMessageMax)}`;
			dispatch({type: 'full-text-done', id: post.id, ok: result.ok, text});
		}, (error: unknown) => {
			dispatch({type: 'full-text-done', id: post.id, ok: false, text: `no full text: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`});
		});
	};

	/** Read the library (and the WordPress feeds' site data) again, now. */
	const reloadNow = (dispatch: (event: ReaderEvent) => void) => {
		const library = options.reload?.(feedUrls) ?? loadLibrary(feedUrls, {cacheDirectory: options.cacheDirectory, marks: options.marks});
		dispatch({type: 'posts', posts: library.posts});
		dispatch({type: 'sites', sites: readerSites(feedUrls, options.cacheDirectory)});
	};

	const reload = (dispatch: (event: ReaderEvent) => void) => {
		clearTimeout(reloadTimer);
		reloadTimer = setTimeout(() => {
			if (!disposed) {
				reloadNow(dispatch);
			}
		}, 50);
	};

	// WordPress loads (older posts, a category, a site search) run one after the other: they write the same snapshot.
	let siteWork: Promise<unknown> = Promise.resolve();
	const readerData = async () => import('../wordpress/reader-data.js');
	const snapshotOf = (source: string) => readSnapshot(feedUrls[sources.indexOf(source)] ?? source, options.cacheDirectory).value;
	const queueSiteWork = (task: () => Promise<void>, failed: (message: string) => void) => {
		siteWork = siteWork.then(async () => {
			if (!disposed) {
				await task();
			}
		}).catch((error: unknown) => {
			failed(sanitizeLine((error as Error).message, limits.shownMessageMax));
		});
	};

	type LoadOlder = Extract<Effect, {type: 'load-older'}>;
	const loadOlder = (effect: LoadOlder, dispatch: (event: ReaderEvent) => void) => {
		const answer = (patch: {added: number; end: boolean; warning?: string; dropped?: boolean}) => {
			dispatch({type: 'older-loaded', key: effect.key, source: effect.source, ...(effect.category === undefined ? {} : {category: effect.category}), auto: effect.auto, ...patch});
		};

		queueSiteWork(async () => {
			const snapshot = snapshotOf(effect.source);
			if (!snapshot) {
				answer({added: 0, end: false, warning: 'the feed is not in the cache yet: refresh it first'});
				return;
			}

			const {loadOlderPosts, olderPostsEnd} = await readerData();
			const result = await loadOlderPosts(snapshot, {cacheDirectory: options.cacheDirectory, ...(effect.category === undefined ? {} : {category: effect.category})});
			const added = Math.max(0, result.snapshot.posts.length - snapshot.posts.length);
			if (disposed) {
				return;
			}

			reloadNow(dispatch);
			const warning = result.warnings[0];
			answer({added, end: olderPostsEnd(snapshot.url, options.cacheDirectory, effect.category), ...(warning === undefined ? {} : {warning})});
		}, message => {
			answer({added: 0, end: false, warning: message});
		});
	};

	/** A category selected while moving through the tree: only the one the cursor rests on is loaded. */
	let autoLoad: {effect: LoadOlder; dispatch: (event: ReaderEvent) => void; timer: NodeJS.Timeout} | undefined;
	const loadOlderSoon = (effect: LoadOlder, dispatch: (event: ReaderEvent) => void) => {
		if (autoLoad) {
			clearTimeout(autoLoad.timer);
			autoLoad.dispatch({type: 'older-loaded', key: autoLoad.effect.key, source: autoLoad.effect.source, auto: true, added: 0, end: false, dropped: true});
		}

		const timer = setTimeout(() => {
			autoLoad = undefined;
			loadOlder(effect, dispatch);
		}, siteLoadDelayMs);
		timer.unref?.();
		autoLoad = {effect, dispatch, timer};
	};

	const searchSite = (effect: Extract<Effect, {type: 'site-search'}>, dispatch: (event: ReaderEvent) => void) => {
		queueSiteWork(async () => {
			const snapshot = snapshotOf(effect.source);
			if (!snapshot) {
				dispatch({type: 'site-search-done', source: effect.source, text: effect.text, ids: [], warning: 'the feed is not in the cache yet: refresh it first'});
				return;
			}

			const {searchSiteOf} = await readerData();
			const result = await searchSiteOf(snapshot, effect.text, options.cacheDirectory);
			if (disposed) {
				return;
			}

			reloadNow(dispatch);
			const warning = result.warnings[0];
			dispatch({type: 'site-search-done', source: effect.source, text: effect.text, ids: result.searchIds, ...(warning === undefined ? {} : {warning})});
		}, message => {
			dispatch({type: 'site-search-done', source: effect.source, text: effect.text, ids: [], warning: message});
		});
	};

	const refresh = (force: boolean, dispatch: (event: ReaderEvent) => void, only?: string[]) => {
		if (running || disposed) {
			return;
		}

		const controller = new AbortController();
		running = controller;
		let succeeded = 0;
		const chosen = only ? sources.filter(source => only.includes(source) || only.includes(feedUrls[sources.indexOf(source)]!)) : sources;
		dispatch({type: 'refresh-start', feeds: feeds.filter(feed => chosen.includes(feed.source))});
		const start = async () => options.refreshFeeds ?? (await import('../refresh/refresh.js')).refreshFeeds;
		void start()
			.then(async refreshFeeds => refreshFeeds(chosen, {
				force,
				maxAgeMs: options.refreshMinutes * 60_000,
				signal: controller.signal,
				onUpdate(outcome) {
					if (controller.signal.aborted) {
						return;
					}

					const error = outcome.error ? sanitizeLine(outcome.error.message, limits.shownMessageMax) : undefined;
					const retryAt = outcome.error ? nextRetry(outcome) : undefined;
					dispatch({type: 'refresh-feed', source: outcome.source, ok: !outcome.error, ...(error ? {error} : {}), ...(retryAt === undefined ? {} : {retryAt})});
					if (!outcome.error) {
						succeeded++;
					}

					if (outcome.url !== outcome.source) {
						feedUrls = feedUrls.map(url => (url === outcome.source ? outcome.url : url));
					}

					if (outcome.status === 'fetched') {
						lastDispatch = dispatch;
						background?.afterRefresh(outcome);
						for (const post of outcome.snapshot?.posts ?? []) {
							bodies.delete(`${outcome.url}\n${post.id}`);
						}

						reload(dispatch);
					}
				},
			}))
			.catch((error: unknown) => {
				dispatch({type: 'message', text: `refresh failed: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`});
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

	const nextRetry = (outcome: FeedOutcome): number | undefined => {
		const allowed = Date.parse(outcome.snapshot?.nextAllowed ?? '');
		if (Number.isFinite(allowed) && allowed > Date.now()) {
			return allowed;
		}

		return options.refreshMinutes > 0 ? Date.now() + options.refreshMinutes * 60_000 : undefined;
	};

	/** Re-read the feed list; the new feeds' posts (from the cache) and folders go to the reader. */
	const rereadFeedList = (dispatch: (event: ReaderEvent) => void): string[] => {
		const list = options.readFeedList?.();
		if (!list) {
			return [];
		}

		const added = list.sources.filter(source => !sources.includes(source));
		sources = [...list.sources];
		feeds = [...list.feeds];
		feedUrls = [...list.sources];
		dispatch({type: 'feeds', feeds, folders: list.folders});
		const library = options.reload?.(feedUrls) ?? loadLibrary(feedUrls, {cacheDirectory: options.cacheDirectory, marks: options.marks});
		dispatch({type: 'posts', posts: library.posts});
		return added;
	};

	const addFeed = async (raw: string, dispatch: (event: ReaderEvent) => void) => {
		// The same discovery as `feeds add` (library/add-feed.ts).
		const found = await findFeedToAdd(raw, {cacheDirectory: options.cacheDirectory, isKnown: url => sources.includes(url), ...(options.refreshFeeds ? {refreshFeeds: options.refreshFeeds} : {})});
		if (found.kind === 'invalid') {
			dispatch({type: 'message', text: `cannot add ${sanitizeLine(raw, limits.shownNameMax)}: ${found.reason}`});
			return;
		}

		if (found.kind === 'known') {
			dispatch({type: 'message', text: `${redactUrl(found.url)} is already in your feeds`});
			return;
		}

		if (found.kind === 'failed') {
			dispatch({type: 'message', text: `cannot add ${sanitizeLine(redactUrl(found.url), limits.shownMessageMax)}: ${sanitizeLine(found.message, limits.shownMessageMax)}`});
			return;
		}

		const {outcome} = found;
		const title = sanitizeLine(outcome.snapshot.title, limits.shownLineMax);
		const saved = await (options.saveFeed?.(title ? {url: outcome.url, title} : {url: outcome.url}) ?? Promise.resolve(false));
		if (!saved) {
			dispatch({type: 'message', text: `${redactUrl(outcome.url)} is already in your feeds`});
			return;
		}

		rereadFeedList(dispatch);
		const count = outcome.snapshot.posts.length;
		dispatch({type: 'message', text: `added ${title || redactUrl(outcome.url)}: ${count} post${count === 1 ? '' : 's'}`});
	};

	const runEffect = (effect: Exclude<Effect, {type: 'quit'}>, dispatch: (event: ReaderEvent) => void): void => {
		try {
			switch (effect.type) {
				case 'mark-read':
				case 'mark-unread':
				case 'unstar': {
					queueDispatch = dispatch;
					queue.push({type: effect.type, ids: effect.ids});
					break;
				}

				case 'star': {
					queueDispatch = dispatch;
					queue.push({type: 'star', posts: effect.posts.map(post => {
						const content = contentOf(post);
						const {read: _read, starred: _starred, ...plain} = post;
						return content ? {...plain, ...content} : plain;
					})});
					break;
				}

				case 'open-url': {
					const open = options.open ?? openLink;
					void open(effect.url, options.env, options.runForeground ? {runForeground: options.runForeground} : {}).then(result => {
						dispatch({type: 'message', text: result.message});
					});
					break;
				}

				case 'open-media': {
					void (options.openMedia ?? openMedia)(effect.url, options.env, options.runForeground ? {runForeground: options.runForeground} : {}).then(result => {
						dispatch({type: 'message', text: result.message});
					});
					break;
				}

				case 'copy-url': {
					const sequence = osc52(effect.url);
					if (sequence) {
						options.writeTerminal?.(sequence);
					}

					break;
				}

				case 'refresh': {
					refresh(effect.force, dispatch, effect.sources);
					break;
				}

				case 'load-library': {
					// On the next turn, so the first frame is on the screen first; keys typed meanwhile wait for it.
					setTimeout(() => {
						if (!disposed) {
							reloadNow(dispatch);
						}
					}, 0);
					break;
				}

				case 'suspend': {
					options.suspend?.(() => {
						dispatch({type: 'tick', now: Date.now()});
						dispatch({type: 'message', text: 'resumed'});
					});
					break;
				}

				case 'reload-feeds': {
					rereadFeedList(dispatch);
					refresh(true, dispatch);
					break;
				}

				case 'rename-feed':
				case 'remove-feed': {
					const edit = effect.type === 'rename-feed'
						? (list: Array<{url: string; title?: string; folder?: string}>) => list.map(feed => (feed.url === effect.source ? {...feed, title: effect.title.slice(0, 1024)} : feed))
						: (list: Array<{url: string; title?: string; folder?: string}>) => list.filter(feed => feed.url !== effect.source);
					void (options.updateFeeds?.(edit) ?? Promise.resolve())
						.then(() => {
							rereadFeedList(dispatch);
						})
						.catch((error: unknown) => {
							dispatch({type: 'message', text: `could not change the feeds: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`});
						});
					break;
				}

				case 'add-feed': {
					void addFeed(effect.url, dispatch).catch((error: unknown) => {
						dispatch({type: 'message', text: `cannot add the feed: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`});
					});
					break;
				}

				case 'fetch-full-text': {
					fetchFullTextOf(effect.post, dispatch);
					break;
				}

				case 'load-older': {
					if (effect.auto) {
						loadOlderSoon(effect, dispatch);
					} else {
						loadOlder(effect, dispatch);
					}

					break;
				}

				case 'site-search': {
					searchSite(effect, dispatch);
					break;
				}
			}
		} catch (error) {
			dispatch({type: 'message', text: `could not save: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`});
		}
	};

	/**
	Render the article shown (the renderer's memo makes a second open cheap). Given `onFirstScreen`, a longer body not
	rendered yet is first rendered in part (its first screen), handed over, and a frame let through before the whole.
	*/
	const loadArticle = async (post: ReaderPost, width: number, onFirstScreen?: (body: ArticleLines) => void): Promise<ArticleLines> => {
		renderer ??= options.loadRenderer?.() ?? import('../article/render-article.js').then(module => module.renderArticle);
		const render = await renderer;
		const body = bodyOf(post);
		const input = articleInput(post, body);
		const renderOptions = {width, color: options.color, articleWidth: width, timeZone: options.timeZone, hyperlinks: options.hyperlinks};
		if (onFirstScreen) {
			const first = render(input, {...renderOptions, firstScreenHtml: limits.articleFirstScreenHtml});
			if (first.partial !== true) {
				return shownLines(first, body, width);
			}

			onFirstScreen({...shownLines(first, body, width), partial: true});
			await new Promise(resolve => {
				setTimeout(resolve, 0);
			});
		}

		return shownLines(render(input, renderOptions), body, width);
	};

	/** What the renderer is given for a post: its sanitized fields and the body the fallback order picks. */
	const articleInput = (post: ReaderPost, body: ArticleBody) => ({
		title: sanitizeLine(post.title),
		author: post.author === null ? null : sanitizeLine(post.author),
		published: post.published,
		categories: post.categories.map(category => sanitizeLine(category)),
		link: post.link,
		feedTitle: sanitizeLine(post.feed.title),
		enclosures: post.enclosures,
		html: sanitizeText(body.html),
		base: body.base,
	});

	/** The lines the pane draws: only SGR (and allowed links) kept, every line cut to fit; the full-text mark first. */
	const shownLines = (result: {lines: string[]; links: string[]}, {fullTextFrom}: ArticleBody, width: number): ArticleLines => {
		const links = result.links.map(link => sanitizeLine(link, limits.shownLinkMax));
		// Every line must fit: the pane renders the visible lines as one pre-wrapped text.
		const lines = result.lines.map(line => fitLine(keepSgrOnly(line, options.hyperlinks === true), width));
		if (fullTextFrom) {
			lines.unshift(fitLine(`full text from ${sanitizeLine(fullTextFrom, limits.shownMessageMax)}`, width), '');
		}

		return {lines, links};
	};

	const idleTimers = new Map<string, NodeJS.Timeout>();
	/** Run `task` once the reader has been idle a moment; a newer task of the same kind replaces a waiting one. */
	const idle = (kind: string, task: () => Promise<unknown>) => {
		clearTimeout(idleTimers.get(kind));
		const timer = setTimeout(() => {
			idleTimers.delete(kind);
			if (!disposed) {
				void task().catch(() => undefined);
			}
		}, 60);
		timer.unref?.();
		idleTimers.set(kind, timer);
	};

	/** Render the neighbours of the article shown, one after the other, in idle time (the renderer memoises them). */
	const prefetch = (posts: ReaderPost[], width: number) => {
		idle('prefetch', async () => {
			for (const post of posts.slice(0, 2)) {
				if (disposed) {
					return;
				}

				await loadArticle(post, width);
			}
		});
	};

	/** After the first frame: load the renderer and render a small article once, so the first open is warm; then `done`. */
	const warm = (done?: () => void) => {
		idle('warm', async () => {
			try {
				const render = await (renderer ??= options.loadRenderer?.() ?? import('../article/render-article.js').then(module => module.renderArticle));
				render({
					title: 'warm', author: null, published: null, categories: [], link: null, feedTitle: '',
					html: '<h2>h</h2><p>A <a href="https://example.com/">link</a>, <code>code</code> and <b>bold</b>.</p><pre><code>x = 1</code></pre><ul><li>item</li></ul><table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table><blockquote><p>q</p></blockquote>',
					base: 'https://example.com/',
				}, {width: 60, color: options.color});
			} finally {
				done?.();
			}
		});
	};

	return {
		loadArticle,
		prefetch,
		warm,
		runEffect,
		refreshMinutes: options.refreshMinutes,
		/** Marks not written yet (a test's view of the queue). */
		pendingMarks: () => queue.pending(),
		/** Write every queued mark, waiting for the lock; the messages of those that could not be written. */
		flushMarks: () => queue.drain(),
		dispose() {
			disposed = true;
			for (const timer of idleTimers.values()) {
				clearTimeout(timer);
			}

			background?.stop();
			clearTimeout(reloadTimer);
			clearTimeout(autoLoad?.timer);
			running?.abort();
		},
	};
}
