/** Helpers for the in-process case scripts (run as `node --expose-gc --import=tsx bench/cases/<x>-inproc.ts`). */
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {pathToFileURL} from 'node:url';
import {projectDirectory} from '../context.js';

export function gc(): void {
	(globalThis as {gc?: () => void}).gc?.();
}

/** How long V8's concurrent sweeping after a forced full GC is given before a timed step starts. */
export const sweepSettleMs = 50;

/**
A forced full GC, then a pause for V8's sweeping to end. Right after `gc()`, V8 sweeps the heap on the helper threads
and lazily on the main thread as it allocates: with 100,000 posts that overlapped the next timed frame and added
6–8 ms to it (the reader never forces a GC between keys, so that cost is the benchmark's, not the reader's).
*/
export async function settledGc(): Promise<void> {
	gc();
	await new Promise(resolve => {
		setTimeout(resolve, sweepSettleMs);
	});
}

/** Import `source/<relative>` (.ts or .tsx); undefined when the file does not exist yet. */
export async function importSource(relative: string): Promise<Record<string, unknown> | undefined> {
	const base = path.join(projectDirectory, 'source', relative.replace(/\.(js|ts|tsx)$/, ''));
	for (const extension of ['.ts', '.tsx']) {
		if (fs.existsSync(base + extension)) {
			return (await import(pathToFileURL(base + extension).href)) as Record<string, unknown>;
		}
	}

	return undefined;
}

/** Print the result object as the last stdout line, then exit. */
export function finish(result: Record<string, unknown>): never {
	process.stdout.write(JSON.stringify(result) + '\n');
	process.exit(0);
}

/** /proc/self/status fields in MiB (VmRSS, VmHWM), NaN when unavailable. */
export function procStatus(): {rssMiB: number; hwmMiB: number} {
	try {
		const text = fs.readFileSync('/proc/self/status', 'utf8');
		const field = (name: string) => Number(new RegExp(String.raw`^${name}:\s+(\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) / 1024;
		return {rssMiB: field('VmRSS'), hwmMiB: field('VmHWM')};
	} catch {
		return {rssMiB: Number.NaN, hwmMiB: Number.NaN};
	}
}

/** Reset the peak-RSS mark (VmHWM) of this process; false when the kernel does not allow it. */
export function resetPeak(): boolean {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

/** CPU time (user+sys, all threads) of this process in ms: steadier than wall time when other jobs share the cores. */
export function cpuMs(): number {
	const usage = process.cpuUsage();
	return (usage.user + usage.system) / 1000;
}
