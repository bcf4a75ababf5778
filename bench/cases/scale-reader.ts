/**
The scale group's reader figures, from a cache filled through the store (scale-util.ts):
- first frame at 10,000 posts (100 feeds × 100) and 100,000 posts (1,000 × 100): time until the newest title is on a
  tmux pane, interleaved with `node -e "console.log('READY')"` polled the same way (as case 5);
- RSS after opening 200 articles in 50 feeds (50 × 4 posts, 8 KB bodies): open the newest, then `n` (next unread) 199 times,
  then VmRSS and VmHWM of the reader, and how many posts the marks say were read;
- keypress → frame at 100,000 posts in process (keypress-inproc.tsx).
*/
import fs from 'node:fs';
import process from 'node:process';
import {cliPath, runCaseScript, type BenchContext, type TempEnv} from '../context.js';
import {runProcess} from '../ab-timer.js';
import {formatSummary, summarize} from '../stats.js';
import {peakRssOf, type Tmux} from '../tmux.js';
import {errorNote, ratioText} from './format.js';
import {paneCommand} from './reader.js';
import {caseName, caVariants, fillCache, load, titleOf, writeConfig} from './scale-util.js';

const marker = titleOf(0, 0);

/** Interleaved first frames: the reader on the configured feeds, against node printing READY. */
async function firstFrame(context: BenchContext, tmux: Tmux, temporary: TempEnv, posts: string, target: number): Promise<void> {
	for (const variant of caVariants(temporary.env)) {
		const name = `reader first frame, ${posts} posts${variant.tag}`;
		const withEnv = {...temporary, env: variant.env};
		const reader = paneCommand(withEnv, [process.execPath, cliPath]);
		const baseline = paneCommand(withEnv, [process.execPath, '-e', 'console.log(\'READY\'); setTimeout(() => {}, 30_000)']);
		const strip = variant.env.NODE_EXTRA_CA_CERTS ? '' : 'unset NODE_EXTRA_CA_CERTS; ';
		const before = load();
		const readerTimes: number[] = [];
		const ratios: number[] = [];
		try {
			for (let i = 0; i < context.count(8, 2) + 1; i++) {
				const order = i % 2 === 0 ? [true, false] : [false, true];
				const got: number[] = [];
				for (const isReader of order) {
					// eslint-disable-next-line no-await-in-loop -- interleaved, one at a time
					const run = await tmux.timeUntil(strip + (isReader ? reader : baseline), isReader ? marker : 'READY', {timeoutMs: 30_000});
					if (!run.found) {
						throw new Error(`${isReader ? `"${marker}"` : 'READY'} not seen; screen: ${run.screen.split('\n').find(line => line.trim() !== '')?.trim().slice(0, 120) ?? '(blank)'}`);
					}

					got[isReader ? 0 : 1] = run.ms;
				}

				if (i > 0) {
					readerTimes.push(got[0]!);
					ratios.push(got[0]! / got[1]!);
				}
			}

			const ratio = summarize(ratios);
			context.add({
				case: caseName, name: `${name} / node -e 0`,
				measured: `${ratioText(ratio.median)} (${summarize(readerTimes).median.toFixed(0)} ms, ratio ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}, n=${ratio.n}; load ${before}→${load()})`,
				target: `≤ ${target}×`, value: ratio.median, unit: '×', verdict: ratio.median <= target ? 'ok' : 'over',
			});
		} catch (error) {
			context.add({case: caseName, name, measured: '-', target: `≤ ${target}×`, verdict: 'error', note: errorNote(error)});
		}
	}
}

/** Open 200 articles in 50 feeds with `n`, then read the reader's memory before it is killed. */
async function openedArticles(context: BenchContext, tmux: Tmux): Promise<void> {
	const name = 'reader RSS after opening 200 articles in 50 feeds';
	const temporary = context.makeEnv('scale-200-opens');
	writeConfig(temporary.env, fillCache(temporary.cache, {feeds: 50, posts: 4, bodyBytes: 8000}));
	let rss = Number.NaN;
	let peak = Number.NaN;
	let settled = Number.NaN;
	let screen = '';
	try {
		const run = await tmux.timeUntil(paneCommand(temporary, [process.execPath, cliPath]), marker, {
			timeoutMs: 30_000,
			async whileUp(pid, session) {
				// To the posts pane, open the newest post, then `n` (in the article: open the next unread) 199 times.
				const keys = ['l', 'Enter', ...Array.from({length: 199}, () => 'n')];
				for (const key of keys) {
					// eslint-disable-next-line no-await-in-loop -- one key at a time, as typed
					await tmux.tmux('send-keys', '-t', session, key);
					// eslint-disable-next-line no-await-in-loop
					await new Promise(resolve => {
						setTimeout(resolve, 40);
					});
				}

				await new Promise(resolve => {
					setTimeout(resolve, 1500);
				});
				screen = await tmux.tmux('capture-pane', '-p', '-t', session);
				rss = rssOf(pid);
				peak = peakRssOf(pid);
				// And once more while the person would still be reading: the reader collects after a second of drawing
				// nothing (idle-collection.ts), and V8 gives the pages back in the background after that.
				await new Promise(resolve => {
					setTimeout(resolve, 2500);
				});
				settled = rssOf(pid);
				await tmux.tmux('send-keys', '-t', session, 'q');
				await new Promise(resolve => {
					setTimeout(resolve, 500);
				});
			},
		});
		if (!run.found) {
			throw new Error(`"${marker}" not seen; screen: ${run.screen.split('\n').find(line => line.trim() !== '')?.trim().slice(0, 120) ?? '(blank)'}`);
		}

		const unread = await runProcess({label: 'unread', argv: [process.execPath, cliPath, 'unread', '--json'], env: temporary.env}, {captureStdout: true});
		const feeds = (JSON.parse(unread.stdout ?? '{}') as {feeds?: Array<{unread: number}>}).feeds ?? [];
		const left = feeds.length === 0 ? Number.NaN : feeds.reduce((sum, feed) => sum + feed.unread, 0);
		const shown = screen.split('\n').find(line => line.includes('Post '))?.trim().slice(0, 80) ?? '';
		context.add({
			case: caseName, name, measured: `${(rss * 1.048_576).toFixed(0)} MB RSS, peak ${(peak * 1.048_576).toFixed(0)} MB (load ${load()})`,
			target: '≤ 150 MB', value: rss * 1.048_576, unit: 'MB', verdict: rss * 1.048_576 <= 150 ? 'ok' : 'over',
			note: `unread left after the session: ${left} of 200; last screen: "${shown}"`,
		});
		context.add({
			case: caseName, name: `${name}, 4 s after the last key`, measured: `${(settled * 1.048_576).toFixed(0)} MB RSS (load ${load()})`,
			target: 'report', value: settled * 1.048_576, unit: 'MB', verdict: 'info', note: 'the row above is read 1.5 s after the last key',
		});
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target: '≤ 150 MB', verdict: 'error', note: errorNote(error)});
	}
}

/** VmRSS (resident now) of a live process in MiB, or NaN. */
function rssOf(pid: number | undefined): number {
	try {
		return Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid ?? 0}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
	} catch {
		return Number.NaN;
	}
}

type KeypressResult = {skip?: string; mode: string; times: number[]; missed: number; appError?: string};

async function keypress(context: BenchContext): Promise<void> {
	const name = 'keypress → frame, 100,000 posts (in process)';
	try {
		const temporary = context.makeEnv('scale-keypress');
		const result = await runCaseScript<KeypressResult>('keypress-inproc.tsx', ['100000', String(context.count(30, 8))], {...temporary.env, NODE_ENV: 'production'}, 300_000);
		if (result.skip) {
			context.skip(caseName, name, '≤ 16 ms', result.skip);
			return;
		}

		const summary = summarize(result.times);
		context.add({
			case: caseName, name, measured: `${formatSummary(summary, 'ms', 2)} (load ${load()})`, target: '≤ 16 ms', value: summary.median, unit: 'ms',
			verdict: result.mode.startsWith('reducer') ? 'info' : (summary.median <= 16 ? 'ok' : 'over'),
			note: `${result.mode}${result.missed ? `; ${result.missed} keys gave no frame within 1 s` : ''}${result.appError ? `; App failed: ${result.appError.slice(0, 100)}` : ''}`,
		});
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target: '≤ 16 ms', verdict: 'error', note: errorNote(error)});
	}
}

export type ReaderParts = {frames: boolean; opens: boolean; keypress: boolean};

export async function runReader(context: BenchContext, tmux: Tmux | undefined, caches: {tenThousand: TempEnv; hundredThousand: () => TempEnv}, parts: ReaderParts): Promise<void> {
	if (tmux) {
		if (parts.frames) {
			await firstFrame(context, tmux, caches.tenThousand, '10,000', 3);
			await firstFrame(context, tmux, caches.hundredThousand(), '100,000', 5);
		}

		if (parts.opens) {
			await openedArticles(context, tmux);
		}
	} else {
		for (const figure of ['reader first frame, 10,000 / 100,000 posts', 'reader RSS after opening 200 articles']) {
			context.skip(caseName, figure, '', 'tmux not on PATH');
		}
	}

	if (parts.keypress) {
		await keypress(context);
	}
}
