/**
Case scale (issue 8): every figure of the table in one run, each with the load average.
- The cache at library size, filled in process through the store modules (writeSnapshot, then the index: about
  10 s for 1,000 feeds × 100 posts, instead of 1,000 HTTP fetches): one body read; `--json --offline`, the plain
  `--offline` list and `unread` at 100 × 100 against `node -e 0`; the reader's first frame at 10,000 and 100,000 posts; its RSS after
  200 opened articles; keypress → frame at 100,000 posts in process (scale-reader.ts).
- `--json` and `--json --offline` on a 50-item feed against `node -e 0`.
- Refreshes on loopback against `newsboat -x reload` (scale-refresh.ts): cold and warm 100 × 100, 1,000 × 10 warm,
  a cold 1,000-item feed.
Every whole-process figure is printed with NODE_EXTRA_CA_CERTS and without it when it is set (EVNEWS_BENCH_STRIP_CA=1:
only without). EVNEWS_BENCH_SCALE_PARTS=cache,reader,refresh runs only those parts (reader = frames,opens,keypress).
Run alone with `npm run bench -- scale`.
*/
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {runProcess} from '../ab-timer.js';
import {cliPath, hasCli, onPath, type BenchContext, type TempEnv} from '../context.js';
import {median} from '../stats.js';
import {Tmux} from '../tmux.js';
import {readBody} from '../../source/store/cache.js';
import {runRefreshes} from './scale-refresh.js';
import {runReader} from './scale-reader.js';
import {caseName, caVariants, fillCache, load, versusNode, writeConfig} from './scale-util.js';

function bodyRead(context: BenchContext): void {
	const temporary = context.makeEnv('scale-body');
	const [url] = fillCache(temporary.cache, {feeds: 1, posts: 1000, bodyBytes: 6000});
	const samples: number[] = [];
	for (let round = 0; round < context.count(400, 50); round++) {
		const id = `f0p${Math.floor(Math.random() * 1000)}`;
		const start = performance.now();
		const found = readBody(url!, id, temporary.cache);
		samples.push(performance.now() - start);
		if (!found) {
			throw new Error(`no body for ${id}`);
		}
	}

	const value = median(samples);
	context.add({case: caseName, name: 'one body read, 1,000-post feed (6 KB bodies)', measured: `${value.toFixed(3)} ms median, n=${samples.length} (load ${load()})`, target: '≤ 2 ms', value, unit: 'ms', verdict: value <= 2 ? 'ok' : 'over'});
}

function filled(context: BenchContext, name: string, feeds: number, posts: number): TempEnv {
	const temporary = context.makeEnv(name);
	const started = performance.now();
	const urls = fillCache(temporary.cache, {feeds, posts, bodyBytes: feeds > 100 ? 600 : 2000});
	writeConfig(temporary.env, urls);
	const index = fs.statSync(path.join(temporary.cache, 'library-index.json')).size;
	console.log(`    cache ${feeds} feeds × ${posts} posts written through the store in ${((performance.now() - started) / 1000).toFixed(1)} s; library-index.json ${(index / 1e6).toFixed(1)} MB`);
	return temporary;
}

async function cacheFigures(context: BenchContext, tenThousand: TempEnv): Promise<void> {
	for (const {tag, env} of caVariants(tenThousand.env)) {
		await versusNode(context, {name: `--json --offline, 100×100${tag}`, target: 3, spec: {label: `evnews --json --offline${tag}`, argv: [process.execPath, cliPath, '--json', '--offline'], env}, note: 'prints 10,000 posts'});
		// The issue's own case: `evnews --offline` with stdout not a terminal prints the plain list.
		await versusNode(context, {name: `--offline (plain list), 100×100${tag}`, target: 3, spec: {label: `evnews --offline${tag}`, argv: [process.execPath, cliPath, '--offline'], env}, note: 'prints 10,000 lines'});
		await versusNode(context, {name: `unread, 100×100${tag}`, target: 1.5, spec: {label: `evnews unread${tag}`, argv: [process.execPath, cliPath, 'unread'], env}});
	}

	const feed = await context.feed(50);
	const fifty = context.makeEnv('scale-json50');
	for (const {tag, env} of caVariants(fifty.env)) {
		await versusNode(context, {
			name: `--json, 50 items${tag}`, target: 2.2, spec: {
				label: `evnews --json (50, cold)${tag}`, argv: [process.execPath, cliPath, '--json', '--feed', feed.url], env,
				before() {
					fs.rmSync(fifty.cache, {recursive: true, force: true});
				},
			},
		});
	}

	await runProcess({label: 'fill', argv: [process.execPath, cliPath, '--json', '--feed', feed.url], env: fifty.env});
	for (const {tag, env} of caVariants(fifty.env)) {
		await versusNode(context, {name: `--json --offline, 50 items${tag}`, target: 1.6, spec: {label: `evnews --json --offline (50)${tag}`, argv: [process.execPath, cliPath, '--json', '--offline', '--feed', feed.url], env}});
	}
}

export async function run(context: BenchContext): Promise<void> {
	console.log(`\n== Case ${caseName}: 100 × 100, 1,000 × 10 and 100,000 posts (load ${load()})`);
	const parts = new Set((process.env.EVNEWS_BENCH_SCALE_PARTS ?? 'cache,reader,refresh').split(','));
	bodyRead(context);
	if (!hasCli()) {
		context.skip(caseName, 'whole-process figures', '', 'dist/cli.js missing (run `npm run build`)');
		return;
	}

	const tenThousand = filled(context, 'scale-100x100', 100, 100);
	if (parts.has('cache')) {
		await cacheFigures(context, tenThousand);
	}

	const reader = {frames: parts.has('reader') || parts.has('frames'), opens: parts.has('reader') || parts.has('opens'), keypress: parts.has('reader') || parts.has('keypress')};
	if (reader.frames || reader.opens || reader.keypress) {
		let tmux: Tmux | undefined;
		if (onPath('tmux')) {
			const temporary = context.makeEnv('scale-tmux');
			tmux = new Tmux(temporary.dir, temporary.env);
			context.onClose(async () => tmux?.close());
		}

		try {
			await runReader(context, tmux, {tenThousand, hundredThousand: () => filled(context, 'scale-1000x100', 1000, 100)}, reader);
		} finally {
			await tmux?.close();
		}
	}

	if (parts.has('refresh')) {
		await runRefreshes(context);
	}
}
