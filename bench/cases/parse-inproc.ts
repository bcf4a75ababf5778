/**
In-process parse benchmark, run in a fresh child by case 3:
  warm <file> <warmup> <samples>: warm medians of parseFeed with gc() before each sample.
  peak <file>: one parse in this fresh process; peak RSS (VmHWM) with the mark reset after reading the input.
*/
import fs from 'node:fs';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {cpuMs, finish, gc, importSource, procStatus, resetPeak} from './inproc-util.js';

type ParseFeed = (text: string, options: {url: string}) => {posts: unknown[]; warnings?: Array<string | {text: string}>};

const [mode, file, warmupText, samplesText] = process.argv.slice(2);
const module = await importSource('feed/parse.ts');
const parseFeed = module?.parseFeed as ParseFeed | undefined;
if (typeof parseFeed !== 'function') {
	finish({skip: module ? 'source/feed/parse.ts has no parseFeed export' : 'source/feed/parse.ts missing'});
}

const url = 'http://127.0.0.1/feed.xml';
const text = fs.readFileSync(file!, 'utf8');

if (mode === 'peak') {
	gc();
	const before = procStatus();
	const reset = resetPeak();
	const started = performance.now();
	const feed = parseFeed(text, {url});
	const ms = performance.now() - started;
	const after = procStatus();
	finish({
		ms,
		posts: feed.posts.length,
		warnings: feed.warnings?.slice(0, 3).map(warning => typeof warning === 'string' ? warning : warning.text) ?? [],
		rssBeforeMiB: before.rssMiB,
		peakMiB: after.hwmMiB,
		addedMiB: reset ? after.hwmMiB - before.rssMiB : Number.NaN,
		peakReset: reset,
		inputMiB: Buffer.byteLength(text) / 1024 / 1024,
	});
}

const warmup = Number(warmupText ?? 10);
const samples = Number(samplesText ?? 20);
let started = performance.now();
const first = parseFeed(text, {url});
const coldMs = performance.now() - started;
for (let i = 0; i < warmup; i++) {
	parseFeed(text, {url});
}

const times: number[] = [];
const cpuTimes: number[] = [];
for (let i = 0; i < samples; i++) {
	gc();
	const cpu = cpuMs();
	started = performance.now();
	parseFeed(text, {url});
	times.push(performance.now() - started);
	cpuTimes.push(cpuMs() - cpu);
}

finish({times, cpuTimes, coldMs, posts: first.posts.length, warnings: first.warnings?.slice(0, 3).map(warning => typeof warning === 'string' ? warning : warning.text) ?? [], gc: typeof (globalThis as {gc?: unknown}).gc === 'function'});
