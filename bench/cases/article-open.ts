/**
Case `article`: keypress → frame for opening a 100 KB article, in process (the tmux path adds ~10 ms of noise per
frame on a shared machine; ink-notes §2). Each sample is a fresh child process, one fresh reader: a real cache
(a loopback feed of 30 posts fetched by the real refresh; post 30 carries a 100 KB body), the real services
(`createServices`: body store, the article stack, its warm-up after the first frame and the neighbours rendered
ahead) and the real App, drawn by Ink into a fake stdout at 160×45.
Timed from the stdin write of the key to the first frame that shows the article's first sentence:
- first open: `G` (bottom) then Enter on the 100 KB post, never shown before (the renderer is warm: the reader
  warms it in idle time after its first frame, as run-reader does);
- again: `g` back to the top, `G` and Enter on the same post (its rendering is memoised).
Targets: first open ≤ 150 ms, again ≤ 50 ms.
This file is both the case (imported by bench/run.ts) and its child script (run with `child` as argument).
*/
import {EventEmitter} from 'node:events';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {runCaseScript, sourceExists, type BenchContext} from '../context.js';
import {generateArticleHtml, generateItems, renderFeed} from '../generate-feed.js';
import {formatSummary, summarize} from '../stats.js';
import {errorNote} from './format.js';
import {finish, importSource, settledGc} from './inproc-util.js';
import {FakeStdin} from './keypress-inproc.js';

const caseName = 'article';
const targets = {first: 150, again: 50};

type ChildResult = {skip?: string; firstMs: number; againMs: number[]; bodyBytes: number; mode: string};

class FakeStdout extends EventEmitter {
	columns = 160;
	rows = 45;
	isTTY = true;
	write = (chunk: string): boolean => {
		this.emit('frame', String(chunk), performance.now());
		return true;
	};
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** A real cache: the generated feed served on loopback and fetched once by the real refresh. */
async function fillCache(cacheDirectory: string): Promise<{url: string; marker: string; bodyBytes: number}> {
	const items = generateItems({items: 30, contentBytes: 3000, seed: 7});
	const big = items.at(-1)!;
	const marker = 'Opening sentence of the long article under test';
	big.contentHtml = `<p>${marker}.</p>\n` + generateArticleHtml({bytes: 102_400, codeBlocks: 3, seed: 21});
	const xml = renderFeed(items).replace(/<generator>[^<]*<\/generator>/, '');
	const server = http.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/rss+xml; charset=utf-8'});
		response.end(xml);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed/`;
	try {
		const refresh = await importSource('refresh/refresh.ts');
		const outcomes = await (refresh!.refreshFeeds as (s: string[], o: unknown) => Promise<Array<{status: string}>>)([url], {force: true, cacheDirectory});
		if (outcomes[0]?.status !== 'fetched') {
			throw new Error(`the feed was not stored (${outcomes[0]?.status ?? 'no outcome'})`);
		}
	} finally {
		server.close();
	}

	return {url, marker, bodyBytes: Buffer.byteLength(big.contentHtml)};
}

async function child(): Promise<never> {
	const cacheDirectory = process.env.XDG_CACHE_HOME!;
	const dataDirectory = process.env.XDG_DATA_HOME!;
	const {url, marker, bodyBytes} = await fillCache(cacheDirectory);
	const [library, marks, services, state, keymap, theme, appModule] = await Promise.all([
		importSource('store/library.ts'), importSource('store/marks.ts'), importSource('ui/reader-services.ts'),
		importSource('ui/state.ts'), importSource('ui/keymap.ts'), importSource('ui/theme.ts'), importSource('ui/app.tsx'),
	]);
	if (!appModule?.App || !services?.createServices) {
		finish({skip: 'no App (ui/app.tsx) or createServices (ui/reader-services.ts)'});
	}

	const openedMarks = (marks!.openMarks as (d: string) => unknown)(dataDirectory);
	const loaded = (library!.loadLibrary as (s: string[], o: unknown) => {posts: unknown[]})([url], {cacheDirectory, dataDirectory, marks: openedMarks});
	const feeds = [{source: url, title: 'The Volt'}];
	const created = (services.createServices as (o: unknown) => {warm(): void; dispose(): void})({
		sources: [url], feeds, marks: openedMarks, cacheDirectory, env: process.env, color: false, refreshMinutes: 0,
		async refreshFeeds() {
			return [];
		},
	});
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const initial = (state!.initialState as (o: unknown) => unknown)({
		posts: loaded.posts, feeds, keymap: (keymap!.resolveKeymap as () => unknown)(), columns: stdout.columns, rows: stdout.rows,
	});
	const ink = await import('ink');
	const React = await import('react');
	const props = {initial, services: created, theme: (theme!.makeTheme as (n: string, environment: NodeJS.ProcessEnv) => unknown)('none', process.env)};
	const instance = ink.render(React.createElement(appModule.App as React.FunctionComponent<typeof props>, props), {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	// As run-reader does after the first frame; then let the idle warm-up and the first preview finish.
	created.warm();
	await sleep(1500);

	/** Send keys, the last one timed: ms from its write to the first frame showing the marker. */
	const timeKeys = async (keys: string[]): Promise<number> => {
		// The GC first: the keys before the timed one come 30 ms apart, inside the preview's 80 ms delay, so the
		// timed key opens a post whose preview has not started rendering.
		await settledGc();
		for (const key of keys.slice(0, -1)) {
			stdin.send(key);
			await sleep(30);
		}

		const shown = new Promise<number>((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new Error('the article never showed (5 s)'));
			}, 5000);
			const onFrame = (frame: string, at: number) => {
				if (frame.includes(marker)) {
					clearTimeout(timer);
					stdout.off('frame', onFrame);
					resolve(at);
				}
			};

			stdout.on('frame', onFrame);
		});
		const started = performance.now();
		stdin.send(keys.at(-1)!);
		return (await shown) - started;
	};

	// Bottom, then Enter on the 100 KB post; Backspace goes back, `g` goes to the top.
	const firstMs = await timeKeys(['G', '\r']);
	const againMs: number[] = [];
	for (let i = 0; i < 5; i++) {
		stdin.send('\u007F');
		await sleep(50);
		againMs.push(await timeKeys(['g', 'G', '\r']));
	}

	instance.unmount();
	created.dispose();
	finish({firstMs, againMs, bodyBytes, mode: `in process: Ink App (debug mode, fake stdout 160×45), real services and cache, NODE_ENV=${process.env.NODE_ENV ?? 'unset'}`} satisfies ChildResult);
}

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: keypress → frame, opening a 100 KB article`);
	const firstName = 'keypress → frame, first open of a 100 KB article, fresh reader';
	const againName = 'keypress → frame, opening it again';
	if (!sourceExists('ui/app.tsx') || !sourceExists('ui/reader-services.ts')) {
		context.skip(caseName, firstName, `≤ ${targets.first} ms`, 'source/ui/app.tsx or reader-services.ts missing');
		return;
	}

	try {
		const first: number[] = [];
		const again: number[] = [];
		let last: ChildResult | undefined;
		for (let i = 0; i < context.count(7, 2); i++) {
			const temporary = context.makeEnv(`article-${i}`);
			// eslint-disable-next-line no-await-in-loop -- one fresh reader at a time
			// NODE_ENV=production like the shipped bundle (React's development build is several times slower).
			last = await runCaseScript<ChildResult>('article-open.ts', ['child'], {...temporary.env, NODE_ENV: 'production'});
			if (last.skip) {
				context.skip(caseName, firstName, `≤ ${targets.first} ms`, last.skip);
				return;
			}

			first.push(last.firstMs);
			again.push(...last.againMs);
		}

		const note = `${last!.mode}; ${(last!.bodyBytes / 1024).toFixed(0)} KB body; ${first.length} fresh readers`;
		for (const [name, times, target] of [[firstName, first, targets.first], [againName, again, targets.again]] as const) {
			const summary = summarize([...times]);
			console.log(`${name}: ${formatSummary(summary)}`);
			context.add({
				case: caseName, name, measured: formatSummary(summary), target: `≤ ${target} ms`, value: summary.median, unit: 'ms',
				verdict: summary.median <= target ? 'ok' : 'over', note,
			});
		}
	} catch (error) {
		context.add({case: caseName, name: firstName, measured: '-', target: `≤ ${targets.first} ms`, verdict: 'error', note: errorNote(error)});
	}
}

if (process.argv[2] === 'child') {
	await child();
}
