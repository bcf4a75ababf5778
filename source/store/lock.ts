import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {limits} from '../feed/limits.js';

/**
A short-lived lock file: `<file>` created with O_EXCL, holding `pid host time`. It guards a few
milliseconds of work (an append, a compaction, a preferences write), never a whole session.

A lock is stale when its holder is a dead process on this host, or when it is older than `staleMs`
(a holder on another host, or a hung one). A stale lock is first renamed to a unique name, so that two
processes that both find it stale cannot both take it: only one rename succeeds.
*/

export type LockOptions = {
	/** Give up after this long (throws a LockError). */
	timeoutMs?: number;
	/** A lock older than this is stale whoever holds it. */
	staleMs?: number;
};

export class LockError extends Error {
	override name = 'LockError';
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleep(ms: number): void {
	Atomics.wait(sleeper, 0, 0, ms);
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** The stale lock's content, or undefined when the lock is live (or gone). */
function staleContent(file: string, staleMs: number): string | undefined {
	let text: string;
	let stat: fs.Stats;
	try {
		stat = fs.statSync(file);
		text = fs.readFileSync(file, 'utf8');
	} catch {
		// Gone already: not stale, just retry.
		return undefined;
	}

	if (Date.now() - stat.mtimeMs > staleMs) {
		return text;
	}

	const [pid, host] = text.split(' ');
	const number = Number(pid);
	if (!Number.isInteger(number) || number <= 0 || host === undefined) {
		// Not written yet (that takes microseconds), or its writer died between create and write.
		return Date.now() - stat.mtimeMs > limits.lockUnwrittenStaleMs ? text : undefined;
	}

	if (host === os.hostname() && !isAlive(number)) {
		return text;
	}

	return undefined;
}

function breakStaleLock(file: string, examined: string): void {
	const aside = `${file}.stale-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
	try {
		fs.renameSync(file, aside);
	} catch {
		return;
	}

	try {
		if (fs.readFileSync(aside, 'utf8') !== examined) {
			// Another process broke the stale lock and took a fresh one in between: give it back.
			// (link fails if yet another lock exists; then that one stands.)
			try {
				fs.linkSync(aside, file);
			} catch {}
		}
	} catch {}

	fs.rmSync(aside, {force: true});
}

/** Take the lock, or throw a LockError after `timeoutMs`. Returns the release function. */
export function acquireLock(file: string, options: LockOptions = {}): () => void {
	const timeoutMs = options.timeoutMs ?? limits.lockTimeoutMs;
	const staleMs = options.staleMs ?? limits.lockStaleMs;
	const deadline = Date.now() + timeoutMs;
	const token = `${process.pid} ${os.hostname()} ${Date.now()} ${Math.random().toString(36).slice(2)}\n`;
	let wait = 1;
	for (;;) {
		try {
			const fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
			try {
				fs.writeSync(fd, token);
			} finally {
				fs.closeSync(fd);
			}

			return () => {
				try {
					// Only remove our own lock (it may have been judged stale and taken over).
					if (fs.readFileSync(file, 'utf8') === token) {
						fs.unlinkSync(file);
					}
				} catch {}
			};
		} catch (error) {
			const {code} = error as NodeJS.ErrnoException;
			if (code === 'ENOENT') {
				fs.mkdirSync(path.dirname(file), {recursive: true});
				continue;
			}

			if (code !== 'EEXIST') {
				throw error;
			}
		}

		const stale = staleContent(file, staleMs);
		if (stale !== undefined) {
			breakStaleLock(file, stale);
			continue;
		}

		if (Date.now() > deadline) {
			// The holder is alive (a dead or old holder is stale and taken over above): never suggest deleting its lock.
			const holder = /^\d+/.exec(safeRead(file))?.[0];
			throw new LockError(`${file} is held by a running evnews${holder ? ` (pid ${holder})` : ''}; try again when it has finished`);
		}

		sleep(wait);
		wait = Math.min(wait * 2, 20);
	}
}

/** Run `fn` holding the lock (sync or async). */
export async function withLock<T>(file: string, fn: () => T | Promise<T>, options?: LockOptions): Promise<T> {
	const release = acquireLock(file, options);
	try {
		return await fn();
	} finally {
		release();
	}
}

export function withLockSync<T>(file: string, fn: () => T, options?: LockOptions): T {
	const release = acquireLock(file, options);
	try {
		return fn();
	} finally {
		release();
	}
}

function safeRead(file: string): string {
	try {
		return fs.readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}
