import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {loadLibrary} from '../source/store/library.js';
import {openMarks} from '../source/store/marks.js';
import {getPaths} from '../source/store/paths.js';
import {readPreferences, updatePreferences} from '../source/store/preferences.js';
import {cliPath, runCli, runNode} from './helpers/run-cli.js';
import {
	cli, goodItems, parsePosts, rss, rssType, securityFixtures, withTemporary,
} from './helpers/security.js';
import {serveRoutes, type RoutesServer} from './helpers/servers.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';

/*
State files end to end, through the built CLI: marks dated in the future, file modes, concurrent `feeds add`
with a marks writer, and a symlinked config.json. (Issue 7 §3.2–3.5.)
*/

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'state');
const feedXml = fs.readFileSync(path.join(fixtures, 'ev-feed.xml'), 'utf8');

async function setup(t: {teardown: (fn: () => void | Promise<void>) => void}, feeds = 1): Promise<{environment: TempEnv; server: RoutesServer}> {
	const environment = makeTempEnv();
	const routes = Object.fromEntries(Array.from({length: feeds}, (_, index) => [`/feed${index + 1}/`, {headers: rssType, body: feedXml}]));
	const server = await serveRoutes(routes);
	t.teardown(async () => {
		await server.close();
		environment.cleanup();
	});
	return {environment, server};
}

/** Every file under `root` whose mode lets the group or others in. */
function openToOthers(root: string): {files: number; open: string[]} {
	let files = 0;
	const open: string[] = [];
	for (const entry of fs.readdirSync(root, {recursive: true, withFileTypes: true})) {
		if (entry.isFile()) {
			files++;
			const file = path.join(entry.parentPath, entry.name);
			if ((fs.statSync(file).mode & 0o077) !== 0) {
				open.push(`${path.relative(root, file)} ${(fs.statSync(file).mode & 0o777).toString(8)}`);
			}
		}
	}

	return {files, open};
}

const cliBuilt = fs.existsSync(cliPath);
if (!cliBuilt) {
	console.log('state-files.test: dist/cli.js is missing (run npm run build): CLI tests skipped');
}

const cliTest = cliBuilt ? test : test.skip;

cliTest('a read mark dated 9999-12-31 is clamped to now with a warning, and mark-unread then really unmarks', async t => {
	const {environment, server} = await setup(t);
	t.is((await runCli(['feeds', 'add', server.url('/feed1/')], {env: environment.env, timeoutMs: 120_000})).code, 0);
	const paths = getPaths(environment.env);
	const {posts} = loadLibrary([server.url('/feed1/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	const {id} = (posts[0]!);
	const log = path.join(paths.data, 'marks.log');
	fs.mkdirSync(paths.data, {recursive: true});
	fs.writeFileSync(log, `# evnews marks v1\n9999-12-31T23:59:59.999Z read ${id}\n`, {mode: 0o600});
	const first = await runCli(['unread'], {env: environment.env, timeoutMs: 120_000});
	t.is(first.stdout, '2\n', 'the future line still counts as read');
	t.regex(first.stderr, /^evnews: marks file .*marks\.log had 1 mark\(s\) dated more than a day ahead \(a clock set wrong\); they now count as made now/);

	const unmarked = await runCli(['mark-unread', id], {env: environment.env, timeoutMs: 120_000});
	t.is(unmarked.code, 0, unmarked.stderr);
	t.is(unmarked.stderr, '');
	// Control for "success changed the state": before the clamp this stayed at 2.
	t.is((await runCli(['unread'], {env: environment.env, timeoutMs: 120_000})).stdout, '3\n');
	t.false(openMarks(paths.data).isRead(id));
	// The future time is gone from the log (kept in the copy), and every line reads back.
	t.notRegex(fs.readFileSync(log, 'utf8'), /9999-/);
	t.true(fs.readdirSync(paths.data).some(name => name.startsWith('marks.log.corrupt-')));
	const again = await runCli(['mark-read', id], {env: environment.env, timeoutMs: 120_000});
	t.is(again.code, 0, again.stderr);
	t.is(again.stderr, '');
	t.is((await runCli(['unread'], {env: environment.env, timeoutMs: 120_000})).stdout, '2\n');
});

cliTest('a config with one bad key: feeds add keeps the three feeds, warns once, and resets only that key', async t => {
	const {environment, server} = await setup(t);
	const {config, configFile} = getPaths(environment.env);
	fs.mkdirSync(config, {recursive: true});
	const three = [{url: 'https://one.example/feed'}, {url: 'https://two.example/feed', title: 'Two'}, {url: 'https://three.example/feed', folder: 'EV'}];
	const original = JSON.stringify({feeds: three, refreshMinutes: '15', theme: 'dark'});
	fs.writeFileSync(configFile, original, {mode: 0o600});
	const listed = await runCli(['feeds', '--json'], {env: environment.env, timeoutMs: 120_000});
	t.is(listed.code, 0, listed.stderr);
	t.deepEqual((JSON.parse(listed.stdout) as Array<{url: string}>).map(row => row.url), three.map(feed => feed.url));
	t.is(listed.stderr.trim().split('\n').length, 1);
	t.regex(listed.stderr, /refreshMinutes: must be number, not "15"; using the default \(15\)/);

	const added = await runCli(['feeds', 'add', server.url('/feed1/')], {env: environment.env, timeoutMs: 120_000});
	t.is(added.code, 0, added.stderr);
	const stored = JSON.parse(fs.readFileSync(configFile, 'utf8')) as {feeds: Array<{url: string}>; refreshMinutes: unknown; theme: string};
	t.deepEqual(stored.feeds.map(feed => feed.url), [...three.map(feed => feed.url), server.url('/feed1/')]);
	t.is(stored.refreshMinutes, 15);
	t.is(stored.theme, 'dark');
	const copies = fs.readdirSync(config).filter(name => name.startsWith('config.json.corrupt-'));
	t.is(copies.length, 1);
	t.is(fs.readFileSync(path.join(config, copies[0]!), 'utf8'), original);
	// Control: the repaired file reads clean.
	t.is((await runCli(['feeds'], {env: environment.env, timeoutMs: 120_000})).stderr, '');
});

cliTest('every file evnews creates is private (0600), after a run of several commands', async t => {
	const {environment, server} = await setup(t, 2);
	const opml = path.join(environment.dir, 'feeds.opml');
	fs.writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Two" type="rss" xmlUrl="${server.url('/feed2/')}"/></body></opml>`);
	const run = async (args: string[]) => {
		const result = await runCli(args, {env: environment.env, timeoutMs: 120_000});
		t.is(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
		return result;
	};

	await run(['feeds', 'add', server.url('/feed1/')]);
	await run(['import', opml]);
	const {posts} = loadLibrary([server.url('/feed1/')], {cacheDirectory: getPaths(environment.env).cache, dataDirectory: getPaths(environment.env).data});
	await run(['mark-read', posts[0]!.id]);
	await run(['star', posts[1]!.id]);
	await run(['--json', '--feed', server.url('/feed2/')]);
	await run(['feeds', 'rm', '1']);
	await run(['unread']);
	const found = openToOthers(environment.dir);
	// Config.json, marks.log, a starred snapshot, two feed snapshots and their content files at least.
	t.true(found.files - 1 >= 7, `only ${found.files} files`);
	t.deepEqual(found.open.filter(name => !name.startsWith('feeds.opml ')), []);
	// Control: the walk sees a file that is open to others.
	t.deepEqual(found.open, ['feeds.opml 644']);
});

cliTest('six concurrent feeds add, while another process loops mark-read: all six feeds and every mark survive', async t => {
	const {environment, server} = await setup(t, 6);
	const paths = getPaths(environment.env);
	const stop = path.join(environment.dir, 'stop');
	const writer = spawn(process.execPath, ['--import', 'tsx', path.join(fixtures, 'mark-loop.ts'), paths.data, 'loop', stop], {stdio: ['ignore', 'pipe', 'pipe']});
	let writerOutput = '';
	writer.stdout.on('data', (chunk: Buffer) => {
		writerOutput += chunk.toString();
	});
	writer.stderr.on('data', (chunk: Buffer) => {
		writerOutput += chunk.toString();
	});
	const writerDone = new Promise<number | null>(resolve => {
		writer.on('close', resolve);
	});
	const urls = Array.from({length: 6}, (_, index) => server.url(`/feed${index + 1}/`));
	const results = await Promise.all(urls.map(async url => runCli(['feeds', 'add', url], {env: environment.env, timeoutMs: 120_000})));
	fs.writeFileSync(stop, '');
	t.is(await writerDone, 0, writerOutput);
	for (const result of results) {
		t.is(result.code, 0, result.stderr);
	}

	const feeds = readPreferences(environment.env).preferences.feeds.map(feed => feed.url);
	for (const url of urls) {
		t.true(feeds.includes(url), `${url} is missing`);
	}

	t.is(feeds.length, 7);
	const count = Number(/marked (\d+)/.exec(writerOutput)?.[1]);
	t.true(count >= 50, writerOutput);
	const marks = openMarks(paths.data);
	t.deepEqual(marks.warnings, []);
	t.is(marks.readCount(), count);
	t.true(marks.isRead(`loop-${count - 1}`));
	t.false(marks.isRead(`loop-${count}`), 'control: a mark never written is not read');
});

test('a symlinked config.json is written through: the link stays a link and its target gets the change', async t => {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const {config, configFile} = getPaths(environment.env);
	const dotfiles = path.join(environment.dir, 'dotfiles');
	fs.mkdirSync(dotfiles, {recursive: true});
	fs.mkdirSync(config, {recursive: true});
	const target = path.join(dotfiles, 'evnews.json');
	fs.writeFileSync(target, JSON.stringify({feeds: [{url: 'https://one.example/feed'}]}));
	fs.symlinkSync(path.relative(config, target), configFile);
	await updatePreferences(preferences => {
		preferences.feeds.push({url: 'https://two.example/feed'});
	}, environment.env);
	t.true(fs.lstatSync(configFile).isSymbolicLink());
	const stored = JSON.parse(fs.readFileSync(target, 'utf8')) as {feeds: unknown};
	t.deepEqual(stored.feeds, [{url: 'https://one.example/feed'}, {url: 'https://two.example/feed'}]);
	t.is(fs.statSync(target).mode & 0o777, 0o600);
	// Control: the change is read back through the link, and nothing was left beside it.
	t.is(readPreferences(environment.env).preferences.feeds.length, 2);
	t.deepEqual(fs.readdirSync(config).filter(name => !name.endsWith('.lock')), ['config.json']);
});

// ---------------------------------------------------------------------------------------------------------------
// Checklist section G, local state (test/README.md).

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
			t.deepEqual(after.filter(post => post.starred).map(post => post.id).sort(), [...starred].sort());

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
		t.is(({} as Record<string, unknown>).polluted, undefined);

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
	const server = await serveRoutes({'/feed.xml': {headers: rssType, body: rss(hostileIds.map((guid, index) => ({title: `T ${index}`, guid, pubDate: new Date(Date.UTC(2026, 10, 25, 20 - index)).toUTCString()})))}});
	try {
		await withTemporary(async temporary => {
			const url = server.url('/feed.xml') + '#item.1';
			const posts = parsePosts(t, await cli(temporary, ['--json', '--feed', url]));
			t.deepEqual(posts.map(post => post.guid).sort(), [...hostileIds].sort());
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
