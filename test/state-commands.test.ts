import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import process from 'node:process';
import path from 'node:path';
import {PassThrough, Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {type Command, type CommandContext, type Flags, UsageError} from '../source/commands/context.js';
import {configCommand} from '../source/commands/config.js';
import {feedsCommand} from '../source/commands/feeds.js';
import {markReadCommand, markUnreadCommand, starCommand, unstarCommand} from '../source/commands/marks.js';
import {exportCommand, importCommand} from '../source/commands/opml.js';
import {unreadCommand} from '../source/commands/unread.js';
import {loadLibrary} from '../source/store/library.js';
import {openMarks} from '../source/store/marks.js';
import {getPaths} from '../source/store/paths.js';
import {readPreferences} from '../source/store/preferences.js';
import {runCli, cliPath} from './helpers/run-cli.js';
import {serveRoutes, type RoutesServer} from './helpers/servers.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'state');
const feedXml = fs.readFileSync(path.join(fixtures, 'ev-feed.xml'), 'utf8');
const siteHtml = fs.readFileSync(path.join(fixtures, 'site.html'), 'utf8');

type Run = {code: number; stdout: string; stderr: string};

function sink(): {stream: Writable; text: () => string} {
	let text = '';
	const stream = new Writable({
		write(chunk: Buffer, _encoding, callback) {
			text += chunk.toString();
			callback();
		},
	});
	return {stream, text: () => text};
}

async function run(command: Command, environment: TempEnv, input: string[], flags: Partial<Flags> = {}): Promise<Run> {
	const stdout = sink();
	const stderr = sink();
	const context: CommandContext = {
		input,
		flags: {json: false, jsonl: false, fields: undefined, feed: [], category: undefined, search: undefined, limit: undefined, offline: false, unread: false, starred: false, all: false, ...flags},
		io: {stdout: stdout.stream, stderr: stderr.stream, stdin: new PassThrough(), env: environment.env},
	};
	const code = await command(context);
	return {code, stdout: stdout.text(), stderr: stderr.text()};
}

async function setup(t: {teardown: (fn: () => void | Promise<void>) => void}, routes: Parameters<typeof serveRoutes>[0] = {}): Promise<{environment: TempEnv; server: RoutesServer}> {
	const environment = makeTempEnv();
	const server = await serveRoutes({
		'/feed/': {headers: {'content-type': 'application/rss+xml; charset=utf-8'}, body: feedXml},
		'/': {headers: {'content-type': 'text/html; charset=utf-8'}, body: siteHtml},
		'/image.png': {headers: {'content-type': 'image/png'}, body: Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0])},
		'/plain.txt': {headers: {'content-type': 'text/plain'}, body: 'hello, not a feed'},
		...routes,
	});
	t.teardown(async () => {
		await server.close();
		environment.cleanup();
	});
	return {environment, server};
}

test('feeds add: a feed URL is fetched, reported and stored; a duplicate is refused politely', async t => {
	const {environment, server} = await setup(t);
	const added = await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	t.is(added.code, 0, added.stderr);
	t.is(added.stdout, 'Added Volt Weekly: 3 posts\n');
	t.deepEqual(readPreferences(environment.env).preferences.feeds, [
		{url: 'https://thedriven.io/feed/', title: 'The Driven'},
		{url: server.url('/feed/'), title: 'Volt Weekly'},
	]);
	const again = await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	t.is(again.code, 1);
	t.regex(again.stderr, /is already in your feeds \(number 2\); nothing to do/);
	t.is(readPreferences(environment.env).preferences.feeds.length, 2);
});

test('feeds add: a site page is searched for its feed (rel=alternate)', async t => {
	const {environment, server} = await setup(t);
	const added = await run(feedsCommand, environment, ['add', server.url('/')]);
	t.is(added.code, 0, added.stderr);
	t.is(added.stdout, `Found the feed ${server.url('/feed/')} on ${server.url('/')}\nAdded Volt Weekly: 3 posts\n`);
	t.is(readPreferences(environment.env).preferences.feeds.at(-1)!.url, server.url('/feed/'));
});

test('feeds add: anything that is not a feed is rejected with a clear error and nothing is stored', async t => {
	const {environment, server} = await setup(t);
	for (const route of ['/image.png', '/plain.txt', '/missing']) {
		const result = await run(feedsCommand, environment, ['add', server.url(route)]);
		t.is(result.code, 1, route);
		t.regex(result.stderr, /^evnews: cannot add http:\/\/127\.0\.0\.1:\d+\/\S+: .+\n$/, route);
	}

	t.false(fs.existsSync(getPaths(environment.env).configFile));
	for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'not a url', 'ftp://x.example/feed']) {
		await t.throwsAsync(run(feedsCommand, environment, ['add', bad]), {instanceOf: UsageError, message: /feeds add takes an http\(s\) URL/});
	}
});

test('feeds lists counts and status; --json has the same; rm by number keeps marks, re-adding restores them', async t => {
	const {environment, server} = await setup(t);
	await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	const {posts} = loadLibrary([server.url('/feed/')], {cacheDirectory: getPaths(environment.env).cache, dataDirectory: getPaths(environment.env).data});
	t.is(posts.length, 3);
	const read = await run(markReadCommand, environment, [posts[0]!.id]);
	t.is(read.code, 0, read.stderr);
	t.is(read.stdout, 'Marked read 1 post\n');

	const listed = await run(feedsCommand, environment, [], {json: true});
	const rows = JSON.parse(listed.stdout) as Array<Record<string, unknown>>;
	t.is(rows.length, 2);
	t.like(rows[0], {index: 1, url: 'https://thedriven.io/feed/', title: 'The Driven', posts: 0, unread: 0, lastSuccess: null});
	t.like(rows[1], {index: 2, url: server.url('/feed/'), title: 'Volt Weekly', posts: 3, unread: 2, lastError: null});
	t.regex(rows[1]!.lastSuccess as string, /^\d{4}-/);
	t.regex(rows[1]!.nextFetch as string, /^\d{4}-/);
	const text = await run(feedsCommand, environment, []);
	t.regex(text.stdout, /^2\. Volt Weekly\n {3}http:\/\/127\.0\.0\.1:\d+\/feed\/\n {3}3 posts, 2 unread · last success \d{4}-\d\d-\d\d \d\d:\d\d UTC · next fetch /m);

	const removed = await run(feedsCommand, environment, ['rm', '2']);
	t.is(removed.code, 0, removed.stderr);
	t.regex(removed.stdout, /^Removed Volt Weekly .*; its read and starred marks are kept\n$/);
	t.is(readPreferences(environment.env).preferences.feeds.length, 1);
	const missing = await run(feedsCommand, environment, ['rm', '7']);
	t.is(missing.code, 1);
	t.regex(missing.stderr, /there is no feed number 7 \(there is 1 feed/);

	await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	const unread = await run(unreadCommand, environment, []);
	t.is(unread.stdout, '2\n');
	const byUrl = await run(feedsCommand, environment, ['rm', server.url('/feed/')]);
	t.is(byUrl.code, 0);
});

test('mark-read, mark-unread, star, unstar: unknown ids are named, known ones applied; --all scoped by --category', async t => {
	const {environment, server} = await setup(t);
	await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	const paths = getPaths(environment.env);
	const {posts} = loadLibrary([server.url('/feed/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	const [newest, middle, oldest] = posts;
	t.is(newest!.title, 'Solar carport pilot opens in Ballarat');

	const mixed = await run(markReadCommand, environment, [newest!.id, 'nope\u001B[2J']);
	t.is(mixed.code, 1);
	t.regex(mixed.stderr, /^evnews: unknown post ID nope: not among the cached posts/);
	t.true(openMarks(paths.data).isRead(newest!.id));

	const unread = await run(unreadCommand, environment, [], {json: true});
	t.deepEqual(JSON.parse(unread.stdout), {
		total: 2,
		feeds: [{url: 'https://thedriven.io/feed/', title: 'The Driven', unread: 0}, {url: server.url('/feed/'), title: 'Volt Weekly', unread: 2}],
		categories: [{name: 'Charging', unread: 1}, {name: 'Utes', unread: 1}],
	});

	const all = await run(markReadCommand, environment, [], {all: true, category: 'charging'});
	t.is(all.stdout, 'Marked read 1 post (1 already read)\n');
	t.true(openMarks(paths.data).isRead(oldest!.id));
	t.false(openMarks(paths.data).isRead(middle!.id));

	const back = await run(markUnreadCommand, environment, [oldest!.id]);
	t.is(back.code, 0);
	t.false(openMarks(paths.data).isRead(oldest!.id));

	await t.throwsAsync(run(markReadCommand, environment, []), {instanceOf: UsageError});
	await t.throwsAsync(run(markReadCommand, environment, [newest!.id], {all: true}), {instanceOf: UsageError});
	await t.throwsAsync(run(starCommand, environment, [], {all: true}), {instanceOf: UsageError});

	const starred = await run(starCommand, environment, [newest!.id]);
	t.is(starred.stdout, 'Starred 1 post\n');
	const snapshot = openMarks(paths.data).starredPosts()[0]!;
	t.like(snapshot, {id: newest!.id, title: 'Solar carport pilot opens in Ballarat'});
	t.regex(snapshot.html ?? '', /40/);

	const unstarred = await run(unstarCommand, environment, [newest!.id, 'unknown-id']);
	t.is(unstarred.code, 1);
	t.regex(unstarred.stderr, /unknown post ID unknown-id/);
	t.false(openMarks(paths.data).isStarred(newest!.id));
});

test('a starred post stays in the library after it leaves its feed', async t => {
	let body = feedXml;
	const {environment, server} = await setup(t, {
		'/moving/'(_request, response) {
			response.writeHead(200, {'content-type': 'application/rss+xml'});
			response.end(body);
		},
	});
	await run(feedsCommand, environment, ['add', server.url('/moving/')]);
	const paths = getPaths(environment.env);
	const before = loadLibrary([server.url('/moving/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	const leaving = before.posts.find(post => post.title === 'Battery swap trial ends')!;
	await run(starCommand, environment, [leaving.id]);
	body = feedXml.replace(/<item>\s*<title>Battery swap[\s\S]*?<\/item>/, '');
	const {refreshFeeds} = await import('../source/refresh/refresh.js');
	await refreshFeeds([server.url('/moving/')], {force: true, cacheDirectory: paths.cache});
	const after = loadLibrary([server.url('/moving/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	t.is(after.snapshots[0]!.posts.length, 2);
	t.is(after.posts.length, 3);
	t.like(after.posts.find(post => post.id === leaving.id), {starred: true, title: 'Battery swap trial ends'});
	// Newest first, the dateless last.
	t.deepEqual(after.posts.map(post => post.published), after.posts.map(post => post.published).toSorted((a, b) => Number(String(b) > String(a)) - Number(String(b) < String(a))));
});

test('import and export: summary with reasons; export then import into a fresh home is lossless', async t => {
	const {environment} = await setup(t);
	const file = path.join(environment.dir, 'hostile.opml');
	fs.copyFileSync(path.join(fixtures, 'opml2-hostile.opml'), file);
	const imported = await run(importCommand, environment, [file]);
	t.is(imported.code, 0, imported.stderr);
	t.regex(imported.stdout, /^Imported 3 feeds from .*hostile\.opml; skipped 8 outlines\n/);
	t.regex(imported.stdout, / {2}5 feeds: not an http\(s\) URL\n/);
	t.regex(imported.stdout, / {4}skipped file:\/\/\/etc\/passwd: not an http\(s\) URL \(file:\)\n/);
	const again = await run(importCommand, environment, [file]);
	t.regex(again.stdout, /^Imported 0 feeds/);
	t.regex(again.stdout, / {2}4 feeds: already in your feeds\n/);

	const nested = path.join(environment.dir, 'nested.opml');
	fs.copyFileSync(path.join(fixtures, 'opml1.opml'), nested);
	await run(importCommand, environment, [nested]);
	const exported = await run(exportCommand, environment, []);
	t.regex(exported.stdout, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0"/);
	const {feeds} = readPreferences(environment.env).preferences;
	t.is(feeds.length, 7);

	const other = makeTempEnv();
	t.teardown(other.cleanup);
	const exportFile = path.join(other.dir, 'export.opml');
	fs.writeFileSync(exportFile, exported.stdout);
	await run(feedsCommand, other, ['rm', '1']);
	const reimported = await run(importCommand, other, [exportFile]);
	t.is(reimported.code, 0);
	t.deepEqual(readPreferences(other.env).preferences.feeds, feeds);

	const notOpml = await run(importCommand, environment, [path.join(fixtures, 'ev-feed.xml')]);
	t.is(notOpml.code, 1);
	t.regex(notOpml.stderr, /not an OPML file \(its root element is <rss>\)/);
	const missing = await run(importCommand, environment, [path.join(environment.dir, 'none.opml')]);
	t.is(missing.code, 1);
	t.regex(missing.stderr, /cannot read .*none\.opml: ENOENT/);
});

test('import of 100,000 outlines and 10,000 levels: bounded, with a clear summary', async t => {
	const {environment} = await setup(t);
	const file = path.join(environment.dir, 'huge.opml');
	const depth = 10_000;
	const outlines = Array.from({length: 100_000}, (_, index) => `<outline text="F${index}" xmlUrl="https://feeds.example/${index}"/>`).join('\n');
	fs.writeFileSync(file, `<opml version="2.0"><body>${'<outline text="d">'.repeat(depth)}<outline text="Deep" xmlUrl="https://deep.example/"/>${'</outline>'.repeat(depth)}${outlines}</body></opml>`);
	const result = await run(importCommand, environment, [file]);
	t.is(result.code, 0, result.stderr);
	// The default feed is there already: 4,999 more fit under the 5,000-feed cap.
	t.regex(result.stdout, /^Imported 4,999 feeds from .*; skipped 1 outline\n/);
	t.regex(result.stdout, / {2}1 feed: over the limit of 5,000 feeds\n/);
	t.regex(result.stdout, / {2}1 feed nested deeper than 32 levels: not read\n/);
	t.regex(result.stdout, / {2}95,000 feeds beyond the first 5,000 in the file: not read\n/);
	t.is(readPreferences(environment.env).preferences.feeds.length, 5000);
});

test('config prints paths and effective preferences; --json too; passwords are hidden', async t => {
	const {environment, server} = await setup(t);
	const file = path.join(environment.dir, 'secret.opml');
	fs.writeFileSync(file, '<opml version="2.0"><body><outline text="S" xmlUrl="https://user:hunter2@secret.example/feed"/></body></opml>');
	await run(importCommand, environment, [file]);
	const json = await run(configCommand, environment, [], {json: true});
	const parsed = JSON.parse(json.stdout) as {paths: Record<string, unknown>; preferences: {feeds: Array<{url: string}>; refreshMinutes: number}};
	t.like(parsed.paths, {configFile: getPaths(environment.env).configFile, configExists: true, marks: path.join(getPaths(environment.env).data, 'marks.log')});
	t.is(parsed.preferences.refreshMinutes, 15);
	t.is(parsed.preferences.feeds[1]!.url, 'https://user:***@secret.example/feed');
	t.notRegex(json.stdout, /hunter2/);
	const text = await run(configCommand, environment, []);
	t.regex(text.stdout, /^config file {5}.*config\.json\n/);
	t.notRegex(text.stdout, /hunter2/);
	// Export is the user's backup: it keeps the credentials.
	t.regex((await run(exportCommand, environment, [])).stdout, /hunter2/);
	t.truthy(server);
});

test('a corrupt config is moved aside with one line on stderr and the command still works', async t => {
	const {environment} = await setup(t);
	const {config, configFile} = getPaths(environment.env);
	fs.mkdirSync(config, {recursive: true});
	fs.writeFileSync(configFile, '{"feeds": [');
	const result = await run(unreadCommand, environment, []);
	t.is(result.code, 0);
	t.is(result.stdout, '0\n');
	t.regex(result.stderr, /^evnews: warning: .*config\.json was unusable \(it is not valid JSON\); moved it to config\.json\.corrupt-\S+ and using default preferences\n$/);
});

test('a corrupt cache snapshot is moved aside with a message; marks are untouched', async t => {
	const {environment, server} = await setup(t);
	await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	const paths = getPaths(environment.env);
	const {posts} = loadLibrary([server.url('/feed/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	await run(markReadCommand, environment, [posts[0]!.id]);
	// Start-up reads the library index: corrupt, it is moved aside and rebuilt from the feeds' files.
	const feedsDirectory = paths.cache;
	const snapshot = 'library-index.json';
	for (const content of ['{"version": 1, "url": "http', 'garbage\u0000', '']) {
		fs.writeFileSync(path.join(feedsDirectory, snapshot), content);
		// `unread` reads the small counting view when it is current: without it, it must go through the index.
		fs.rmSync(path.join(feedsDirectory, 'library-counts.json'), {force: true});

		const result = await run(unreadCommand, environment, []);
		t.is(result.code, 0);
		t.is(result.stdout, `${posts.length - 1}\n`, 'rebuilt: nothing lost');
		t.regex(result.stderr, /cache file .* was corrupt; moved aside to .*\.corrupt-.*; rebuilt the library index from 1 feeds\n$/);
	}

	t.is(fs.readdirSync(feedsDirectory).filter(name => name.includes('.corrupt-')).length, 3);
	t.true(openMarks(paths.data).isRead(posts[0]!.id));
});

test('mark-read with an unwritable data folder: clear one-line messages, exit 1', async t => {
	const {environment, server} = await setup(t);
	await run(feedsCommand, environment, ['add', server.url('/feed/')]);
	const paths = getPaths(environment.env);
	const {posts} = loadLibrary([server.url('/feed/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	fs.rmSync(paths.data, {recursive: true, force: true});
	fs.mkdirSync(path.dirname(paths.data), {recursive: true});
	fs.writeFileSync(paths.data, 'a file in the way');
	const result = await run(markReadCommand, environment, [posts[0]!.id]);
	t.is(result.code, 1);
	t.regex(result.stderr, /^evnews: warning: cannot read .*marks\.log: ENOTDIR; read and starred marks are not available\nevnews: cannot lock .*marks\.lock: (ENOTDIR|EEXIST)\n$/);
	t.is(result.stdout, '');
});

test('evnews unread loads neither conf nor ajv nor any reader module (source, via tsx)', t => {
	const root = path.join(fixtures, '..', '..', '..');
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const log = path.join(temporary.dir, 'imports.log');
	const result = spawnSync(process.execPath, ['--import=tsx', `--import=${path.join(root, 'test/fixtures/cli/record-imports.mjs')}`, 'source/cli.tsx', 'unread', '--json'], {
		cwd: root,
		env: {...temporary.env, EVNEWS_IMPORT_LOG: log},
		encoding: 'utf8',
		timeout: 60_000,
	});
	t.is(result.status, 0, result.stderr);
	const urls = fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
	t.true(urls.some(url => url.includes('/source/commands/unread.ts')), 'the unread command ran');
	t.deepEqual(urls.filter(url => /node_modules\/(conf|ajv|ajv-formats|atomically|ink|react|marked|marked-terminal|turndown|undici)\//.test(url)), []);
});

const cliBuilt = fs.existsSync(cliPath);
if (!cliBuilt) {
	console.log('state-commands.test: dist/cli.js is missing (run npm run build): CLI tests skipped');
}

(cliBuilt ? test : test.skip)('through the built CLI: feeds add, feeds --json, mark-read, unread, star, export, config', async t => {
	const {environment, server} = await setup(t);
	const added = await runCli(['feeds', 'add', server.url('/')], {env: environment.env});
	t.is(added.code, 0, added.stderr);
	t.regex(added.stdout, /Added Volt Weekly: 3 posts/);
	const listed = await runCli(['feeds', '--json'], {env: environment.env});
	t.is(listed.code, 0, listed.stderr);
	const rows = JSON.parse(listed.stdout) as Array<{url: string; posts: number; unread: number}>;
	t.like(rows[1], {url: server.url('/feed/'), posts: 3, unread: 3});
	const paths = getPaths(environment.env);
	const {posts} = loadLibrary([server.url('/feed/')], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	const marked = await runCli(['mark-read', posts[0]!.id, 'missing-id'], {env: environment.env});
	t.is(marked.code, 1);
	t.regex(marked.stderr, /unknown post ID missing-id/);
	t.is((await runCli(['unread'], {env: environment.env})).stdout, '2\n');
	const byFeed = JSON.parse((await runCli(['unread', '--json'], {env: environment.env})).stdout) as {total: number};
	t.is(byFeed.total, 2);
	t.is((await runCli(['star', posts[1]!.id], {env: environment.env})).code, 0);
	t.true(openMarks(paths.data).isStarred(posts[1]!.id));
	const exported = await runCli(['export'], {env: environment.env});
	t.regex(exported.stdout, new RegExp(`xmlUrl="${server.url('/feed/').replaceAll('.', String.raw`\.`)}"`));
	const config = JSON.parse((await runCli(['config', '--json'], {env: environment.env})).stdout) as {paths: {configFile: string}};
	t.is(config.paths.configFile, paths.configFile);
	const usage = await runCli(['feeds', 'add', 'file:///etc/passwd'], {env: environment.env});
	t.is(usage.code, 2);
	t.regex(usage.stderr, /feeds add takes an http\(s\) URL/);
});

(cliBuilt ? test : test.skip)('a missing home through the CLI: a clear message', async t => {
	const env: NodeJS.ProcessEnv = {...process.env, HOME: ''};
	delete env.XDG_CONFIG_HOME;
	delete env.XDG_DATA_HOME;
	delete env.XDG_CACHE_HOME;
	const result = await runCli(['unread'], {env});
	t.is(result.code, 1);
	t.regex(result.stderr, /no home directory: set XDG_\w+_HOME or HOME/);
});
