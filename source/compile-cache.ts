// Node's on-disk compile cache, turned on by env.ts (the entry point's first import) for the chunks loaded after it
// (issue 8 §6). `module.enableCompileCache` exists from Node 22.1; on older Nodes this is a no-op.
import nodeModule from 'node:module';

type WithCompileCache = {enableCompileCache?: (directory?: string) => unknown};

export function enableCompileCache(from: WithCompileCache = nodeModule as WithCompileCache): boolean {
	if (typeof from.enableCompileCache !== 'function') {
		return false;
	}

	try {
		from.enableCompileCache();
		return true;
	} catch {
		// A read-only or full temp dir: run without the cache.
		return false;
	}
}
