import fs from 'node:fs';
import path from 'node:path';
import type {Post, PostContent} from '../feed/types.js';
import {limits} from '../feed/limits.js';
import {copyAside, writeFileAtomic} from './atomic-write.js';
import {acquireLock, withLockSync} from './lock.js';
import {
	applyLine, clampFuture, emptyState, formatLine, isWritableTime, formatState, isReadIn, isStarredIn, logHeader, tornMarker, type MarkOp, type MarkState, type ParsedLog, parseLog, timeIn,
} from './marks-log.js';
import {getPaths} from './paths.js';
import {readText} from './read-text.js';
import {readStarred, removeStarred, type StarredPost, starKey, starredDirectory, writeStarred} from './stars.js';

/**
Read and starred marks, in their own files under `$XDG_DATA_HOME/evnews/` (never in conf):
- `marks.log`: the append-only log (format in ./marks-log.ts);
- `marks.lock`: a short lock taken by every append and by compaction (./lock.ts), so an append can
  never land in a file that a compaction is about to replace;
- `starred/<id>.json`: the snapshot of each starred post (./stars.ts).

Appends are one `write()` of whole lines on an O_APPEND descriptor, under the lock: concurrent processes
lose nothing, and a writer killed mid-way leaves at most a torn last line, which is ignored.
*/

export type {StarredPost} from './stars.js';

export type Marks = {
	isRead(id: string): boolean;
	isStarred(id: string): boolean;
	markRead(ids: string[]): void;
	markUnread(ids: string[]): void;
	star(posts: Array<Post & Partial<PostContent>>): void;
	unstar(ids: string[]): void;
	readCount(): number;
	/** Every starred post that has a snapshot, most recently starred first. */
	starredPosts(): StarredPost[];
	/** Ids of every starred post (with or without a snapshot). */
	starredIds(): string[];
	/** One line each: a corrupt log moved aside, a corrupt snapshot… */
	readonly warnings: string[];
	/** Lines in the log when it was loaded, and ids in the state (to decide on compaction). */
	readonly stats: {records: number; ids: number};
	readonly directory: string;
	/** How long a write waits for the marks lock (default 10 s). The reader sets 0 and retries itself (ui/marks-queue.ts). */
	lockTimeoutMs: number;
};

export class MarksError extends Error {
	override name = 'MarksError';
	/** Set when the write gave up waiting for the lock (nothing was written; it can be retried). */
	locked = false;
}

const day = 24 * 60 * 60 * 1000;
/** Read marks of posts missing from every cached feed for longer than this are dropped by compaction. */
export const goneRetentionMs = 90 * day;

export function marksFiles(dataDirectory: string): {log: string; lock: string} {
	return {log: path.join(dataDirectory, 'marks.log'), lock: path.join(dataDirectory, 'marks.lock')};
}

function ioError(action: string, file: string, error: unknown): MarksError {
	const {code, message} = error as NodeJS.ErrnoException;
	return new MarksError(`cannot ${action} ${file}: ${code ?? message}`);
}

function readLog(file: string): string {
	try {
		return readText(file);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return '';
		}

		throw ioError('read', file, error);
	}
}

/**
Load the log. Unreadable lines (not a torn tail): the file is moved aside and replaced, under the lock,
by its readable records, with one warning. Nothing readable is lost, and the original is kept.
*/
function loadState(dataDirectory: string, warnings: string[]): {state: MarkState; records: number} {
	const files = marksFiles(dataDirectory);
	let text: string;
	try {
		text = readLog(files.log);
	} catch (error) {
		// Never fatal for readers (the reader, `--json`): no marks shown, and writes will fail loudly.
		warnings.push(`${(error as Error).message}; read and starred marks are not available`);
		return {state: emptyState(), records: 0};
	}

	const parsed = parseLog(text);
	const future = clampFuture(parsed.state, Date.now());
	if (parsed.badLines === 0 && future === 0) {
		return parsed;
	}

	try {
		return withLockSync(files.lock, () => repair(files.log, warnings));
	} catch (error) {
		const problems = parsed.badLines > 0 ? `${parsed.badLines} unreadable line(s)` : `${future} time(s) in the future`;
		warnings.push(`marks file ${files.log} has ${problems} and could not be repaired (${(error as Error).message}); ${parsed.badLines > 0 ? 'they are ignored' : 'they count as now'}`);
		return parsed;
	}
}

/**
Under the lock: re-read (appends that came in since are kept too), clamp times from the future to now, and when
anything was unreadable or clamped, keep a copy of the file and replace it by its folded, repaired state.
Clamped times must be written back: left in the file, they would outrank every op written after this load.
*/
function repair(file: string, warnings: string[]): ParsedLog {
	const again = parseLog(readLog(file));
	const future = clampFuture(again.state, Date.now());
	if (again.badLines === 0 && future === 0) {
		return again;
	}

	const moved = copyAside(file);
	writeFileAtomic(file, formatState(again.state));
	if (again.badLines > 0) {
		warnings.push(`marks file ${file} had ${again.badLines} unreadable line(s); moved it to ${path.basename(moved)} and kept its ${again.records} readable mark(s)`);
	}

	if (future > 0) {
		warnings.push(`marks file ${file} had ${future} mark(s) dated more than a day ahead (a clock set wrong); they now count as made now (the original is in ${path.basename(moved)})`);
	}

	return again;
}

function append(dataDirectory: string, text: string, lockTimeoutMs?: number): void {
	if (text === '') {
		return;
	}

	const files = marksFiles(dataDirectory);
	let release: () => void;
	try {
		fs.mkdirSync(dataDirectory, {recursive: true});
		release = acquireLock(files.lock, lockTimeoutMs === undefined ? {} : {timeoutMs: lockTimeoutMs});
	} catch (error) {
		if (error instanceof Error && error.name === 'LockError') {
			const locked = new MarksError(error.message);
			locked.locked = true;
			throw locked;
		}

		throw ioError('lock', files.lock, error);
	}

	try {
		// Read-write so the last byte can be checked on the same descriptor; writes still go to the end.
		const fd = fs.openSync(files.log, fs.constants.O_RDWR | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
		try {
			const {size, mode} = fs.fstatSync(fd);
			// Private, like every file evnews writes (a log made by an older version may be 0644).
			if ((mode & 0o077) !== 0) {
				fs.fchmodSync(fd, mode & 0o700);
			}

			let prefix = '';
			if (size === 0) {
				prefix = logHeader;
			} else {
				const last = Buffer.alloc(1);
				fs.readSync(fd, last, 0, 1, size - 1);

				// A torn last line: start ours on a fresh line so it is not glued to the fragment.
				if (last[0] !== 0x0A) {
					prefix = tornMarker;
				}
			}

			fs.writeSync(fd, prefix + text);
		} finally {
			fs.closeSync(fd);
		}
	} catch (error) {
		throw ioError('write', files.log, error);
	} finally {
		release();
	}
}

/**
The writer of one open marks state: each op gets a time (now, but never at or before an op this state already has
for that id, so one process's ops on one id are strictly ordered), is appended under the lock, then applied, and
must win (a command that reports success has changed the state).
*/
function markWriter(dataDirectory: string, state: MarkState, lockTimeoutMs: () => number | undefined): (ops: Array<{op: MarkOp; id: string}>) => void {
	let lastTime = 0;

	// A time for a new op on `entry`: now, but never at or before an op this state already has for it,
	// so that one process's ops on one id are strictly ordered.
	const timeFor = (id: string, op: MarkOp): string => {
		let ms = Math.max(Date.now(), lastTime);
		const previous = timeIn(op === 'read' || op === 'unread' ? state.read : state.star, id);
		if (previous) {
			const previousMs = Date.parse(previous);
			if (previousMs >= ms) {
				ms = previousMs + 1;
			}
		}

		lastTime = ms;
		const time = new Date(ms).toISOString();
		if (!isWritableTime(time)) {
			// Never write a line the parser would drop (a clock past 9999, or an op after one from year 9999).
			throw new MarksError(`cannot mark ${id}: the time ${time} cannot be stored (is the system clock right?)`);
		}

		return time;
	};

	const write = (ops: Array<{op: MarkOp; id: string}>): void => {
		let text = '';
		const applied: Array<[string, MarkOp, string]> = [];
		for (const {op, id} of ops) {
			const time = timeFor(id, op);
			text += formatLine(time, op, id);
			applied.push([time, op, id]);
		}

		append(dataDirectory, text, lockTimeoutMs());
		for (const [time, op, id] of applied) {
			applyLine(state, time, op, id);
			// A command that reports success has changed the state: check that each op won.
			if (timeIn(op === 'read' || op === 'unread' ? state.read : state.star, id) !== time) {
				throw new MarksError(`the ${op} mark of ${id} was written but is outranked by a later one in ${marksFiles(dataDirectory).log}`);
			}
		}
	};

	return write;
}

/** Open the marks of `dataDirectory` (default: `getPaths().data`). Loading 100,000 marks takes tens of ms. */
export function openMarks(dataDirectory: string = getPaths().data, options: {lockTimeoutMs?: number} = {}): Marks {
	const warnings: string[] = [];
	let {lockTimeoutMs} = options;
	const {state, records} = loadState(dataDirectory, warnings);
	const write = markWriter(dataDirectory, state, () => lockTimeoutMs);
	const unique = (ids: string[]): string[] => [...new Set(ids.map(id => id.toWellFormed()))].filter(id => id.length > 0);

	return {
		warnings,
		stats: {records, ids: state.read.size + state.star.size},
		directory: dataDirectory,
		get lockTimeoutMs() {
			return lockTimeoutMs ?? 10_000;
		},
		set lockTimeoutMs(value: number) {
			lockTimeoutMs = value;
		},
		isRead: id => isReadIn(state, id),
		isStarred: id => isStarredIn(state, id),
		markRead(ids) {
			write(unique(ids).filter(id => !isReadIn(state, id)).map(id => ({op: 'read', id})));
		},
		markUnread(ids) {
			write(unique(ids).filter(id => isReadIn(state, id)).map(id => ({op: 'unread', id})));
		},
		star(posts) {
			const fresh = posts.filter(post => !isStarredIn(state, post.id));
			const starredAt = new Date().toISOString();
			// The snapshot first: a star mark never points at a missing snapshot because of a crash.
			for (const post of fresh) {
				try {
					writeStarred(dataDirectory, post, starredAt);
				} catch (error) {
					throw ioError('write', starredDirectory(dataDirectory), error);
				}
			}

			write(unique(fresh.map(post => post.id)).map(id => ({op: 'star', id})));
		},
		unstar(ids) {
			const starred = unique(ids).filter(id => isStarredIn(state, id));
			write(starred.map(id => ({op: 'unstar', id})));
			for (const id of starred) {
				try {
					removeStarred(dataDirectory, id);
				} catch {}
			}
		},
		readCount() {
			let count = 0;
			for (const id of state.read.keys()) {
				if (isReadIn(state, id)) {
					count++;
				}
			}

			return count;
		},
		starredIds() {
			return [...state.star.keys()].filter(id => isStarredIn(state, id));
		},
		starredPosts() {
			const posts: StarredPost[] = [];
			for (const id of state.star.keys()) {
				if (isStarredIn(state, id)) {
					const post = readStarred(dataDirectory, id, warnings);
					if (post) {
						posts.push(post);
					}
				}
			}

			return posts.sort((a, b) => (a.starredAt < b.starredAt ? 1 : (a.starredAt > b.starredAt ? -1 : 0)));
		},
	};
}

export type CompactResult = {before: number; after: number; dropped: number};

/**
Rewrite the log as its folded state (one line per id and dimension), under the lock, atomically.
`presentIds`: every post id in the cache. Read marks of posts missing from it get a `gone` line; those gone
for longer than 90 days are dropped (starred posts are always kept). With no present ids (an empty cache),
nothing is dropped.
*/
export function compactMarks(options: {dataDirectory?: string; presentIds: Set<string>; now?: number}): CompactResult {
	const dataDirectory = options.dataDirectory ?? getPaths().data;
	const now = options.now ?? Date.now();
	const files = marksFiles(dataDirectory);
	return withLockSync(files.lock, () => {
		const parsed = parseLog(readLog(files.log));
		if (parsed.badLines > 0) {
			copyAside(files.log);
		}

		const {state} = parsed;
		const nowKey = `${new Date(now).toISOString()} gone`;
		const cutoff = new Date(now - goneRetentionMs).toISOString();
		let dropped = 0;
		if (options.presentIds.size > 0) {
			const ids = new Set([...state.read.keys(), ...state.star.keys(), ...state.gone.keys()]);
			for (const id of ids) {
				const gone = state.gone.get(id);
				if (options.presentIds.has(id) || isStarredIn(state, id)) {
					state.gone.delete(id);
				} else if (gone === undefined) {
					state.gone.set(id, nowKey);
				} else if (gone < cutoff) {
					state.read.delete(id);
					state.star.delete(id);
					state.gone.delete(id);
					dropped++;
				}
			}
		}

		// Remove snapshots whose star was taken back (a crash between unstar and delete, or a merge).
		const keep = new Set<string>();
		for (const id of state.star.keys()) {
			if (isStarredIn(state, id)) {
				keep.add(`${starKey(id)}.json`);
			}
		}

		// A snapshot younger than a minute may belong to a star() whose mark is not appended yet: leave it.
		try {
			const directory = starredDirectory(dataDirectory);
			for (const name of fs.readdirSync(directory)) {
				const file = path.join(directory, name);
				if (name.endsWith('.json') && !keep.has(name) && fs.statSync(file).mtimeMs < now - limits.staleTempFileMs) {
					fs.rmSync(file, {force: true});
				}
			}
		} catch {}

		writeFileAtomic(files.log, formatState(parsed.state));
		return {before: parsed.records, after: state.read.size + state.star.size, dropped};
	});
}

/** Whether the log has grown enough (mostly superseded lines) to be worth compacting. */
export function shouldCompact(marks: Marks): boolean {
	return marks.stats.records > 20_000 && marks.stats.records > 3 * marks.stats.ids;
}

/**
Compact when it is due (shouldCompact), for any writer of marks (the CLI mark commands, the reader on quit).
`presentIds` is asked for only then. Returns the result, or undefined when not due.
*/
export function compactIfDue(marks: Marks, presentIds: () => Set<string>): CompactResult | undefined {
	return shouldCompact(marks) ? compactMarks({dataDirectory: marks.directory, presentIds: presentIds()}) : undefined;
}
