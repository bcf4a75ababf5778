/**
The scale group's refreshes on loopback, against `newsboat -x reload` in the same run:
cold 100 × 100 (wall and peak RSS), warm 100 × 100 (every feed answers 304), 1,000 × 10 warm (CPU ms per feed)
and a cold 1,000-item feed. The feeds are spread over 8 loopback addresses (127.0.0.1–8), each its own server,
so that evnews's per-host limit (2) does not serialise them as one site would.
newsboat gets `reload-threads 8` (evnews fetches 8 at once) and a temp HOME, `-u urls -c cache.db -C config`.
evnews refreshes with `--json --limit 1`: every feed is fetched, parsed and stored, and one post is printed, as
newsboat's reload prints nothing (printing all 10,000 posts is the `--json --offline` figure).
*/
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {abCompare, runProcess, type ProcessSpec} from '../ab-timer.js';
import {cliPath, onPath, type BenchContext, type TempEnv} from '../context.js';
import {generateFeed} from '../generate-feed.js';
import {startFeedServer, type FeedServer} from '../serve.js';
import {errorNote, mib, printAb, ratioText} from './format.js';
import {caseName, caVariants, load, writeConfig, type CaVariant} from './scale-util.js';

const hosts = 8;

type Library = {urls: string[]; servers: FeedServer[]; bytes: number};

async function serveLibrary(context: BenchContext, feeds: number, items: number): Promise<Library> {
	const servers: FeedServer[] = [];
	for (let host = 1; host <= hosts; host++) {
		const server = await startFeedServer(`127.0.0.${host}`);
		context.onClose(async () => server.close());
		servers.push(server);
	}

	const urls: string[] = [];
	let bytes = 0;
	for (let feed = 0; feed < feeds; feed++) {
		const server = servers[feed % hosts]!;
		const pathname = `/lib-${feeds}x${items}/feed-${feed}.xml`;
		const text = generateFeed({items, contentBytes: 2000, seed: 1000 + feed, site: `https://site${feed}.example`, selfUrl: server.origin + pathname, title: `Site ${feed}`});
		bytes += Buffer.byteLength(text);
		urls.push(server.add(pathname, text));
	}

	return {urls, servers, bytes};
}

const served = (library: Library) => library.servers.reduce((sum, server) => sum + server.counts.ok, 0);
const notModified = (library: Library) => library.servers.reduce((sum, server) => sum + server.counts.notModified, 0);

type Sides = {env: NodeJS.ProcessEnv; evnews: (variant: CaVariant) => ProcessSpec; newsboat: ProcessSpec | undefined};

function newsboatSpec(temporary: TempEnv, urls: string[], cold: boolean): ProcessSpec | undefined {
	const newsboat = onPath('newsboat');
	if (!newsboat) {
		return undefined;
	}

	const directory = path.join(temporary.dir, 'newsboat');
	fs.mkdirSync(directory, {recursive: true});
	fs.writeFileSync(path.join(directory, 'urls'), urls.join('\n') + '\n');
	fs.writeFileSync(path.join(directory, 'config'), 'reload-threads 8\n');
	const cache = path.join(directory, 'cache.db');
	return {
		label: `newsboat -x reload (${cold ? 'cold' : 'warm'})`,
		argv: [newsboat, '-q', '-u', path.join(directory, 'urls'), '-c', cache, '-C', path.join(directory, 'config'), '-x', 'reload'],
		env: temporary.env,
		before: cold
			? () => {
				fs.rmSync(cache, {force: true});
				fs.rmSync(cache + '.lock', {force: true});
			}
			: undefined,
	};
}

function sides(temporary: TempEnv, urls: string[], cold: boolean, label: string): Sides {
	return {
		env: temporary.env,
		evnews: variant => ({
			label: `evnews --json --limit 1 (${label})${variant.tag}`,
			argv: [process.execPath, cliPath, '--json', '--limit', '1'],
			env: variant.env,
			before: cold
				? () => {
					fs.rmSync(temporary.cache, {recursive: true, force: true});
				}
				: undefined,
		}),
		newsboat: newsboatSpec(temporary, urls, cold),
	};
}

type Figure = {name: string; target: string; limit?: number; rssLimitMiB?: number; pairs: number};

/** Evnews against newsboat for each CA variant; without newsboat, evnews alone (for its wall, CPU and peak). */
async function againstNewsboat(context: BenchContext, figure: Figure, both: Sides, library: Library): Promise<void> {
	for (const variant of caVariants(both.env)) {
		const evnews = both.evnews(variant);
		const name = `${figure.name}${variant.tag}`;
		try {
			const before = load();
			const sentBefore = served(library);
			const revalidatedBefore = notModified(library);
			if (!both.newsboat) {
				const run = await runProcess(evnews, {timeoutMs: 120_000});
				context.add({
					case: caseName, name, measured: `evnews ${run.wallMs.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms cpu, peak ${mib(run.peakMiB)} (load ${before})`,
					target: figure.target, verdict: 'skip', note: 'newsboat not on PATH: no ratio (install it from the Debian archive: apt-get install newsboat)',
				});
				continue;
			}

			const result = await abCompare(evnews, both.newsboat, {pairs: figure.pairs, warmup: 1, timeoutMs: 120_000});
			printAb(result, evnews.label, both.newsboat.label);
			console.log(`    server: ${served(library) - sentBefore} full answers, ${notModified(library) - revalidatedBefore} × 304 (both sides, warm-up included)`);
			const ratio = result.ratio.median;
			const peak = result.a.peakMiB.median;
			const overWall = figure.limit !== undefined && ratio > figure.limit;
			const overRss = figure.rssLimitMiB !== undefined && peak * 1.048_576 > figure.rssLimitMiB;
			context.add({
				case: caseName, name: `${name} / newsboat`,
				measured: `${ratioText(ratio)} wall, ${ratioText(result.cpuRatio.median)} cpu (${result.a.wall.median.toFixed(0)} vs ${result.b.wall.median.toFixed(0)} ms; peak ${mib(peak)} vs ${mib(result.b.peakMiB.median)}; n=${result.pairs}; load ${before}→${load()})`,
				target: figure.target, value: ratio, unit: '×', verdict: figure.limit === undefined ? 'info' : (overWall || overRss ? 'over' : 'ok'),
			});
		} catch (error) {
			context.add({case: caseName, name, measured: '-', target: figure.target, verdict: 'error', note: errorNote(error)});
		}
	}
}

/** Warm 1,000 × 10: the CPU a refresh costs per feed when every feed answers 304. */
async function warmThousand(context: BenchContext): Promise<void> {
	const library = await serveLibrary(context, 1000, 10);
	const temporary = context.makeEnv('scale-1000x10');
	writeConfig(temporary.env, library.urls);
	const fill = await runProcess({label: 'fill', argv: [process.execPath, cliPath, '--json'], env: temporary.env}, {timeoutMs: 180_000});
	console.log(`    1,000 × 10: ${(library.bytes / 1e6).toFixed(1)} MB of feeds; first (cold) fill ${fill.wallMs.toFixed(0)} ms wall, ${fill.cpuMs.toFixed(0)} ms cpu, peak ${mib(fill.peakMiB)}, exit ${fill.code}`);
	const both = sides(temporary, library.urls, false, 'warm 1,000×10');
	if (both.newsboat) {
		await runProcess({...both.newsboat, before: undefined}, {timeoutMs: 180_000});
	}

	for (const variant of caVariants(temporary.env)) {
		try {
			const runs = [];
			for (let i = 0; i < context.count(5, 2); i++) {
				runs.push(await runProcess(both.evnews(variant), {timeoutMs: 180_000}));
			}

			const cpu = runs.map(run => run.cpuMs).toSorted((a, b) => a - b)[Math.floor(runs.length / 2)]!;
			const wall = runs.map(run => run.wallMs).toSorted((a, b) => a - b)[Math.floor(runs.length / 2)]!;
			context.add({
				case: caseName, name: `1,000×10 warm: CPU per feed${variant.tag}`, measured: `${(cpu / 1000).toFixed(2)} ms/feed (${cpu.toFixed(0)} ms cpu, ${wall.toFixed(0)} ms wall, n=${runs.length}; load ${load()})`,
				target: 'report', value: cpu / 1000, unit: 'ms', verdict: 'info',
			});
		} catch (error) {
			context.add({case: caseName, name: `1,000×10 warm${variant.tag}`, measured: '-', target: 'report', verdict: 'error', note: errorNote(error)});
		}
	}

	await againstNewsboat(context, {name: '1,000×10 warm', target: 'info', pairs: context.count(5, 2)}, both, library);
}

export async function runRefreshes(context: BenchContext): Promise<void> {
	const library = await serveLibrary(context, 100, 100);
	console.log(`    100 × 100 on loopback: ${(library.bytes / 1e6).toFixed(1)} MB of feeds over ${hosts} addresses`);
	const cold = context.makeEnv('scale-cold');
	writeConfig(cold.env, library.urls);
	await againstNewsboat(context, {name: 'cold refresh 100×100', target: '≤ 0.7× newsboat wall, peak ≤ 120 MB', limit: 0.7, rssLimitMiB: 120, pairs: context.count(10, 2)}, sides(cold, library.urls, true, 'cold 100×100'), library);
	const warm = context.makeEnv('scale-warm');
	writeConfig(warm.env, library.urls);
	const warmSides = sides(warm, library.urls, false, 'warm 100×100');
	// Fill both caches once, so every timed run is all 304.
	await runProcess(warmSides.evnews({tag: '', env: warm.env}), {timeoutMs: 120_000});
	if (warmSides.newsboat) {
		await runProcess(warmSides.newsboat, {timeoutMs: 120_000});
	}

	await againstNewsboat(context, {name: 'warm refresh (all 304) 100×100', target: '≤ 0.5× newsboat', limit: 0.5, pairs: context.count(15, 3)}, warmSides, library);
	await warmThousand(context);
	const big = await serveLibrary(context, 1, 1000);
	const one = context.makeEnv('scale-1k');
	writeConfig(one.env, big.urls);
	console.log(`    one 1,000-item feed: ${(big.bytes / 1e6).toFixed(1)} MB`);
	await againstNewsboat(context, {name: 'cold 1,000-item feed', target: '≤ 1.0× newsboat', limit: 1, pairs: context.count(15, 3)}, sides(one, big.urls, true, 'cold 1k'), big);
}
