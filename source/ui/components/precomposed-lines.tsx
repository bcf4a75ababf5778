import {Transform} from 'ink';
import {memo, useCallback, useMemo} from 'react';
import {fitStyled} from '../text.js';

type Properties = {
	/** The lines, styled with SGR codes only. */
	readonly lines: readonly string[];
	/** Columns the lines are drawn in. */
	readonly width: number;
	/** Set when every line is known to fit in `width` columns already (skips the per-line check). */
	readonly fitted?: boolean;
};

/**
Lines composed and cut to the pane by the caller, drawn as one Ink text node.

Ink measures every line of every `<Text>` with string-width on every frame, and string-width segments graphemes
(about 1 µs a character) for any line that is not plain ASCII, which is most rows here (●, ·, …, ’). So the text
node that Ink lays out and measures holds one blank per line (measuring it is free), and Ink's `<Transform>`, which
is given the index of each output line, writes the real line in its place. Ink does not measure, wrap or cut these
lines any more, so each must fit `width`: a line that does not (never expected) is cut here. That check is
remembered per (width, line), so a line scrolled into view is measured once, not on every frame.
*/
const fittedLines = new Map<string, string>();
const fittedLinesMax = 4096;

function fitOnce(line: string, width: number): string {
	const key = `${width}\u0000${line}`;
	let fitted = fittedLines.get(key);
	if (fitted === undefined) {
		fitted = fitStyled(line, width);
		if (fittedLines.size >= fittedLinesMax) {
			fittedLines.clear();
		}

		fittedLines.set(key, fitted);
	}

	return fitted;
}

const sgr = /\u001B\[[\d;]*m/g;

export const PrecomposedLines = memo(({lines: given, width, fitted = false}: Properties) => {
	// One entry per output line: a line break inside an entry would otherwise be written into one row.
	const lines = useMemo(() => (given.some(line => line.includes('\n')) ? given.flatMap(line => line.split('\n')) : given), [given]);
	const transform = useCallback(
		(_placeholder: string, index: number) => {
			const line = lines[index] ?? '';
			return fitted ? line : fitOnce(line, width);
		},
		[lines, width, fitted],
	);
	if (lines.length === 0) {
		return null;
	}

	return (
		<Transform transform={transform} accessibilityLabel={lines.join('\n').replaceAll(sgr, '')}>
			{' \n'.repeat(lines.length - 1) + ' '}
		</Transform>
	);
});
