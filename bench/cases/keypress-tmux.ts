/**
Keypress → frame in tmux (issue 10: ≤ 40 ms at 10,000 posts): the real reader in a tmux pane whose output is
piped to a file (`pipe-pane`). Keys go through one attached control-mode client (no tmux process per key). For
each `j`, the clock starts as the command is written and stops at the last byte of the frame it caused (the file's
last growth, then 80 ms of quiet). The same key to an idle pane (its tty echo) is measured the same way and
printed: that is tmux's own share.
*/
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {cliPath, hasCli, onPath, type BenchContext} from '../context.js';
import {summarize} from '../stats.js';
import {Tmux} from '../tmux.js';
import {errorNote} from './format.js';
import {paneCommand} from './reader.js';
import {fillCache, load, titleOf, writeConfig} from './scale-util.js';

const caseName = 'tmux keys';
const name = 'keypress → frame, 10k posts, in tmux';
const target = '≤ 40 ms';

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

const sizeOf = (file: string) => {
	try {
		return fs.statSync(file).size;
	} catch {
		return 0;
	}
};

/** Send one key and wait for its output to end: ms to its first and to its last byte (NaN when nothing came). */
async function oneKey(send: (command: string) => void, session: string, file: string): Promise<{first: number; last: number}> {
	const before = sizeOf(file);
	const started = performance.now();
	send(`send-keys -t ${session} j`);
	let size = before;
	let first = Number.NaN;
	let last = Number.NaN;
	// Wait for the first byte (at most 2 s), then for 80 ms without a byte.
	while (performance.now() - (Number.isNaN(last) ? started + 1920 : last) < 80) {
		const now = sizeOf(file);
		if (now !== size) {
			size = now;
			last = performance.now();
			first = Number.isNaN(first) ? last : first;
		}

		// eslint-disable-next-line no-await-in-loop -- polling the pipe file
		await sleep(1);
	}

	return {first: first - started, last: last - started};
}

export async function run(context: BenchContext): Promise<void> {
	if (!hasCli() || !onPath('tmux')) {
		context.skip(caseName, name, target, hasCli() ? 'tmux not on PATH' : 'dist/cli.js missing (run `npm run build`)');
		return;
	}

	const temporary = context.makeEnv('tmux-keys');
	writeConfig(temporary.env, fillCache(temporary.cache, {feeds: 100, posts: 100, bodyBytes: 2000}));
	const tmux = new Tmux(temporary.dir, temporary.env);
	context.onClose(async () => tmux.close());
	const pipe = path.join(temporary.dir, 'pane.out');
	const idle = path.join(temporary.dir, 'idle.out');
	const before = load();
	try {
		const frames: Array<{first: number; last: number}> = [];
		const baseline: Array<{first: number; last: number}> = [];
		const opened = await tmux.timeUntil(paneCommand(temporary, [process.execPath, cliPath, '--offline']), titleOf(0, 0), {
			timeoutMs: 30_000,
			async whileUp(_pid, session) {
				await tmux.tmux('pipe-pane', '-t', session, '-o', `cat >> '${pipe}'`);
				await tmux.tmux('pipe-pane', '-t', 'keep', '-o', `cat >> '${idle}'`);
				const control = await tmux.control();
				await sleep(500);
				try {
					for (let i = 0; i < context.count(40, 8); i++) {
						// eslint-disable-next-line no-await-in-loop -- one key at a time, as typed
						frames.push(await oneKey(control.send, session, pipe));
						// eslint-disable-next-line no-await-in-loop
						baseline.push(await oneKey(control.send, 'keep', idle));
					}
				} finally {
					control.close();
				}
			},
		});
		if (!opened.found) {
			throw new Error(`the reader's first frame was not seen; screen: ${opened.screen.split('\n').find(line => line.trim() !== '')?.trim().slice(0, 120) ?? '(blank)'}`);
		}

		const drawn = frames.filter(value => Number.isFinite(value.last));
		const frame = summarize(drawn.map(value => value.last));
		const start = summarize(drawn.map(value => value.first));
		const echo = summarize(baseline.map(value => (Number.isFinite(value.last) ? value.last : 0)));
		context.add({
			case: caseName, name,
			measured: `${frame.median.toFixed(1)} ms to the last byte, ${start.median.toFixed(1)} ms to the first (${frame.min.toFixed(1)}–${frame.max.toFixed(1)}, n=${frame.n}; load ${before}→${load()})`,
			target, value: frame.median, unit: 'ms', verdict: frame.median <= 40 ? 'ok' : 'over',
			note: `100 feeds × 100 posts; j via a tmux control client, to the frame's bytes in the pane's pipe (pipe-pane); the same key to an idle pane (echo): ${echo.median.toFixed(1)} ms; ${frames.length - drawn.length} keys drew nothing`,
		});
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target, verdict: 'error', note: errorNote(error)});
	}
}
