/**
RenderArticle benchmark, run in a fresh child by case 5: a generated 100 KB article (20 unlabelled code
blocks, the worst case for highlighting), first call (cold) then warm median, with colour off and on.
*/
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {generateArticleHtml} from '../generate-feed.js';
import {cpuMs, finish, gc, importSource} from './inproc-util.js';

type RenderArticle = (
	article: {title: string; author: string | null; published: string | null; categories: string[]; link: string | null; feedTitle: string; html: string; base: string},
	options: {width: number; color: boolean},
) => {header: unknown; lines: string[]; links: unknown[]} | Promise<{header: unknown; lines: string[]; links: unknown[]}>;

const [warmupText, samplesText] = process.argv.slice(2);
const module = await importSource('article/render-article.ts');
const renderArticle = module?.renderArticle as RenderArticle | undefined;
if (typeof renderArticle !== 'function') {
	finish({skip: module ? 'render-article.ts has no renderArticle export' : 'source/article/render-article.ts missing'});
}

const html = generateArticleHtml({bytes: 100_000, codeBlocks: 20, seed: 11});
const article = {
	title: 'Hyundai expands charging tariff No. 7: Ioniq 5’s range & price',
	author: 'Riley Marsh',
	published: '2026-11-25T22:15:00.000Z',
	categories: ['EV News', 'Charging', 'Policy'],
	link: 'https://volt.example/2026/11/25/hyundai-expands-charging-tariff-no-7/',
	feedTitle: 'The Volt – EV news',
	html,
	base: 'https://volt.example/2026/11/25/hyundai-expands-charging-tariff-no-7/',
};
const warmup = Number(warmupText ?? 5);
const samples = Number(samplesText ?? 20);
const results: Record<string, {coldMs: number; times: number[]; cpuTimes: number[]; cachedTimes: number[]; lines: number; links: number}> = {};
let serial = 0;
// Each call gets a distinct body (a trailing paragraph with a serial number), so a renderer that caches its
// output per article cannot answer from that cache: the figure is a warm (JIT) render, not a cache hit.
const noCode = generateArticleHtml({bytes: 100_000, codeBlocks: 0, seed: 11});
let body = html;
const distinct = () => ({...article, html: `${body}\n<p>Render ${++serial}.</p>`});
for (const mode of ['plain', 'color', 'plain-no-code'] as const) {
	const color = mode === 'color';
	body = mode === 'plain-no-code' ? noCode : html;
	let started = performance.now();
	const first = await renderArticle(distinct(), {width: 100, color});
	const coldMs = performance.now() - started;
	for (let i = 0; i < warmup; i++) {
		await renderArticle(distinct(), {width: 100, color});
	}

	const times: number[] = [];
	const cpuTimes: number[] = [];
	for (let i = 0; i < samples; i++) {
		const input = distinct();
		gc();
		const cpu = cpuMs();
		started = performance.now();
		await renderArticle(input, {width: 100, color});
		times.push(performance.now() - started);
		cpuTimes.push(cpuMs() - cpu);
	}

	// The same article again and again (a cache, if any, answers).
	const same = distinct();
	await renderArticle(same, {width: 100, color});
	const cachedTimes: number[] = [];
	for (let i = 0; i < Math.min(samples, 10); i++) {
		started = performance.now();
		await renderArticle(same, {width: 100, color});
		cachedTimes.push(performance.now() - started);
	}

	results[mode] = {coldMs, times, cpuTimes, cachedTimes, lines: first.lines.length, links: first.links.length};
}

finish({htmlBytes: Buffer.byteLength(html), results});
