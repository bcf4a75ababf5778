/**
What each fetched feed is, in `<cache>/feed-kinds.json`: its format (`rss`, `atom`, `rdf`, `json`) and, for a
WordPress site, how it was recognised (its `<generator>`, or a `Link: rel="https://api.w.org/"` header) and the API
root that header named. Written by the refresh only when something changed (atomic, under a lock), read by `feeds`.
A corrupt file counts as empty: the next refresh of each feed writes its entry again.
*/
import fs from 'node:fs';
import path from 'node:path';
import type {ParsedFeed} from '../feed/types.js';
import {writeFileAtomic} from '../store/atomic-write.js';
import {withLockSync} from '../store/lock.js';

export type FeedKind = {
	format: ParsedFeed['format'];
	wordpress?: {via: 'generator' | 'link'; linkRoot?: string};
};

type KindsFile = {version: 1; feeds: Record<string, FeedKind>};

const kindsFile = (cacheDirectory: string) => path.join(cacheDirectory, 'feed-kinds.json');
const kindsLock = (cacheDirectory: string) => path.join(cacheDirectory, '.feed-kinds.lock');

export function readKinds(cacheDirectory: string): Record<string, FeedKind> {
	try {
		const value = JSON.parse(fs.readFileSync(kindsFile(cacheDirectory), 'utf8')) as KindsFile;
		if (value?.version === 1 && typeof value.feeds === 'object' && value.feeds !== null && !Array.isArray(value.feeds)) {
			return value.feeds;
		}
	} catch {}

	return {};
}

/** `wordpress`, else the format, else null (never fetched). */
export function kindName(kind: FeedKind | undefined): 'wordpress' | ParsedFeed['format'] | null {
	return kind === undefined ? null : (kind.wordpress ? 'wordpress' : kind.format);
}

/** Record a feed's kind; writes only when it differs from what is stored. */
export function recordKind(cacheDirectory: string, url: string, kind: FeedKind): void {
	if (JSON.stringify(readKinds(cacheDirectory)[url]) === JSON.stringify(kind)) {
		return;
	}

	fs.mkdirSync(cacheDirectory, {recursive: true});
	withLockSync(kindsLock(cacheDirectory), () => {
		const feeds = readKinds(cacheDirectory);
		feeds[url] = kind;
		writeFileAtomic(kindsFile(cacheDirectory), JSON.stringify({version: 1, feeds} satisfies KindsFile));
	});
}
