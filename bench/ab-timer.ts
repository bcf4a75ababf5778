/**
An interleaved A/B whole-process timer (perf-notes "Machine and method"): A and B run in turn, the order
flipping every pair (A B, B A, …) so neither side always runs second, after some warm-up pairs. The ratio is
taken per pair and summarised by its median, which is robust when other jobs share the cores.
Wall time is from spawn to exit, measured here. CPU (user+sys) and peak RSS come from `/usr/bin/time` when
it exists; both sides are wrapped the same way, so its small cost cancels out in the ratio.
*/
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {summarize, type Summary} from './stats.js';

export const timeBinary = '/usr/bin/time';
export const hasTime = fs.existsSync(timeBinary);

export type ProcessSpec = {
	label: string;
	/** Argv[0] is the program. */
	argv: string[];
	env?: NodeJS.ProcessEnv;
	cwd?: string;
	/** Untimed setup before every run (for example: empty the cache). */
	before?: () => void | Promise<void>;
};

export type RunResult = {
	wallMs: number;
	/** User+sys in ms, from /usr/bin/time, or NaN. */
	cpuMs: number;
	/** Peak RSS in MiB, from /usr/bin/time, or NaN. */
	peakMiB: number;
	code: number | null;
	signal: NodeJS.Signals | null;
	/** The first 2 KB of stderr (the child's own). */
	stderr: string;
	/** Stdout, only when captured. */
	stdout?: string;
};

let scratch: string | undefined;
function scratchDirectory(): string {
	scratch ??= fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-bench-ab-'));
	return scratch;
}

export function cleanupAbTimer(): void {
	if (scratch) {
		fs.rmSync(scratch, {recursive: true, force: true});
		scratch = undefined;
	}
}

/** Run one process to its exit. stdout goes to /dev/null unless `captureStdout`. */
export async function runProcess(spec: ProcessSpec, options: {captureStdout?: boolean; timeoutMs?: number} = {}): Promise<RunResult> {
	await spec.before?.();
	const timeFile = path.join(scratchDirectory(), 'time.txt');
	const argv = hasTime ? [timeBinary, '-f', '%e %U %S %M', '-o', timeFile, ...spec.argv] : spec.argv;
	if (hasTime) {
		fs.rmSync(timeFile, {force: true});
	}

	const devNull = options.captureStdout ? undefined : fs.openSync('/dev/null', 'w');
	try {
		const started = performance.now();
		const child = spawn(argv[0]!, argv.slice(1), {
			env: spec.env ?? process.env,
			cwd: spec.cwd,
			stdio: ['ignore', devNull ?? 'pipe', 'pipe'],
			// Own process group, so a timeout kills the measured process too, not only /usr/bin/time.
			detached: true,
		});
		const out: Buffer[] = [];
		let error = '';
		child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr?.on('data', (chunk: Buffer) => {
			if (error.length < 2048) {
				error += chunk.toString('utf8');
			}
		});
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid!, 'SIGKILL');
			} catch {
				child.kill('SIGKILL');
			}
		}, options.timeoutMs ?? 30_000);
		const {code, signal, ended} = await new Promise<{code: number | null; signal: NodeJS.Signals | null; ended: number}>((resolve, reject) => {
			child.once('error', reject);
			child.once('exit', (code, signal) => {
				resolve({code, signal, ended: performance.now()});
			});
		});
		clearTimeout(timer);
		// Let stdio drain (not timed).
		await new Promise<void>(resolve => {
			if (child.stdout === null || child.stdout.readableEnded) {
				setImmediate(resolve);
			} else {
				child.stdout.once('close', () => {
					resolve();
				});
			}
		});
		let cpuMs = Number.NaN;
		let peakMiB = Number.NaN;
		if (hasTime) {
			try {
				const line = fs.readFileSync(timeFile, 'utf8').trim().split('\n').at(-1) ?? '';
				const [, user, sys, rss] = line.split(' ').map(Number);
				cpuMs = ((user ?? Number.NaN) + (sys ?? Number.NaN)) * 1000;
				peakMiB = (rss ?? Number.NaN) / 1024;
			} catch {}
		}

		// /usr/bin/time reports a child's failure as "Command exited with non-zero status N" on its -o file; code is passed through.
		return {
			wallMs: ended - started,
			cpuMs,
			peakMiB,
			code,
			signal,
			stderr: error.slice(0, 2048),
			stdout: options.captureStdout ? Buffer.concat(out).toString('utf8') : undefined,
		};
	} finally {
		if (devNull !== undefined) {
			fs.closeSync(devNull);
		}
	}
}

export type SideStats = {wall: Summary; cpu: Summary; peakMiB: Summary};

export type AbResult = {
	a: SideStats;
	b: SideStats;
	/** Per-pair A/B wall ratios, summarised. */
	ratio: Summary;
	cpuRatio: Summary;
	pairs: number;
};

function side(results: RunResult[]): SideStats {
	return {
		wall: summarize(results.map(r => r.wallMs)),
		cpu: summarize(results.map(r => r.cpuMs).filter(v => Number.isFinite(v))),
		peakMiB: summarize(results.map(r => r.peakMiB).filter(v => Number.isFinite(v))),
	};
}

export class RunFailure extends Error {
	override name = 'RunFailure';
}

function check(spec: ProcessSpec, result: RunResult): void {
	if (result.code !== 0) {
		const first = result.stderr.split('\n').find(line => line.trim() !== '' && !line.startsWith('Command exited')) ?? '';
		throw new RunFailure(`${spec.label} exited ${result.code ?? result.signal}${first ? ': ' + first.trim().slice(0, 160) : ''}`);
	}
}

/**
Interleaved A/B: `warmup` untimed pairs, then `pairs` timed pairs; order flips every pair.
Throws RunFailure when either side exits non-zero.
*/
export async function abCompare(
	a: ProcessSpec,
	b: ProcessSpec,
	options: {pairs: number; warmup: number; timeoutMs?: number; onPair?: (index: number) => void},
): Promise<AbResult> {
	for (let i = 0; i < options.warmup; i++) {
		check(a, await runProcess(a, options));
		check(b, await runProcess(b, options));
	}

	const as: RunResult[] = [];
	const bs: RunResult[] = [];
	for (let i = 0; i < options.pairs; i++) {
		let ra: RunResult;
		let rb: RunResult;
		if (i % 2 === 0) {
			ra = await runProcess(a, options);
			rb = await runProcess(b, options);
		} else {
			rb = await runProcess(b, options);
			ra = await runProcess(a, options);
		}

		check(a, ra);
		check(b, rb);
		as.push(ra);
		bs.push(rb);
		options.onPair?.(i);
	}

	const ratios = as.map((r, i) => r.wallMs / bs[i]!.wallMs);
	const cpuRatios = as.map((r, i) => r.cpuMs / bs[i]!.cpuMs).filter(v => Number.isFinite(v));
	return {a: side(as), b: side(bs), ratio: summarize(ratios), cpuRatio: summarize(cpuRatios), pairs: options.pairs};
}

export {median} from './stats.js';
