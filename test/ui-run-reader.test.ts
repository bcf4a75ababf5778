import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import test from 'ava';
import type {CommandContext, Flags} from '../source/commands/context.js';
import type {FeedSnapshot} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {getPaths} from '../source/store/paths.js';
import {loadReaderState, runReader} from '../source/ui/run-reader.js';
import {viewOf} from '../source/ui/state.js';
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
