/**
Case scale: the cache at library size. Fills a cache in-process (100 feeds × 100 posts, and one 1,000-post feed
for the body read; EVNEWS_BENCH_SCALE_POSTS=100000 adds 1,000 feeds × 100 posts), then measures, each with the
load average: `--json --offline` and `unread` against `node -e 0` (interleaved A/B), and one body read in process.
Run alone with `npm run bench -- scale`.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {abCompare, type ProcessSpec} from '../ab-timer.js';
import {cliPath, hasCli, type BenchContext} from '../context.js';
import {median} from '../stats.js';
import {generateArticleHtml} from '../generate-feed.js';
import type {FeedSnapshot, Post, PostContent} from '../../source/feed/types.js';
import {readBody, writeSnapshot} from '../../source/store/cache.js';
import {readLibraryIndex} from '../../source/store/library-index.js';
import {errorNote, printAb, ratioText} from './format.js';

const caseName = 'scale';
const load = () => os.loadavg()[0]!.toFixed(2);

function fillCache(cache: string, feeds: number, posts: number, bodyBytes: number): string[] {
	const html = generateArticleHtml({bytes: bodyBytes});
	const urls: string[] = [];
	for (let feed = 0; feed < feeds; feed++) {
		const url = `https://feed${feed}.bench.example/feed/`;
		urls.push(url);
		const items: Post[] = [];
		const content: Record<string, PostContent> = {};
		for (let index = 0; index < posts; index++) {
			const id = `f${feed}p${index}`;
			items.push({
				id, guid: `guid-${id}`, title: `Post ${index} of feed ${feed}: batteries and grids`, link: `https://feed${feed}.bench.example/${index}`,
				author: 'Bench', published: new Date(Date.UTC(2026, 10, 1) - (index * 3_600_000)).toISOString(), updated: null,
				categories: ['EV', 'Grid'], summary: 'A summary of about two hundred characters. '.repeat(4), image: null, enclosures: [], feed: {title: `Feed ${feed}`, url},
			});
			content[id] = {html, base: url};
		}

		const snapshot: FeedSnapshot = {
			version: 1, url, title: `Feed ${feed}`, link: null, posts: items, validators: {etag: '"bench"'},
			lastSuccess: new Date().toISOString(), lastError: null, nextAllowed: null, lastAttempt: new Date().toISOString(),
		};
		writeSnapshot(snapshot, content, cache);
	}

	readLibraryIndex(cache);
	return urls;
}

function writeConfig(env: NodeJS.ProcessEnv, urls: string[]): void {
	const directory = path.join(env.XDG_CONFIG_HOME!, 'evnews');
	fs.mkdirSync(directory, {recursive: true});
	fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify({feeds: urls.map(url => ({url}))}));
}

async function versusNode(context: BenchContext, name: string, target: number, spec: ProcessSpec, env: NodeJS.ProcessEnv): Promise<void> {
	const baseline: ProcessSpec = {label: 'node -e 0', argv: [process.execPath, '-e', '0'], env};
	try {
		const before = load();
		const result = await abCompare(spec, baseline, {pairs: context.count(15), warmup: 2});
		printAb(result, spec.label, 'node -e 0');
		const ratio = result.ratio.median;
		context.add({
			case: caseName, name: `${name} / node -e 0`, measured: `${ratioText(ratio)} (load ${before}→${load()})`,
			target: `≤ ${target}×`, value: ratio, unit: '×', verdict: ratio <= target ? 'ok' : 'over',
		});
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target: `≤ ${target}×`, verdict: 'error', note: errorNote(error)});
	}
}

function bodyRead(context: BenchContext): void {
	const temporary = context.makeEnv('scale-body');
	const [url] = fillCache(temporary.cache, 1, 1000, 6000);
	const samples: number[] = [];
	for (let round = 0; round < context.count(400, 50); round++) {
		const id = `f0p${Math.floor(Math.random() * 1000)}`;
		const start = performance.now();
		const found = readBody(url!, id, temporary.cache);
		samples.push(performance.now() - start);
		if (!found) {
			throw new Error(`no body for ${id}`);
		}
	}

	const value = median(samples);
	console.log(`    one body read of a 1,000-post feed (6 KB bodies): median ${value.toFixed(3)} ms over ${samples.length} (load ${load()})`);
	context.add({case: caseName, name: 'one body read, 1,000-post feed', measured: `${value.toFixed(3)} ms (load ${load()})`, target: '≤ 2 ms', value, unit: 'ms', verdict: value <= 2 ? 'ok' : 'over'});
}

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: the cache at library size (load ${load()})`);
	bodyRead(context);
	if (!hasCli()) {
		context.skip(caseName, '--offline / unread', '', 'dist/cli.js missing (run `npm run build`)');
		return;
	}

	const temporary = context.makeEnv('scale-100x100');
	const urls = fillCache(temporary.cache, 100, 100, 2000);
	writeConfig(temporary.env, urls);
	console.log(`    cache: 100 feeds × 100 posts; library-index.json ${(fs.statSync(path.join(temporary.cache, 'library-index.json')).size / 1e6).toFixed(1)} MB`);
	await versusNode(context, '--json --offline, 100×100', 3, {label: 'evnews --json --offline', argv: [process.execPath, cliPath, '--json', '--offline'], env: temporary.env}, temporary.env);
	await versusNode(context, 'unread, 100×100', 1.5, {label: 'evnews unread', argv: [process.execPath, cliPath, 'unread'], env: temporary.env}, temporary.env);
	for (const [name, target] of [['reader first frame, 10,000 / 100,000 posts', '≤ 3× / ≤ 5×'], ['cold refresh 100×100: peak RSS, wall vs newsboat', '≤ 120 MB, ≤ 0.7×'], ['warm refresh (all 304) 100×100', '≤ 0.5× newsboat']] as const) {
		context.skip(caseName, name, target, 'not built yet in the scale group');
	}
}
