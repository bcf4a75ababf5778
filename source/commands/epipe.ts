import process from 'node:process';
import type {Writable} from 'node:stream';

/**
A closed stdout (`evnews --json | head -1`) ends the run quietly with exit 0, like `cat` and `git log`.
State is safe: every state file is written atomically and synchronously, so exiting between writes leaves
each file either old or new; commands that change state after printing wait for `flushed()` first.
*/

function isBrokenPipe(error: unknown): boolean {
	const {code} = (error ?? {}) as NodeJS.ErrnoException;
	return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** Exit 0 as soon as a write to one of these streams fails with EPIPE; rethrow anything else. */
export function exitQuietlyOnBrokenPipe(streams: Writable[], exit: (code: number) => never): void {
	for (const stream of streams) {
		stream.on('error', (error: unknown) => {
			if (isBrokenPipe(error)) {
				exit(0);
			}

			throw error;
		});
	}
}

/**
Calls `install` with `process[name]` when something first asks for that stream, and not before: making a stdio
stream costs about 2 ms (a pipe loads `net`, a file Node's stream classes), and most runs never write to stderr.
*/
export function onFirstUse(name: 'stdout' | 'stderr', install: (stream: Writable) => void): void {
	const descriptor = Object.getOwnPropertyDescriptor(process, name);
	const get = descriptor?.get;
	if (get === undefined || descriptor?.configurable !== true) {
		install(process[name]);
		return;
	}

	let stream: Writable | undefined;
	Object.defineProperty(process, name, {
		configurable: true,
		enumerable: descriptor.enumerable,
		get() {
			if (stream === undefined) {
				stream = get.call(process) as Writable;
				install(stream);
			}

			return stream;
		},
	});
}

/**
Resolves once everything written to `stream` so far has been handed to the OS. When the reader has gone
(EPIPE) it never resolves: the broken-pipe handler ends the run first, so nothing after it runs.
*/
export async function flushed(stream: Writable): Promise<void> {
	return new Promise(resolve => {
		stream.write('', error => {
			if (!error) {
				resolve();
			}
		});
	});
}
