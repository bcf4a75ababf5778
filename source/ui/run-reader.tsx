import process from 'node:process';
import {render} from 'ink';
import {sanitizeLine} from '../feed/sanitize.js';
import {feedScope} from '../query/feed-scope.js';
import {forgetFeed} from '../refresh/forget-feed.js';
import {foldText} from '../query/fold.js';
import type {RunContext} from '../query/run-options.js';
import {loadLibrary, loadLibraryHead} from '../store/library.js';
import {listSnapshots} from '../store/cache.js';
import {compactIfDue, openMarks} from '../store/marks.js';
import {getPaths} from '../store/paths.js';
import {type FeedEntry, readPreferences, updatePreferences} from '../store/preferences.js';
import {wantsHyperlinks} from '../article/hyperlinks.js';
import {limits} from '../feed/limits.js';
import {readerSites} from '../wordpress/reader-sites.js';
import {holdYoungGeneration, releaseYoungGenerationUpTo} from '../young-generation.js';
import {exposedCollector, idleCollector, type IdleCollector} from '../idle-collection.js';
import {safeHttpUrl} from './open-link.js';
import {anchoredStdout} from './anchored-stdout.js';
import {App} from './app.js';
import {resolveKeymap} from './keymap.js';
import {createServices} from './reader-services.js';
import {setReaderTimeZone} from './article-header.js';
import {type Effect, initialState, type PreferencePatch, type ReaderState} from './state.js';
import {makeTheme} from './theme.js';
import type {ReaderFeed} from './types.js';
import {enterAlternateScreen, leaveAlternateScreen, terminalControl} from './terminal-control.js';

/** Everything the first frame needs, read from the cache (no network). Exported for tests and benchmarks. */
export function loadReaderState(context: Pick<RunContext, 'flags' | 'io'>): {
	state: ReaderState;
	sources: string[];
	feeds: ReaderFeed[];
	marks: ReturnType<typeof openMarks>;
	preferences: ReturnType<typeof readPreferences>['preferences'];
	cacheDirectory: string;
} {
	const {env, stdout} = context.io;
	const {preferences, warnings} = readPreferences(env);
	const {sources, folders} = feedScope(context.flags, preferences);
	const paths = getPaths(env);
	const marks = openMarks(paths.data);
	const unreadOnly = preferences.unreadOnly || context.flags.unread;
	// A large library's first frame comes from its head and counting view (the default view only: every post, newest
	// first); the whole library is read right after it (the load-library effect).
	const head = !context.flags.starred && !context.flags.category && !context.flags.search && preferences.sort === 'newest'
		? loadLibraryHead(sources, {cacheDirectory: paths.cache, marks, unreadOnly, minimum: stdout.rows ?? 24})
		: {warnings: []};
	const fromHead = head.library;
	const library = fromHead ?? loadLibrary(sources, {cacheDirectory: paths.cache, dataDirectory: paths.data, marks});
	const titles = new Map(preferences.feeds.map(feed => [feed.url, feed.title]));
	const snapshotOf = new Map(library.snapshots.map(snapshot => [snapshot.url, snapshot]));
	const feeds: ReaderFeed[] = sources.map(source => {
		const snapshot = snapshotOf.get(source);
		const site = snapshot?.link ? safeHttpUrl(snapshot.link)?.href : undefined;
		return {source, title: sanitizeLine(titles.get(source) ?? snapshot?.title ?? source, limits.shownNameMax) || source, ...(site ? {site} : {})};
	});
	const errors: ReaderState['errors'] = {};
	const retryAt: Record<string, number> = {};
	let lastUpdated: number | undefined;
	let stale = false;
	const maxAgeMs = preferences.refreshMinutes * 60_000;
	const now = Date.now();
	for (const feed of feeds) {
		const snapshot = snapshotOf.get(feed.source);
		if (snapshot?.lastError) {
			errors[feed.source] = {title: feed.title, message: sanitizeLine(snapshot.lastError.message, limits.shownMessageMax)};
			const allowed = Date.parse(snapshot.nextAllowed ?? '');
			const attempt = Date.parse(snapshot.lastAttempt ?? '');
			if (Number.isFinite(allowed) && allowed > now) {
				retryAt[feed.source] = allowed;
			} else if (Number.isFinite(attempt)) {
				retryAt[feed.source] = Math.max(now, attempt + maxAgeMs);
			}
		}

		const success = snapshot?.lastSuccess ? Date.parse(snapshot.lastSuccess) : Number.NaN;
		if (!Number.isNaN(success)) {
			lastUpdated = Math.max(lastUpdated ?? 0, success);
		}

		const attempt = Date.parse(snapshot?.lastAttempt ?? snapshot?.lastSuccess ?? '');
		if (Number.isNaN(attempt) || now - attempt >= maxAgeMs) {
			stale = true;
		}
	}

	const keymap = resolveKeymap(preferences.keys);
	const demo = env.EVNEWS_DEMO === '1' ? ['Demo library: sample feeds served on 127.0.0.1; your own feeds and marks are untouched. ? shows the keys'] : [];
	const notes = [...demo, ...warnings, ...head.warnings, ...library.warnings, ...keymap.warnings];
	const state = initialState({
		posts: library.posts,
		feeds,
		keymap,
		columns: stdout.columns ?? 80,
		rows: stdout.rows ?? 24,
		articleWidth: preferences.articleWidth,
		density: preferences.density,
		sort: preferences.sort,
		folders,
		unreadOnly,
		now,
		...(lastUpdated === undefined ? {} : {lastUpdated}),
		errors,
		retryAt,
		sites: readerSites(sources, paths.cache),
		// The same scope as `--json --category` (a category or an OPML folder, folded as the query module folds it).
		scope: context.flags.starred ? 'starred' : (context.flags.category ? 'category:' + foldText(context.flags.category) : 'all'),
		search: context.flags.search ?? '',
		...(notes.length > 0 ? {message: sanitizeLine(notes[0]!, limits.shownLongMax)} : {}),
	});
	const effects: Effect[] = [
		...(fromHead ? [{type: 'load-library'} as const] : []),
		...(stale && !context.flags.offline ? [{type: 'refresh', force: false} as const] : []),
	];
	return {state: {...state, effects}, sources, feeds, marks, preferences, cacheDirectory: paths.cache};
}

/**
The full-screen reader. Uses the alternate screen when stdin is a terminal, and restores it on q, Ctrl+C,
SIGTERM, SIGHUP and crashes. Without a terminal on stdin it renders one frame and returns.
*/
export async function runReader(context: RunContext): Promise<number> {
	const {io} = context;
	const stdout = io.stdout as NodeJS.WriteStream;
	const stdin = io.stdin as NodeJS.ReadStream;
	const interactive = Boolean(stdin.isTTY);
	// The young generation held at its first size while the library loads (young-generation.ts), unless nothing is
	// fetched. The old generation keeps V8's own growth: held at 30%, the many full collections over 100,000 live
	// posts made the first frame 40% slower (old-generation.ts).
	if (!context.flags.offline) {
		holdYoungGeneration();
	}

	const loaded = loadReaderState(context);
	const theme = makeTheme(loaded.preferences.theme, io.env);
	setReaderTimeZone(loaded.preferences.timeZone);
	let onAlternateScreen = false;
	let instance: ReturnType<typeof render> | undefined;
	let redraw: (() => void) | undefined;
	const terminal = terminalControl({
		stdin,
		stdout,
		env: io.env,
		onScreen: () => onAlternateScreen,
		setOnScreen(value) {
			onAlternateScreen = value;
		},
		forgetFrame() {
			redraw?.();
		},
	});
	const readFeedList = () => {
		const {preferences} = readPreferences(io.env);
		const {sources, folders} = feedScope(context.flags, preferences);
		const titles = new Map(preferences.feeds.map(feed => [feed.url, feed.title]));
		const previous = new Map(loaded.feeds.map(feed => [feed.source, feed.title]));
		const sites = new Map(loaded.feeds.map(feed => [feed.source, feed.site]));
		const feeds: ReaderFeed[] = sources.map(source => {
			const site = sites.get(source);
			return {source, title: sanitizeLine(titles.get(source) ?? previous.get(source) ?? source, limits.shownNameMax) || source, ...(site ? {site} : {})};
		});
		return {sources, feeds, folders};
	};

	const services = {
		...createServices({
			sources: loaded.sources,
			feeds: loaded.feeds,
			marks: loaded.marks,
			cacheDirectory: loaded.cacheDirectory,
			env: io.env,
			color: theme.color,
			refreshMinutes: interactive ? loaded.preferences.refreshMinutes : 0,
			timeZone: loaded.preferences.timeZone,
			fullTextFeeds: loaded.preferences.feeds.filter(feed => feed.fullText === true).map(feed => feed.url),
			hyperlinks: theme.color && wantsHyperlinks(loaded.preferences.hyperlinks, io.env, stdout),
			readFeedList,
			async saveFeed(entry: {url: string; title?: string}) {
				let added = false;
				await updatePreferences(preferences => {
					if (preferences.feeds.some(feed => feed.url === entry.url)) {
						return false;
					}

					added = true;
					preferences.feeds.push(entry);
					return preferences;
				}, io.env);
				return added;
			},
			async updateFeeds(edit: (feeds: FeedEntry[]) => FeedEntry[] | false) {
				let removed: string[] = [];
				await updatePreferences(preferences => {
					const feeds = edit(preferences.feeds);
					removed = feeds === false ? [] : preferences.feeds.map(feed => feed.url).filter(url => !feeds.some(feed => feed.url === url));
					return feeds === false ? false : {...preferences, feeds};
				}, io.env);
				// A removed feed's cache goes with it, as with `evnews feeds rm` (its marks stay).
				for (const url of removed) {
					forgetFeed(url, loaded.cacheDirectory);
				}
			},
			writeTerminal(data: string) {
				if (interactive) {
					stdout.write(data);
				}
			},
			...(interactive ? {runForeground: terminal.runForeground, suspend: terminal.suspend} : {}),
		}),
		registerRedraw(value: () => void) {
			redraw = value;
		},
		async savePreferences(patch: PreferencePatch) {
			await updatePreferences(preferences => ({...preferences, ...patch}), io.env);
		},
	};
	const initial = interactive ? loaded.state : {...loaded.state, effects: []};

	const leave = () => {
		if (onAlternateScreen) {
			onAlternateScreen = false;
			stdout.write(leaveAlternateScreen);
		}
	};

	if (interactive) {
		stdout.write(enterAlternateScreen);
		onAlternateScreen = true;
	}

	let signalled: NodeJS.Signals | undefined;
	let collector: IdleCollector | undefined;
	let checkYoungGeneration: (() => void) | undefined;
	const onFrame = () => {
		checkYoungGeneration?.();
		collector?.activity();
	};

	// Declared above, before the terminal control's callbacks that use it, and assigned once here.
	// eslint-disable-next-line prefer-const
	instance = render(<App initial={initial} services={services} theme={theme}/>, {
		stdout: interactive ? anchoredStdout(stdout, onFrame) : stdout,
		stdin,
		stderr: io.stderr as NodeJS.WriteStream,
		exitOnCtrlC: true,
		patchConsole: false,
		incrementalRendering: true,
	});
	if (interactive) {
		// In idle time after the first frame: load and warm the article renderer, so the first open is fast. Started,
		// the reader lets V8's young generation grow again, up to a cap (young-generation.ts), and collects garbage when idle
		// (idle-collection.ts).
		services.warm(() => {
			checkYoungGeneration = releaseYoungGenerationUpTo(limits.readerNewSpaceBytes);
			const collect = exposedCollector();
			collector = collect ? idleCollector({collect}) : undefined;
			collector?.activity();
		});
	}

	// After render(), so that on a crash Ink's own exit handler draws its last frame before we leave the screen.
	process.once('exit', leave);
	const onSignal = (signal: NodeJS.Signals) => {
		signalled = signal;
		instance?.unmount();
	};

	process.on('SIGTERM', onSignal);
	process.on('SIGHUP', onSignal);
	if (!interactive) {
		// One frame, then done (there is no keyboard to read).
		setImmediate(() => {
			instance?.unmount();
		});
	}

	try {
		await instance.waitUntilExit();
		return signalled === 'SIGTERM' ? 143 : (signalled === 'SIGHUP' ? 129 : 0);
	} catch (error) {
		leave();
		io.stderr.write(`evnews: the reader crashed: ${sanitizeLine((error as Error)?.message ?? String(error), limits.shownLongMax)}\n`);
		return 1;
	} finally {
		const unsaved = services.flushMarks();
		if (unsaved.length > 0) {
			io.stderr.write(`evnews: ${unsaved.length} mark change(s) could not be saved: ${sanitizeLine(unsaved[0]!, limits.shownMessageMax)}\n`);
		}

		try {
			compactIfDue(loaded.marks, () => new Set(listSnapshots(loaded.cacheDirectory).flatMap(snapshot => snapshot.posts.map(post => post.id))));
		} catch {}

		collector?.stop();
		services.dispose();
		instance.cleanup();
		leave();
		process.off('SIGTERM', onSignal);
		process.off('SIGHUP', onSignal);
		process.off('exit', leave);
	}
}
