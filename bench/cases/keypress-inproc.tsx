/**
Keypress-to-frame benchmark with 10,000 posts, run in a fresh child by case 5.
Preferred: render the reader's App in-process with a fake stdout/stdin (ink-notes §2 "Testing") and time from
the stdin write of `j` to the next frame written to stdout.
Fallback when no App is exported yet: the reducer and view only (reduce + viewOf per key), marked as such.
*/
import {EventEmitter} from 'node:events';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {pathToFileURL} from 'node:url';
import {generateItems} from '../generate-feed.js';
import {finish, gc, importSource, settledGc} from './inproc-util.js';

const [countText, samplesText] = process.argv.slice(2);
const count = Number(countText ?? 10_000);
const samples = Number(samplesText ?? 30);

type ReaderPost = Record<string, unknown>;

function makePosts(): ReaderPost[] {
	return generateItems({items: count, contentBytes: 200}).map(item => ({
		id: item.postId.toString(16).padStart(16, '0'),
		guid: item.guid,
		title: item.title,
		link: item.link,
		author: item.author,
		published: item.published,
		updated: null,
		categories: item.categories,
		summary: 'A short summary of the post, as the feed gives it.',
		image: null,
		feed: {title: 'The Volt – EV news', url: 'http://127.0.0.1/feed.xml'},
		read: item.index % 3 === 0,
		starred: false,
	}));
}

export class FakeStdout extends EventEmitter {
	columns = 160;
	rows = 45;
	isTTY = true;
	writes = 0;
	lastWriteAt = 0;
	write = (_chunk: string): boolean => {
		this.writes++;
		this.lastWriteAt = performance.now();
		this.emit('frame');
		return true;
	};
}

/** True at the next frame `stdout` writes, false after `timeoutMs` without one. */
export async function nextFrameOf(stdout: EventEmitter, timeoutMs: number): Promise<boolean> {
	return new Promise<boolean>(resolve => {
		const timer = setTimeout(() => {
			stdout.off('frame', done);
			resolve(false);
		}, timeoutMs);
		function done() {
			clearTimeout(timer);
			resolve(true);
		}

		stdout.once('frame', done);
	});
}

export class FakeStdin extends EventEmitter {
	isTTY = true;
	private readonly buffer: string[] = [];
	setRawMode() {}
	setEncoding() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read(): string | null {
		// Ink loops while read() !== null.

		return this.buffer.shift() ?? null;
	}

	send(data: string): void {
		this.buffer.push(data);
		this.emit('readable');
		this.emit('data', data);
	}
}

async function tryApp(posts: ReaderPost[]): Promise<Record<string, unknown> | undefined> {
	const appModule = await importSource('ui/app.tsx');
	const App = appModule?.App;
	const state = await importSource('ui/state.ts');
	const keymap = await importSource('ui/keymap.ts');
	const themeModule = await importSource('ui/theme.ts');
	const initialState = state?.initialState as ((o: unknown) => unknown) | undefined;
	const resolveKeymap = keymap?.resolveKeymap as (() => unknown) | undefined;
	const makeTheme = themeModule?.makeTheme as ((name: string, env: NodeJS.ProcessEnv) => unknown) | undefined;
	if (typeof App !== 'function' || !initialState || !resolveKeymap || !makeTheme) {
		return undefined;
	}

	const ink = await import('ink');
	const React = await import('react');
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	// Props per source/ui/app.tsx: {initial, services, theme}.
	const props = {
		initial: initialState({posts, feeds: [{source: 'http://127.0.0.1/feed.xml', title: 'The Volt'}], keymap: resolveKeymap(), columns: stdout.columns, rows: stdout.rows}),
		services: {
			async loadArticle() {
				return {lines: ['(article body)'], links: []};
			},
			runEffect() {},
			refreshMinutes: 0,
		},
		theme: makeTheme('none', process.env),
	};
	const instance = ink.render(React.createElement(App as React.FunctionComponent<typeof props>, props), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const nextFrame = async (timeoutMs: number) => nextFrameOf(stdout, timeoutMs);
	// Let the first frame and effects settle (the article preview loads after 80 ms).
	await new Promise(resolve => {
		setTimeout(resolve, 500);
	});
	const times: number[] = [];
	let missed = 0;
	for (let i = 0; i < samples + 5; i++) {
		await settledGc();
		const key = i % 10 === 9 ? 'k' : 'j';
		const started = performance.now();
		const frame = nextFrame(1000);
		stdin.send(key);
		const ok = await frame;
		const ms = stdout.lastWriteAt - started;
		if (!ok) {
			missed++;
		} else if (i >= 5) {
			times.push(ms);
		}

		// Let passive effects flush before the next key (ink-notes: wait, don't sleep blindly).
		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}

	instance.unmount();
	return {mode: `Ink render of ui/app.tsx App (debug mode, fake stdout, NODE_ENV=${process.env.NODE_ENV ?? 'unset'}), stdin write → next frame write`, times, missed, writes: stdout.writes};
}

async function tryReducer(posts: ReaderPost[]): Promise<Record<string, unknown> | undefined> {
	const state = await importSource('ui/state.ts');
	const keymap = await importSource('ui/keymap.ts');
	const reduce = state?.reduce as ((s: unknown, event: unknown) => unknown) | undefined;
	const initialState = state?.initialState as ((o: unknown) => unknown) | undefined;
	const viewOf = state?.viewOf as ((s: unknown) => {list: unknown[]}) | undefined;
	const resolveKeymap = keymap?.resolveKeymap as (() => unknown) | undefined;
	if (!reduce || !initialState || !viewOf || !resolveKeymap) {
		return undefined;
	}

	let current = initialState({posts, feeds: [{source: 'http://127.0.0.1/feed.xml', title: 'The Volt'}], keymap: resolveKeymap(), columns: 160, rows: 45});
	viewOf(current);
	const times: number[] = [];
	let rowCount = 0;
	for (let i = 0; i < samples + 10; i++) {
		gc();
		const key = i % 10 === 9 ? 'k' : 'j';
		const started = performance.now();
		current = reduce(current, {type: 'key', key});
		// The view is what a frame draws: computing it is part of the keypress's cost.
		rowCount += Number(viewOf(current).list.length);
		const ms = performance.now() - started;
		if (i >= 10) {
			times.push(ms);
		}
	}

	return {mode: `reducer + viewOf only (no Ink frame: App not found; ${rowCount} rows viewed)`, times, missed: 0};
}

// Run as a script (case 5); imported (tree-inproc.tsx reuses the fakes), it runs nothing.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const posts = makePosts();
	// The reducer first (no Ink loaded yet), then the full App.
	const reducer = await tryReducer(posts);
	const app = await tryApp(posts).catch((error: unknown) => ({error: (error as Error).message}));
	if (app && !('error' in app)) {
		finish({...app, reducerTimes: reducer?.times});
	}

	if (reducer) {
		finish({...reducer, appError: app && 'error' in app ? app.error : undefined});
	}

	finish({skip: 'no App component and no reducer (source/ui/state.ts) found'});
}
