import process from 'node:process';
import {EventEmitter} from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {compareNames, foldText, searchWords} from '../source/query/fold.js';
import {postMatcher, selectPosts} from '../source/query/post-query.js';
import {loadReaderState} from '../source/ui/run-reader.js';
import {viewOf} from '../source/ui/state.js';
import {makePosts} from './fixtures/ui/posts.js';
import {defaultFlags} from './helpers/flags.js';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';

/** The one query (source/query/): the module itself, then the CLI and the reader giving the same posts for the same flags. */

const titles = ['Tesla Model Y refresh', 'A model of the Tesla supply chain', 'Modèle Škoda: the Elroq', 'Tesla Semi', 'Rivian R2'];

test('fold: trimmed, case- and accent-insensitive; search is every word', t => {
	t.is(foldText('  Škoda ÉLROQ '), 'skoda elroq');
	t.deepEqual(searchWords(' Tesla   MODEL '), ['tesla', 'model']);
	t.deepEqual(searchWords('   '), []);
});

test('names sort by their folded text, then as written, with no collator (control: code-unit order differs)', t => {
	const names = ['zebra', 'Électrique', 'EV', 'ev', 'Batteries', 'apple', 'Ev'];
	const expected = ['apple', 'Batteries', 'Électrique', 'EV', 'Ev', 'ev', 'zebra'];
	t.deepEqual(names.toSorted(compareNames), expected);
	t.notDeepEqual(names.toSorted(), expected);
	t.is(compareNames('Tesla', 'Tesla'), 0);
});

test('search matches every word in any order over title, summary, author and categories', t => {
	const posts = makePosts(5, {titles: index => titles[index]!});
	const ids = (search: string) => selectPosts(posts, {search}).map(post => post.id);
	t.deepEqual(ids('tesla model'), ['post-0', 'post-1']);
	// The control: as one substring, "tesla model" matches only the first.
	t.deepEqual(posts.filter(post => post.title.toLowerCase().includes('tesla model')).map(post => post.id), ['post-0']);
	t.deepEqual(ids('modele skoda'), ['post-2']);
	t.deepEqual(ids('author charging'), ['post-1']);
	t.deepEqual(ids('keyword4'), ['post-4']);
});

test('category matches a category or the feed\'s folder, trimmed and case-insensitive; unread, starred, time and limit', t => {
	const posts = makePosts(6, {feeds: 2}).map((post, index) => ({...post, read: index < 2, starred: index === 5}));
	const folders = new Map([['https://feed1.example.com/feed', 'EV']]);
	const ids = (query: Parameters<typeof selectPosts>[1]) => selectPosts(posts, query).map(post => post.id);
	t.deepEqual(ids({category: ' ev ', folders}), ['post-1', 'post-3', 'post-5']);
	t.deepEqual(ids({category: ' CHARGING'}), ['post-1', 'post-3', 'post-5']);
	t.deepEqual(ids({category: 'EV'}), []);
	t.deepEqual(ids({category: 'ev', folders, unread: true}), ['post-3', 'post-5']);
	t.deepEqual(ids({starred: true}), ['post-5']);
	t.deepEqual(ids({time: post => post.id !== 'post-0', limit: 2}), ['post-1', 'post-2']);
	t.false(postMatcher({unread: true})(posts[0]!));
});

function rss(prefix: string, items: Array<{title: string; category: string}>): string {
	const entries = items.map((item, index) => `<item><title>${item.title}</title><link>https://example.org/${prefix}/${index}</link>`
		+ `<guid>${prefix}-${index}</guid><category>${item.category}</category>`
		+ `<pubDate>${new Date(Date.UTC(2026, 10, 20 - index, Number(prefix === 'b'))).toUTCString()}</pubDate></item>`);
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed ${prefix}</title><link>https://example.org/</link>${entries.join('')}</channel></rss>`;
}

class Sink extends EventEmitter {
	isTTY = true;
	columns = 100;
	rows = 30;
	write = () => true;
}

test('the CLI (--json) and the reader show the same posts for the same flags, folders included', async t => {
	const server = await serveRoutes({
		'/a.xml': {headers: {'content-type': 'application/rss+xml'}, body: rss('a', titles.map(title => ({title, category: 'Cars'})))},
		'/b.xml': {headers: {'content-type': 'application/rss+xml'}, body: rss('b', [{title: 'Grid batteries', category: 'Energy'}, {title: 'Tesla Megapack model', category: 'Energy'}])},
	});
	const temporary = makeTempEnv();
	t.teardown(async () => {
		temporary.cleanup();
		await server.close();
	});
	fs.mkdirSync(path.join(temporary.dir, 'config', 'evnews'), {recursive: true});
	fs.writeFileSync(path.join(temporary.dir, 'config', 'evnews', 'config.json'), JSON.stringify({
		feeds: [{url: server.url('/a.xml')}, {url: server.url('/b.xml'), folder: 'Grid Storage'}],
	}));
	const first = await runCli(['--json', '--fields', 'id'], {env: temporary.env});
	t.is(first.code, 0, first.stderr);
	const cases: Array<{args: string[]; flags: Partial<typeof defaultFlags>; count: number}> = [
		{args: ['--category', ' grid STORAGE '], flags: {category: ' grid STORAGE '}, count: 2},
		{args: ['--category', 'cars'], flags: {category: 'cars'}, count: 5},
		{args: ['--search', 'tesla model'], flags: {search: 'tesla model'}, count: 3},
		{args: ['--search', 'skoda'], flags: {search: 'skoda'}, count: 1},
	];
	for (const item of cases) {
		const cli = await runCli(['--json', '--offline', '--fields', 'id', ...item.args], {env: temporary.env});
		const cliIds = (JSON.parse(cli.stdout) as Array<{id: string}>).map(post => post.id);
		const loaded = loadReaderState({flags: {...defaultFlags, ...item.flags}, io: {stdout: new Sink() as never, stderr: new Sink() as never, stdin: process.stdin, env: temporary.env}});
		const readerIds = viewOf(loaded.state).list.map(post => post.id);
		t.is(cliIds.length, item.count, item.args.join(' '));
		t.deepEqual(readerIds, cliIds, item.args.join(' '));
	}
});
