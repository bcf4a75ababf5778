import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import test from 'ava';
import {loadLibrary} from '../source/store/library.js';
import {readPreferences} from '../source/store/preferences.js';
import {getPaths} from '../source/store/paths.js';
import {cliPath, runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {hasTmux, startTmux, tmuxShellEnv, waitForFocus, waitForSettled} from './helpers/tmux.js';
import {type FixtureItem, rss} from './fixtures/ui/feed.js';

// Without tmux these show as skipped in the results (never as passed).
const inTmux = hasTmux() ? test : test.skip;

const feeds: Record<string, {title: string; items: FixtureItem[]}> = {
	'/cars.xml': {title: 'Cars Daily', items: [
		{title: 'Hatchback review in the rain', date: '2026-11-25T09:00:00Z', categories: ['Reviews'], body: '<p>Wipers on.</p>'},
		{title: 'Pickup towing numbers', date: '2026-11-24T09:00:00Z', categories: ['Reviews', 'medium:id=7f3a'], body: '<p>Heavy.</p>'},
	]},
	'/grid.xml': {title: 'Grid Weekly', items: [
		{title: 'Batteries on the grid at dusk', date: '2026-11-25T08:00:00Z', categories: ['Storage'], body: '<p>Evening peak.</p>'},
	]},
	'/added.xml': {title: 'Added In Reader', items: [
		{title: 'A post from the feed added with a', date: '2026-11-25T10:00:00Z', body: '<p>Added.</p>'},
	]},
	'/cli.xml': {title: 'Added From CLI', items: [
		{title: 'A post from the feed added by the CLI', date: '2026-11-25T11:00:00Z', body: '<p>CLI.</p>'},
	]},
};

function feedXml(origin: string, pathname: string): string {
	const feed = feeds[pathname]!;
	return rss(origin, feed.items).replace('<title>Volt Test Weekly</title>', `<title>${feed.title}</title>`);
}

inTmux('the reader as a daily driver in tmux: first run offline, a, OPML folders, a failing feed, !, R, o, a terminal browser, Ctrl-Z, marks', async t => {
	t.timeout(150_000);
	let origin = '';
	const server = http.createServer((request, response) => {
		const pathname = request.url ?? '';
		if (pathname === '/broken.xml') {
			response.writeHead(500, {'content-type': 'text/plain'});
			response.end('broken on purpose');
			return;
		}

		if (!feeds[pathname]) {
			response.writeHead(404);
			response.end();
			return;
		}

		response.writeHead(200, {'content-type': 'application/rss+xml; charset=utf-8'});
		response.end(feedXml(origin, pathname));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	const temporary = makeTempEnv();
	const log = path.join(temporary.dir, 'browser.log');
	const browser = path.join(temporary.dir, 'logging-browser');
	fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" >> ${JSON.stringify(log)}\n`);
	fs.chmodSync(browser, 0o755);
	const textBrowser = path.join(temporary.dir, 'text-browser');
	fs.writeFileSync(textBrowser, `#!/bin/sh\necho "TEXT BROWSER SHOWS $1"\nread answer\necho "text $1" >> ${JSON.stringify(log)}\n`);
	fs.chmodSync(textBrowser, 0o755);
	const env = tmuxShellEnv(temporary, {BROWSER: browser});
	const paths = getPaths(env);
	fs.mkdirSync(paths.config, {recursive: true});
	// First run, offline: the only feed is unreachable and nothing is cached.
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: [{url: 'http://127.0.0.1:9/feed.xml', title: 'Nowhere'}]}));
	const session = await startTmux('sh', {env, columns: 160, rows: 40, cwd: temporary.dir});
	t.teardown(async () => {
		await session.kill();
		await new Promise(resolve => {
			server.close(resolve);
		});
		temporary.cleanup();
	});
	const alternate = async () => (await session.tmux('display-message', '-p', '#{alternate_on}')).trim();
	await session.waitForScreen('e2e$');
	const run = async (command: string) => {
		await session.send(['clear'], {literal: true});
		await session.send(['Enter']);
		await session.send([command], {literal: true});
		await session.send(['Enter']);
	};

	await run(`node ${JSON.stringify(cliPath)}`);
	// Why (the failing feed with its error) and what to do, with only the hints that apply.
	let screen = await session.waitForScreen('No posts: the feed failed.');
	t.regex(screen, /⚠ Nowhere: /);
	t.regex(screen, /a {2}add a feed here/);
	t.regex(screen, /evnews import FILE\.opml/);
	t.regex(screen, /R {2}retry/);
	t.notRegex(screen, /u {2}show read posts/);
	// The failing feed is in the tree, with its ⚠.
	t.regex(screen, /⚠ Nowhere +0\/0/);

	// A adds a feed here, with the same discovery as `feeds add`: the site's page links to its feed.
	await session.send(['a']);
	await session.waitForScreen('Add a feed');
	await session.send([`${origin}/added.xml`], {literal: true});
	await session.send(['Enter']);
	screen = await session.waitForScreen('A post from the feed added with a');
	t.regex(screen, /Added In Reader +1\/1/);
	await session.send(['q']);
	await session.waitForScreen('e2e$');
	t.true(readPreferences(env).preferences.feeds.some(feed => feed.url === `${origin}/added.xml`));

	// An OPML file with two folders and a failing feed, imported from the CLI.
	const opml = path.join(temporary.dir, 'feeds.opml');
	fs.writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>
<outline text="Cars"><outline text="Cars Daily" type="rss" xmlUrl="${origin}/cars.xml"/></outline>
<outline text="Energy"><outline text="Grid Weekly" type="rss" xmlUrl="${origin}/grid.xml"/><outline text="Broken Feed" type="rss" xmlUrl="${origin}/broken.xml"/></outline>
</body></opml>`);
	const imported = await runCli(['import', opml], {env});
	t.is(imported.code, 0, imported.stderr);

	await run(`node ${JSON.stringify(cliPath)}`);
	// A feed with no posts shows its ⚠ from the first frame, and the feeds land one by one: wait for the counts
	// asserted below, the refresh over and the screen settled.
	screen = await waitForSettled(session, current => current.includes('Hatchback review in the rain') && current.includes('⚠ Broken Feed')
		&& /All +\d+\/\d+/.test(current) && current.includes('▾ FEEDS (5)') && /▾ Cars +2\/2/.test(current) && /▾ Energy +1\/1/.test(current)
		&& current.includes('▾ CATEGORIES') && /Reviews +2\/2/.test(current) && !/refreshing \d+\/\d+/.test(current));
	// The tree: smart views, FEEDS by folder (with counts), CATEGORIES (the id-like one left out).
	t.regex(screen, /All +\d+\/\d+/);
	t.regex(screen, /▾ FEEDS \(5\)/);
	t.regex(screen, /▾ Cars +2\/2/);
	t.regex(screen, /▾ Energy +1\/1/);
	t.regex(screen, /▾ CATEGORIES/);
	t.regex(screen, /Reviews +2\/2/);
	t.notRegex(screen, /medium:id/);
	// ! lists each feed's last error and next retry.
	await session.send(['!']);
	screen = await session.waitForScreen(current => current.includes('errors and retries') && current.includes('2 of 5 feeds failed') && /⚠ Broken Feed\n +HTTP 500/.test(current));
	t.regex(screen, /2 of 5 feeds failed/);
	t.regex(screen, /⚠ Broken Feed\n +HTTP 500/);
	t.regex(screen, /next retry: /);
	await session.send(['Escape']);
	await session.waitForScreen('Library');

	// A feed added from the CLI while the reader is open: R re-reads the feed list.
	const added = await runCli(['feeds', 'add', `${origin}/cli.xml`], {env});
	t.is(added.code, 0, added.stderr);
	await session.send(['R']);
	screen = await session.waitForScreen('A post from the feed added by the CLI');
	t.regex(screen, /Added From CLI +1\/1/);

	// O with $BROWSER and no DISPLAY: the browser is called with the post's link.
	await session.send(['g']);
	screen = await session.waitForScreen(/›● +A post from the feed added by the CLI/);
	await session.send(['o']);
	await session.waitForScreen('opened 127.0.0.1');
	await waitForFile(log, `${origin}/posts/0-a-post-from-the-feed-added-by-the-cli`);
	// Read it (marks on disk are checked after q), and star the next.
	await session.send(['Enter']);
	await session.waitForScreen(/› {3}A post from the feed added by the CLI/);
	await waitForFocus(session, 'Article');
	// Backspace goes back like Escape; an Escape with the j close behind it reads as Alt+j to a loaded machine.
	await session.send(['BSpace']);
	await waitForFocus(session, 'Posts');
	await session.send(['j']);
	await session.waitForScreen(/Posts 2\//);
	await session.send(['s']);
	await session.waitForScreen(/›●★/);
	await session.send(['q']);
	await session.waitForScreen('e2e$');
	t.is(await alternate(), '0');
	let library = loadLibrary([`${origin}/cli.xml`, `${origin}/added.xml`], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	const byTitle = new Map(library.posts.map(post => [post.title, post]));
	t.true(byTitle.get('A post from the feed added by the CLI')?.read);
	t.true(byTitle.get('A post from the feed added with a')?.starred);

	// A terminal browser runs in the foreground: off the alternate screen, then the reader comes back whole.
	await run(`BROWSER=${JSON.stringify(textBrowser)} EVNEWS_BROWSER_TERMINAL=1 node ${JSON.stringify(cliPath)}`);
	await session.waitForScreen('Hatchback review in the rain');
	await session.send(['o']);
	screen = await session.waitForScreen('TEXT BROWSER SHOWS http://127.0.0.1');
	t.is(await alternate(), '0');
	t.notRegex(screen, /Library/);
	await session.send(['Enter']);
	screen = await session.waitForScreen(current => current.includes('back from text-browser') && current.includes('Library') && current.includes('▾ FEEDS'));
	t.is(await alternate(), '1');
	await waitForFile(log, 'text http://127.0.0.1');

	// Ctrl-Z: the shell prompt on the normal screen; fg: the reader, whole, and it still takes keys.
	await session.send(['C-z']);
	screen = await session.waitForScreen(/Stopped/);
	t.is(await alternate(), '0');
	await session.send(['fg'], {literal: true});
	await session.send(['Enter']);
	screen = await session.waitForScreen(current => current.includes('▾ FEEDS') && current.includes('Hatchback review in the rain'));
	t.is(await alternate(), '1');
	await session.send(['m']);
	// The post was read: m makes it unread (the read form is on the screen before m takes effect).
	await session.waitForScreen(/›● +A post from the feed added by the CLI/);
	await session.send(['q']);
	await session.waitForScreen(/^e2e\$\s*$/m);
	t.is(await alternate(), '0');
	// M toggled the (read) newest post back to unread, on disk after q.
	library = loadLibrary([`${origin}/cli.xml`], {cacheDirectory: paths.cache, dataDirectory: paths.data});
	t.false(library.posts[0]!.read);
});

async function waitForFile(file: string, text: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes(text))) {
		if (Date.now() > deadline) {
			throw new Error(`${file} never had ${text}: ${fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)'}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}
}
