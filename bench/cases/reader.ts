/**
Case 5: the reader.
- First frame from the cache: time until a known title appears in a tmux pane, interleaved with
  `node -e "console.log('READY')"` polled the same way; ratio per pair.
- Keypress to frame with 10,000 posts (in-process, fake stdout).
- renderArticle on a 100 KB article, warm.
- Peak RSS of the reader with 10,000 posts in the cache (VmHWM before it is killed).
*/
import fs from 'node:fs';
import process from 'node:process';
import {runProcess} from '../ab-timer.js';
import {cliPath, hasCli, onPath, stripCa, projectDirectory, runCaseScript, sourceExists, type BenchContext, type TempEnv} from '../context.js';
import {generateItems} from '../generate-feed.js';
import {formatSummary, summarize} from '../stats.js';
import {peakRssOf, shellQuote, Tmux} from '../tmux.js';
import {errorNote, ratioText} from './format.js';
import {importSource} from './inproc-util.js';

const caseName = '5 reader';

export function paneCommand(temporary: TempEnv, argv: string[]): string {
	const vars = ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME'].map(key => `${key}=${shellQuote(temporary.env[key]!)}`);
	return `cd ${shellQuote(projectDirectory)} && exec env -u CI -u FORCE_COLOR -u NODE_OPTIONS${stripCa ? ' -u NODE_EXTRA_CA_CERTS' : ''} NO_COLOR=1 ${vars.join(' ')} ${argv.map(a => shellQuote(a)).join(' ')}`;
}

/** The title text a reader list shows for item 0 of a generated feed, up to the colon (plain ASCII). */
function markerOf(title: string): string {
	return title.slice(0, title.indexOf(':'));
}

/** Arguments that open the reader on one feed. */
function readerArgs(url: string): string[] {
	return [cliPath, '--feed', url];
}

async function firstFrame(context: BenchContext, tmux: Tmux): Promise<void> {
	const name = 'first frame / node -e 0 (tmux)';
	const feed = await context.feed(50);
	const temporary = context.makeEnv('reader');
	const fill = await runProcess({label: 'fill cache', argv: [process.execPath, cliPath, '--json', '--feed', feed.url], env: temporary.env});
	if (fill.code !== 0) {
		context.add({case: caseName, name, measured: '-', target: '≤ 5×', verdict: 'error', note: `filling the cache failed: ${fill.stderr.split('\n')[0] ?? ''}`});
		return;
	}

	const marker = markerOf(generateItems({items: 1, contentBytes: 10})[0]!.title);
	const reader = paneCommand(temporary, [process.execPath, ...readerArgs(feed.url)]);
	// Stays alive after printing (like the reader), so tmux never races a dead pane; the session is killed anyway.
	const baseline = paneCommand(temporary, [process.execPath, '-e', 'console.log(\'READY\'); setTimeout(() => {}, 30_000)']);
	const pairs = context.count(10, 3);
	const readerTimes: number[] = [];
	const baseTimes: number[] = [];
	const ratios: number[] = [];
	let lastScreen = '';
	for (let i = 0; i < pairs + 2; i++) {
		const order = i % 2 === 0 ? ['reader', 'base'] : ['base', 'reader'];
		const got: Record<string, number> = {};
		for (const which of order) {
			const run = which === 'reader' ? await tmux.timeUntil(reader, marker) : await tmux.timeUntil(baseline, 'READY');
			if (!run.found) {
				lastScreen = run.screen;
				const firstLine = run.screen.split('\n').find(line => line.trim() !== '')?.trim().slice(0, 120) ?? '(blank screen)';
				context.add({case: caseName, name, measured: '-', target: '≤ 5×', verdict: 'error', note: `${which === 'reader' ? `"${marker}"` : 'READY'} not seen within 15 s; screen: ${firstLine}`});
				if (process.env.EVNEWS_BENCH_DEBUG) {
					console.log(lastScreen);
				}

				return;
			}

			got[which] = run.ms;
		}

		if (i >= 2) {
			readerTimes.push(got.reader!);
			baseTimes.push(got.base!);
			ratios.push(got.reader! / got.base!);
		}
	}

	const ratio = summarize(ratios);
	console.log(`    reader: ${formatSummary(summarize(readerTimes))}; node -e READY: ${formatSummary(summarize(baseTimes))}; marker "${marker}"`);
	context.add({
		case: caseName,
		name,
		measured: `${ratioText(ratio.median)} (${summarize(readerTimes).median.toFixed(0)} vs ${summarize(baseTimes).median.toFixed(0)} ms, ratio ${ratio.min.toFixed(2)}–${ratio.max.toFixed(2)}, n=${ratio.n})`,
		target: '≤ 5×',
		value: ratio.median,
		unit: '×',
		verdict: ratio.median <= 5 ? 'ok' : 'over',
		note: '50 posts in the cache; capture-pane polled every 5 ms',
	});
}

async function bigCacheRss(context: BenchContext, tmux: Tmux): Promise<void> {
	const name = 'reader peak RSS, 10k posts cached';
	const cache = await importSource('store/cache.ts');
	const writeSnapshot = cache?.writeSnapshot as ((snapshot: unknown, content: unknown, cacheDirectory?: string) => void) | undefined;
	if (typeof writeSnapshot !== 'function') {
		context.skip(caseName, name, '≤ 150 MB', 'source/store/cache.ts writeSnapshot missing');
		return;
	}

	const server = await context.startServer();
	// 10 feeds × 1,000 posts (a feed keeps at most limits.maxItems = 1,000). Not served (404): the reader keeps the
	// cached snapshots, as after failed fetches.
	const temporary = context.makeEnv('reader-10k');
	const urls: string[] = [];
	let newestTitle = '';
	for (let feedIndex = 0; feedIndex < 10; feedIndex++) {
		const url = `${server.origin}/big-cache-${feedIndex}.xml`;
		urls.push(url);
		const items = generateItems({
			items: 1000,
			contentBytes: 300,
			seed: 42 + feedIndex,
			site: `https://volt${feedIndex}.example`,
			// Feed 0's first item stays the newest of all.
			newest: new Date(Date.UTC(2026, 10, 25, 22, 15, 0) - feedIndex * 60_000),
		});
		newestTitle ||= items[0]!.title;
		const id = (item: (typeof items)[number]) => `${feedIndex.toString(16)}${item.postId.toString(16).padStart(15, '0')}`;
		const posts = items.map(item => ({
			id: id(item),
			guid: item.guid,
			title: item.title,
			link: item.link,
			author: item.author,
			published: item.published,
			updated: null,
			categories: item.categories,
			summary: 'A short summary of the post, about as long as a WordPress excerpt trimmed for the list view, give or take.',
			image: null,
			feed: {title: `The Volt ${feedIndex} – EV news`, url},
		}));
		const content = Object.fromEntries(items.map(item => [id(item), {html: item.contentHtml, base: item.link}]));
		writeSnapshot({
			version: 1,
			url,
			title: `The Volt ${feedIndex} – EV news`,
			link: `https://volt${feedIndex}.example/`,
			posts,
			validators: {},
			lastSuccess: new Date().toISOString(),
			lastError: null,
			nextAllowed: null,
			lastAttempt: new Date().toISOString(),
		}, content, temporary.cache);
	}

	const marker = markerOf(newestTitle);
	const peaks: number[] = [];
	const times: number[] = [];
	for (let i = 0; i < context.count(3, 1); i++) {
		let peak = Number.NaN;
		const run = await tmux.timeUntil(paneCommand(temporary, [process.execPath, cliPath, ...urls.flatMap(url => ['--feed', url])]), marker, {
			async whileUp(pid) {
				// Let it settle (refresh attempt, timers), then read the peak before it is killed.
				await new Promise(resolve => {
					setTimeout(resolve, 1000);
				});
				peak = peakRssOf(pid);
			},
		});
		if (!run.found) {
			const firstLine = run.screen.split('\n').find(line => line.trim() !== '')?.trim().slice(0, 120) ?? '(blank screen)';
			context.add({case: caseName, name, measured: '-', target: '≤ 150 MB', verdict: 'error', note: `"${marker}" not seen; screen: ${firstLine}`});
			return;
		}

		times.push(run.ms);
		peaks.push(peak);
	}

	const peak = summarize(peaks);
	context.add({
		case: caseName,
		name,
		measured: `${peak.median.toFixed(0)} MiB = ${(peak.median * 1.048_576).toFixed(0)} MB (${peak.min.toFixed(0)}–${peak.max.toFixed(0)} MiB, n=${peak.n})`,
		target: '≤ 150 MB',
		value: peak.median,
		unit: 'MiB',
		verdict: peak.median * 1.048_576 <= 150 ? 'ok' : 'over',
		note: `10 feeds × 1,000 posts cached; VmHWM 1 s after the first frame; first frame ${summarize(times).median.toFixed(0)} ms`,
	});
}

type KeypressResult = {skip?: string; mode: string; times: number[]; missed: number; appError?: string; reducerTimes?: number[]};
type RenderResult = {skip?: string; htmlBytes: number; results: Record<string, {coldMs: number; times: number[]; cpuTimes: number[]; cachedTimes: number[]; lines: number; links: number}>};

async function keypress(context: BenchContext): Promise<void> {
	const name = 'keypress → frame, 10k posts';
	if (!sourceExists('ui/state.ts') && !fs.existsSync(`${projectDirectory}/source/ui/app.tsx`)) {
		context.skip(caseName, name, '≤ 16 ms', 'no App and no reducer under source/ui yet');
		return;
	}

	try {
		const temporary = context.makeEnv('keypress');
		// NODE_ENV=production like the shipped bundle (React's development build is several times slower).
		const result = await runCaseScript<KeypressResult>('keypress-inproc.tsx', ['10000', String(context.count(30, 8))], {...temporary.env, NODE_ENV: 'production'});
		if (result.skip) {
			context.skip(caseName, name, '≤ 16 ms', result.skip);
			return;
		}

		const summary = summarize(result.times);
		const full = !result.mode.startsWith('reducer');
		context.add({
			case: caseName,
			name: full ? name : 'keypress → state+view (no Ink), 10k posts',
			measured: formatSummary(summary, 'ms', 2),
			target: '≤ 16 ms',
			value: summary.median,
			unit: 'ms',
			verdict: summary.median <= 16 ? (full ? 'ok' : 'info') : 'over',
			note: `${result.mode}${result.missed ? `; ${result.missed} keys gave no frame within 1 s` : ''}${result.appError ? `; App failed: ${result.appError.slice(0, 100)}` : ''}`,
		});
		if (full && result.reducerTimes) {
			const reducer = summarize(result.reducerTimes);
			context.add({
				case: caseName,
				name: 'keypress → state+view only, 10k posts',
				measured: formatSummary(reducer, 'ms', 2),
				target: 'info',
				value: reducer.median,
				unit: 'ms',
				verdict: 'info',
				note: 'reduce() + viewOf() without Ink: the rest of the frame time is React + Ink layout/output',
			});
		}
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target: '≤ 16 ms', verdict: 'error', note: errorNote(error)});
	}
}

async function article(context: BenchContext): Promise<void> {
	const name = 'renderArticle 100 KB warm';
	if (!sourceExists('article/render-article.ts')) {
		context.skip(caseName, name, '≤ 50 ms', 'source/article/render-article.ts missing');
		return;
	}

	try {
		const temporary = context.makeEnv('article');
		const result = await runCaseScript<RenderResult>('render-inproc.ts', [String(context.count(5, 2)), String(context.count(20, 5))], temporary.env);
		if (result.skip) {
			context.skip(caseName, name, '≤ 50 ms', result.skip);
			return;
		}

		for (const [mode, data] of Object.entries(result.results)) {
			const summary = summarize(data.times);
			const diagnostic = mode === 'plain-no-code';
			context.add({
				case: caseName,
				name: `${name} (${mode === 'color' ? 'color' : (diagnostic ? 'no color, no code blocks' : 'no color')})`,
				measured: formatSummary(summary),
				target: diagnostic ? 'info' : '≤ 50 ms',
				value: summary.median,
				unit: 'ms',
				verdict: diagnostic ? 'info' : (summary.median <= 50 ? 'ok' : 'over'),
				note: `${diagnostic ? 'same size, no <pre>' : `${(result.htmlBytes / 1024).toFixed(0)} KB HTML, 20 unlabelled code blocks`}, width 100, a distinct body each call; cpu median ${summarize(data.cpuTimes).median.toFixed(0)} ms; cold ${data.coldMs.toFixed(0)} ms; same body repeated ${summarize(data.cachedTimes).median.toFixed(1)} ms; ${data.lines} lines, ${data.links} links`,
			});
		}
	} catch (error) {
		context.add({case: caseName, name, measured: '-', target: '≤ 50 ms', verdict: 'error', note: errorNote(error)});
	}
}

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: first frame, keypress, article render, memory`);
	const tmuxPath = onPath('tmux');
	if (!hasCli()) {
		context.skip(caseName, 'first frame / node -e 0 (tmux)', '≤ 5×', 'dist/cli.js missing (run `npm run build`)');
		context.skip(caseName, 'reader peak RSS, 10k posts cached', '≤ 150 MB', 'dist/cli.js missing');
	} else if (tmuxPath) {
		const temporary = context.makeEnv('tmux');
		const tmux = new Tmux(temporary.dir, temporary.env);
		context.onClose(async () => tmux.close());
		try {
			await firstFrame(context, tmux).catch((error: unknown) => {
				context.add({case: caseName, name: 'first frame / node -e 0 (tmux)', measured: '-', target: '≤ 5×', verdict: 'error', note: errorNote(error)});
			});
			await bigCacheRss(context, tmux).catch((error: unknown) => {
				context.add({case: caseName, name: 'reader peak RSS, 10k posts cached', measured: '-', target: '≤ 150 MB', verdict: 'error', note: errorNote(error)});
			});
		} finally {
			await tmux.close();
		}
	} else {
		context.skip(caseName, 'first frame / node -e 0 (tmux)', '≤ 5×', 'tmux not on PATH');
		context.skip(caseName, 'reader peak RSS, 10k posts cached', '≤ 150 MB', 'tmux not on PATH');
	}

	await keypress(context);
	await article(context);
}
