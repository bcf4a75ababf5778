/**
Case `tree`: the reader with 300 feeds in 20 folders (10,000 posts), in process (the App rendered by Ink on
keypress-inproc.tsx's fake stdout and stdin), median of the time from a key written to stdin to the next frame:
- keypress → frame in the posts pane (`j`, every tenth `k`), as case 5 does with one feed;
- moving through a 500-row tree pane (`j` down the tree and back up: each row is a scope switch, so the posts
  pane is filtered again for every key).
`run` (registered in bench/run.ts) spawns this file in a fresh child with NODE_ENV=production, like case 5.
*/
import os from 'node:os';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {pathToFileURL} from 'node:url';
import {render} from 'ink';
import {runCaseScript, type BenchContext} from '../context.js';
import {generateItems} from '../generate-feed.js';
import {formatSummary, summarize} from '../stats.js';
import {App} from '../../source/ui/app.js';
import {resolveKeymap} from '../../source/ui/keymap.js';
import {categoriesOf, initialState, type ReaderState} from '../../source/ui/state.js';
import {makeTheme} from '../../source/ui/theme.js';
import type {ReaderFeed, ReaderPost} from '../../source/ui/types.js';
import {errorNote} from './format.js';
import {finish, settledGc} from './inproc-util.js';
import {FakeStdin, FakeStdout, nextFrameOf} from './keypress-inproc.js';

const caseName = 'tree';
const feedCount = 300;
const folderCount = 20;
const postCount = 10_000;
/** Item categories, so that the tree (views, headings, 20 folders, 300 feeds, the categories unfolded) has 500 rows. */
const categoryCount = 500 - 3 - 1 - folderCount - feedCount - 1;

type Result = {feedKeys: number[]; treeKeys: number[]; treeRows: number; missed: number} | {skip: string};

function library(): {posts: ReaderPost[]; feeds: ReaderFeed[]; folders: Map<string, string>} {
	const feeds = Array.from({length: feedCount}, (_, index) => ({source: `http://127.0.0.1/feeds/${index}.xml`, title: `Feed ${String(index).padStart(3, '0')}`}));
	const folders = new Map(feeds.map((feed, index) => [feed.source, `Folder ${index % folderCount}`]));
	const posts = generateItems({items: postCount, contentBytes: 200}).map((item, index): ReaderPost => ({
		id: item.postId.toString(16).padStart(16, '0') + index.toString(16),
		guid: item.guid,
		title: item.title,
		link: item.link,
		author: item.author,
		published: item.published,
		updated: null,
		categories: [`Topic ${index % categoryCount}`],
		summary: 'A short summary of the post, as the feed gives it.',
		image: null,
		enclosures: [],
		feed: {title: feeds[index % feedCount]!.title, url: feeds[index % feedCount]!.source},
		read: index % 3 === 0,
		starred: false,
	}));
	return {posts, feeds, folders};
}

async function measure(samples: number): Promise<Result> {
	const {posts, feeds, folders} = library();
	const stdout = new FakeStdout();
	const stdin = new FakeStdin();
	const state: ReaderState = initialState({posts, feeds, folders, keymap: resolveKeymap(), columns: stdout.columns, rows: stdout.rows});
	// Every category shown (the long tail unfolded): the tree has its 500 rows.
	const initial: ReaderState = {...state, collapsed: new Set(['more:categories'])};
	const treeRows = categoriesOf(initial).length;
	const services = {
		async loadArticle() {
			return {lines: ['(article body)'], links: []};
		},
		runEffect() {},
		refreshMinutes: 0,
	};
	const instance = render(<App initial={initial} services={services} theme={makeTheme('none', process.env)}/>, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		stderr: stdout as unknown as NodeJS.WriteStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	let missed = 0;
	const nextFrame = async (timeoutMs: number) => nextFrameOf(stdout, timeoutMs);
	const pause = async (ms: number) => new Promise(resolve => {
		setTimeout(resolve, ms);
	});
	const press = async (key: string): Promise<number | undefined> => {
		await settledGc();
		const started = performance.now();
		const frame = nextFrame(1000);
		stdin.send(key);
		const ok = await frame;
		// Let passive effects flush before the next key (ink-notes: wait, don't sleep blindly).
		await pause(20);
		if (!ok) {
			missed++;
			return undefined;
		}

		return stdout.lastWriteAt - started;
	};

	const series = async (keys: string[], warmup: number): Promise<number[]> => {
		const times: number[] = [];
		for (const [index, key] of keys.entries()) {
			const ms = await press(key);
			if (ms !== undefined && index >= warmup) {
				times.push(ms);
			}
		}

		return times;
	};

	await pause(500);
	const feedKeys = await series(Array.from({length: samples + 5}, (_, index) => (index % 10 === 9 ? 'k' : 'j')), 5);
	// Into the tree, then down it and back up: as many rows as the samples ask (up to the whole tree).
	await press('h');
	const down = Math.min(treeRows - 1, Math.max(samples, 10));
	const treeKeys = await series([...Array.from({length: down}, () => 'j'), ...Array.from({length: Math.min(down, samples)}, () => 'k')], 3);
	instance.unmount();
	return {feedKeys, treeKeys, treeRows, missed};
}

/** The benchmark case: the two medians, against the 16 ms target, with the load average. */
export async function run(context: BenchContext): Promise<void> {
	const load = os.loadavg().map(value => value.toFixed(2)).join(' ');
	try {
		const temporary = context.makeEnv('tree');
		const result = await runCaseScript<Result>('tree-inproc.tsx', [String(context.count(60, 12))], {...temporary.env, NODE_ENV: 'production'});
		if ('skip' in result) {
			context.skip(caseName, 'keypress → frame, 300 feeds in 20 folders', '≤ 16 ms', result.skip);
			return;
		}

		const loadAfter = os.loadavg().map(value => value.toFixed(2)).join(' ');
		const note = `in process, Ink on a fake stdout, NODE_ENV=production, ${postCount} posts; load ${load} → ${loadAfter}${result.missed ? `; ${result.missed} keys gave no frame within 1 s` : ''}`;
		for (const [name, times] of [[`keypress → frame, ${feedCount} feeds in ${folderCount} folders`, result.feedKeys], [`moving through a ${result.treeRows}-row tree pane`, result.treeKeys]] as const) {
			const summary = summarize([...times]);
			context.add({case: caseName, name, measured: formatSummary(summary, 'ms', 2), target: '≤ 16 ms', value: summary.median, unit: 'ms', verdict: summary.median <= 16 ? 'ok' : 'over', note});
		}
	} catch (error) {
		context.add({case: caseName, name: 'tree pane', measured: '-', target: '≤ 16 ms', verdict: 'error', note: errorNote(error)});
	}
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
	const samples = Number(process.argv[2] ?? 60);
	finish(await measure(samples));
}
