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
import {cliPath, runCli} from './helpers/run-cli.js';
import {serveRoutes, type RoutesServer} from './helpers/servers.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';

/*
State files end to end, through the built CLI: marks dated in the future, file modes, concurrent `feeds add`
with a marks writer, and a symlinked config.json. (Issue 7 §3.2–3.5.)
*/

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'state');
const feedXml = fs.readFileSync(path.join(fixtures, 'ev-feed.xml'), 'utf8');
const rss = {'content-type': 'application/rss+xml; charset=utf-8'};

async function setup(t: {teardown: (fn: () => void | Promise<void>) => void}, feeds = 1): Promise<{environment: TempEnv; server: RoutesServer}> {
	const environment = makeTempEnv();
	const routes = Object.fromEntries(Array.from({length: feeds}, (_, index) => [`/feed${index + 1}/`, {headers: rss, body: feedXml}]));
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
	t.regex(first.stderr, /^evnews: warning: marks file .*marks\.log had 1 mark\(s\) dated more than a day ahead \(a clock set wrong\); they now count as made now/);

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
