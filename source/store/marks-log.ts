import {limits} from '../feed/limits.js';
/**
The marks log: read/unread/star/unstar marks, one line each, appended, never edited in place.

File: `$XDG_DATA_HOME/evnews/marks.log`, UTF-8, `\n`-terminated lines:

	# evnews marks v1
	2026-11-26T07:36:37.123Z read 3f9a0c1d2e4b5a69
	2026-11-26T07:40:02.001Z star 3f9a0c1d2e4b5a69
	2026-11-26T07:41:00.000Z unread 3f9a0c1d2e4b5a69
	2027-01-02T00:00:00.000Z gone 3f9a0c1d2e4b5a69

- `<time>`: ISO 8601 UTC with milliseconds, always 24 characters (so times compare as strings).
- `<op>`: `read` | `unread` (the read dimension), `star` | `unstar` (the star dimension), or `gone`
  (written by compaction only: the post was first seen missing from every cached feed at that time).
- `<post id>`: the rest of the line; bytes outside printable ASCII, and `%`, are percent-encoded.
- Lines starting with `#` and empty lines are ignored.

State: per id and per dimension, the op with the greatest `<time> <op>` string wins (times have a fixed
width, so this is the latest time; at equal times `unread` beats `read` and `unstar` beats `star`);
`gone` is the earliest `gone`.
That makes the state a function of the *set* of lines: load is order-independent, duplicates are
harmless, and the union of two copies (`sort -u a b`, a git union merge) is a valid log that loses no
mark. One process never writes two ops for one id with the same time (it bumps by 1 ms).

A torn last line (a writer killed mid-write) has no `\n` and is ignored; the next append ends it and
adds the comment line `# torn…` (tornMarker), so the unreadable line above is known to be a fragment,
not damage. Any other unreadable line makes the file count as corrupt: it is moved aside to
`marks.log.corrupt-<time>` and replaced by its readable records (nothing readable is lost).

Writers (./marks.ts) append whole lines with one write() under a short lock (./lock.ts); compaction
rewrites the folded state (formatState) atomically under the same lock.
*/

export type MarkOp = 'read' | 'unread' | 'star' | 'unstar' | 'gone';

/**
The folded state. Values are the winning `<time> <op>` prefix of a line (a slice of the file text, so
loading 100,000 marks allocates little): `read` holds read/unread ops, `star` star/unstar, `gone` gone.
*/
export type MarkState = {
	read: Map<string, string>;
	star: Map<string, string>;
	gone: Map<string, string>;
};

/** Written after a torn last line, before the next record: the line above it is a fragment to ignore. */
export const tornMarker = '\n# torn: the line above was cut short and is ignored\n';
const tornPrefix = '# torn:';

export const logHeader = '# evnews marks v1: <ISO time> <read|unread|star|unstar|gone> <post id>\n';

const plainId = /^[\u0021-\u0024\u0026-\u007E]+$/;
const encodedId = /^[\u0021-\u007E]+$/;
const timePattern = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-6]\d\.\d{3}Z$/;
export const maxIdLength = limits.markIdMax;

export function encodeId(id: string): string {
	if (plainId.test(id)) {
		return id;
	}

	return id.toWellFormed().replaceAll(/[^\u0021-\u0024\u0026-\u007E]/gu, character => encodeURIComponent(character));
}

function decodeId(text: string): string | undefined {
	if (!text.includes('%')) {
		return text;
	}

	try {
		return decodeURIComponent(text);
	} catch {
		return undefined;
	}
}

export function emptyState(): MarkState {
	return {read: new Map(), star: new Map(), gone: new Map()};
}

/** Whether a winning `<time> <op>` value is `read` (resp. `star`): the op starts right after the time. */
const isPositive = (value: string | undefined): boolean => value !== undefined && value.charCodeAt(25) !== 117;

export function isReadIn(state: MarkState, id: string): boolean {
	return isPositive(state.read.get(id));
}

export function isStarredIn(state: MarkState, id: string): boolean {
	return isPositive(state.star.get(id));
}

/** The time of the winning op of that dimension, or undefined. */
export function timeIn(map: Map<string, string>, id: string): string | undefined {
	return map.get(id)?.slice(0, 24);
}

function dimension(state: MarkState, op: MarkOp): Map<string, string> {
	return op === 'read' || op === 'unread' ? state.read : (op === 'gone' ? state.gone : state.star);
}

/** Fold one record (`key` = `<time> <op>`). Commutative and idempotent. */
function applyKey(state: MarkState, op: MarkOp, key: string, id: string): void {
	const map = dimension(state, op);
	const old = map.get(id);
	if (old === undefined || (op === 'gone' ? key < old : key > old)) {
		map.set(id, key);
	}
}

export function applyLine(state: MarkState, time: string, op: MarkOp, id: string): void {
	applyKey(state, op, `${time} ${op}`, id);
}

/** The op of a line at `start` whose op ends at `space`, or undefined (char codes only: no allocation). */
function opAt(text: string, start: number, space: number): MarkOp | undefined {
	const at = start + 25;
	const c0 = text.charCodeAt(at);
	const c1 = text.charCodeAt(at + 1);
	const c2 = text.charCodeAt(at + 2);
	const c3 = text.charCodeAt(at + 3);
	switch (space - at) {
		case 4: {
			// Read, star, gone
			if (c0 === 114 && c1 === 101 && c2 === 97 && c3 === 100) {
				return 'read';
			}

			if (c0 === 115 && c1 === 116 && c2 === 97 && c3 === 114) {
				return 'star';
			}

			return c0 === 103 && c1 === 111 && c2 === 110 && c3 === 101 ? 'gone' : undefined;
		}

		case 6: {
			if (c0 !== 117 || c1 !== 110) {
				return undefined;
			}

			const c4 = text.charCodeAt(at + 4);
			const c5 = text.charCodeAt(at + 5);
			// Unread, unstar
			if (c2 === 114 && c3 === 101 && c4 === 97 && c5 === 100) {
				return 'unread';
			}

			return c2 === 115 && c3 === 116 && c4 === 97 && c5 === 114 ? 'unstar' : undefined;
		}

		default: {
			return undefined;
		}
	}
}

/** The line's shape: a 24-character time, a space, an op, a space, an id without spaces. */
function recordAt(text: string, start: number, end: number): {op: MarkOp; space: number} | undefined {
	if (end - start < 27
		|| text.charCodeAt(start + 24) !== 32
		|| text.charCodeAt(start + 23) !== 90 /* Z */
		|| text.charCodeAt(start + 10) !== 84 /* T */
		|| text.charCodeAt(start + 4) !== 45
		|| text.charCodeAt(start + 19) !== 46) {
		return undefined;
	}

	const space = text.indexOf(' ', start + 25);
	if (space === -1 || space >= end - 1) {
		return undefined;
	}

	const op = opAt(text, start, space);
	const extra = text.indexOf(' ', space + 1);
	if (op === undefined || (extra !== -1 && extra < end)) {
		return undefined;
	}

	return {op, space};
}

/** Parse one line (without its `\n`), strictly. Undefined when it is not a record. */
export function parseLine(line: string): {time: string; op: MarkOp; id: string} | undefined {
	const record = recordAt(line, 0, line.length);
	if (!record) {
		return undefined;
	}

	const time = line.slice(0, 24);
	const raw = line.slice(record.space + 1);
	if (!timePattern.test(time) || !encodedId.test(raw) || raw.length > maxIdLength * 3) {
		return undefined;
	}

	const id = decodeId(raw);
	return id === undefined ? undefined : {time, op: record.op, id};
}

export function formatLine(time: string, op: MarkOp, id: string): string {
	return `${time} ${op} ${encodeId(id)}\n`;
}

export type ParsedLog = {
	state: MarkState;
	/** Records read. */
	records: number;
	/** Complete lines that are not records (nor comments nor empty). */
	badLines: number;
	/** The file ended inside a line (ignored). */
	tornTail: boolean;
};

/** Fold a whole log. Loose but cheap checks per line (the format is fixed-width up to the op). */
export function parseLog(text: string, state: MarkState = emptyState()): ParsedLog {
	let records = 0;
	let badLines = 0;
	let start = 0;
	let previousBad = false;
	const {length} = text;
	while (start < length) {
		const newline = text.indexOf('\n', start);
		if (newline === -1) {
			return {state, records, badLines, tornTail: true};
		}

		const end = text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
		const wasBad = previousBad;
		previousBad = false;
		if (end > start && text.charCodeAt(start) === 35 /* # */) {
			if (wasBad && text.startsWith(tornPrefix, start)) {
				badLines--;
			}
		} else if (end > start) {
			const record = recordAt(text, start, end);
			const id = record && end - record.space - 1 <= maxIdLength * 3 ? decodeId(text.slice(record.space + 1, end)) : undefined;
			if (record === undefined || id === undefined) {
				badLines++;
				previousBad = true;
			} else {
				applyKey(state, record.op, text.slice(start, record.space), id);
				records++;
			}
		}

		start = newline + 1;
	}

	return {state, records, badLines, tornTail: false};
}

/** Times further ahead than this are from a broken clock: they are clamped to "now" on load. */
export const maxClockSkewMs = 24 * 60 * 60 * 1000;

/**
Clamp every winning time later than `now + maxClockSkewMs` to `now` (same op), so a line from a machine whose clock
was years ahead cannot outrank every later op. Returns how many were clamped (zero costs one string compare each).
*/
export function clampFuture(state: MarkState, now: number): number {
	const limit = new Date(now + maxClockSkewMs).toISOString();
	const nowText = new Date(now).toISOString();
	let clamped = 0;
	for (const map of [state.read, state.star, state.gone]) {
		for (const [id, key] of map) {
			if (key > limit) {
				map.set(id, nowText + key.slice(24));
				clamped++;
			}
		}
	}

	return clamped;
}

/** Whether `time` is a time this format can hold and read back (24 characters, years 1000–9999). */
export function isWritableTime(time: string): boolean {
	return timePattern.test(time);
}

/** The folded state as log lines (the latest op per dimension, and `gone`), sorted by id. */
export function formatState(state: MarkState): string {
	const ids = [...new Set([...state.read.keys(), ...state.star.keys(), ...state.gone.keys()])].sort();
	const parts: string[] = [logHeader];
	for (const id of ids) {
		const encoded = encodeId(id);
		for (const map of [state.read, state.star, state.gone]) {
			const key = map.get(id);
			if (key !== undefined) {
				parts.push(`${key} ${encoded}\n`);
			}
		}
	}

	return parts.join('');
}
