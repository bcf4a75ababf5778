import fs from 'node:fs';
import http from 'node:http';
import process from 'node:process';
import test from 'ava';
import {loadLibrary} from '../source/store/library.js';
import {getPaths} from '../source/store/paths.js';
import {cliPath} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {hasTmux, startTmux, tmuxShellEnv, waitForFocus} from './helpers/tmux.js';
import {type FixtureItem, rss} from './fixtures/ui/feed.js';

// Without tmux these show as skipped in the results (never as passed).
const inTmux = hasTmux() ? test : test.skip;

const items: FixtureItem[] = [
	{
		title: 'Solid state cells reach pilot line',
		author: 'Jo Writer',
		date: '2026-11-25T09:00:00Z',
		categories: ['Batteries', 'Manufacturing'],
		body: `<p>The pilot line opened this week. ${'Cells were cycled for months in the lab. '.repeat(80)}</p><p>See <a href="https://example.com/report">the report</a>.</p><p>Final paragraph marker.</p>`,
	},
	{
		title: 'Second story about chargers',
		author: 'Sam Reporter',
		date: '2026-11-24T09:00:00Z',
		categories: ['Charging'],
		body: '<p>Fast chargers along the highway.</p>',
	},
	{
		title: 'Third story on grid storage',
		date: '2026-11-23T09:00:00Z',
		categories: ['Batteries'],
		body: '<p>Grid batteries at scale.</p>',
	},
];

inTmux('the reader end to end in tmux: open, read, back, search, star, refresh, resize, quit', async t => {
	t.timeout(90_000);
	let fetches = 0;
	let origin = '';
	const server = http.createServer((request, response) => {
		if (request.url !== '/feed.xml') {
			response.writeHead(404);
			response.end();
			return;
		}

		fetches++;
		const list = fetches === 1 ? items : [{title: 'Fresh post after refresh', date: '2026-11-25T12:00:00Z', body: '<p>New.</p>'}, ...items];
		response.writeHead(200, {'content-type': 'application/rss+xml; charset=utf-8'});
		response.end(rss(origin, list));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	const feedUrl = `${origin}/feed.xml`;
	const temporary = makeTempEnv();
	const env = tmuxShellEnv(temporary);
	const paths = getPaths(env);
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: [{url: feedUrl, title: 'Volt Test Weekly'}]}));
	const session = await startTmux('sh', {env, columns: 120, rows: 40, cwd: temporary.dir});
	t.teardown(async () => {
		await session.kill();
		await new Promise(resolve => {
			server.close(resolve);
		});
		temporary.cleanup();
	});

	await session.waitForScreen('e2e$');
	await session.send([`node ${JSON.stringify(cliPath)}; echo "exit=$?"`], {literal: true});
	await session.send(['Enter']);

	// First frame from the (empty) cache, then the background refresh lands.
	let screen = await session.waitForScreen('Solid state cells reach pilot line');
	t.is((await session.tmux('display-message', '-p', '#{alternate_on}')).trim(), '1');
	t.regex(screen, /Library/);
	t.regex(screen, /Article/);
	await session.waitForScreen(/updated (just now|\d+ min ago)/);

	// Open the first post and read it. The article pane previews the selected post before Enter: wait for the read
	// mark Enter makes too (All one fewer unread, no dot on the row).
	await session.send(['Enter']);
	screen = await session.waitForScreen(current => current.includes('The pilot line opened this week') && /›All +2\/3/.test(current) && /› {3}Solid state/.test(current));
	t.regex(screen, /Jo Writer/);
	t.regex(screen, /⇗ 127\.0\.0\.1:\d+/);
	const before = /Article · (\d+)\//.exec(screen)?.[1];
	await session.send(['Space']);
	screen = await session.waitForScreen(current => /Article · (\d+)\//.exec(current)?.[1] !== before);
	await session.send(['G']);
	screen = await session.waitForScreen('100%');
	t.regex(screen, /\[1] https:\/\/example\.com\/report/);
	// A number then o: link 1. There is no display here, so the URL is shown instead.
	await session.send(['1', 'o']);
	screen = await session.waitForScreen('no display (set $BROWSER); y copies example.com — https://example.com/report');

	// Back to the list; the post is read now (no unread dot). Backspace goes back like Escape, but an Escape with
	// the next key (the / below) close behind it reads as Alt+/ to a loaded machine.
	await session.send(['BSpace']);
	await waitForFocus(session, 'Posts');
	screen = await session.waitForScreen(current => current.includes('Posts 1/3') && /› {3}Solid state/.test(current));

	// Search.
	await session.send(['/']);
	await session.send(['chargers'], {literal: true});
	screen = await session.waitForScreen('Posts 1/1');
	t.regex(screen, /Second story about chargers/);
	await session.send(['Enter']);
	await session.send(['s']);
	screen = await session.waitForScreen(/›●★ Second story about/);
	await session.send(['Escape']);
	screen = await session.waitForScreen('Posts 2/3');
	// M names the count and asks first; n cancels.
	await session.send(['M']);
	screen = await session.waitForScreen('Mark 2 posts in All read? (y/n)');
	await session.send(['n']);
	screen = await session.waitForScreen('cancelled');

	// Refresh: the new post appears, the selection stays on the same post.
	await session.send(['r']);
	screen = await session.waitForScreen('Fresh post after refresh');
	screen = await session.waitForScreen(current => current.includes('Posts 3/4'));
	t.regex(screen, /›●★ Second story about/);

	// Resize: one pane below 80 columns, three again at 130.
	await session.tmux('resize-window', '-x', '70', '-y', '20');
	screen = await session.waitForScreen(current => !current.includes('Library') && current.includes('Posts 3/4'));
	for (const line of screen.split('\n')) {
		t.true([...line].length <= 70);
	}

	await session.tmux('resize-window', '-x', '130', '-y', '30');
	screen = await session.waitForScreen(current => current.includes('Library') && current.includes('Article'));

	// Quit: back on the normal screen, the shell shows the exit code.
	await session.send(['q']);
	screen = await session.waitForScreen('exit=0');
	t.is((await session.tmux('display-message', '-p', '#{alternate_on}')).trim(), '0');
	t.regex(screen, /e2e\$ node /);
	t.notRegex(screen, /Library/);

	// The marks were persisted.
	const library = loadLibrary([feedUrl], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	const byTitle = new Map(library.posts.map(post => [post.title, post]));
	t.true(byTitle.get('Solid state cells reach pilot line')?.read);
	t.true(byTitle.get('Second story about chargers')?.starred);
	t.false(byTitle.get('Third story on grid storage')?.read);
	t.is(fetches, 2);
});

inTmux('the terminal is restored on SIGTERM and Ctrl+C; with stdin not a terminal one frame is drawn', async t => {
	t.timeout(60_000);
	const temporary = makeTempEnv();
	const env = tmuxShellEnv(temporary);
	const paths = getPaths(env);
	fs.mkdirSync(paths.config, {recursive: true});
	// An unreachable feed: the reader must still start, show the error, and keep running.
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: [{url: 'http://127.0.0.1:9/feed.xml', title: 'Nowhere'}]}));
	const session = await startTmux('sh', {env, columns: 100, rows: 30, cwd: temporary.dir});
	t.teardown(async () => {
		await session.kill();
		temporary.cleanup();
	});
	await session.waitForScreen('e2e$');
	let runs = 0;
	const run = async (suffix = '') => {
		runs++;
		await session.send(['clear'], {literal: true});
		await session.send(['Enter']);
		await session.send([`node ${JSON.stringify(cliPath)}${suffix}; echo "run${runs} exit=$?"`], {literal: true});
		await session.send(['Enter']);
	};

	// SIGTERM: find the node child of the pane's shell and signal it.
	await run();
	await session.waitForScreen(/⚠ Nowhere: /);
	t.is((await session.tmux('display-message', '-p', '#{alternate_on}')).trim(), '1');
	const shellPid = (await session.tmux('display-message', '-p', '#{pane_pid}')).trim();
	const children = fs.readdirSync('/proc').filter(name => /^\d+$/.test(name)).filter(name => {
		try {
			const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
			return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === shellPid;
		} catch {
			return false;
		}
	});
	t.is(children.length, 1);
	process.kill(Number(children[0]), 'SIGTERM');
	await session.waitForScreen('run1 exit=143');
	t.is((await session.tmux('display-message', '-p', '#{alternate_on}')).trim(), '0');

	// Ctrl+C.
	await run();
	await session.waitForScreen(/⚠ Nowhere: /);
	await session.send(['C-c']);
	await session.waitForScreen('run2 exit=0');
	t.is((await session.tmux('display-message', '-p', '#{alternate_on}')).trim(), '0');

	// Stdin from /dev/null (stdout still the terminal): one frame, no raw-mode crash.
	await run(' < /dev/null');
	const screen = await session.waitForScreen('run3 exit=0');
	t.regex(screen, /Starred +0\/0/);
	t.regex(screen, /⚠ Nowhere: /);
	t.notRegex(screen, /Raw mode|Error/);
});
