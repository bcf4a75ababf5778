/** Case 6: full-text extraction of a 130 KB page, in process, warm (target ≤ 150 ms). */
import {runCaseScript, sourceExists, type BenchContext} from '../context.js';
import {formatSummary, summarize} from '../stats.js';
import {errorNote} from './format.js';

const caseName = '6 full text';
const name = 'full-text extraction 130 KB page warm';
const target = '≤ 150 ms';

type Result = {skip?: string; pageBytes: number; markdownChars: number; coldMs: number; times: number[]; cpuTimes: number[]; afterGcTimes: number[]};

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: reader-mode extraction`);
	if (!sourceExists('article/full-text.ts')) {
		context.skip(caseName, name, target, 'source/article/full-text.ts missing');
		return;
	}

	try {
		const temporary = context.makeEnv('full-text');
		const result = await runCaseScript<Result>('full-text-inproc.ts', [String(context.count(5, 2)), String(context.count(20, 5))], temporary.env);
		if (result.skip) {
			context.skip(caseName, name, target, result.skip);
			return;
		}

		const summary = summarize(result.times);
		context.add({
			case: caseName,
			name,
			measured: formatSummary(summary),
			target,
			value: summary.median,
			unit: 'ms',
			verdict: summary.median <= 150 ? 'ok' : 'over',
			note: `${(result.pageBytes / 1024).toFixed(0)} KB page, linkedom + Readability + sanitizer + turndown, no network; cpu median ${summarize(result.cpuTimes).median.toFixed(0)} ms; cold ${result.coldMs.toFixed(0)} ms; right after a forced full GC ${summarize(result.afterGcTimes).median.toFixed(0)} ms; ${result.markdownChars} markdown chars`,
		});
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target, verdict: 'error', note: errorNote(error)});
	}
}
