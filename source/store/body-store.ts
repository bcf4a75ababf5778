import fs from 'node:fs';
import path from 'node:path';
import type {PostContent} from '../feed/types.js';
import {limits} from '../feed/limits.js';
import {writeFileAtomic} from './atomic-write.js';

/**
Article bodies of one feed: an append-only log `<key>.bodies-<generation>.log` of records (a JSON line of the
id, base and length, then the html; see `record`), and a small index `<key>.bodies.json` of id → [offset, length],
written atomically after the appended bytes are fsynced. A torn tail (a crash mid-append) is never named by the
index, so every earlier body stays readable; each record is checked on read (its JSON line, its id, its length).
When the log holds more dead bytes than live ones, the live bodies are copied to a new generation and the old log
removed.
*/

export type BodyIndex = {version: 1; log: string; bodies: Record<string, [number, number]>};

const emptyIndex = (): BodyIndex => ({version: 1, log: '', bodies: {}});

function isBodyIndex(value: unknown): value is BodyIndex {
	const v = value as BodyIndex;
	return typeof v === 'object' && v !== null && v.version === 1 && typeof v.log === 'string'
		&& typeof v.bodies === 'object' && v.bodies !== null && !/[/\\]/.test(v.log);
}

function bodyIndexFile(directory: string, key: string): string {
	return path.join(directory, key + '.bodies.json');
}

/** The index, or an empty one when there is none; a corrupt one counts as none (the bodies are a cache). */
export function readBodyIndex(directory: string, key: string): BodyIndex {
	try {
		const value: unknown = JSON.parse(fs.readFileSync(bodyIndexFile(directory, key), 'utf8'));
		return isBodyIndex(value) ? value : emptyIndex();
	} catch {
		return emptyIndex();
	}
}

/** A record of either layout (see `record`), checked: its id, and in the second layout its length and end. */
function parseRecord(text: string, id: string): PostContent | undefined {
	try {
		const end = text.indexOf('\n');
		const head = JSON.parse(end === -1 ? text : text.slice(0, end)) as {id?: unknown; html?: unknown; base?: unknown; chars?: unknown};
		if (head.id !== id || typeof head.base !== 'string') {
			return undefined;
		}

		if (typeof head.html === 'string') {
			return {html: head.html, base: head.base};
		}

		if (typeof head.chars === 'number' && text.length === end + head.chars + 2 && text.endsWith('\n')) {
			return {html: text.slice(end + 1, -1), base: head.base};
		}
	} catch {}

	return undefined;
}

/** Read records from an open log at the index's offsets; a bad record reads as missing. */
function readRecords(fd: number, index: BodyIndex, ids: Iterable<string>): Map<string, PostContent> {
	const found = new Map<string, PostContent>();
	for (const id of ids) {
		const at = index.bodies[id];
		if (!Array.isArray(at) || !Number.isSafeInteger(at[0]) || !Number.isSafeInteger(at[1]) || at[1] <= 0) {
			continue;
		}

		const buffer = Buffer.allocUnsafe(at[1]);
		const read = fs.readSync(fd, buffer, 0, at[1], at[0]);
		const record = read === at[1] ? parseRecord(buffer.toString('utf8'), id) : undefined;
		if (record) {
			found.set(id, record);
		}
	}

	return found;
}

function withLog<T>(directory: string, index: BodyIndex, fn: (fd: number) => T): T | undefined {
	if (!index.log) {
		return undefined;
	}

	let fd: number;
	try {
		fd = fs.openSync(path.join(directory, index.log), 'r');
	} catch {
		return undefined;
	}

	try {
		return fn(fd);
	} finally {
		fs.closeSync(fd);
	}
}

/** Some bodies of a feed by id, reading only their bytes. */
export function readBodies(directory: string, key: string, ids: Iterable<string>, index = readBodyIndex(directory, key)): Map<string, PostContent> {
	return withLog(directory, index, fd => readRecords(fd, index, ids)) ?? new Map<string, PostContent>();
}

/** Every body the index names. */
export function readAllBodies(directory: string, key: string): Record<string, PostContent> {
	const index = readBodyIndex(directory, key);
	return Object.fromEntries(readBodies(directory, key, Object.keys(index.bodies), index));
}

/**
A record: a JSON line of the post's id, the base URL and the html's length in characters, then the html as it is and
a line feed. The html is not escaped: JSON-escaping the 6 MB of bodies of a 1,000-item feed (every attribute's
quotes) took 30 ms of its cold fetch. The first layout, one JSON line `{"id","html","base"}`, is still read.
*/
function record(id: string, content: PostContent): string {
	return JSON.stringify({id, base: content.base, chars: content.html.length}) + '\n' + content.html + '\n';
}

function newLogName(key: string): string {
	return `${key}.bodies-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.log`;
}

/**
Append the records of `ids`, made one at a time and written `limits.bodyWriteChars` of text at a time, then sync
once; returns the log's size before and each record's bytes. Made whole first, the records of a 1,000-item feed
were 6 MB of strings alive at once, which the young generation copied and promoted, then a 6 MB string and its
encoding; a group of 32 K characters stays in V8's young generation and Node's small write buffers. A crash
mid-append leaves a torn tail that no index entry points into.
*/
function appendRecords(file: string, ids: string[], recordOf: (id: string) => string): {start: number; bytes: number[]} {
	const fd = fs.openSync(file, 'a', 0o600);
	try {
		const start = fs.fstatSync(fd).size;
		const bytes: number[] = [];
		let group: string[] = [];
		let chars = 0;
		for (const [n, id] of ids.entries()) {
			const text = recordOf(id);
			bytes.push(Buffer.byteLength(text));
			group.push(text);
			chars += text.length;
			if (chars >= limits.bodyWriteChars || n === ids.length - 1) {
				fs.writeSync(fd, group.join(''));
				group = [];
				chars = 0;
			}
		}

		fs.fsyncSync(fd);
		return {start, bytes};
	} finally {
		fs.closeSync(fd);
	}
}

/**
Store the bodies of a feed's posts (`ids`, in order): a fresh body from `fresh` is appended unless the stored
one is the same; a post without a fresh body keeps its stored one; bodies of posts no longer listed are dropped
(their bytes are reclaimed by the next compaction). The caller holds the feed's lock.
*/
export function writeBodies(directory: string, key: string, ids: string[], fresh: Record<string, PostContent>): void {
	fs.mkdirSync(directory, {recursive: true});
	const old = readBodyIndex(directory, key);
	const wanted = new Set(ids);
	const freshIds = ids.filter(id => Object.hasOwn(fresh, id));
	// Each fresh body's record, made once: only a stored body of the same length can be the same (a cold write of
	// 1,000 bodies made every record twice, 10 ms). Records are kept only when they are needed again; the append
	// makes the rest as it writes them (`made`).
	const records = new Map<string, string>();
	const made = (id: string) => records.get(id) ?? record(id, fresh[id]!);
	const recordOf = (id: string) => {
		let text = records.get(id);
		if (text === undefined) {
			text = record(id, fresh[id]!);
			records.set(id, text);
		}

		return text;
	};

	const sameLength = (id: string) => {
		const at = old.bodies[id];
		if (at === undefined) {
			return false;
		}

		return at[1] === Buffer.byteLength(recordOf(id));
	};

	const stored = readBodies(directory, key, freshIds.filter(id => sameLength(id)), old);
	const bodies: BodyIndex['bodies'] = {};
	for (const id of ids) {
		if (old.bodies[id] && (!Object.hasOwn(fresh, id) || sameContent(stored.get(id), fresh[id]!))) {
			bodies[id] = old.bodies[id];
		}
	}

	const toAppend = freshIds.filter(id => !bodies[id]);
	let log = old.log || newLogName(key);
	const logFile = path.join(directory, log);
	let size = 0;
	try {
		size = fs.statSync(logFile).size;
	} catch {}

	// Compact when the log would be over twice its live bytes (and 64 KB): size + appended > 2 × (kept + appended).
	// That needs the appended bytes only when the log is already over twice the kept bytes (never on a cold fetch);
	// otherwise the records are made as they are written.
	const kept = Object.values(bodies).reduce((sum, at) => sum + at[1], 0);
	const appendedTotal = size > 2 * kept + (64 * 1024) ? toAppend.reduce((sum, id) => sum + Buffer.byteLength(recordOf(id)), 0) : 0;
	if (size + appendedTotal > 2 * (kept + appendedTotal) + (64 * 1024)) {
		// Compact: copy the live bodies into a new log, then drop the old one.
		const keep = withLog(directory, old, fd => readRecords(fd, {...old, bodies}, Object.keys(bodies))) ?? new Map<string, PostContent>();
		const appending = new Set(toAppend);
		log = newLogName(key);
		let offset = 0;
		const texts: string[] = [];
		const compacted: BodyIndex['bodies'] = {};
		for (const id of ids.filter(id => keep.has(id) || appending.has(id))) {
			const kept = keep.get(id);
			const text = kept ? record(id, kept) : recordOf(id);
			const bytes = Buffer.byteLength(text);
			compacted[id] = [offset, bytes];
			offset += bytes;
			texts.push(text);
		}

		writeFileAtomic(path.join(directory, log), texts.join(''));
		writeFileAtomic(bodyIndexFile(directory, key), JSON.stringify({version: 1, log, bodies: compacted} satisfies BodyIndex));
		removeOtherLogs(directory, key, log);
		return;
	}

	if (toAppend.length > 0) {
		const {start, bytes} = appendRecords(logFile, toAppend, made);
		let offset = start;
		for (const [n, id] of toAppend.entries()) {
			bodies[id] = [offset, bytes[n]!];
			offset += bytes[n]!;
		}
	}

	if (toAppend.length > 0 || Object.keys(bodies).length !== Object.keys(old.bodies).length || !old.log || wanted.size === 0) {
		writeFileAtomic(bodyIndexFile(directory, key), JSON.stringify({version: 1, log, bodies} satisfies BodyIndex));
	}
}

/** Remove a feed's body store: its index and every log generation. The caller holds the feed's lock. */
export function removeBodies(directory: string, key: string): void {
	fs.rmSync(bodyIndexFile(directory, key), {force: true});
	let names: string[] = [];
	try {
		names = fs.readdirSync(directory);
	} catch {}

	for (const name of names) {
		if (name.startsWith(key + '.bodies-') && name.endsWith('.log')) {
			fs.rmSync(path.join(directory, name), {force: true});
		}
	}
}

function sameContent(a: PostContent | undefined, b: PostContent): boolean {
	return a?.html === b.html && a.base === b.base;
}

function removeOtherLogs(directory: string, key: string, keep: string): void {
	for (const name of fs.readdirSync(directory)) {
		if (name.startsWith(key + '.bodies-') && name.endsWith('.log') && name !== keep) {
			fs.rmSync(path.join(directory, name), {force: true});
		}
	}
}

