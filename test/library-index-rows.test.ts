import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import fc from 'fast-check';
import type {FeedSnapshot, Post} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {indexFile, readLibraryIndex} from '../source/store/library-index.js';
import {fromRow, isRow, rowFields, toRow} from '../source/store/post-rows.js';
import {slimPost} from '../source/store/slim-post.js';
import {makeTempEnv} from './helpers/temp-env.js';

// The library index, version 2 (issue 8 §2): each post a row of its fields. The fixture is the index, counting
// view and head written by 1777ebc, the last version that wrote index version 1: two feeds, one whose posts name
// another feed title.
const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, 'fixtures', 'cache', 'index-v1');
const versionOne = fs.readFileSync(path.join(fixture, 'library-index.json'), 'utf8');

function cacheWith(t: {teardown(fn: () => void): void}, from?: string) {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const cache = path.join(environment.dir, 'cache');
	fs.mkdirSync(cache, {recursive: true});
	if (from !== undefined) {
		fs.cpSync(from, cache, {recursive: true});
	}

	return cache;
}

/** Through JSON and back: what the index keeps (a missing guid and an undefined one are the same there). */
function throughJson(value: unknown): unknown {
	const json = JSON.stringify(value);
	return JSON.parse(json) as unknown;
}

const asJson = (snapshots: Iterable<FeedSnapshot>) => throughJson([...snapshots]);

test('a version 1 index is read whole, without a message, then written again as version 2 with nothing lost', t => {
	const cache = cacheWith(t, fixture);
	const written = (JSON.parse(versionOne) as {version: number; feeds: FeedSnapshot[]});
	t.is(written.version, 1, 'control: the fixture is version 1');
	t.true(fs.existsSync(path.join(cache, 'library-counts.json')) && fs.existsSync(path.join(cache, 'library-head.json')), 'with its views');

	const first = readLibraryIndex(cache);
	t.deepEqual(first.warnings, []);
	t.deepEqual(asJson(first.snapshots.values()), written.feeds);
	const rewritten = fs.readFileSync(indexFile(cache), 'utf8');
	t.is((JSON.parse(rewritten) as {version: number}).version, 2);
	t.true(rewritten.length < versionOne.length, 'fewer bytes');

	const second = readLibraryIndex(cache);
	t.deepEqual(second.warnings, []);
	t.deepEqual(asJson(second.snapshots.values()), written.feeds);
	t.is(fs.readFileSync(indexFile(cache), 'utf8'), rewritten, 'a current index is not written again');
});

test('the posts of a feed share its one feed object; a post that names another feed keeps its own', t => {
	const cache = cacheWith(t, fixture);
	readLibraryIndex(cache);
	const [charge, grid] = [...readLibraryIndex(cache).snapshots.values()];
	t.is(charge!.posts[0]!.feed, charge!.posts[1]!.feed);
	t.deepEqual(charge!.posts[0]!.feed, {title: 'Charge News', url: charge!.url});
	t.deepEqual(charge!.posts[2]!.feed, {title: 'Archive of the site', url: `${charge!.url}?paged=2`});
	// The second feed has no title of its own, so its posts' feed titles are kept as they are.
	t.deepEqual(grid!.posts.map(post => post.feed.title), ['Grid Watch', 'Grid Watch', 'Archive of the site']);
});

const text = fc.string({unit: 'grapheme', maxLength: 30});
const maybe = <T>(value: fc.Arbitrary<T>) => fc.option(value, {nil: null});
const postArbitrary = fc.record({
	id: text,
	guid: fc.option(text, {nil: undefined}),
	title: text,
	link: maybe(fc.webUrl()),
	author: maybe(text),
	published: maybe(fc.date({noInvalidDate: true}).map(date => date.toISOString())),
	updated: maybe(fc.date({noInvalidDate: true}).map(date => date.toISOString())),
	categories: fc.array(text, {maxLength: 4}),
	summary: text,
	image: maybe(fc.webUrl()),
	enclosures: fc.array(fc.record({url: fc.webUrl(), type: maybe(text), length: maybe(fc.nat()), duration: maybe(fc.nat())}), {maxLength: 2}),
	feed: fc.record({title: fc.constantFrom('Own', 'Other'), url: fc.constantFrom('https://own.example/feed', 'https://other.example/feed')}),
}) satisfies fc.Arbitrary<Post>;

test('a row read back is the slim post it was made from (property), and always a row', t => {
	const own = {title: 'Own', url: 'https://own.example/feed'};
	fc.assert(fc.property(postArbitrary, post => {
		const row = throughJson(toRow(post, own));
		t.true(isRow(row));
		t.deepEqual(JSON.stringify(fromRow(row as ReturnType<typeof toRow>, own)), JSON.stringify(slimPost(post)));
	}));
	t.is(rowFields.join(','), Object.keys(slimPost(fc.sample(postArbitrary, 1)[0]!)).join(','), 'the row\'s fields are the slim post\'s, in order');
});

test('a version 2 index with a malformed row, or other fields, is moved aside and rebuilt, with one line', t => {
	const cache = cacheWith(t);
	const urls = ['https://a.example/feed', 'https://b.example/feed'];
	for (const url of urls) {
		const post: Post = {id: `${url}#1`, guid: '1', title: 'One', link: null, author: null, published: null, updated: null, categories: [], summary: '', image: null, enclosures: [], feed: {title: 'Feed', url}};
		writeSnapshot({version: 1, url, title: 'Feed', link: null, posts: [post], validators: {}, lastSuccess: null, lastError: null, nextAllowed: null, lastAttempt: null}, undefined, cache);
	}

	t.deepEqual(readLibraryIndex(cache).warnings, [], 'control: the index as written is good');
	const good = fs.readFileSync(indexFile(cache), 'utf8');
	const spoilt = [
		(index: {feeds: Array<{posts: unknown[][]}>}) => {
			index.feeds[0]!.posts[0] = index.feeds[0]!.posts[0]!.slice(0, -1);
		},
		(index: {fields: string[]}) => {
			index.fields = [...index.fields, 'content'];
		},
	];
	for (const spoil of spoilt) {
		const index = JSON.parse(good) as {fields: string[]; feeds: Array<{posts: unknown[][]}>};
		spoil(index);
		fs.writeFileSync(indexFile(cache), JSON.stringify(index));
		const rebuilt = readLibraryIndex(cache);
		t.is(rebuilt.warnings.length, 1);
		t.regex(rebuilt.warnings[0]!, /^cache file .*library-index\.json was corrupt; moved aside to .*\.corrupt-[^;]+; rebuilt the library index from 2 feeds$/);
		t.deepEqual([...rebuilt.snapshots.keys()].sort(), urls);
		t.is(fs.readFileSync(indexFile(cache), 'utf8'), good, 'written again as it was');
	}
});
