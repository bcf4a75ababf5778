/**
Case 2: cold fetch and parse of a generated 1,000-item (~6 MB) WordPress feed: `evnews --json --feed <url>`
with an empty cache each run (stdout to /dev/null), against `newsboat -x reload` on the same URL with a fresh
cache each run, interleaved. Without newsboat, evnews is still measured against `node -e 0` for information.
*/
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {abCompare, type ProcessSpec} from '../ab-timer.js';
import {cliPath, hasCli, onPath, type BenchContext} from '../context.js';
import {errorNote, mib, printAb, ratioText} from './format.js';

const caseName = '2 cold 1k';
// Perf-notes §5: newsboat 2.21 cold reload of a 1,000-item feed, other run, for orientation only.
const newsboatReferenceMs = 311;

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: cold fetch + parse of a 1,000-item feed, vs newsboat -x reload`);
	if (!hasCli()) {
		context.skip(caseName, 'cold --json 1k / newsboat reload', '≤ 1.0×', 'dist/cli.js missing (run `npm run build`)');
		return;
	}

	const feed = await context.feed(1000);
	console.log(`    feed: ${(feed.bytes / 1024 / 1024).toFixed(2)} MB, ${feed.url}`);
	const temporary = context.makeEnv('cold');
	const evnews: ProcessSpec = {
		label: 'evnews --json (cold, 1k)',
		argv: [process.execPath, cliPath, '--json', '--feed', feed.url],
		env: temporary.env,
		before() {
			fs.rmSync(temporary.cache, {recursive: true, force: true});
		},
	};
	const newsboat = onPath('newsboat');
	if (newsboat) {
		const nb = path.join(temporary.dir, 'newsboat');
		fs.mkdirSync(nb, {recursive: true});
		fs.writeFileSync(path.join(nb, 'urls'), feed.url + '\n');
		fs.writeFileSync(path.join(nb, 'config'), '');
		const cache = path.join(nb, 'cache.db');
		const spec: ProcessSpec = {
			label: 'newsboat -x reload (cold)',
			argv: [newsboat, '-q', '-u', path.join(nb, 'urls'), '-c', cache, '-C', path.join(nb, 'config'), '-x', 'reload'],
			env: temporary.env,
			before() {
				fs.rmSync(cache, {force: true});
				fs.rmSync(cache + '.lock', {force: true});
			},
		};
		try {
			const served = context.server!.counts.ok;
			const pairs = context.count(20);
			const result = await abCompare(evnews, spec, {pairs, warmup: 3});
			printAb(result, evnews.label, spec.label);
			// Sanity: every run of both sides fetched the whole feed, and newsboat stored it.
			let database = 'missing';
			try {
				database = `${(fs.statSync(cache).size / 1024 / 1024).toFixed(1)} MB`;
			} catch {}

			console.log(`    server sent the full feed ${context.server!.counts.ok - served} times (expected ${2 * (pairs + 3)}); newsboat's last cache.db: ${database}`);
			context.add({
				case: caseName,
				name: 'cold --json 1k / newsboat reload',
				measured: `${ratioText(result.ratio.median)} (${result.a.wall.median.toFixed(0)} vs ${result.b.wall.median.toFixed(0)} ms, n=${result.pairs}; peak ${mib(result.a.peakMiB.median)} vs ${mib(result.b.peakMiB.median)})`,
				target: '≤ 1.0×',
				value: result.ratio.median,
				unit: '×',
				verdict: result.ratio.median <= 1 ? 'ok' : 'over',
			});
		} catch (error) {
			context.add({case: caseName, name: 'cold --json 1k / newsboat reload', measured: '-', target: '≤ 1.0×', verdict: 'error', note: errorNote(error)});
		}

		return;
	}

	context.skip(caseName, 'cold --json 1k / newsboat reload', '≤ 1.0×', 'newsboat not on PATH');
	// Still worth a figure: the same cold run against node -e 0 (fewer pairs).
	try {
		const baseline: ProcessSpec = {label: 'node -e 0', argv: [process.execPath, '-e', '0'], env: temporary.env};
		const result = await abCompare(evnews, baseline, {pairs: context.count(10, 3), warmup: 2});
		printAb(result, evnews.label, baseline.label);
		context.add({
			case: caseName,
			name: 'cold --json 1k / node -e 0',
			measured: `${ratioText(result.ratio.median)} (${result.a.wall.median.toFixed(0)} ms, ${result.a.wall.min.toFixed(0)}–${result.a.wall.max.toFixed(0)}, n=${result.pairs}; peak ${mib(result.a.peakMiB.median)})`,
			target: 'info',
			value: result.ratio.median,
			unit: '×',
			verdict: 'info',
			note: `newsboat absent; perf-notes' newsboat cold reload was ${newsboatReferenceMs} ms on another run: ${(result.a.wall.median / newsboatReferenceMs).toFixed(2)}× (indicative only)`,
		});
	} catch (error) {
		context.add({case: caseName, name: 'cold --json 1k / node -e 0', measured: '-', target: 'info', verdict: 'error', note: errorNote(error)});
	}
}
