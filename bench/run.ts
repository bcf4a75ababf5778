/**
`npm run bench`: the evnews benchmarks (perf-notes method). Prints figures and ratios against `node -e 0` and
against peers measured in the same run, then a summary table; writes the table as JSON to os.tmpdir().
Never fails on a missed target: benchmarks are not tests.
Options: EVNEWS_BENCH_QUICK=1 (few samples, smoke run); EVNEWS_BENCH_CASES=1,3 or `npm run bench -- scale` (only those cases).
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {abCompare, cleanupAbTimer, hasTime} from './ab-timer.js';
import {BenchContext, hasCli, stripCa} from './context.js';
import {run as runCliJson} from './cases/cli-json.js';
import {run as runColdFetch} from './cases/cold-fetch.js';
import {run as runParse} from './cases/parse.js';
import {run as runMarks} from './cases/marks.js';
import {run as runReader} from './cases/reader.js';
import {run as runFullText} from './cases/full-text.js';
import {run as runScale} from './cases/scale.js';

const cases: Array<{id: string; run: (context: BenchContext) => Promise<void>}> = [
	{id: '1', run: runCliJson},
	{id: '2', run: runColdFetch},
	{id: '3', run: runParse},
	{id: '4', run: runMarks},
	{id: '5', run: runReader},
	{id: '6', run: runFullText},
	{id: 'scale', run: runScale},
	{id: 'article', run: async context => (await import('./cases/article-open.js')).run(context)},
	{id: 'tree', run: async context => (await import('./cases/tree-inproc.js')).run(context)},
	{id: 'keys', run: async context => (await import('./cases/keypress-tmux.js')).run(context)},
];

function pad(text: string, width: number): string {
	return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

const started = Date.now();
const context = new BenchContext();
// `npm run bench -- scale` runs only the named cases, like EVNEWS_BENCH_CASES=scale.
const named = process.argv.slice(2).filter(argument => !argument.startsWith('-'));
const only = named.length > 0 ? named : process.env.EVNEWS_BENCH_CASES?.split(',').map(s => s.trim());
const load = os.loadavg().map(v => v.toFixed(2)).join(' ');
console.log(`evnews benchmarks — node ${process.version}, ${os.cpus().length} cores, load ${load}${context.quick ? ', QUICK mode' : ''}`);
console.log(`temp dir ${context.root}; dist/cli.js ${hasCli() ? 'present' : 'MISSING'}; /usr/bin/time ${hasTime ? 'present' : 'absent (no RSS/CPU)'}`);
console.log('Whole-process figures: interleaved A/B, median of per-pair ratios. Quote ratios, not ms (noisy cores).');

const stop = () => {
	cleanupAbTimer();
	void context.close().finally(() => process.exit(130));
};

process.once('SIGINT', stop);
process.once('SIGTERM', stop);

// Environment check: NODE_EXTRA_CA_CERTS shifts every Node start (see context.ts).
if (process.env.NODE_EXTRA_CA_CERTS) {
	const {env} = context.makeEnv('ca');
	const without = {...env};
	delete without.NODE_EXTRA_CA_CERTS;
	const withCa = {...env, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS};
	try {
		const result = await abCompare(
			{label: 'node -e 0 with NODE_EXTRA_CA_CERTS', argv: [process.execPath, '-e', '0'], env: withCa},
			{label: 'node -e 0 without', argv: [process.execPath, '-e', '0'], env: without},
			{pairs: context.count(6, 3), warmup: 1},
		);
		const extra = result.a.wall.median - result.b.wall.median;
		console.log(`NODE_EXTRA_CA_CERTS is set: node -e 0 takes ${result.a.wall.median.toFixed(0)} ms with it, ${result.b.wall.median.toFixed(0)} ms without (+${extra.toFixed(0)} ms per Node start). `
			+ (stripCa ? 'Removed from every measured process (EVNEWS_BENCH_STRIP_CA=1).' : 'Kept, like perf-notes\' runs; EVNEWS_BENCH_STRIP_CA=1 removes it (ratios against node -e 0 then grow).'));
		context.add({
			case: '0 env',
			name: 'node -e 0: with / without NODE_EXTRA_CA_CERTS',
			measured: `${result.a.wall.median.toFixed(0)} / ${result.b.wall.median.toFixed(0)} ms (+${extra.toFixed(0)} ms)`,
			target: 'info',
			value: extra,
			unit: 'ms',
			verdict: 'info',
			note: stripCa ? 'removed from measured processes' : 'kept in measured processes (as in perf-notes)',
		});
	} catch {}
}

try {
	for (const entry of cases) {
		if (only && !only.includes(entry.id)) {
			continue;
		}

		try {
			await entry.run(context);
		} catch (error) {
			context.add({case: entry.id, name: `case ${entry.id}`, measured: '-', target: '', verdict: 'error', note: (error as Error).message.split('\n')[0]!.slice(0, 200)});
		}
	}
} finally {
	await context.close();
	cleanupAbTimer();
}

const {rows} = context;
const headers = ['case', 'measurement', 'measured', 'target', 'verdict'];
const table = rows.map(row => [row.case, row.name, row.measured, row.target, row.verdict === 'over' ? 'OVER' : row.verdict]);
const widths = headers.map((header, i) => Math.min(90, Math.max(header.length, ...table.map(cells => cells[i]!.length))));
console.log(`\n== Summary (${((Date.now() - started) / 1000).toFixed(0)} s; load ${os.loadavg().map(v => v.toFixed(2)).join(' ')})`);
console.log(headers.map((header, i) => pad(header, widths[i]!)).join(' | '));
console.log(widths.map(width => '-'.repeat(width)).join('-|-'));
for (const cells of table) {
	console.log(cells.map((cell, i) => pad(cell, widths[i]!)).join(' | '));
}

const notes = rows.filter(row => row.note && (row.verdict === 'skip' || row.verdict === 'error'));
if (notes.length > 0) {
	console.log('\nSkipped / failed:');
	for (const row of notes) {
		console.log(`  ${row.case} ${row.name}: ${row.note!}`);
	}
}

const counts = {ok: 0, over: 0, skip: 0, info: 0, error: 0};
for (const row of rows) {
	counts[row.verdict]++;
}

console.log(`\n${counts.ok} within target, ${counts.over} over target, ${counts.info} informational, ${counts.skip} skipped, ${counts.error} errors.`);
const jsonFile = path.join(os.tmpdir(), `evnews-bench-${new Date().toISOString().replaceAll(/[:.]/g, '-')}.json`);
fs.writeFileSync(jsonFile, JSON.stringify({
	date: new Date().toISOString(),
	node: process.version,
	cores: os.cpus().length,
	loadavg: os.loadavg(),
	quick: context.quick,
	rows,
}, null, '\t') + '\n');
console.log(`JSON: ${jsonFile}`);
