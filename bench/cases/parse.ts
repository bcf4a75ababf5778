/**
Case 3: parseFeed in-process on the 1,000-item feed (warm median, gc between samples), and the peak RSS of a
fresh process parsing a 10,000-item feed.
*/
import fs from 'node:fs';
import path from 'node:path';
import {generateFeed} from '../generate-feed.js';
import {runCaseScript, sourceExists, type BenchContext} from '../context.js';
import {formatSummary, summarize} from '../stats.js';
import {errorNote} from './format.js';

const caseName = '3 parse';

type WarmResult = {skip?: string; times: number[]; cpuTimes: number[]; coldMs: number; posts: number; warnings: string[]; gc: boolean};
type PeakResult = {skip?: string; ms: number; posts: number; warnings: string[]; rssBeforeMiB: number; peakMiB: number; addedMiB: number; peakReset: boolean; inputMiB: number};

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: parseFeed in-process`);
	if (!sourceExists('feed/parse.ts')) {
		context.skip(caseName, 'parseFeed 1k warm median', '≤ 60 ms', 'source/feed/parse.ts missing');
		context.skip(caseName, 'parse 10k peak RSS (fresh process)', 'report', 'source/feed/parse.ts missing');
		return;
	}

	const feed = await context.feed(1000);
	const temporary = context.makeEnv('parse');
	try {
		const result = await runCaseScript<WarmResult>('parse-inproc.ts', ['warm', feed.file, String(context.count(10, 3)), String(context.count(20, 5))], temporary.env);
		if (result.skip) {
			context.skip(caseName, 'parseFeed 1k warm median', '≤ 60 ms', result.skip);
		} else {
			const summary = summarize(result.times);
			console.log(`    ${result.posts} posts from ${(feed.bytes / 1024 / 1024).toFixed(2)} MB; first (cold) parse ${result.coldMs.toFixed(1)} ms; gc between samples: ${result.gc}`);
			if (result.warnings.length > 0) {
				console.log(`    warnings: ${result.warnings.join(' | ')}`);
			}

			context.add({
				case: caseName,
				name: 'parseFeed 1k warm median',
				measured: formatSummary(summary),
				target: '≤ 60 ms',
				value: summary.median,
				unit: 'ms',
				verdict: summary.median <= 60 ? 'ok' : 'over',
				note: `cpu median ${summarize(result.cpuTimes).median.toFixed(0)} ms; cold first parse ${result.coldMs.toFixed(0)} ms; ${(feed.bytes / 1024 / 1024 / (summary.median / 1000)).toFixed(0)} MB/s`,
			});
		}
	} catch (error) {
		context.add({case: caseName, name: 'parseFeed 1k warm median', measured: '-', target: '≤ 60 ms', verdict: 'error', note: errorNote(error)});
	}

	// 10,000 items (~63 MB): written to the temp dir only, not served.
	const file = path.join(context.root, 'feed-10000.xml');
	try {
		fs.writeFileSync(file, generateFeed({items: 10_000}));
		const runs: PeakResult[] = [];
		for (let i = 0; i < context.count(3, 1); i++) {
			const result = await runCaseScript<PeakResult>('parse-inproc.ts', ['peak', file], temporary.env);
			if (result.skip) {
				throw new Error(result.skip);
			}

			runs.push(result);
		}

		const peak = summarize(runs.map(r => r.peakMiB));
		const added = summarize(runs.map(r => r.addedMiB));
		const last = runs.at(-1)!;
		console.log(`    10k: ${last.posts} posts kept, input ${last.inputMiB.toFixed(1)} MB, cold parse ${formatSummary(summarize(runs.map(r => r.ms)), 'ms', 0)}; RSS before parse ${last.rssBeforeMiB.toFixed(0)} MiB (input string + tsx)`);
		if (last.warnings.length > 0) {
			console.log(`    warnings: ${last.warnings.join(' | ')}`);
		}

		context.add({
			case: caseName,
			name: 'parse 10k peak RSS (fresh process)',
			measured: `${peak.median.toFixed(0)} MiB peak, +${added.median.toFixed(0)} MiB by the parse (n=${runs.length})`,
			target: 'report',
			value: peak.median,
			unit: 'MiB',
			verdict: 'info',
			note: `peak includes the ${last.inputMiB.toFixed(0)} MB input string and tsx; +MB = VmHWM after parse − RSS before`,
		});
	} catch (error) {
		context.add({case: caseName, name: 'parse 10k peak RSS (fresh process)', measured: '-', target: 'report', verdict: 'error', note: errorNote(error)});
	} finally {
		fs.rmSync(file, {force: true});
	}
}
