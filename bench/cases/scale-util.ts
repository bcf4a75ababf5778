/**
Shared parts of the scale group: a cache filled in process through the store modules (writeSnapshot, then the
library index, as a refresh leaves them), the feed list in config.json, the two NODE_EXTRA_CA_CERTS variants,
and a figure against `node -e 0` with the load average.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {abCompare, type AbResult, type ProcessSpec} from '../ab-timer.js';
import type {BenchContext} from '../context.js';
import {generateArticleHtml} from '../generate-feed.js';
import type {FeedSnapshot, Post, PostContent} from '../../source/feed/types.js';
import {writeSnapshot} from '../../source/store/cache.js';
import {readLibraryIndex} from '../../source/store/library-index.js';
import {errorNote, printAb, ratioText} from './format.js';

export const caseName = 'scale';
export const load = () => os.loadavg()[0]!.toFixed(2);

/** The title of post `index` of feed `feed` in a filled cache; "Post 0 of feed 0:" is the newest of all. */
export const titleOf = (feed: number, index: number) => `Post ${index} of feed ${feed}: batteries and grids`;

export type FillOptions = {feeds: number; posts: number; bodyBytes: number; summary?: string};

/**
Write `feeds` × `posts` to the cache through the store (posts, state, bodies, then the index). Returns the feed
URLs (https://feedN.bench.example/feed/, never fetched: every snapshot was just attempted, so a reader keeps them).
*/
export function fillCache(cache: string, options: FillOptions): string[] {
	const html = generateArticleHtml({bytes: options.bodyBytes});
	const summary = options.summary ?? 'A summary of about two hundred characters. '.repeat(4);
	const urls: string[] = [];
	const now = new Date().toISOString();
	for (let feed = 0; feed < options.feeds; feed++) {
		const url = `https://feed${feed}.bench.example/feed/`;
		urls.push(url);
		const items: Post[] = [];
		const content: Record<string, PostContent> = {};
		for (let index = 0; index < options.posts; index++) {
			const id = `f${feed}p${index}`;
			items.push({
				id, guid: `guid-${id}`, title: titleOf(feed, index), link: `https://feed${feed}.bench.example/${index}`,
				author: 'Bench', published: new Date(Date.UTC(2026, 10, 1) - (index * 3_600_000) - (feed * 1000)).toISOString(), updated: null,
				categories: ['EV', 'Grid'], summary, image: null, enclosures: [], feed: {title: `Feed ${feed}`, url},
			});
			content[id] = {html, base: url};
		}

		const snapshot: FeedSnapshot = {
			version: 1, url, title: `Feed ${feed}`, link: null, posts: items, validators: {etag: '"bench"'},
			lastSuccess: now, lastError: null, nextAllowed: null, lastAttempt: now,
		};
		writeSnapshot(snapshot, content, cache);
	}

	readLibraryIndex(cache);
	return urls;
}

export function writeConfig(env: NodeJS.ProcessEnv, urls: string[]): void {
	const directory = path.join(env.XDG_CONFIG_HOME!, 'evnews');
	fs.mkdirSync(directory, {recursive: true});
	fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify({feeds: urls.map(url => ({url}))}));
}

export type CaVariant = {tag: string; env: NodeJS.ProcessEnv};

/** The issue asks for figures with and without NODE_EXTRA_CA_CERTS: both when it is set, else one. */
export function caVariants(env: NodeJS.ProcessEnv): CaVariant[] {
	if (!env.NODE_EXTRA_CA_CERTS) {
		return [{tag: '', env}];
	}

	const without = {...env};
	delete without.NODE_EXTRA_CA_CERTS;
	return [{tag: ' [CA on]', env}, {tag: ' [CA off]', env: without}];
}

export type Versus = {name: string; target: number; spec: ProcessSpec; pairs?: number; note?: string};

/** One figure against `node -e 0` (same env), interleaved, with the load average before and after. */
export async function versusNode(context: BenchContext, versus: Versus): Promise<AbResult | undefined> {
	const baseline: ProcessSpec = {label: 'node -e 0', argv: [process.execPath, '-e', '0'], env: versus.spec.env};
	try {
		const before = load();
		const result = await abCompare(versus.spec, baseline, {pairs: versus.pairs ?? context.count(15), warmup: 2, timeoutMs: 60_000});
		printAb(result, versus.spec.label, 'node -e 0');
		const ratio = result.ratio.median;
		context.add({
			case: caseName, name: `${versus.name} / node -e 0`,
			measured: `${ratioText(ratio)} wall, ${ratioText(result.cpuRatio.median)} cpu (${result.a.wall.median.toFixed(0)} vs ${result.b.wall.median.toFixed(0)} ms, n=${result.pairs}; load ${before}→${load()})`,
			target: `≤ ${versus.target}×`, value: ratio, unit: '×', verdict: ratio <= versus.target ? 'ok' : 'over', note: versus.note,
		});
		return result;
	} catch (error) {
		context.add({case: caseName, name: versus.name, measured: '-', target: `≤ ${versus.target}×`, verdict: 'error', note: errorNote(error)});
		return undefined;
	}
}
