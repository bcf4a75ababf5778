import fs from 'node:fs';
import path from 'node:path';
import {sha256Hex} from '../feed/sha256.js';
import type {Post, PostContent} from '../feed/types.js';
import {slimPost} from './slim-post.js';
import {moveAside, writeFileAtomic} from './atomic-write.js';

/**
Snapshots of starred posts: `$XDG_DATA_HOME/evnews/starred/<key>.json`, one file per post, written
atomically, so a starred post survives leaving its feed. Whether a post *is* starred is decided by the
marks log; a snapshot without a `star` mark is ignored (and removed by the next unstar or compaction).
*/

export type StarredPost = Post & Partial<PostContent> & {starredAt: string};

export function starredDirectory(dataDirectory: string): string {
	return path.join(dataDirectory, 'starred');
}

/** A file name for an id: the id itself when it is short and plain, else its hash. */
export function starKey(id: string): string {
	return /^[\w-]{1,100}$/.test(id) ? id : sha256Hex(id).slice(0, 32);
}

function starFile(dataDirectory: string, id: string): string {
	return path.join(starredDirectory(dataDirectory), `${starKey(id)}.json`);
}

function pick(post: Post & Partial<PostContent>, starredAt: string): StarredPost {
	const snapshot: StarredPost = {...slimPost(post), starredAt};
	if (typeof post.html === 'string') {
		snapshot.html = post.html;
		snapshot.base = post.base ?? post.link ?? post.feed.url;
	}

	return snapshot;
}

export function writeStarred(dataDirectory: string, post: Post & Partial<PostContent>, starredAt: string): void {
	writeFileAtomic(starFile(dataDirectory, post.id), JSON.stringify(pick(post, starredAt)));
}

export function removeStarred(dataDirectory: string, id: string): void {
	fs.rmSync(starFile(dataDirectory, id), {force: true});
}

function isStarredPost(value: unknown): value is StarredPost {
	const v = value as StarredPost;
	return typeof v === 'object' && v !== null && typeof v.id === 'string' && typeof v.title === 'string'
		&& typeof v.feed === 'object' && v.feed !== null && typeof v.feed.url === 'string'
		&& Array.isArray(v.categories) && typeof v.starredAt === 'string';
}

/** Read one snapshot. A corrupt file is moved aside with a warning. */
export function readStarred(dataDirectory: string, id: string, warnings: string[]): StarredPost | undefined {
	const file = starFile(dataDirectory, id);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			warnings.push(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
		}

		return undefined;
	}

	try {
		const value: unknown = JSON.parse(text);
		if (isStarredPost(value) && value.id === id) {
			return value;
		}
	} catch {}

	let moved = '(could not move it)';
	try {
		moved = moveAside(file);
	} catch {}

	warnings.push(`starred post file ${file} was corrupt; moved aside to ${moved}`);
	return undefined;
}
