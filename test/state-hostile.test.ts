/*
Checklist section G, local state (/work/shared/docs/security-checklist.md; the table is in test/README.md): corrupt
and schema-invalid config and marks files, concurrent writers, keys that look like key paths, and credentials in feed
URLs, through the built CLI and the store modules. They have a file of their own: state-files.test.ts already runs
many CLI processes at once, and together they starved each other past their deadlines on this 2-core machine.
*/
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {openMarks} from '../source/store/marks.js';
import {readPreferences, updatePreferences} from '../source/store/preferences.js';
import {runCli, runNode} from './helpers/run-cli.js';
import {
	byText, cli, goodItems, parsePosts, rss, rssType, securityFixtures, withTemporary,
} from './helpers/security.js';
import {serveRoutes} from './helpers/servers.js';

test('item 70: a corrupt or schema-invalid config.json (and marks log) is moved aside byte-exact, never overwritten', async t => {
	t.timeout(40_000);
	const server = await serveRoutes({'/feed': {headers: rssType, body: rss(goodItems(2))}});
	try {
		await withTemporary(async temporary => {
			const directory = path.join(temporary.dir, 'config', 'evnews');
			const file = path.join(directory, 'config.json');
			const corrupt = '{"read": {"a": true}, ';
			fs.mkdirSync(directory, {recursive: true});
			fs.writeFileSync(file, corrupt);
			const asides = () => fs.readdirSync(directory).filter(name => name.startsWith('config.json.corrupt-'));

			const config = await cli(temporary, ['config', '--json']);
			t.is(config.code, 0, config.stderr);
			const shown = JSON.parse(config.stdout) as {preferences: {feeds: Array<{url: string}>}};
			t.deepEqual(shown.preferences.feeds.map(feed => feed.url), ['https://thedriven.io/feed/']);
			t.is(config.stderr.trim().split('\n').length, 1, config.stderr);
			t.regex(config.stderr, /moved/);
			t.is(asides().length, 1);
			t.is(fs.readFileSync(path.join(directory, asides()[0]!), 'utf8'), corrupt);

			const add = await cli(temporary, ['feeds', 'add', server.url('/feed')]);
			t.is(add.code, 0, add.stderr);
			t.is(asides().length, 1);
			t.is(fs.readFileSync(path.join(directory, asides()[0]!), 'utf8'), corrupt, 'the moved-aside copy changed');
			const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as {feeds: Array<{url: string}>};
			t.true(stored.feeds.some(feed => feed.url === server.url('/feed')));
		});
	} finally {
		await server.close();
	}

	// Module level: schema-invalid on read, corrupt on update.
	await withTemporary(async temporary => {
		const directory = path.join(temporary.dir, 'config', 'evnews');
		const file = path.join(directory, 'config.json');
		fs.mkdirSync(directory, {recursive: true});
		const invalid = '{"feeds": "nope", "extra": {"__proto__": {"x": 1}}}';
		fs.writeFileSync(file, invalid);
		const read = readPreferences(temporary.env);
		t.is(read.warnings.length, 1);
		t.is(read.preferences.feeds.length, 1);
		t.false(fs.existsSync(file));
		const aside = fs.readdirSync(directory).find(name => name.startsWith('config.json.corrupt-'));
		t.is(fs.readFileSync(path.join(directory, aside!), 'utf8'), invalid);

		const corrupt = '{"feeds": [{"url": "https://keep.example/feed"}], "unreadOnly": tru';
		fs.writeFileSync(file, corrupt);
		const updated = await updatePreferences(preferences => {
			preferences.theme = 'dark';
		}, temporary.env);
		t.true(updated.warnings.some(warning => warning.includes('moved')), JSON.stringify(updated.warnings));
		const copies = fs.readdirSync(directory).filter(name => name.startsWith('config.json.corrupt-')).map(name => fs.readFileSync(path.join(directory, name), 'utf8'));
		t.true(copies.includes(corrupt), 'the corrupt file given to updatePreferences was not kept');
		t.is((JSON.parse(fs.readFileSync(file, 'utf8')) as {theme: string}).theme, 'dark');
	});

	// The marks log: an unreadable line is set aside with the original; every readable mark survives.
	await withTemporary(async temporary => {
		const data = path.join(temporary.dir, 'data', 'evnews');
		openMarks(data).markRead(['a', 'b']);
		const log = path.join(data, 'marks.log');
		fs.appendFileSync(log, 'this line is garbage {"read":\n2026-11-26T00:00:00.000Z read c\n');
		const original = fs.readFileSync(log, 'utf8');
		const marks = openMarks(data);
		t.is(marks.warnings.length, 1, JSON.stringify(marks.warnings));
		t.true(['a', 'b', 'c'].every(id => marks.isRead(id)));
		const aside = fs.readdirSync(data).find(name => name.startsWith('marks.log.corrupt-'));
		t.truthy(aside);
		t.is(fs.readFileSync(path.join(data, aside!), 'utf8'), original);
	});
});

test('item 72: concurrent processes (CLI mark-read/star, preference writers) lose no update', async t => {
	t.timeout(60_000);
	const feed = rss(goodItems(40));
	const server = await serveRoutes({'/feed': {headers: rssType, body: feed}});
	try {
		await withTemporary(async temporary => {
			const url = server.url('/feed');
			const posts = parsePosts(t, await cli(temporary, ['--json', '--feed', url]));
			t.is(posts.length, 40);
			const all = posts.map(post => post.id);
			const groups = [0, 1, 2, 3].map(group => all.slice(group * 10, (group * 10) + 10));
			const starred = all.slice(5, 12);

			// Preference writers run at the same time: three processes, 8 feeds each.
			const writers = ['wa', 'wb', 'wc'].map(async prefix => runNode(['--import', 'tsx', path.join(securityFixtures, 'prefs-race.ts'), prefix, '8'], temporary.env));
			const results = await Promise.all([
				...groups.map(async group => runCli(['mark-read', '--feed', url, '--', ...group], {env: temporary.env})),
				runCli(['star', '--feed', url, '--', ...starred], {env: temporary.env}),
			]);
			for (const result of results) {
				t.is(result.code, 0, result.stderr);
			}

			const written = await Promise.all(writers);
			t.deepEqual(written.map(item => item.code), [0, 0, 0], written.map(item => item.output).join('\n'));

			const after = parsePosts(t, await cli(temporary, ['--json', '--offline', '--fields', 'id,read,starred', '--feed', url]));
			t.is(after.filter(post => post.read).length, 40, 'read marks were lost');
			t.deepEqual(after.filter(post => post.starred).map(post => post.id).toSorted(), [...starred].toSorted());

			const {preferences} = readPreferences(temporary.env);
			const urls = new Set(preferences.feeds.map(entry => entry.url));
			for (const prefix of ['wa', 'wb', 'wc']) {
				for (let index = 0; index < 8; index++) {
					t.true(urls.has(`https://${prefix}.example/feed.xml#item.${index}`), `lost feed ${prefix} ${index}`);
				}
			}
		});
	} finally {
		await server.close();
	}
});

test('item 74: GUIDs and URLs that look like key paths (__proto__, constructor.prototype, dots, #) keep their marks and settings', async t => {
	t.timeout(40_000);
	const hostileIds = ['__proto__', 'constructor', 'constructor.prototype', 'toString', 'https://example.com/feed.xml#item.1', 'a.b.c', 'hasOwnProperty'];
	await withTemporary(async temporary => {
		const data = path.join(temporary.dir, 'data', 'evnews');
		openMarks(data).markRead(hostileIds);
		openMarks(data).star(hostileIds.slice(0, 2).map(id => ({id, guid: id, title: id, link: null, author: null, published: null, updated: null, categories: [], summary: '', image: null, enclosures: [], feed: {title: 'F', url: 'https://example.com/feed.xml'}})));
		const marks = openMarks(data);
		for (const id of hostileIds) {
			t.true(marks.isRead(id), `read mark lost for ${id}`);
		}

		t.true(marks.isStarred('__proto__'));
		t.true(marks.isStarred('constructor'));
		t.false(marks.isRead('https://example'), 'a dotted key was split');
		t.false(marks.isRead('prototype'));
		t.is(marks.readCount(), hostileIds.length);
		const plain: Record<string, unknown> = {};
		t.is(plain.polluted, undefined);

		const url = 'https://example.com/feed.xml#item.1';
		await updatePreferences(preferences => {
			preferences.feeds = [{url, title: '__proto__', folder: 'constructor.prototype'}];
			preferences.keys = JSON.parse('{"__proto__": "x", "a.b": "y", "constructor": ["z"]}') as Record<string, string>;
		}, temporary.env);
		const read = readPreferences(temporary.env);
		t.deepEqual(read.warnings, []);
		t.deepEqual(read.preferences.feeds, [{url, title: '__proto__', folder: 'constructor.prototype'}]);
		const stored = JSON.parse(fs.readFileSync(read.file, 'utf8')) as {feeds: Array<{url: string}>; keys: Record<string, string>};
		t.is(stored.feeds[0]?.url, url);
		t.false('https://example' in stored);
		t.is(stored.keys['a.b'], 'y');
		t.true(Object.hasOwn(stored.keys, '__proto__'), 'the __proto__ key binding was dropped');
		t.true(Object.hasOwn(read.preferences.keys, '__proto__'), 'the __proto__ key binding was dropped on read');
		t.deepEqual(read.preferences.keys.constructor, ['z']);
	});

	// End to end: posts whose GUIDs are those strings can be marked read and stay read.
	const items = hostileIds.map((guid, index) => ({title: `T ${index}`, guid, pubDate: new Date(Date.UTC(2026, 10, 25, 20 - index)).toUTCString()}));
	const server = await serveRoutes({'/feed.xml': {headers: rssType, body: rss(items)}});
	try {
		await withTemporary(async temporary => {
			const url = server.url('/feed.xml') + '#item.1';
			const posts = parsePosts(t, await cli(temporary, ['--json', '--feed', url]));
			t.deepEqual(posts.map(post => post.guid).toSorted(byText), [...hostileIds].toSorted());
			const mark = await cli(temporary, ['mark-read', '--feed', url, '--', ...posts.map(post => post.id)]);
			t.is(mark.code, 0, mark.stderr);
			const after = parsePosts(t, await cli(temporary, ['--json', '--offline', '--feed', url]));
			t.is(after.filter(post => post.read).length, hostileIds.length);
		});
	} finally {
		await server.close();
	}
});

test('item 76 (with 17): a password in a feed URL never appears in messages or output', async t => {
	t.timeout(30_000);
	const server = await serveRoutes({
		'/feed': {headers: rssType, body: rss(goodItems(1))},
		'/500': {status: 500},
	});
	try {
		await withTemporary(async temporary => {
			const withPassword = (route: string) => server.url(route).replace('http://', 'http://alice:s3cret-pw@');
			const json = await cli(temporary, ['--json', '--fields', 'id,link,feed', '--feed', withPassword('/feed'), '--feed', withPassword('/500')]);
			t.false(json.stdout.includes('s3cret-pw'), `stdout: ${json.stdout}`);
			t.false(json.stderr.includes('s3cret-pw'), `stderr: ${json.stderr}`);
			const add = await cli(temporary, ['feeds', 'add', withPassword('/feed')]);
			t.false(add.stdout.includes('s3cret-pw'), `feeds add stdout: ${add.stdout}`);
			t.false(add.stderr.includes('s3cret-pw'), `feeds add stderr: ${add.stderr}`);
		});
	} finally {
		await server.close();
	}
});
