import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import type {FeedSnapshot, Post, PostContent} from '../source/feed/types.js';
import {bodyIds, feedKey, readBody, readContent, readFeedState, readSnapshot, writeSnapshot, writeValidators} from '../source/store/cache.js';
import {countsFile} from '../source/store/library-counts.js';
import {indexFile, readCountingView, readLibraryIndex} from '../source/store/library-index.js';
import {loadLibrary} from '../source/store/library.js';
import {refreshFeeds} from '../source/refresh/refresh.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {runNode} from './helpers/run-cli.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const writer = path.join(here, 'fixtures', 'cache', 'writer.ts');

function setup(t: {teardown(fn: () => void): void}) {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const cache = path.join(environment.dir, 'cache');
	const feeds = path.join(cache, 'feeds');
	return {environment, cache, feeds, file: (url: string, suffix: string) => path.join(feeds, feedKey(url) + suffix)};
}

function post(url: string, id: string, title = `Title ${id}`): Post {
	return {id, guid: id, title, link: null, author: null, published: '2026-11-20T10:00:00.000Z', updated: null, categories: [], summary: `About ${id}`, image: null, enclosures: [], feed: {title: 'Feed', url}};
}

function snapshot(url: string, posts: Post[], extra: Partial<FeedSnapshot> = {}): FeedSnapshot {
	return {version: 1, url, title: 'Feed', link: null, posts, validators: {}, lastSuccess: '2026-11-25T10:00:00.000Z', lastError: null, nextAllowed: null, lastAttempt: '2026-11-25T10:00:00.000Z', ...extra};
}

const body = (id: string, extra = ''): PostContent => ({html: `<p>Body of ${id}${extra}</p>`, base: `https://b.example/${id}`});

function logOf(feeds: string, url: string): string {
	const name = fs.readdirSync(feeds).find(file => file.startsWith(feedKey(url) + '.bodies-') && file.endsWith('.log'));
	return path.join(feeds, name!);
}

test('one body is read by its index, without the others; files are private', t => {
	const {cache, feeds, file} = setup(t);
	const url = 'https://a.example/feed';
	const ids = ['p1', 'p2', 'p3'];
	writeSnapshot(snapshot(url, ids.map(id => post(url, id))), Object.fromEntries(ids.map(id => [id, body(id)])), cache);
	for (const id of ids) {
		t.deepEqual(readBody(url, id, cache), body(id));
	}

	t.is(readBody(url, 'nope', cache), undefined, 'control: an unknown id has no body');
	for (const suffix of ['.posts.json', '.state.json', '.bodies.json']) {
		t.is(fs.statSync(file(url, suffix)).mode & 0o777, 0o600, suffix);
	}

	t.is(fs.statSync(logOf(feeds, url)).mode & 0o777, 0o600);
	// A body whose bytes were changed on disk no longer reads as that post's body.
	const log = logOf(feeds, url);
	const text = fs.readFileSync(log, 'utf8');
	fs.writeFileSync(log, text.replace('"id":"p2"', '"id":"p9"'));
	t.is(readBody(url, 'p2', cache), undefined, 'control: a record is checked on read');
	t.deepEqual(readBody(url, 'p3', cache), body('p3'));
});

test('a torn tail (a crash mid-append) leaves every earlier body readable, and the next write goes on', t => {
	const {cache, feeds} = setup(t);
	const url = 'https://a.example/feed';
	writeSnapshot(snapshot(url, [post(url, 'p1'), post(url, 'p2')]), {p1: body('p1'), p2: body('p2')}, cache);
	fs.appendFileSync(logOf(feeds, url), '{"id":"p3","html":"<p>half a bo');
	t.deepEqual(readBody(url, 'p1', cache), body('p1'));
	t.deepEqual(readBody(url, 'p2', cache), body('p2'));
	writeSnapshot(snapshot(url, [post(url, 'p3'), post(url, 'p1'), post(url, 'p2')]), {p3: body('p3')}, cache);
	t.deepEqual(readBody(url, 'p3', cache), body('p3'));
	t.deepEqual(readBody(url, 'p1', cache), body('p1'), 'a post without a fresh body keeps its stored one');
	t.deepEqual(Object.keys(readContent(url, cache).value!).sort(), ['p1', 'p2', 'p3']);
});

test('kill -9 during body writes: every body the index names stays readable', async t => {
	const {environment, cache} = setup(t);
	const url = 'https://kill.example/feed';
	const child = spawn(process.execPath, ['--import=tsx', writer, cache, url, '100000', '64'], {env: environment.env, stdio: ['ignore', 'pipe', 'inherit']});
	let rounds = 0;
	await new Promise<void>(resolve => {
		child.stdout.on('data', (chunk: Buffer) => {
			rounds += chunk.toString().split('\n').length - 1;
			if (rounds >= 3) {
				// Mid-write of a later round, most likely; wherever it lands, the files must be consistent.
				setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 20));
				resolve();
			}
		});
	});
	await new Promise(resolve => {
		child.on('close', resolve);
	});
	const {value} = readSnapshot(url, cache);
	t.truthy(value);
	t.is(value!.posts.length, 20);
	for (const item of value!.posts) {
		const found = readBody(url, item.id, cache);
		t.truthy(found, item.id);
		t.true(found!.html.startsWith(`<p>${item.id}</p>`));
	}

	const index = readLibraryIndex(cache);
	t.deepEqual(index.snapshots.get(url)?.posts.map(item => item.id), value!.posts.map(item => item.id));
});

test('a 304 or a failure rewrites only the state record; changed posts are rewritten (control)', t => {
	const {cache, file} = setup(t);
	const url = 'https://a.example/feed';
	const posts = [post(url, 'p1')];
	writeSnapshot(snapshot(url, posts, {validators: {etag: '"1"'}}), {p1: body('p1')}, cache);
	const before = {posts: fs.statSync(file(url, '.posts.json')), bodies: fs.statSync(file(url, '.bodies.json')), state: fs.readFileSync(file(url, '.state.json'), 'utf8')};
	writeSnapshot(snapshot(url, posts, {validators: {etag: '"1"'}, lastAttempt: '2026-11-26T10:00:00.000Z'}), undefined, cache);
	t.is(fs.statSync(file(url, '.posts.json')).ino, before.posts.ino);
	t.is(fs.statSync(file(url, '.bodies.json')).ino, before.bodies.ino);
	t.not(fs.readFileSync(file(url, '.state.json'), 'utf8'), before.state);
	t.is(readSnapshot(url, cache).value!.lastAttempt, '2026-11-26T10:00:00.000Z');
	writeSnapshot(snapshot(url, [post(url, 'p1', 'Changed')]), undefined, cache);
	t.not(fs.statSync(file(url, '.posts.json')).ino, before.posts.ino, 'control: a change is written');
	t.is(readSnapshot(url, cache).value!.posts[0]!.title, 'Changed');
});

test('a state-only write (a 304, a failure) leaves the posts file alone, even when the snapshot it is given differs', t => {
	const {cache, file} = setup(t);
	const url = 'https://a.example/feed';
	writeSnapshot(snapshot(url, [post(url, 'p1')]), {p1: body('p1')}, cache);
	const before = fs.readFileSync(file(url, '.posts.json'), 'utf8');
	writeSnapshot(snapshot(url, [post(url, 'p1', 'Not written')], {lastAttempt: '2026-11-27T10:00:00.000Z'}), undefined, cache, {stateOnly: true});
	t.is(fs.readFileSync(file(url, '.posts.json'), 'utf8'), before);
	t.is(readSnapshot(url, cache).value!.lastAttempt, '2026-11-27T10:00:00.000Z');
	t.is(readLibraryIndex(cache).snapshots.get(url)!.lastAttempt, '2026-11-27T10:00:00.000Z');
	writeSnapshot(snapshot(url, [post(url, 'p1', 'Written')]), undefined, cache);
	t.is(readSnapshot(url, cache).value!.posts[0]!.title, 'Written', 'control: without stateOnly the posts are written');
});

test('validators are kept per request URL, query included', t => {
	const {cache} = setup(t);
	const url = 'https://wp.example/feed/';
	writeValidators(url, url + '?paged=2', {etag: '"same"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT'}, cache);
	writeSnapshot(snapshot(url, [post(url, 'p1')], {validators: {etag: '"same"'}}), {p1: body('p1')}, cache);
	const state = readFeedState(url, cache)!;
	t.deepEqual(state.validators[url], {etag: '"same"'});
	t.deepEqual(state.validators[url + '?paged=2'], {etag: '"same"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT'});
	t.deepEqual(readSnapshot(url, cache).value!.validators, {etag: '"same"'});
	writeSnapshot(snapshot(url, [post(url, 'p1')], {validators: {}}), undefined, cache);
	t.is(readFeedState(url, cache)!.validators[url], undefined, 'a 200 without validators clears that URL only');
	t.truthy(readFeedState(url, cache)!.validators[url + '?paged=2']);
});

test('old bodies are compacted with their posts: the log stays bounded, one log file remains', t => {
	const {cache, feeds} = setup(t);
	const url = 'https://a.example/feed';
	for (let round = 0; round < 60; round++) {
		const ids = [`r${round}a`, `r${round}b`, 'stay'];
		writeSnapshot(snapshot(url, ids.map(id => post(url, id))), Object.fromEntries(ids.map(id => [id, body(id, 'y'.repeat(2000) + String(round))])), cache);
	}

	const logs = fs.readdirSync(feeds).filter(name => name.endsWith('.log'));
	t.is(logs.length, 1);
	t.true(fs.statSync(path.join(feeds, logs[0]!)).size < 3 * 2100 * 3 + 64 * 1024 + 7000);
	// The previous round's bodies are kept for one more write (a crash before the new posts file leaves the old one).
	t.deepEqual(bodyIds(url, cache).sort(), ['r58a', 'r58b', 'r59a', 'r59b', 'stay']);
	t.deepEqual(readBody(url, 'stay', cache), body('stay', 'y'.repeat(2000) + '59'));
	t.is(readBody(url, 'r57a', cache), undefined);
});

test('the library index: one file, rebuilt when missing, moved aside and rebuilt when corrupt', t => {
	const {cache} = setup(t);
	const urls = ['https://a.example/feed', 'https://b.example/feed'];
	for (const url of urls) {
		writeSnapshot(snapshot(url, [post(url, url.slice(8, 9) + '1')]), undefined, cache);
	}

	const first = loadLibrary(urls, {cacheDirectory: cache, dataDirectory: path.join(cache, '..', 'data')});
	t.deepEqual(first.posts.map(item => item.id).sort(), ['a1', 'b1']);
	t.deepEqual(first.warnings, []);
	t.true(fs.existsSync(indexFile(cache)));
	t.false(fs.existsSync(path.join(cache, 'library-index.pending')), 'folded into the index');

	fs.rmSync(indexFile(cache));
	t.deepEqual([...readLibraryIndex(cache).snapshots.keys()].sort(), urls);

	fs.writeFileSync(indexFile(cache), '{"version":1,"feeds":[{"tor');
	const rebuilt = readLibraryIndex(cache);
	t.deepEqual([...rebuilt.snapshots.keys()].sort(), urls);
	t.is(rebuilt.warnings.length, 1);
	t.regex(rebuilt.warnings[0]!, /^cache file .*library-index\.json was corrupt; moved aside to .*\.corrupt-[^;]+; rebuilt the library index from 2 feeds$/);
	t.is(fs.readdirSync(cache).filter(name => name.startsWith('library-index.json.corrupt-')).length, 1);
	t.deepEqual(readLibraryIndex(cache).warnings, [], 'control: a good index gives no message');
});

test('two processes writing different feeds at once lose none of each other\'s index updates', async t => {
	const {environment, cache} = setup(t);
	const urls = ['https://one.example/feed', 'https://two.example/feed'];
	fs.mkdirSync(cache, {recursive: true});
	// A third process folds and rewrites the index all the while, and is killed with SIGKILL at the end (mid-write, likely).
	const reader = spawn(process.execPath, ['--import=tsx', path.join(here, 'fixtures', 'cache', 'index-reader.ts'), cache], {env: environment.env, stdio: ['ignore', 'pipe', 'inherit']});
	await new Promise(resolve => {
		reader.stdout.once('data', resolve);
	});
	const results = await Promise.all(urls.map(async url => runNode(['--import=tsx', writer, cache, url, '15'], environment.env)));
	reader.kill('SIGKILL');
	await new Promise(resolve => {
		reader.on('close', resolve);
	});
	t.deepEqual(results.map(result => result.code), [0, 0], results.map(result => result.output).join('\n'));
	const index = readLibraryIndex(cache);
	t.deepEqual(index.warnings, []);
	for (const url of urls) {
		t.is(index.snapshots.get(url)?.posts[0]?.id, `${url.slice(-6)}-14-0`, url);
	}
});

test('the pending list stays bounded when nothing reads the index (only --json runs)', t => {
	const {cache} = setup(t);
	// A long URL makes each pending line ~4 KB, so the bound is reached in a few dozen writes.
	const url = 'https://a.example/feed?' + 'q'.repeat(2000);
	const pending = path.join(cache, 'library-index.pending');
	let largest = 0;
	for (let round = 0; round < 100; round++) {
		writeSnapshot(snapshot(url, [post(url, 'p1')], {lastAttempt: new Date(round * 1000).toISOString()}), undefined, cache);
		largest = Math.max(largest, fs.statSync(pending, {throwIfNoEntry: false})?.size ?? 0);
	}

	t.true(largest > 0, 'control: writes do mark the feed pending');
	t.true(largest <= (256 * 1024) + 8200, String(largest));
	t.is(readLibraryIndex(cache).snapshots.get(url)!.lastAttempt, new Date(99 * 1000).toISOString());
});

test('the counting view: written with the index, current when nothing is pending, never trusted while feeds are pending', t => {
	const {cache} = setup(t);
	const a = 'https://a.example/feed';
	const b = 'https://b.example/feed';
	writeSnapshot(snapshot(a, [{...post(a, 'a1'), categories: ['EV']}, post(a, 'a2')]), {}, cache);
	readLibraryIndex(cache);
	t.true(fs.existsSync(countsFile(cache)), 'written with the index');
	const view = readCountingView(cache);
	t.deepEqual(view.feeds.get(a)?.posts, [{id: 'a1', categories: ['EV']}, {id: 'a2', categories: []}]);
	t.true(fs.statSync(countsFile(cache)).size < fs.statSync(indexFile(cache)).size / 2, 'smaller than the index');

	// A feed written since: the view must not serve the stale file (control: the file itself lacks b).
	writeSnapshot(snapshot(b, [post(b, 'b1')]), {}, cache);
	t.false(fs.readFileSync(countsFile(cache), 'utf8').includes('b1'), 'control: the file on disk is stale');
	t.deepEqual(readCountingView(cache).feeds.get(b)?.posts.map(p => p.id), ['b1']);
	t.true(fs.readFileSync(countsFile(cache), 'utf8').includes('b1'), 'the fold rewrote it');

	// Corrupt: moved aside, the index answers, and the next read writes it again.
	fs.writeFileSync(countsFile(cache), '{"version":1,"feeds":[{"url":');
	t.deepEqual(readCountingView(cache).feeds.get(a)?.posts.map(p => p.id), ['a1', 'a2']);
	readLibraryIndex(cache);
	t.deepEqual(readCountingView(cache).feeds.get(b)?.posts.map(p => p.id), ['b1']);
	t.notThrows(() => JSON.parse(fs.readFileSync(countsFile(cache), 'utf8')) as unknown);
});

test('a counting view in the first format (one [id, categories] pair per post) is still read, with the same counts', t => {
	const {cache} = setup(t);
	const a = 'https://a.example/feed';
	writeSnapshot(snapshot(a, [{...post(a, 'a1'), categories: ['EV', 'Grid']}, post(a, 'a2'), {...post(a, 'a3'), categories: ['EV', 'Grid']}]), {}, cache);
	readLibraryIndex(cache);
	const current = readCountingView(cache).feeds.get(a)?.posts;
	t.deepEqual(current, [{id: 'a1', categories: ['EV', 'Grid']}, {id: 'a2', categories: []}, {id: 'a3', categories: ['EV', 'Grid']}]);
	t.is((JSON.parse(fs.readFileSync(countsFile(cache), 'utf8')) as {version: number}).version, 2, 'written in the second format');
	// As the previous release wrote it (the control: a file the reader could not read would fall back to the index,
	// which rewrites it, so the file is checked to be left as it was).
	const first = JSON.stringify({version: 1, feeds: [{url: a, title: 'Feed', posts: [['a1', ['EV', 'Grid']], ['a2', []], ['a3', ['EV', 'Grid']]]}]});
	fs.writeFileSync(countsFile(cache), first);
	t.deepEqual(readCountingView(cache).feeds.get(a)?.posts, current);
	t.is(fs.readFileSync(countsFile(cache), 'utf8'), first);
});

test('offline, several feeds are read from the library index; one feed from its own files (the control)', async t => {
	const {cache, file} = setup(t);
	const urls = ['https://a.example/feed', 'https://b.example/feed'];
	for (const url of urls) {
		writeSnapshot(snapshot(url, [post(url, `${url.slice(8, 9)}1`), post(url, `${url.slice(8, 9)}2`)]), undefined, cache);
	}

	readLibraryIndex(cache);
	// The feed's own posts file goes, behind the index's back: only a read of the index still has its posts.
	fs.rmSync(file(urls[0]!, '.posts.json'));
	const both = await refreshFeeds(urls, {offline: true, cacheDirectory: cache});
	t.deepEqual(both.map(outcome => [outcome.status, outcome.snapshot?.posts.length]), [['offline-cache', 2], ['offline-cache', 2]]);
	const [one] = await refreshFeeds([urls[0]!], {offline: true, cacheDirectory: cache});
	t.not(one!.snapshot?.posts.length, 2);
});
