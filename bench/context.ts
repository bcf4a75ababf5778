/** Shared state of one `npm run bench` run: temp dirs, generated feeds, the feed server, the result rows. */
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {generateFeed} from './generate-feed.js';
import {startFeedServer, type FeedServer} from './serve.js';

export const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
export const projectDirectory = path.resolve(benchDirectory, '..');
/** The CLI bundle under test: dist/cli.js, or EVNEWS_BENCH_CLI (for example a build in a temp dir). */
export const cliPath = process.env.EVNEWS_BENCH_CLI ? path.resolve(process.env.EVNEWS_BENCH_CLI) : path.join(projectDirectory, 'dist', 'cli.js');

/**
NODE_EXTRA_CA_CERTS (set on the project VM) makes Node 20 parse the CA bundle at every start: about +50 ms for
`node -e 0` and for evnews alike. perf-notes' figures (node -e 0 ≈ 60 ms, 39 MiB) were taken with it set, so it is
kept by default; EVNEWS_BENCH_STRIP_CA=1 removes it from every measured process (a user's usual setup).
*/
export const stripCa = process.env.EVNEWS_BENCH_STRIP_CA === '1';

export type Verdict = 'ok' | 'over' | 'skip' | 'info' | 'error';

export type Row = {
	case: string;
	name: string;
	/** Human-readable measurement: median (min–max, n). */
	measured: string;
	target: string;
	/** The ratio or value compared with the target, when there is one. */
	value?: number;
	unit?: string;
	verdict: Verdict;
	note?: string;
};

// eslint-disable-next-line unicorn/prevent-abbreviations -- the name of the tests' TempEnv, which this mirrors
export type TempEnv = {dir: string; env: NodeJS.ProcessEnv; data: string; cache: string};

export class BenchContext {
	readonly root = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-bench-'));
	readonly rows: Row[] = [];
	readonly quick = process.env.EVNEWS_BENCH_QUICK === '1';
	server: FeedServer | undefined;
	private readonly feeds = new Map<number, {file: string; url: string; bytes: number}>();
	private envCount = 0;
	private readonly cleanups: Array<() => Promise<void> | void> = [];

	/** Run `cleanup` when the run ends (or is interrupted). */
	onClose(cleanup: () => Promise<void> | void): void {
		this.cleanups.push(cleanup);
	}

	/** Pairs / samples, reduced in quick mode (EVNEWS_BENCH_QUICK=1) for smoke runs. */
	count(full: number, quick = Math.max(3, Math.ceil(full / 5))): number {
		return this.quick ? quick : full;
	}

	async startServer(): Promise<FeedServer> {
		this.server ??= await startFeedServer();
		return this.server;
	}

	/** A generated N-item feed: written to the temp dir and served on loopback. */
	async feed(items: number): Promise<{file: string; url: string; bytes: number}> {
		const existing = this.feeds.get(items);
		if (existing) {
			return existing;
		}

		const server = await this.startServer();
		const text = generateFeed({items, selfUrl: `${server.origin}/feed-${items}.xml`});
		const file = path.join(this.root, `feed-${items}.xml`);
		fs.writeFileSync(file, text);
		const url = server.add(`/feed-${items}.xml`, text);
		const entry = {file, url, bytes: Buffer.byteLength(text)};
		this.feeds.set(items, entry);
		return entry;
	}

	/** Fresh XDG folders (and HOME) in the temp dir; never the real home. */
	makeEnv(name: string): TempEnv {
		const dir = path.join(this.root, `env-${++this.envCount}-${name}`);
		const env: NodeJS.ProcessEnv = {
			...process.env,
			HOME: path.join(dir, 'home'),
			XDG_CONFIG_HOME: path.join(dir, 'config'),
			XDG_DATA_HOME: path.join(dir, 'data'),
			XDG_CACHE_HOME: path.join(dir, 'cache'),
			NO_COLOR: '1',
		};
		for (const key of ['CI', 'TMUX', 'TMUX_PANE', 'FORCE_COLOR', 'HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NODE_OPTIONS', ...(stripCa ? ['NODE_EXTRA_CA_CERTS'] : [])]) {
			delete env[key];
		}

		for (const key of ['HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME']) {
			fs.mkdirSync(env[key]!, {recursive: true});
		}

		return {dir, env, data: path.join(env.XDG_DATA_HOME!, 'evnews'), cache: path.join(env.XDG_CACHE_HOME!, 'evnews')};
	}

	add(row: Row): void {
		this.rows.push(row);
		const mark = {ok: 'ok  ', over: 'OVER', skip: 'skip', info: 'info', error: 'ERR '}[row.verdict];
		console.log(`  [${mark}] ${row.name}: ${row.measured}${row.target ? ` | target ${row.target}` : ''}${row.note ? ` | ${row.note}` : ''}`);
	}

	skip(caseName: string, name: string, target: string, note: string): void {
		this.add({case: caseName, name, measured: '-', target, verdict: 'skip', note});
	}

	async close(): Promise<void> {
		for (const cleanup of this.cleanups.splice(0)) {
			try {
				await cleanup();
			} catch {}
		}

		await this.server?.close();
		this.server = undefined;
		fs.rmSync(this.root, {recursive: true, force: true});
	}
}

export function hasCli(): boolean {
	return fs.existsSync(cliPath);
}

/** True when `source/<relative>` exists as .ts or .tsx (or the exact name). */
export function sourceExists(relative: string): boolean {
	const base = path.join(projectDirectory, 'source', relative);
	return [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), base + '.ts', base + '.tsx'].some(file => fs.existsSync(file));
}

export function onPath(binary: string): string | undefined {
	for (const directory of (process.env.PATH ?? '').split(path.delimiter)) {
		const file = path.join(directory, binary);
		try {
			fs.accessSync(file, fs.constants.X_OK);
			return file;
		} catch {}
	}

	return undefined;
}

/**
Run an in-process case script in a fresh `node --expose-gc --import=tsx` child, with the given (temp) env.
The script prints one JSON object as its last stdout line; lines before it are echoed as detail.
*/
export async function runCaseScript<T>(script: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const child = spawn(process.execPath, ['--expose-gc', '--import=tsx', path.join(benchDirectory, 'cases', script), ...args], {
			cwd: projectDirectory,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let out = '';
		let error = '';
		child.stdout.on('data', (chunk: Buffer) => {
			out += chunk.toString('utf8');
		});
		child.stderr.on('data', (chunk: Buffer) => {
			error += chunk.toString('utf8');
		});
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('error', reject);
		child.on('close', code => {
			clearTimeout(timer);
			const lines = out.trim().split('\n');
			const last = lines.pop() ?? '';
			try {
				resolve(JSON.parse(last) as T);
			} catch {
				const first = (error.split('\n').find(line => /error/i.test(line)) ?? error.split('\n')[0] ?? '').trim();
				reject(new Error(`${script} exited ${code}: ${first.slice(0, 200) || last.slice(0, 200)}`));
			}
		});
	});
}
