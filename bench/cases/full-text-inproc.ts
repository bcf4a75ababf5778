/**
Full-text extraction benchmark, run in a fresh child by case 6: a generated 130 KB article page (navigation,
sidebar, footer, scripts and styles around a 100 KB article), through `extractFromHtml` (linkedom, Readability,
the sanitizer, turndown; no network). First call (cold), then the warm median; each call gets a distinct page.
Warm samples follow one another as in a reader fetching full text in the background, with V8 collecting as it
would. A forced full GC before a sample throws away the optimised code of the parser (its objects' layouts die
with the page) and about 40 functions are optimised again in that call: that is a different figure, the time
right after a full GC, measured separately (`afterGcTimes`).
*/
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {generateArticleHtml} from '../generate-feed.js';
import {cpuMs, finish, gc, importSource} from './inproc-util.js';

type Extract = (html: string, url: string) => {ok: boolean; reason?: string; markdown?: string};

const [warmupText, samplesText] = process.argv.slice(2);
const module = await importSource('article/full-text.ts');
const extract = module?.extractFromHtml as Extract | undefined;
if (typeof extract !== 'function') {
	finish({skip: module ? 'full-text.ts has no extractFromHtml export' : 'source/article/full-text.ts missing'});
}

const article = generateArticleHtml({bytes: 106_000, codeBlocks: 2, seed: 13});
const links = Array.from({length: 120}, (_, index) => `<li><a href="/section/${index}">Section ${index} news and analysis</a></li>`).join('');
const chrome = (serial: number) => [
	'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hyundai expands charging tariff | The Volt</title>',
	`<style>${'.c{color:#333;margin:0 auto;padding:4px}'.repeat(120)}</style>`,
	`<script>${'window.dataLayer=window.dataLayer||[];dataLayer.push({event:"view"});'.repeat(60)}</script></head><body>`,
	`<header><nav><ul>${links}</ul></nav></header>`,
	`<main><article><h1>Hyundai expands charging tariff</h1><p class="byline">By Riley Marsh</p>${article}<p>Page ${serial}.</p></article></main>`,
	`<aside><h2>Most read</h2><ul>${links}</ul></aside>`,
	'<footer><p>Copyright The Volt.</p><a href="/privacy">Privacy</a></footer></body></html>',
].join('\n');

const warmup = Number(warmupText ?? 5);
const samples = Number(samplesText ?? 20);
let serial = 0;
const url = 'https://volt.example/2026/11/25/hyundai-expands-charging-tariff/';
const page = chrome(0);
let started = performance.now();
const first = extract(chrome(++serial), url);
const coldMs = performance.now() - started;
if (!first.ok) {
	finish({skip: `extraction failed: ${first.reason ?? '?'}`});
}

for (let i = 0; i < warmup; i++) {
	extract(chrome(++serial), url);
}

/** Wall and CPU ms of `count` extractions, each of a distinct page built before its timer starts. */
function series(count: number, beforeEach: () => void): {times: number[]; cpuTimes: number[]} {
	const times: number[] = [];
	const cpuTimes: number[] = [];
	for (let i = 0; i < count; i++) {
		const input = chrome(++serial);
		beforeEach();
		const cpu = cpuMs();
		started = performance.now();
		extract!(input, url);
		times.push(performance.now() - started);
		cpuTimes.push(cpuMs() - cpu);
	}

	return {times, cpuTimes};
}

const warm = series(samples, () => undefined);
const afterGc = series(Math.max(3, Math.floor(samples / 2)), gc);
finish({pageBytes: Buffer.byteLength(page), markdownChars: first.markdown?.length ?? 0, coldMs, ...warm, afterGcTimes: afterGc.times});
