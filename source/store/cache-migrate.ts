import fs from 'node:fs';
import path from 'node:path';
import type {PostContent} from '../feed/types.js';
import {feedLock, isSnapshot, postsFile, readJson, writeFeedFiles} from './cache.js';
import {markPending} from './library-index.js';
import {withLockSync} from './lock.js';

/**
Layout 1 → 2. Layout 1 kept `feeds/<key>.json` (slim snapshot with validators and times) and
`<key>.content.json` (every body by id). A feed is converted the first time it is read or written: its posts,
state and bodies are written in layout 2, then the old files are renamed to `<key>.json.v1` and
`<key>.content.json.v1` (kept, never deleted). A corrupt old file is moved aside with a message.
*/

const v1File = (directory: string, key: string) => path.join(directory, key + '.json');
const v1ContentFile = (directory: string, key: string) => path.join(directory, key + '.content.json');

function isContentMap(value: unknown): value is Record<string, PostContent> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function convert(directory: string, key: string, cacheDirectory: string): string | undefined {
	if (!fs.existsSync(v1File(directory, key))) {
		return undefined;
	}

	const snapshot = readJson(v1File(directory, key), isSnapshot);
	const content = readJson(v1ContentFile(directory, key), isContentMap);
	const warning = [snapshot.warning, content.warning].filter(Boolean).join('; ') || undefined;
	if (snapshot.value && !fs.existsSync(postsFile(directory, key))) {
		const bodies: Record<string, PostContent> = {};
		for (const [id, body] of Object.entries(content.value ?? {})) {
			if (typeof body?.html === 'string' && typeof body.base === 'string') {
				bodies[id] = {html: body.html, base: body.base};
			}
		}

		markPending(cacheDirectory, snapshot.value.url);
		writeFeedFiles(directory, key, snapshot.value, bodies);
	}

	for (const file of [v1File(directory, key), v1ContentFile(directory, key)]) {
		try {
			fs.renameSync(file, file + '.v1');
		} catch {}
	}

	return warning;
}

/** Convert one feed's layout-1 files if there are any (a stat when there are none). */
export function migrateFeed(directory: string, key: string, cacheDirectory: string, locked = false): {warning?: string} {
	if (!fs.existsSync(v1File(directory, key))) {
		return {};
	}

	const warning = locked ? convert(directory, key, cacheDirectory) : withLockSync(feedLock(directory, key), () => convert(directory, key, cacheDirectory));
	return warning ? {warning} : {};
}

/** Convert every layout-1 feed in the folder; returns the warnings. */
export function migrateAll(directory: string, cacheDirectory: string): string[] {
	let names: string[];
	try {
		names = fs.readdirSync(directory);
	} catch {
		return [];
	}

	const warnings: string[] = [];
	for (const name of names) {
		const match = /^([\da-f]{20})\.json$/.exec(name);
		if (match) {
			const {warning} = migrateFeed(directory, match[1]!, cacheDirectory);
			if (warning) {
				warnings.push(warning);
			}
		}
	}

	return warnings;
}
