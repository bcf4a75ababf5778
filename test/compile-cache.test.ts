import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {buildSync} from 'esbuild';
import {enableCompileCache} from '../source/compile-cache.js';
import {chunkCacheDirectory} from '../source/chunk-cache.js';
import {version} from '../source/version.js';
import {makeTempEnv} from './helpers/temp-env.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const nodeHasCache = typeof (nodeModule as {enableCompileCache?: unknown}).enableCompileCache === 'function';

test('Node\'s compile cache is used where Node has it, and evnews\'s chunk cache where it has not', t => {
	let calls = 0;
	let fallbacks = 0;
	const fallback = () => {
		fallbacks++;
		return true;
	};

	t.is(enableCompileCache({enableCompileCache() {
		calls++;
	}}, fallback), 'node');
	t.deepEqual([calls, fallbacks], [1, 0]);
	// Control: Node 20 has no enableCompileCache; the fallback decides.
	t.is(enableCompileCache({}, () => true), 'chunks');
	t.is(enableCompileCache({}, () => false), undefined);
	t.is(enableCompileCache({enableCompileCache() {
		throw new Error('EROFS');
	}}), undefined);
});

/** A bundle of two CommonJS chunks (a.js requires b.js), a cache folder, and a runner that loads them through the cache. */
function fixture(t: {teardown: (fn: () => void) => void}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-chunk-cache-'));
	t.teardown(() => {
		fs.rmSync(dir, {recursive: true, force: true});
	});
	const bundle = path.join(dir, 'dist');
	fs.mkdirSync(path.join(bundle, 'chunks'), {recursive: true});
	const a = '"use strict";const {twice}=require("./b.js");exports.value=twice(21)+":"+typeof module+":"+name();';
	fs.writeFileSync(path.join(bundle, 'chunks', 'a.js'), a + 'function name(){return require("node:path").basename(__filename)}');
	fs.writeFileSync(path.join(bundle, 'chunks', 'b.js'), '"use strict";exports.twice=n=>{let s=0;for(let i=0;i<n;i++)s+=2;return s};');
	const directory = path.join(dir, 'cache', 'uid', 'node', 'bundle');
	// As the bundle runs it: CommonJS, in a plain Node (tsx's own require hook would compile the chunks itself).
	buildSync({entryPoints: [path.join(root, 'source/chunk-cache.ts')], outfile: path.join(dir, 'chunk-cache.cjs'), bundle: true, format: 'cjs', platform: 'node', logLevel: 'silent'});
	const runner = path.join(dir, 'run.cjs');
	fs.writeFileSync(runner, `
		const {installChunkCache} = require('./chunk-cache.cjs');
		const cache = installChunkCache({root: ${JSON.stringify(bundle)}, directory: ${JSON.stringify(directory)}});
		const value = require(${JSON.stringify(path.join(bundle, 'chunks', 'a.js'))}).value;
		if (process.argv.includes('--set-flag')) process.getBuiltinModule('node:v8').setFlagsFromString('--semi-space-growth-factor=1');
		console.log(JSON.stringify({installed: cache !== undefined, hits: cache?.hits, misses: cache?.misses, value}));
	`);
	type Run = {installed: boolean; hits?: number; misses?: number; value: string};
	const env = {...process.env, NODE_DISABLE_COMPILE_CACHE: ''};
	const run = (...flags: string[]) => JSON.parse(execFileSync(process.execPath, [runner, ...flags], {cwd: root, encoding: 'utf8', env})) as Run;
	const caches = () => (fs.existsSync(directory) ? fs.readdirSync(directory).sort() : []);
	return {bundle, directory, run, caches};
}

test('chunks compile without a cache once, write it at exit, and compile with it after; the code runs the same', t => {
	const {run, caches} = fixture(t);
	const first = run();
	t.deepEqual(first, {installed: true, hits: 0, misses: 2, value: '42:object:a.js'});
	t.deepEqual(caches().map(name => name.replace(/-\d+-\d+\.cache$/, '')), ['chunks~a.js', 'chunks~b.js']);
	// Control: the second run finds both.
	t.deepEqual(run(), {installed: true, hits: 2, misses: 0, value: '42:object:a.js'});
});

test('a cache V8 rejects is compiled without and written again; a changed chunk\'s old cache is removed', t => {
	const {bundle, directory, run, caches} = fixture(t);
	run();
	const [a] = caches();
	fs.writeFileSync(path.join(directory, a!), 'not a V8 code cache');
	t.like(run(), {hits: 1, misses: 1, value: '42:object:a.js'});
	t.like(run(), {hits: 2, misses: 0});
	// The chunk changes (a new size and mtime): a miss, and its stale cache goes when the new one is written.
	fs.appendFileSync(path.join(bundle, 'chunks', 'b.js'), '\nexports.more=1;');
	t.like(run(), {hits: 1, misses: 1, value: '42:object:a.js'});
	t.is(caches().length, 2);
	t.like(run(), {hits: 2, misses: 0});
});

test('a run that changed a V8 flag writes no cache (a later run would reject it); the control run writes', t => {
	const {run, caches} = fixture(t);
	t.like(run('--set-flag'), {misses: 2});
	t.deepEqual(caches(), []);
	t.like(run(), {misses: 2});
	t.is(caches().length, 2);
});

test('a cache folder others can write to is not used (control: the user\'s own 0700 folder is)', t => {
	const {directory, run} = fixture(t);
	t.like(run(), {installed: true});
	fs.chmodSync(directory, 0o777);
	t.like(run(), {installed: false, value: '42:object:a.js'});
	fs.chmodSync(directory, 0o700);
	t.like(run(), {installed: true, hits: 2});
});

test('dist/cli.js: a second run compiles its chunks from the cache and prints the same, --jq included', t => {
	const cli = path.join(root, 'dist/cli.js');
	if (!fs.existsSync(cli)) {
		t.pass('dist/cli.js is built by npm test before ava runs');
		return;
	}

	const temporary = makeTempEnv();
	const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-cli-cache-'));
	t.teardown(() => {
		temporary.cleanup();
		fs.rmSync(scratch, {recursive: true, force: true});
	});
	const feed = path.join(root, 'test/fixtures/cli/ev-news.xml');
	const env = {...temporary.env, TMPDIR: scratch, NODE_DISABLE_COMPILE_CACHE: ''};
	const run = (...arguments_: string[]) => spawnSync(process.execPath, [cli, ...arguments_, '--offline', '--feed', feed], {env, encoding: 'utf8'});
	const folder = chunkCacheDirectory(path.dirname(cli), version).replace(os.tmpdir(), scratch);
	const first = [run('--json'), run('--jq', '.[0].title')];
	const written = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
	const second = [run('--json'), run('--jq', '.[0].title')];
	for (const [n, result] of [...first, ...second].entries()) {
		t.is(result.status, 0, `run ${n}: ${result.stderr}`);
	}

	t.is(second[0]!.stdout, first[0]!.stdout);
	t.is(second[1]!.stdout, first[1]!.stdout);
	t.true(first[1]!.stdout.trim().length > 0);
	// Node 22.1+ keeps its own cache; evnews's folder is made only on older Nodes.
	t.is(written.some(name => name.startsWith('chunks~')), !nodeHasCache, written.join(' '));
});
