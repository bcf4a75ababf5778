import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {limits} from '../source/feed/limits.js';
import type {FeedSnapshot, Post} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {headFile} from '../source/store/library-head.js';
import {readCurrentHead, readLibraryIndex} from '../source/store/library-index.js';
import {loadLibrary, loadLibraryHead} from '../source/store/library.js';
import {openMarks} from '../source/store/marks.js';
import {makeTempEnv} from './helpers/temp-env.js';

// A library's head: its newest posts and each feed's state, so that the reader's first frame of a large library
// needs no index (issue 8 §2, §4).

const urlOf = (feed: number) => `https://feed${feed}.example/feed/`;

function post(feed: number, index: number): Post {
	return {
		id: `f${feed}p${index}`, guid: `g${feed}-${index}`, title: `Post ${index} of feed ${feed}`, link: `https://feed${feed}.example/${index}`, author: 'A',
		// Interleaved dates: the newest of all come from every feed.
		published: new Date(Date.UTC(2026, 10, 1) - (index * 3_600_000) - (feed * 1000)).toISOString(), updated: null,
		categories: index % 3 === 0 ? ['EV News', 'Batteries'] : ['Charging'], summary: 'S', image: null, enclosures: [], feed: {title: `Feed ${feed}`, url: urlOf(feed)},
	};
}

function fill(cache: string, feeds: number, posts: number): string[] {
	const urls: string[] = [];
	for (let feed = 0; feed < feeds; feed++) {
		const snapshot: FeedSnapshot = {
			version: 1, url: urlOf(feed), title: `Feed ${feed}`, link: null, posts: Array.from({length: posts}, (_, index) => post(feed, index)), validators: {},
			lastSuccess: '2026-11-25T10:00:00.000Z', lastError: feed === 1 ? {code: 'http-status', message: 'HTTP 500', at: '2026-11-25T10:00:00.000Z'} : null, nextAllowed: null, lastAttempt: '2026-11-25T10:00:00.000Z',
		};
		writeSnapshot(snapshot, undefined, cache);
		urls.push(urlOf(feed));
	}

	readLibraryIndex(cache);
	return urls;
}

function setup(t: {teardown(fn: () => void): void}) {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	return {cache: path.join(environment.dir, 'cache'), data: path.join(environment.dir, 'data')};
}

const headOf = (urls: string[], options: Parameters<typeof loadLibraryHead>[1]) => loadLibraryHead(urls, options).library;

/** What a tree counts: each post's id, feed, categories and marks, in id order. */
const countsOf = (posts: Array<Post & {read: boolean; starred: boolean}>) => posts.map(({id, feed, categories, read, starred}) => ({id, feed: feed.url, categories, read, starred})).sort((a, b) => a.id.localeCompare(b.id));

test('a large library opens from its head: the first posts and every count as the full library has them', t => {
	const {cache, data} = setup(t);
	const urls = fill(cache, 25, 100);
	const marks = openMarks(data);
	marks.markRead(['f0p0', 'f3p7', 'f24p99']);
	marks.star([post(2, 1)]);
	const head = headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false});
	const full = loadLibrary(urls, {cacheDirectory: cache, marks});
	t.truthy(head);
	t.is(head!.posts.length, full.posts.length);
	t.deepEqual(head!.posts.slice(0, limits.libraryHeadPosts), full.posts.slice(0, limits.libraryHeadPosts));
	t.deepEqual(countsOf(head!.posts), countsOf(full.posts));
	// Each feed's state without its posts (titles, errors), for the tree and the status line.
	t.deepEqual(head!.snapshots.map(snapshot => ({...snapshot, posts: []})), full.snapshots.map(snapshot => ({...snapshot, posts: []})));
	// The rest are placeholders until the full library loads (the control: they are not the full posts).
	t.is(head!.posts.at(-1)!.title, '');
	t.not(full.posts.at(-1)!.title, '');
});

test('the head is not used for a small library, a stale head or a missing one (each a control)', t => {
	const {cache, data} = setup(t);
	const marks = openMarks(data);
	const small = fill(cache, 2, 100);
	t.is(headOf(small, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false}), undefined, 'small');
	const urls = fill(cache, 25, 100);
	t.truthy(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false}));
	// A feed written since the index was folded: the head may be stale.
	writeSnapshot({...readLibraryIndex(cache).snapshots.get(urlOf(3))!, title: 'Renamed'}, undefined, cache);
	t.is(readCurrentHead(cache).head, undefined, 'stale');
	t.is(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false}), undefined);
	readLibraryIndex(cache);
	t.is(readCurrentHead(cache).head!.feeds.get(urlOf(3))!.title, 'Renamed', 'folded again with the index');
	fs.writeFileSync(headFile(cache), '{"version":1,"posts":[{');
	const corrupt = loadLibraryHead(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false});
	t.is(corrupt.library, undefined, 'corrupt');
	t.regex(corrupt.warnings.join('\n'), /library-head\.json was corrupt; moved aside to /);
	// Moved aside, like every corrupt file: now missing.
	t.false(fs.existsSync(headFile(cache)));
	t.is(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false}), undefined, 'missing');
	// A cache from before the head: the next read of the index writes it.
	readLibraryIndex(cache);
	t.truthy(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false}), 'written again');
});

test('unread only: the head is used only when it holds a screen of unread posts', t => {
	const {cache, data} = setup(t);
	const urls = fill(cache, 25, 100);
	const marks = openMarks(data);
	t.truthy(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: true}));
	const newest = loadLibrary(urls, {cacheDirectory: cache, marks}).posts.slice(0, limits.libraryHeadPosts - 10).map(entry => entry.id);
	marks.markRead(newest);
	t.is(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: true}), undefined);
	t.truthy(headOf(urls, {cacheDirectory: cache, marks, minimum: 24, unreadOnly: false}), 'the control: all posts shown');
});
