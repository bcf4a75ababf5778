import fs from 'node:fs';
import path from 'node:path';
import {limits} from '../feed/limits.js';
import {copyAside, writeFileAtomic} from './atomic-write.js';
import {acquireLock} from './lock.js';
import {encodeId, maxIdLength} from './marks-log.js';

/**
A `--new` cursor: the ids of the posts that `--new=NAME` has printed, so the next run prints only the others.

File: `$XDG_STATE_HOME/evnews/cursors/<name>.cursor`, 0600, UTF-8, written whole and atomically:

	# evnews cursor v1
	3f9a0c1d2e4b5
	k2m7qa0c1d2e4

One post id per line (encoded as in the marks log), oldest delivery first. Ids rather than a high-water time, so a post
that a feed back-dates, or that comes back after leaving the feed, is still printed exactly once. At most
`limits.cursorMaxIds` ids are kept: beyond that the oldest go first, but never an id among the posts of this run.

A run holds `<name>.lock` from reading the cursor until the output is flushed and the new ids are written, so a second
run of the same cursor waits and then sees them (no double delivery). A file with an unreadable line is copied aside
to `<name>.cursor.corrupt-<time>` and replaced by its readable ids (never overwritten without a copy).
*/

const cursorHeader = '# evnews cursor v1\n';

export type Cursor = {
	name: string;
	file: string;
	/** Ids in delivery order (a Set keeps insertion order). */
	ids: Set<string>;
	/** Set when the file was unreadable and moved aside (one line for stderr). */
	warning?: string;
};

class CursorError extends Error {
	override name = 'CursorError';
}

const namePattern = /^\w[\w.-]*$/;

/** Whether NAME is a valid cursor name (it becomes a file name). */
export function isCursorName(name: string): boolean {
	return name.length <= limits.cursorNameMax && namePattern.test(name);
}

export function cursorDirectory(stateDirectory: string): string {
	return path.join(stateDirectory, 'cursors');
}

export function cursorFile(stateDirectory: string, name: string): string {
	return path.join(cursorDirectory(stateDirectory), `${name}.cursor`);
}

/** The ids of a cursor file's text, and how many lines were not ids. */
function parseCursor(text: string): {ids: Set<string>; badLines: number} {
	const ids = new Set<string>();
	let badLines = 0;
	const lines = text.split('\n');
	if (text.endsWith('\n')) {
		lines.pop();
	} else if (text !== '') {
		// Files are written whole, so a missing last newline is damage, not a torn append.
		badLines++;
		lines.pop();
	}

	for (const line of lines) {
		if (line === '' || line.startsWith('#')) {
			continue;
		}

		const id = decode(line);
		if (id === undefined) {
			badLines++;
		} else {
			ids.add(id);
		}
	}

	if (!text.startsWith('# evnews cursor v1') && text !== '') {
		badLines++;
	}

	return {ids, badLines};
}

function decode(line: string): string | undefined {
	if (!/^[\u0021-\u007E]+$/.test(line) || line.length > maxIdLength * 3) {
		return undefined;
	}

	try {
		return line.includes('%') ? decodeURIComponent(line) : line;
	} catch {
		return undefined;
	}
}

function formatCursor(ids: Iterable<string>): string {
	const parts = [cursorHeader];
	for (const id of ids) {
		parts.push(encodeId(id), '\n');
	}

	return parts.join('');
}

/** Read a cursor (empty when it does not exist yet). An unreadable file is moved aside, its readable ids kept. */
export function readCursor(stateDirectory: string, name: string): Cursor {
	const file = cursorFile(stateDirectory, name);
	let text: string;
	try {
		const fd = fs.openSync(file, 'r');
		try {
			if (fs.fstatSync(fd).size > limits.cursorMaxBytes) {
				throw new CursorError(`cursor ${name} is larger than ${limits.cursorMaxBytes / 1024} KB: ${file}`);
			}

			text = fs.readFileSync(fd, 'utf8');
		} finally {
			fs.closeSync(fd);
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {name, file, ids: new Set()};
		}

		throw error;
	}

	const {ids, badLines} = parseCursor(text);
	if (badLines === 0) {
		return {name, file, ids};
	}

	// The damaged file is kept aside as it was, then replaced at once by its readable ids (the caller holds the lock), so
	// a run that dies before printing does not lose them.
	const moved = copyAside(file);
	writeFileAtomic(file, formatCursor(ids));
	return {name, file, ids, warning: `cursor ${name} had ${badLines} unreadable line${badLines === 1 ? '' : 's'}; moved aside to ${moved} (its ${ids.size} readable ids are kept)`};
}

/**
The cursor's ids plus `delivered`, bounded: past `limits.cursorMaxIds`, the oldest ids that are not in `current` (the
posts of this run) are dropped first, then the oldest of the rest.
*/
export function advancedIds(ids: Set<string>, delivered: Iterable<string>, current: Set<string>, max: number = limits.cursorMaxIds): Set<string> {
	const next = new Set(ids);
	for (const id of delivered) {
		next.delete(id);
		next.add(id);
	}

	let excess = next.size - max;
	for (const id of next) {
		if (excess <= 0) {
			break;
		}

		if (!current.has(id)) {
			next.delete(id);
			excess--;
		}
	}

	for (const id of next) {
		if (excess-- <= 0) {
			break;
		}

		next.delete(id);
	}

	return next;
}

/** Write the cursor whole (atomic, 0600). */
export function writeCursor(cursor: Cursor, ids: Set<string>): void {
	writeFileAtomic(cursor.file, formatCursor(ids));
}

/** Hold the cursor's lock (see above). Throws a CursorError when another run holds it past the wait. */
export function lockCursor(stateDirectory: string, name: string): () => void {
	try {
		return acquireLock(path.join(cursorDirectory(stateDirectory), `${name}.lock`), {
			timeoutMs: limits.cursorLockWaitMs,
			staleMs: limits.cursorLockStaleMs,
		});
	} catch (error) {
		if ((error as Error).name === 'LockError') {
			throw new CursorError(`cursor ${name} is in use: ${(error as Error).message}`);
		}

		throw error;
	}
}
