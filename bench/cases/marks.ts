/** Case 4: read-marks with 100,000 marks on file: load time and mark-one-read time (in a fresh child process). */
import {runCaseScript, sourceExists, type BenchContext} from '../context.js';
import {formatSummary, summarize} from '../stats.js';
import {errorNote} from './format.js';

const caseName = '4 marks';

type MarksResult = {
	skip?: string;
	fillMs: number;
	files: Array<{name: string; bytes: number}>;
	loadTimes: number[];
	loadCpuTimes: number[];
	loadedOk: boolean;
	markTimes: number[];
	markedOk: boolean;
	persisted: boolean;
	settleKind: string;
	methods: string[];
};

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: 100,000 marks on file`);
	if (!sourceExists('store/marks.ts')) {
		context.skip(caseName, 'load 100k marks', '≤ 50 ms', 'source/store/marks.ts missing');
		context.skip(caseName, 'mark one read (100k on file)', '≤ 5 ms', 'source/store/marks.ts missing');
		return;
	}

	const temporary = context.makeEnv('marks');
	try {
		const result = await runCaseScript<MarksResult>('marks-inproc.ts', ['100000', String(context.count(20, 5)), String(context.count(50, 10))], temporary.env);
		if (result.skip) {
			context.skip(caseName, 'load 100k marks', '≤ 50 ms', result.skip);
			context.skip(caseName, 'mark one read (100k on file)', '≤ 5 ms', result.skip);
			return;
		}

		const bytes = result.files.reduce((sum, file) => sum + file.bytes, 0);
		console.log(`    store methods: ${result.methods.join(', ')}; filled in ${result.fillMs.toFixed(0)} ms; files: ${result.files.map(f => `${f.name} ${(f.bytes / 1024).toFixed(0)} KB`).join(', ') || '(none found)'}`);
		console.log(`    checks: loaded marks seen ${result.loadedOk}, new mark seen ${result.markedOk}, persisted after reopen ${result.persisted}; write settled by ${result.settleKind}`);
		const load = summarize(result.loadTimes);
		context.add({
			case: caseName,
			name: 'load 100k marks',
			measured: formatSummary(load),
			target: '≤ 50 ms',
			value: load.median,
			unit: 'ms',
			verdict: load.median <= 50 && result.loadedOk ? 'ok' : 'over',
			note: `openMarks + isRead, cpu median ${summarize(result.loadCpuTimes).median.toFixed(0)} ms, ${(bytes / 1024 / 1024).toFixed(1)} MB on file${result.loadedOk ? '' : '; isRead of a stored id was not true'}`,
		});
		const mark = summarize(result.markTimes);
		context.add({
			case: caseName,
			name: 'mark one read (100k on file)',
			measured: formatSummary(mark, 'ms', 2),
			target: '≤ 5 ms',
			value: mark.median,
			unit: 'ms',
			verdict: mark.median <= 5 && result.markedOk ? 'ok' : 'over',
			note: `markRead([id])${result.settleKind === 'none' ? '' : ' + ' + result.settleKind + '()'}${result.persisted ? '' : '; not persisted after reopen'}`,
		});
	} catch (error) {
		context.add({case: caseName, name: 'load 100k marks', measured: '-', target: '≤ 50 ms', verdict: 'error', note: errorNote(error)});
	}
}
