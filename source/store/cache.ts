import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {FeedSnapshot, PostContent} from '../feed/types.js';
import {writeFileAtomic, moveAside} from './atomic-write.js';
import {getPaths} from './paths.js';

/**
The feed cache: per feed, `<key>.json` holds the slim snapshot (posts without bodies, validators, status)
and `<key>.content.json` holds the bodies by post id. Lists and `--json` read only the slim file.
Both are written atomically; the content file first, so a crash never leaves a snapshot without bodies it names.
*/

export function feedKey(url: string): string {
	return createHash('sha256').update(url).digest('hex').slice(0, 20);
}

function feedsDirectory(cacheDirectory = getPaths().cache): string {
	return path.join(cacheDirectory, 'feeds');
}

export type CacheRead<T> = {value: T | undefined; warning?: string};

function readJson<T>(file: string, check: (value: unknown) => value is T): CacheRead<T> {
	let problem = 'was corrupt';
	try {
		const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
		if (check(value)) {
			return {value};
		}
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (code === 'ENOENT') {
			return {value: undefined};
		}

		if (code !== undefined) {
			problem = `could not be read (${code})`;
		}
	}

	// Corrupt or unreadable: keep it, out of the way, so the next good fetch never writes over it.
	let moved = '';
	try {
		moved = moveAside(file);
	} catch {}

	return {value: undefined, warning: `cache file ${file} ${problem}; moved aside to ${moved || '(could not move)'}`};
}

function isSnapshot(value: unknown): value is FeedSnapshot {
	const v = value as FeedSnapshot;
	return typeof v === 'object' && v !== null && v.version === 1 && typeof v.url === 'string' && Array.isArray(v.posts);
}

function isContentMap(value: unknown): value is Record<string, PostContent> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readSnapshot(url: string, cacheDirectory?: string): CacheRead<FeedSnapshot> {
	const result = readJson(path.join(feedsDirectory(cacheDirectory), feedKey(url) + '.json'), isSnapshot);
	if (result.value && result.value.url !== url) {
		return {value: undefined};
	}

	return result;
}

export function readContent(url: string, cacheDirectory?: string): CacheRead<Record<string, PostContent>> {
	return readJson(path.join(feedsDirectory(cacheDirectory), feedKey(url) + '.content.json'), isContentMap);
}

/** Write a snapshot, and its bodies when given. */
export function writeSnapshot(snapshot: FeedSnapshot, content?: Record<string, PostContent>, cacheDirectory?: string): void {
	const directory = feedsDirectory(cacheDirectory);
	const key = feedKey(snapshot.url);
	if (content) {
		writeFileAtomic(path.join(directory, key + '.content.json'), JSON.stringify(content));
	}

	writeFileAtomic(path.join(directory, key + '.json'), JSON.stringify(snapshot));
}

/** Every snapshot on disk (slim), for `evnews feeds` and the reader. */
export function listSnapshots(cacheDirectory?: string): FeedSnapshot[] {
	const directory = feedsDirectory(cacheDirectory);
	let names: string[];
	try {
		names = fs.readdirSync(directory);
	} catch {
		return [];
	}

	const snapshots: FeedSnapshot[] = [];
	for (const name of names) {
		if (/^[\da-f]{20}\.json$/.test(name)) {
			const {value} = readJson(path.join(directory, name), isSnapshot);
			if (value) {
				snapshots.push(value);
			}
		}
	}

	return snapshots;
}
