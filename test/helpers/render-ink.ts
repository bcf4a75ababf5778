import {EventEmitter} from 'node:events';
import {render as inkRender} from 'ink';
import type {ReactElement} from 'react';
import {tick, waitFor} from './wait-for.js';

/** Keys as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	shiftTab: '\u001B[Z',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	backspace: '\u007F',
	ctrlC: '\u0003',
} as const;

class FakeStdout extends EventEmitter {
	isTTY = true;
	columns: number;
	rows: number;
	readonly frames: string[] = [];

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	write = (data: string): boolean => {
		this.frames.push(data);
		return true;
	};

	/** The last frame, skipping the lone "\n" Ink writes on exit under CI=true. */
	lastFrame(): string {
		for (let index = this.frames.length - 1; index >= 0; index--) {
			if (this.frames[index] !== '\n') {
				return this.frames[index]!;
			}
		}

		return '';
	}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

class FakeStdin extends EventEmitter {
	isTTY = true;
	private data: string | undefined;

	write(data: string): void {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	}

	read(): string | null {
		const {data} = this;
		this.data = undefined;

		return data ?? null;
	}

	setEncoding() {}
	setRawMode() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
}

export type RenderedInk = {
	lastFrame(): string;
	frames: string[];
	stdin: {write(data: string): void};
	stdout: {resize(columns: number, rows: number): void; columns: number; rows: number};
	rerender(tree: ReactElement): void;
	unmount(): void;
	/** Write keys, then wait until the frame changes (or `until` holds) and yield for passive effects. */
	press(data: string, until?: (frame: string) => boolean): Promise<void>;
	/** Wait until the last frame satisfies `predicate` (text or a function). */
	waitForFrame(predicate: string | ((frame: string) => boolean), timeoutMs?: number): Promise<void>;
};

/**
Render with Ink's debug mode on a fake stdout with settable columns and rows. `lastFrame` is safe under CI=true.
Set `stdinTTY: false` to get a stdin without raw mode (like a pipe).
*/
export function renderInk(tree: ReactElement, options: {columns?: number; rows?: number; stdinTTY?: boolean} = {}): RenderedInk {
	const stdout = new FakeStdout(options.columns ?? 100, options.rows ?? 30);
	const stderr = new FakeStdout(options.columns ?? 100, options.rows ?? 30);
	const stdin = new FakeStdin();
	if (options.stdinTTY === false) {
		stdin.isTTY = false;
	}

	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	const waitForFrame = async (predicate: string | ((frame: string) => boolean), timeoutMs = 5000) => {
		const test = typeof predicate === 'string' ? (frame: string) => frame.includes(predicate) : predicate;
		await waitFor(() => test(stdout.lastFrame()), {timeoutMs, describe: () => stdout.lastFrame()});
	};

	return {
		lastFrame: () => stdout.lastFrame(),
		frames: stdout.frames,
		stdin,
		stdout,
		rerender: instance.rerender,
		unmount: instance.unmount,
		async press(data, until) {
			// Keys written before Ink subscribed to stdin would be lost.
			await waitFor(() => stdin.listenerCount('readable') > 0, {timeoutMs: 2000}).catch(() => undefined);
			const before = stdout.frames.length;
			const beforeFrame = stdout.lastFrame();
			stdin.write(data);
			await (until ? waitForFrame(until) : waitFor(() => stdout.frames.length > before && stdout.lastFrame() !== beforeFrame, {timeoutMs: 500}).catch(() => undefined));

			await tick();
		},
		waitForFrame,
	};
}
