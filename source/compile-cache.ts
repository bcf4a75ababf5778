// The compile cache (issue 8 §6), turned on by dist/compile-cache.js, which dist/cli.js requires before anything
// else (scripts/build.js), so that it covers every chunk the run loads. Node 22.1+ has its own,
// `module.enableCompileCache`; older Nodes get evnews's cache of the bundle's CommonJS chunks (chunk-cache.ts).
import nodeModule from 'node:module';
import {chunkCacheDirectory, installChunkCache} from './chunk-cache.js';
import {version} from './version.js';

type WithCompileCache = {enableCompileCache?: (directory?: string) => unknown};

/** Which cache is on: Node's, evnews's (for the files under `root`), or none. */
export function enableCompileCache(
	from: WithCompileCache = nodeModule as WithCompileCache,
	fallback: () => boolean = () => false,
): 'node' | 'chunks' | undefined {
	if (typeof from.enableCompileCache !== 'function') {
		return fallback() ? 'chunks' : undefined;
	}

	try {
		from.enableCompileCache();
		return 'node';
	} catch {
		// A read-only or full temp dir: run without the cache.
		return undefined;
	}
}

/** The cache for the bundle: Node's, else evnews's for the chunks in `root` (the bundle's folder). */
export function enableBundleCompileCache(root: string): 'node' | 'chunks' | undefined {
	return enableCompileCache(undefined, () => installChunkCache({root, directory: chunkCacheDirectory(root, version)}) !== undefined);
}
