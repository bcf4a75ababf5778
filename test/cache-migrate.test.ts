import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import type {FeedSnapshot, PostContent} from '../source/feed/types.js';
import {readBody, readSnapshot} from '../source/store/cache.js';
import {loadLibrary} from '../source/store/library.js';
import {slimPost} from '../source/store/slim-post.js';
import {makeTempEnv} from './helpers/temp-env.js';

// Written by the layout-1 code (test/fixtures/cache-v1/make.ts, run before the layout changed).
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cache-v1', 'cache');

function v1(): Array<{snapshot: FeedSnapshot; content: Record<string, PostContent> | undefined}> {
	const directory = path.join(fixtures, 'feeds');
	return fs.readdirSync(directory).filter(name => /^[\da-f]{20}\.json$/.test(name)).map(name => {
		const contentFile = path.join(directory, name.replace('.json', '.content.json'));
		return {
			snapshot: JSON.parse(fs.readFileSync(path.join(directory, name), 'utf8')) as FeedSnapshot,
			content: fs.existsSync(contentFile) ? JSON.parse(fs.readFileSync(contentFile, 'utf8')) as Record<string, PostContent> : undefined,
		};
	});
}

function setup(t: {teardown(fn: () => void): void}) {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const cache = path.join(environment.dir, 'cache');
	fs.cpSync(fixtures, cache, {recursive: true});
	return {cache, data: path.join(environment.dir, 'data')};
}

test('a layout-1 cache is converted on first read and served with nothing lost', t => {
	const {cache, data} = setup(t);
	const old = v1();
	t.is(old.length, 3);
	const urls = old.map(feed => feed.snapshot.url);
	const library = loadLibrary(urls, {cacheDirectory: cache, dataDirectory: data});
	t.deepEqual(library.warnings, []);
	const expected = old.flatMap(feed => feed.snapshot.posts).map(post => post.id).sort();
	t.deepEqual(library.posts.map(post => post.id).sort(), expected);
	for (const {snapshot, content} of old) {
		const now = readSnapshot(snapshot.url, cache).value!;
		t.deepEqual(now, snapshot, snapshot.url);
		t.deepEqual(library.posts.filter(post => post.feed.url === snapshot.url).map(post => structuredClone(slimPost(post)) as typeof post).sort((a, b) => a.id.localeCompare(b.id)), snapshot.posts.map(post => structuredClone(slimPost(post))).sort((a, b) => a.id.localeCompare(b.id)));
		for (const post of snapshot.posts) {
			t.deepEqual(readBody(snapshot.url, post.id, cache), content?.[post.id], post.id);
		}
	}

	// The old files are kept, renamed, and no longer read.
	const names = fs.readdirSync(path.join(cache, 'feeds'));
	t.is(names.filter(name => name.endsWith('.json.v1')).length, 5);
	t.false(names.some(name => /^[\da-f]{20}\.(?:content\.)?json$/.test(name)));
});

test('a single feed is converted when it is read or written directly, before the index exists', t => {
	const {cache} = setup(t);
	const [first] = v1();
	t.deepEqual(readSnapshot(first!.snapshot.url, cache).value, first!.snapshot);
	const {id} = (first!.snapshot.posts[0]!);
	t.deepEqual(readBody(first!.snapshot.url, id, cache), first!.content?.[id]);
});

test('control: without the fixtures there is nothing to serve', t => {
	const {cache, data} = setup(t);
	fs.rmSync(path.join(cache, 'feeds'), {recursive: true});
	const urls = v1().map(feed => feed.snapshot.url);
	t.deepEqual(loadLibrary(urls, {cacheDirectory: cache, dataDirectory: data}).posts, []);
});
