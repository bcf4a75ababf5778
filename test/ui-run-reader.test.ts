import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import test from 'ava';
import type {CommandContext, Flags} from '../source/commands/context.js';
import type {FeedSnapshot} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {getPaths} from '../source/store/paths.js';
import {loadReaderState, runReader} from '../source/ui/run-reader.js';
import {categoriesOf, reduce, viewOf, type ReaderEvent} from '../source/ui/state.js';
import {createServices} from '../source/ui/reader-services.js';
import {readLibraryIndex} from '../source/store/library-index.js';
import {loadLibrary} from '../source/store/library.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {makePosts} from './fixtures/ui/posts.js';
import {defaultFlags} from './helpers/flags.js';

const flags: Flags = defaultFlags;

class Sink extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 20;
	text = '';
	write = (chunk: string) => {
		this.text += chunk;
		return true;
	};
}

function seed(options: {ageMinutes: number; error?: string}) {
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const url = 'https://feed0.example.com/feed';
	const at = new Date(Date.now() - (options.ageMinutes * 60_000)).toISOString();
	const snapshot: FeedSnapshot = {
		version: 1,
		url,
		title: 'Feed Zero',
		link: null,
		posts: makePosts(5).map(({read: _read, starred: _starred, ...post}) => post),
		validators: {},
		lastSuccess: at,
		lastError: options.error ? {code: 'timeout', message: options.error, at} : null,
		nextAllowed: null,
		lastAttempt: at,
	};
	writeSnapshot(snapshot, undefined, paths.cache);
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: [{url, title: 'Feed Zero'}], refreshMinutes: 30, keys: {quit: 'x'}}));
	return {temp: temporary, url};
}

function context(env: NodeJS.ProcessEnv, stdout: Sink, more: Partial<Flags> = {}): CommandContext {
	const stdin = Object.assign(new EventEmitter(), {isTTY: undefined}) as unknown as NodeJS.ReadableStream;
	return {input: [], flags: {...flags, ...more}, io: {stdout: stdout as never, stderr: new Sink() as never, stdin, env}};
}

test('the first frame comes from the cache; a fresh cache starts no refresh, a stale one does', t => {
	const fresh = seed({ageMinutes: 1});
	t.teardown(fresh.temp.cleanup);
	const loaded = loadReaderState(context(fresh.temp.env, new Sink()));
	t.is(viewOf(loaded.state).list.length, 5);
	t.deepEqual(loaded.state.effects, []);
	t.is(loaded.state.keymap.byKey.get('x'), 'quit');
	t.deepEqual(loaded.feeds, [{source: fresh.url, title: 'Feed Zero'}]);

	const stale = seed({ageMinutes: 45, error: 'timed out\u001B[2J after 20 s'});
	t.teardown(stale.temp.cleanup);
	const old = loadReaderState(context(stale.temp.env, new Sink()));
	t.deepEqual(old.state.effects, [{type: 'refresh', force: false}]);
	t.deepEqual(old.state.errors[stale.url], {title: 'Feed Zero', message: 'timed out after 20 s'});
	t.deepEqual(loadReaderState(context(stale.temp.env, new Sink(), {offline: true})).state.effects, []);
	// --feed replaces the configured feeds; --starred and --search set the view.
	const other = loadReaderState(context(stale.temp.env, new Sink(), {feed: ['https://other.example/feed'], starred: true}));
	t.is(other.state.posts.length, 0);
	t.is(other.state.scope, 'starred');
});

test('with stdin not a terminal, runReader draws one frame without the alternate screen and returns 0', async t => {
	const {temp} = seed({ageMinutes: 1});
	t.teardown(temp.cleanup);
	const stdout = new Sink();
	const code = await runReader(context(temp.env, stdout));
	t.is(code, 0);
	t.regex(stdout.text, /Post number 0 about batteries/);
	t.notRegex(stdout.text, /\u001B\[\?1049h/);
});

function seedLarge(feeds: number, posts: number) {
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const at = new Date(Date.now() - 60_000).toISOString();
	const urls: string[] = [];
	for (let feed = 0; feed < feeds; feed++) {
		const url = `https://feed${feed}.example.com/feed`;
		urls.push(url);
		const items = makePosts(posts).map(({read: _read, starred: _starred, ...post}, index) => ({
			...post, id: `f${feed}-${post.id}`, categories: [index % 2 === 0 ? 'EV News' : 'Charging'], feed: {title: `Feed ${feed}`, url},
			published: new Date(Date.UTC(2026, 10, 1) - (index * 60_000) - feed).toISOString(),
		}));
		writeSnapshot({version: 1, url, title: `Feed ${feed}`, link: null, posts: items, validators: {}, lastSuccess: at, lastError: null, nextAllowed: null, lastAttempt: at}, undefined, paths.cache);
	}

	readLibraryIndex(paths.cache);
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: urls.map(url => ({url})), refreshMinutes: 30}));
	return {temp: temporary, paths, urls};
}

test('a large library\'s first frame comes from its head, with every count; the whole library follows (load-library)', async t => {
	const {temp, paths, urls} = seedLarge(25, 100);
	t.teardown(temp.cleanup);
	const loaded = loadReaderState(context(temp.env, new Sink()));
	t.deepEqual(loaded.state.effects, [{type: 'load-library'}]);
	const full = reduce(loaded.state, {type: 'posts', posts: loadLibrary(urls, {cacheDirectory: paths.cache, marks: loaded.marks}).posts});
	t.deepEqual(categoriesOf(loaded.state), categoriesOf(full), 'the tree: every row and count');
	t.deepEqual(viewOf(loaded.state).list.slice(0, 40), viewOf(full).list.slice(0, 40), 'the first screens');
	t.not(viewOf(loaded.state).list.at(-1)!.title, viewOf(full).list.at(-1)!.title, 'the control: the rest are placeholders');

	// The effect reads the whole library, on the next turn.
	const services = createServices({sources: urls, feeds: loaded.feeds, marks: loaded.marks, cacheDirectory: paths.cache, env: temp.env, color: false, refreshMinutes: 0});
	t.teardown(() => {
		services.dispose();
	});
	const events: ReaderEvent[] = [];
	services.runEffect({type: 'load-library'}, event => events.push(event));
	t.is(events.length, 0, 'not during the frame');
	await new Promise(resolve => {
		setTimeout(resolve, 20);
	});
	const posts = events.find(event => event.type === 'posts');
	t.is(posts?.type === 'posts' ? posts.posts.at(-1)!.title : undefined, viewOf(full).list.at(-1)!.title);

	// A small library, the control: no head, no second load.
	const small = seed({ageMinutes: 1});
	t.teardown(small.temp.cleanup);
	t.deepEqual(loadReaderState(context(small.temp.env, new Sink())).state.effects, []);
});
