/**
Case 1: `evnews --json` on a 50-item WordPress feed served on 127.0.0.1, against `node -e 0`, interleaved A/B.
Online (empty cache each run, so every run fetches the whole feed) and `--offline` (cache filled once).
*/
import fs from 'node:fs';
import process from 'node:process';
import {abCompare, hasTime, runProcess, type ProcessSpec} from '../ab-timer.js';
import {cliPath, hasCli, type BenchContext} from '../context.js';
import {errorNote, mib, printAb, ratioText} from './format.js';

const caseName = '1 --json';

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: evnews --json, 50-item feed on loopback, vs node -e 0`);
	if (!hasCli()) {
		const note = 'dist/cli.js missing (run `npm run build`)';
		context.skip(caseName, '--json online / node -e 0', '≤ 3.0×', note);
		context.skip(caseName, '--json --offline / node -e 0', '≤ 2.0×', note);
		context.skip(caseName, '--json peak RSS', 'report', note);
		return;
	}

	const feed = await context.feed(50);
	const temporary = context.makeEnv('json');
	const baseline: ProcessSpec = {label: 'node -e 0', argv: [process.execPath, '-e', '0'], env: temporary.env};
	const online: ProcessSpec = {
		label: 'evnews --json',
		argv: [process.execPath, cliPath, '--json', '--feed', feed.url],
		env: temporary.env,
		before() {
			fs.rmSync(temporary.cache, {recursive: true, force: true});
		},
	};
	const pairs = context.count(20);

	// Sanity: the output is a JSON array of the 50 posts.
	try {
		const probe = await runProcess(online, {captureStdout: true});
		const posts = JSON.parse(probe.stdout ?? '') as unknown;
		const count = Array.isArray(posts) ? posts.length : -1;
		console.log(`    probe: exit ${probe.code}, ${count} posts, ${(probe.stdout ?? '').length} bytes of JSON`);
		if (count !== 50) {
			console.log(`    warning: expected 50 posts, got ${count}`);
		}
	} catch (error) {
		console.log(`    probe failed: ${errorNote(error)}`);
	}

	try {
		const result = await abCompare(online, baseline, {pairs, warmup: 3});
		printAb(result, online.label, baseline.label);
		context.add({
			case: caseName,
			name: '--json online / node -e 0',
			measured: `${ratioText(result.ratio.median)} (${result.a.wall.median.toFixed(0)} vs ${result.b.wall.median.toFixed(0)} ms, ratio ${result.ratio.min.toFixed(2)}–${result.ratio.max.toFixed(2)}, n=${result.pairs})`,
			target: '≤ 3.0×',
			value: result.ratio.median,
			unit: '×',
			verdict: result.ratio.median <= 3 ? 'ok' : 'over',
			note: 'empty cache each run',
		});
		context.add({
			case: caseName,
			name: '--json online peak RSS',
			measured: hasTime ? `${mib(result.a.peakMiB.median)} (node -e 0: ${mib(result.b.peakMiB.median)})` : 'n/a',
			target: 'report',
			value: result.a.peakMiB.median,
			unit: 'MiB',
			verdict: hasTime ? 'info' : 'skip',
			note: hasTime ? '/usr/bin/time %M' : '/usr/bin/time not found',
		});
	} catch (error) {
		context.add({case: caseName, name: '--json online / node -e 0', measured: '-', target: '≤ 3.0×', verdict: 'error', note: errorNote(error)});
	}

	// Offline: fill the cache once, then serve it.
	const offline: ProcessSpec = {
		label: 'evnews --json --offline',
		argv: [process.execPath, cliPath, '--json', '--offline', '--feed', feed.url],
		env: temporary.env,
	};
	try {
		fs.rmSync(temporary.cache, {recursive: true, force: true});
		const fill = await runProcess({...online, before: undefined});
		if (fill.code !== 0) {
			throw new Error(`filling the cache: exit ${fill.code}: ${fill.stderr.split('\n')[0] ?? ''}`);
		}

		const probe = await runProcess(offline, {captureStdout: true});
		const posts = JSON.parse(probe.stdout ?? '') as unknown;
		console.log(`    offline probe: exit ${probe.code}, ${Array.isArray(posts) ? posts.length : -1} posts`);
		const result = await abCompare(offline, baseline, {pairs, warmup: 3});
		printAb(result, offline.label, baseline.label);
		context.add({
			case: caseName,
			name: '--json --offline / node -e 0',
			measured: `${ratioText(result.ratio.median)} (${result.a.wall.median.toFixed(0)} vs ${result.b.wall.median.toFixed(0)} ms, ratio ${result.ratio.min.toFixed(2)}–${result.ratio.max.toFixed(2)}, n=${result.pairs})`,
			target: '≤ 2.0×',
			value: result.ratio.median,
			unit: '×',
			verdict: result.ratio.median <= 2 ? 'ok' : 'over',
		});
		context.add({
			case: caseName,
			name: '--json --offline peak RSS',
			measured: hasTime ? `${mib(result.a.peakMiB.median)} (node -e 0: ${mib(result.b.peakMiB.median)})` : 'n/a',
			target: 'report',
			value: result.a.peakMiB.median,
			unit: 'MiB',
			verdict: hasTime ? 'info' : 'skip',
		});
	} catch (error) {
		context.add({case: caseName, name: '--json --offline / node -e 0', measured: '-', target: '≤ 2.0×', verdict: 'error', note: errorNote(error)});
	}

	// --jq on the filled cache: jq-web (wasm) is loaded only for this flag.
	try {
		const jq: ProcessSpec = {
			label: 'evnews --json --jq \'.[].title\' --offline',
			argv: [process.execPath, cliPath, '--json', '--offline', '--jq', '.[].title', '--feed', feed.url],
			env: temporary.env,
		};
		const probe = await runProcess(jq, {captureStdout: true});
		console.log(`    jq probe: exit ${probe.code}, ${(probe.stdout ?? '').split('\n').filter(Boolean).length} titles`);
		const result = await abCompare(jq, baseline, {pairs, warmup: 3});
		printAb(result, jq.label, baseline.label);
		context.add({
			case: caseName,
			name: '--json --jq \'.[].title\' / node -e 0',
			measured: `${ratioText(result.ratio.median)} (${result.a.wall.median.toFixed(0)} vs ${result.b.wall.median.toFixed(0)} ms, ratio ${result.ratio.min.toFixed(2)}–${result.ratio.max.toFixed(2)}, n=${result.pairs})`,
			target: '≤ 4.0×',
			value: result.ratio.median,
			unit: '×',
			verdict: result.ratio.median <= 4 ? 'ok' : 'over',
			note: 'offline, cache filled',
		});
	} catch (error) {
		context.add({case: caseName, name: '--json --jq \'.[].title\' / node -e 0', measured: '-', target: '≤ 4.0×', verdict: 'error', note: errorNote(error)});
	}

	// Warm online run: the cache holds validators, so a polite client gets a 304 (informational).
	try {
		const before = context.server!.counts.notModified;
		const warm: ProcessSpec = {label: 'evnews --json (warm cache)', argv: online.argv, env: temporary.env};
		const result = await abCompare(warm, baseline, {pairs: context.count(10, 3), warmup: 1});
		const conditional = context.server!.counts.notModified - before;
		printAb(result, warm.label, baseline.label);
		context.add({
			case: caseName,
			name: '--json online, warm cache / node -e 0',
			measured: `${ratioText(result.ratio.median)} (${result.a.wall.median.toFixed(0)} ms, n=${result.pairs})`,
			target: 'info',
			value: result.ratio.median,
			unit: '×',
			verdict: 'info',
			note: `${conditional} of ${result.pairs + 1} runs got a 304`,
		});
	} catch (error) {
		context.add({case: caseName, name: '--json online, warm cache / node -e 0', measured: '-', target: 'info', verdict: 'error', note: errorNote(error)});
	}
}
