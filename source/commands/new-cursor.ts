import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {advancedIds, isCursorName, lockCursor, readCursor, writeCursor, type Cursor} from '../store/cursors.js';
import {getPaths} from '../store/paths.js';
import {UsageError, type CommandContext} from './context.js';
import {flushed} from './epipe.js';
import {warn} from './state-output.js';

/**
`--new[=NAME]` for the post lists (`--json`, `--jsonl`, `--jq`, `--template`, the plain list): only posts this cursor
has not printed before. Loaded only when the flag is given. The cursor is held (locked) from the selection until the
output has been flushed to stdout and the printed ids saved; a run that dies or meets a closed pipe before that saves
nothing, so the next run prints the same posts again.
*/

export type NewCursor = {
	isNew(id: string): boolean;
	/** After the output was written: wait for stdout to take it all, then save the printed ids. */
	delivered(printed: string[], current: string[]): Promise<void>;
	release(): void;
};

/** The cursor name of `--new` / `--new=NAME` (a usage error when it cannot be a file name). */
export function cursorName(value: string): string {
	if (!isCursorName(value)) {
		throw new UsageError(`--new takes a cursor name of letters, digits, ".", "_" and "-" (at most ${limits.cursorNameMax}), not "${sanitizeLine(value, limits.shownArgumentMax)}"`, 'e.g. --new=daily-digest');
	}

	return value;
}

/** Lock and read the cursor (a corrupt file is moved aside, with a warning). */
export function openCursor(context: CommandContext, name: string): NewCursor {
	const {state} = getPaths(context.io.env);
	const release = lockCursor(state, name);
	let cursor: Cursor;
	try {
		cursor = readCursor(state, name);
	} catch (error) {
		release();
		throw error;
	}

	if (cursor.warning) {
		warn(context, [cursor.warning]);
	}

	return {
		isNew: id => !cursor.ids.has(id),
		async delivered(printed, current) {
			if (printed.length === 0) {
				return;
			}

			// On EPIPE this never resolves: the broken-pipe handler exits first, and the cursor stays where it was.
			await flushed(context.io.stdout);
			writeCursor(cursor, advancedIds(cursor.ids, printed, new Set(current)));
		},
		release,
	};
}
