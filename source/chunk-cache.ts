/**
A compile cache for the bundle's CommonJS chunks, for Nodes without `module.enableCompileCache` (before 22.1;
compile-cache.ts picks). A chunk under `root` is compiled with the V8 code cache that an earlier run left for it. A
chunk compiled without one, or with one V8 rejected, writes its cache when the process exits: after it ran, so the
cache holds the functions that ran, not only the top level (`--json` of a 50-item feed ran 8% faster).
- V8 checks a cache against the length of its source, not the text. A cache is named after the chunk's path in the
  bundle (its file name holds a hash of its content), its size and its modification time. Each bundle has a folder of
  its own, and a run that writes caches removes those of chunks that are gone or have changed.
- A chunk that calls `import()` (of jq-web, liquidjs) is left to Node: on Node 20, a script made from cached data has
  lost vm's dynamic-import callback ("A dynamic import callback was not specified").
- A run that changed V8's flags (the heap policies, v8-flags.ts) writes nothing: V8 rejects a cache made under other
  flags, so the next run would compile those chunks again.
- The folder is the user's own, in the temp folder as Node's is. It is made 0700, and used only when the user owns it
  and nobody else can write to it. Writes are atomic (a temporary file, then a rename), and any failure means no
  cache, never a failed run. NODE_DISABLE_COMPILE_CACHE turns it off, as it does Node's.
*/
import fs from 'node:fs';
import nodeModule from 'node:module';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import vm from 'node:vm';

type CompilingModule = {exports: unknown};
/** Node's `Module.prototype._compile`; Node 20.19+ passes a third argument, the format it read the file as. */
type Compile = (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) => unknown;
type ModuleInternals = {prototype: {_compile: Compile}; wrap: (content: string) => string};

/** A chunk compiled without a usable cache: its cache is written at exit. */
type Pending = {script: vm.Script; file: string};

export type ChunkCache = {
	/** Chunks compiled with a cache V8 accepted, and without. */
	hits: number;
	misses: number;
	/** Write the pending caches now (done at exit); returns how many were written. */
	write: () => number;
};

const flagProbeSource = '0';
const flagProbeName = 'evnews-compile-cache-flag-probe';

/**
The cache folder of this user, Node version, architecture, bundle (`root`) and evnews version, in the temp folder.
The version keeps apart two releases whose chunks have the same names, sizes and times (a package manager can give
every file one time).
*/
export function chunkCacheDirectory(root: string, release: string): string {
	const bundle = `${root}@${release}`.replaceAll(/[^\w.@-]/g, '_').slice(-120);
	return path.join(os.tmpdir(), `evnews-compile-cache-${process.getuid?.() ?? 'user'}`, `${process.version}-${process.arch}`, bundle);
}

/** True when `folder` is a directory that only this user can write to (where uids exist). */
function ownedByUser(folder: string): boolean {
	const stat = fs.lstatSync(folder);
	const uid = process.getuid?.();
	return stat.isDirectory() && (uid === undefined || (stat.uid === uid && (stat.mode & 0o022) === 0));
}

/** The folder, made if need be, when it and the two above it (the user's, the Node version's) are the user's alone. */
function usableFolder(directory: string): boolean {
	try {
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		return [path.dirname(path.dirname(directory)), path.dirname(directory), directory].every(folder => ownedByUser(folder));
	} catch {
		return false;
	}
}

function readCache(file: string): Buffer | undefined {
	try {
		return fs.readFileSync(file);
	} catch {
		return undefined;
	}
}

type Context = {root: string; directory: string; pending: Pending[]; counts: {hits: number; misses: number}; original: Compile};

/** `chunks~chunk-ABC.js-2913-1796350409402.cache`: the chunk's path in the bundle, its size and its mtime. */
const cacheName = /^(?<chunk>.+)-(?<size>\d+)-(?<mtime>\d+)\.cache$/;

function cacheNameOf(root: string, file: string): string {
	const {size, mtimeMs} = fs.statSync(file);
	return `${path.relative(root, file).replaceAll(path.sep, '~')}-${size}-${Math.trunc(mtimeMs)}.cache`;
}

function cacheFileOf(context: Context, filename: string): string | undefined {
	try {
		return path.join(context.directory, cacheNameOf(context.root, filename));
	} catch {
		return undefined;
	}
}

/** Compile and run one chunk as Node's CommonJS loader does, with its cache. */
function compileCached(module: CompilingModule, content: string, filename: string, context: Context): unknown {
	const file = cacheFileOf(context, filename);
	if (file === undefined) {
		return context.original.call(module, content, filename);
	}

	const cachedData = readCache(file);
	const script = new vm.Script((nodeModule as unknown as ModuleInternals).wrap(content), {
		filename,
		...(cachedData ? {cachedData} : {}),
	});
	if (cachedData === undefined || script.cachedDataRejected === true) {
		context.counts.misses++;
		context.pending.push({script, file});
	} else {
		context.counts.hits++;
	}

	const run = script.runInThisContext() as (...parameters: unknown[]) => unknown;
	return run.call(module.exports, module.exports, nodeModule.createRequire(filename), module, filename, path.dirname(filename));
}

/** Remove the caches of chunks that are no longer in the bundle, or are not the same file. */
function prune(root: string, directory: string): void {
	for (const name of fs.readdirSync(directory)) {
		const chunk = cacheName.exec(name)?.groups?.chunk;
		let current: string | undefined;
		try {
			current = chunk === undefined ? undefined : cacheNameOf(root, path.join(root, chunk.replaceAll('~', path.sep)));
		} catch {}

		if (chunk !== undefined && current !== name) {
			fs.rmSync(path.join(directory, name), {force: true});
		}
	}
}

function writePending(pending: Pending[], flagProbe: Buffer, folders: {root: string; directory: string}): number {
	// Under another name, so that V8 does not find the probe's own compilation in memory and skip the cached data.
	if (pending.length === 0 || new vm.Script(flagProbeSource, {filename: `${flagProbeName}-at-exit`, cachedData: flagProbe}).cachedDataRejected === true) {
		return 0;
	}

	try {
		prune(folders.root, folders.directory);
	} catch {}

	let written = 0;
	for (const {script, file} of pending.splice(0)) {
		const temporary = `${file}.${process.pid}.tmp`;
		try {
			fs.writeFileSync(temporary, script.createCachedData(), {mode: 0o600});
			fs.renameSync(temporary, file);
			written++;
		} catch {
			fs.rmSync(temporary, {force: true});
		}
	}

	return written;
}

/** Compile the CommonJS files under `root` with caches in `directory`; undefined when the cache cannot be used. */
export function installChunkCache(options: {root: string; directory: string}): ChunkCache | undefined {
	if (process.env.NODE_DISABLE_COMPILE_CACHE || !usableFolder(options.directory)) {
		return undefined;
	}

	const inside = options.root + path.sep;
	const pending: Pending[] = [];
	const counts = {hits: 0, misses: 0};
	// Cached data made now, under the flags the process started with: rejected at exit if a flag changed since.
	const flagProbe = new vm.Script(flagProbeSource, {filename: flagProbeName}).createCachedData();
	const internals = nodeModule as unknown as ModuleInternals;
	const original = internals.prototype._compile;
	const context: Context = {...options, pending, counts, original};
	internals.prototype._compile = function (this: CompilingModule, content: string, filename: string, ...rest: unknown[]) {
		const ours = filename.startsWith(inside) && filename.endsWith('.js') && rest[0] !== 'module' && !content.includes('import(');
		return ours ? compileCached(this, content, filename, context) : original.call(this, content, filename, ...rest);
	};

	const cache: ChunkCache = {
		get hits() {
			return counts.hits;
		},
		get misses() {
			return counts.misses;
		},
		write: () => writePending(pending, flagProbe, options),
	};
	process.once('exit', () => {
		cache.write();
	});
	return cache;
}
