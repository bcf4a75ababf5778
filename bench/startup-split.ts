/**
Where the start-up of `evnews --json` goes, module by module (issue 8 §6): `node --import=tsx bench/startup-split.ts`.
Builds the bundle unminified in a temp dir (scripts/build.js with `minify: false`; same chunks, same stubs), then
runs `evnews --json --feed FILE` on a 50-item feed (no network) under `--cpu-prof` several times, and sums the
sampled self time by the module the code came from: esbuild marks each one with a `// path` line. Time in Node
itself (boot, module loading and compiling, GC) is shown apart. Also prints the bytes of each package among the
loaded chunks. Quote shares, not ms: the profiler itself slows the run.
*/
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {generateFeed} from './generate-feed.js';
import {projectDirectory} from './context.js';

type Profile = {nodes: Array<{id: number; callFrame: {functionName: string; url: string; lineNumber: number}}>; samples: number[]; timeDeltas: number[]};

const runs = Number(process.env.EVNEWS_SPLIT_RUNS ?? 5);
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-split-'));

function buildUnminified(): string {
	const out = path.join(root, 'dist');
	const script = fs.readFileSync(path.join(projectDirectory, 'scripts', 'build.js'), 'utf8')
		.replace('minify: true', 'minify: false')
		.replaceAll('\'dist', `'${out}`);
	if (!script.includes('minify: false') || !script.includes(out)) {
		throw new Error('scripts/build.js changed shape: cannot build unminified');
	}

	fs.symlinkSync(path.join(projectDirectory, 'node_modules'), path.join(root, 'node_modules'));
	fs.writeFileSync(path.join(root, 'build.js'), script);
	fs.copyFileSync(path.join(projectDirectory, 'scripts', 'commonjs-output.js'), path.join(root, 'commonjs-output.js'));
	execFileSync(process.execPath, [path.join(root, 'build.js')], {cwd: projectDirectory, stdio: 'inherit'});
	return out;
}

/** For one bundle file: the module of each line, from esbuild's `// path` markers. */
function sectionsOf(file: string): string[] {
	const lines = fs.readFileSync(file, 'utf8').split('\n');
	const byLine: string[] = [];
	let current = '(bundle glue)';
	for (const line of lines) {
		const marker = /^\/\/ (\S+\.(?:[cm]?js|tsx?|json))$/.exec(line)?.[1];
		if (marker) {
			current = moduleName(marker);
		}

		byLine.push(current);
	}

	return byLine;
}

function moduleName(marker: string): string {
	const packageName = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(marker)?.[1];
	if (packageName) {
		return packageName;
	}

	const source = /source\/(.+)$/.exec(marker)?.[1];
	return source ? `source/${source.includes('/') ? source.slice(0, source.indexOf('/')) + '/' : ''}${source.includes('/') ? '' : source}` : marker;
}

function attribute(profile: Profile, sections: Map<string, string[]>, totals: Map<string, number>): number {
	const self = new Map<number, number>();
	for (const [index, id] of profile.samples.entries()) {
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
	}

	let all = 0;
	for (const node of profile.nodes) {
		const micros = self.get(node.id) ?? 0;
		all += micros;
		const {url, lineNumber, functionName} = node.callFrame;
		let key: string;
		if (url.startsWith('file://') && sections.has(url)) {
			key = sections.get(url)![lineNumber] ?? '(bundle glue)';
		} else if (functionName === '(garbage collector)') {
			key = 'node: GC';
		} else if (functionName === '(idle)' || functionName === '(program)') {
			key = `node: ${functionName}`;
		} else if (/esm|cjs|loader|compile/i.test(url + functionName)) {
			key = 'node: load + compile modules';
		} else {
			key = 'node: other (boot, fs, streams)';
		}

		totals.set(key, (totals.get(key) ?? 0) + micros);
	}

	return all;
}

function packageBytes(out: string, loaded: Set<string>): Map<string, number> {
	const meta = JSON.parse(fs.readFileSync(path.join(out, 'meta.json'), 'utf8')) as {outputs: Record<string, {inputs: Record<string, {bytesInOutput: number}>}>};
	const bytes = new Map<string, number>();
	for (const [file, output] of Object.entries(meta.outputs)) {
		if (!loaded.has(path.resolve(projectDirectory, file))) {
			continue;
		}

		for (const [input, {bytesInOutput}] of Object.entries(output.inputs)) {
			const name = moduleName(input);
			bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
		}
	}

	return bytes;
}

try {
	const out = buildUnminified();
	const feed = path.join(root, 'feed-50.xml');
	fs.writeFileSync(feed, generateFeed({items: 50, selfUrl: 'https://volt.example/feed/'}));
	const environment: NodeJS.ProcessEnv = {...process.env, HOME: root, XDG_CONFIG_HOME: path.join(root, 'config'), XDG_DATA_HOME: path.join(root, 'data'), XDG_CACHE_HOME: path.join(root, 'cache')};
	delete environment.NODE_OPTIONS;
	const totals = new Map<string, number>();
	const loaded = new Set<string>();
	let all = 0;
	for (let run = 0; run < runs; run++) {
		const directory = path.join(root, `prof-${run}`);
		execFileSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${directory}`, path.join(out, 'cli.js'), '--json', '--feed', feed], {env: environment, stdio: ['ignore', 'ignore', 'inherit']});
		const profile = JSON.parse(fs.readFileSync(path.join(directory, fs.readdirSync(directory)[0]!), 'utf8')) as Profile;
		const sections = new Map<string, string[]>();
		for (const node of profile.nodes) {
			const {url} = node.callFrame;
			if (url.startsWith('file://') && url.includes(out) && !sections.has(url)) {
				const file = new URL(url).pathname;
				loaded.add(file);
				sections.set(url, sectionsOf(file));
			}
		}

		all += attribute(profile, sections, totals);
	}

	const bytes = packageBytes(out, new Set([...loaded].map(file => path.resolve(file))));
	console.log(`evnews --json --feed FILE (50 items), ${runs} profiled runs, node ${process.version}, load ${os.loadavg()[0]!.toFixed(2)}`);
	console.log(`chunks loaded: ${[...loaded].map(file => path.relative(out, file)).join(', ')}`);
	console.log('share  ms/run  module (self time)            bundle bytes');
	for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1])) {
		if (micros / all < 0.003) {
			continue;
		}

		console.log(`${(100 * micros / all).toFixed(1).padStart(5)}%  ${(micros / 1000 / runs).toFixed(1).padStart(6)}  ${key.padEnd(30)} ${bytes.has(key) ? String(bytes.get(key)) : ''}`);
	}
} finally {
	fs.rmSync(root, {recursive: true, force: true});
}
