/**
Ink 6.8's incremental renderer rewinds one row too few when a frame ends in a newline (which it always does
below full height): every later frame lands one row lower (ink#909, fixed in ink 7.0, which needs Node 22).
In the alternate screen every frame starts at the top-left corner, so we anchor each frame there: the rewind
at the start of a frame write (cursor-up, or an erase-lines run) is replaced by "cursor home", and a write
that only erases (Ink's clear after the terminal got narrower) becomes "home + clear screen".
*/

const beginSync = '\u001B[?2026h';
// Ansi-escapes eraseLines(n): n × ESC[2K joined by ESC[1A, then ESC[G.
const eraseRun = /^(?:\u001B\[2K(?:\u001B\[1A)?)+\u001B\[G/;
const cursorUp = /^\u001B\[\d+A/;

export function anchorFrame(chunk: string): string {
	const sync = chunk.startsWith(beginSync) ? beginSync : '';
	const rest = chunk.slice(sync.length);
	const erase = eraseRun.exec(rest);
	if (erase) {
		const after = rest.slice(erase[0].length);
		return after === '' ? `${sync}\u001B[H\u001B[2J` : `${sync}\u001B[H${after}`;
	}

	const up = cursorUp.exec(rest);
	if (up) {
		return `${sync}\u001B[H${rest.slice(up[0].length)}`;
	}

	return chunk;
}

/**
A view of `stdout` whose `write` anchors Ink's frames (see above); everything else is the real stream. `onWrite`
hears of each write (the reader's idle time starts again).
*/
export function anchoredStdout(stdout: NodeJS.WriteStream, onWrite?: () => void): NodeJS.WriteStream {
	const write = (chunk: unknown, ...rest: unknown[]) => {
		onWrite?.();
		return (stdout.write as (...arguments_: unknown[]) => boolean)(typeof chunk === 'string' ? anchorFrame(chunk) : chunk, ...rest);
	};

	return new Proxy(stdout, {
		get(target, property) {
			if (property === 'write') {
				return write;
			}

			const value: unknown = Reflect.get(target, property, target);
			return typeof value === 'function' ? (value as (...arguments_: unknown[]) => unknown).bind(target) : value;
		},
	});
}
