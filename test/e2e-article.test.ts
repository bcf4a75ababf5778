import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {getPaths} from '../source/store/paths.js';
import {cliPath} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {hasTmux, startTmux, tmuxShellEnv, waitForFocus} from './helpers/tmux.js';
import {type FixtureItem, rss} from './fixtures/ui/feed.js';

// Without tmux this shows as skipped in the results (never as passed).
const inTmux = hasTmux() ? test : test.skip;
const articles = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'articles');

const items: FixtureItem[] = [
	{title: 'A post with code', date: '2026-11-25T09:00:00Z', body: fs.readFileSync(path.join(articles, 'code-blocks.html'), 'utf8')},
	{title: 'A post with tables', date: '2026-11-24T09:00:00Z', body: fs.readFileSync(path.join(articles, 'tables.html'), 'utf8')},
];

inTmux('in tmux: a code post shows its code verbatim, a table post a grid; z widens the article and back', async t => {
	t.timeout(90_000);
	let origin = '';
	const server = http.createServer((request, response) => {
		response.writeHead(request.url === '/feed.xml' ? 200 : 404, {'content-type': 'application/rss+xml; charset=utf-8'});
		response.end(request.url === '/feed.xml' ? rss(origin, items) : '');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	const temporary = makeTempEnv();
	const env = tmuxShellEnv(temporary);
	const paths = getPaths(env);
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: [{url: `${origin}/feed.xml`, title: 'Article Test'}]}));
	const session = await startTmux('sh', {env, columns: 140, rows: 45, cwd: temporary.dir});
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
	await session.waitForScreen('A post with tables');

	// The code post: exactly its text, no markdown backslashes. The article pane previews the selected post before
	// Enter: wait for the read mark Enter makes too (All one fewer unread, no dot on the row).
	await session.send(['Enter']);
	let screen = await session.waitForScreen(current => current.includes('<add key="max_retries" value="3" />') && /›All +1\/2/.test(current) && /› {3}A post with code/.test(current));
	t.true(screen.includes(String.raw`<path>c:\data\logs\</path>`));
	t.true(screen.includes('def _th(x):'));
	t.true(screen.includes('snake_case'));
	t.false(screen.includes(String.raw`\_`));
	t.false(screen.includes(String.raw`c:\\data`));

	// Z: the article alone, full width (no tree pane, titled Library), then back to three panes.
	t.true(screen.includes('Library'));
	await session.send(['z']);
	screen = await session.waitForScreen(current => !current.includes('Library') && current.includes('max_retries'));
	await session.send(['z']);
	screen = await session.waitForScreen('Library');

	// The table post: a box-drawn grid with its header row. Backspace goes back like Escape, but an Escape with the
	// next key right behind it reads as Alt+j to a loaded machine (CI saw the selection stay on the code post).
	await session.send(['BSpace']);
	await waitForFocus(session, 'Posts');
	await session.send(['j']);
	await session.send(['Enter']);
	// Selected by j, the table post is previewed already: wait for the read mark Enter makes too.
	screen = await session.waitForScreen(current => /│ Model +│ Battery +│ Range \(WLTP\) +│/.test(current) && /›All +0\/2/.test(current) && /› {3}A post with tables/.test(current));
	t.regex(screen, /┌─+┬/);
	t.regex(screen, /│ Alpha GT +│ 77 kWh/);
	t.regex(screen, /│ Home wallbox +│ 7 kW +│/);
	// Control: the code post's text is gone from this screen.
	t.false(screen.includes('max_retries'));

	await session.send(['q']);
	await session.waitForScreen('exit=0');
});

const linkItems: FixtureItem[] = [{
	title: 'A post with links',
	date: '2026-11-25T09:00:00Z',
	body: '<p>The operator published its <a href="https://volt.example/reports/depot-2026">annual depot report</a>, checked by an '
		+ '<a href="https://other.example/analysis?year=2026">independent analysis</a>; questions go to '
		+ '<a href="mailto:press@volt.example">the press office</a> or <a href="javascript:alert(1)">the form</a>.</p>'
		+ '<table><tr><th>Depot</th><th>Buses</th></tr><tr><td>North</td><td>24</td></tr><tr><td>Harbour</td><td>16</td></tr></table>',
}];

/** The reader on the link post, with hyperlinks forced on or off: the screen (plain text) and the raw pty output. */
async function readLinkPost(hyperlinks: '0' | '1'): Promise<{screen: string; raw: string}> {
	let origin = '';
	const server = http.createServer((request, response) => {
		response.writeHead(request.url === '/feed.xml' ? 200 : 404, {'content-type': 'application/rss+xml; charset=utf-8'});
		response.end(request.url === '/feed.xml' ? rss(origin, linkItems) : '');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	origin = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
	const temporary = makeTempEnv();
	// Colour on (hyperlinks go with colour), NO_COLOR unset: undefined leaves it out of the child's environment.
	const env = tmuxShellEnv(temporary, {EVNEWS_HYPERLINKS: hyperlinks, NO_COLOR: undefined});
	const paths = getPaths(env);
	fs.mkdirSync(paths.config, {recursive: true});
	fs.writeFileSync(paths.configFile, JSON.stringify({feeds: [{url: `${origin}/feed.xml`, title: 'Link Test'}]}));
	const session = await startTmux('sh', {env, columns: 140, rows: 40, cwd: temporary.dir});
	const rawFile = path.join(temporary.dir, 'pane-output.bin');
	try {
		await session.waitForScreen('e2e$');
		// The bytes the program writes to its pty, before tmux interprets them (tmux 3.3 drops OSC 8 from its
		// screen, so capture-pane cannot show hyperlinks; pipe-pane -O copies the pane's output as it arrives).
		await session.tmux('pipe-pane', '-O', `cat >> ${JSON.stringify(rawFile)}`);
		await session.send([`node ${JSON.stringify(cliPath)}; echo "exit=$?"`], {literal: true});
		await session.send(['Enter']);
		await session.waitForScreen('A post with links');
		await session.send(['Enter']);
		// Opened and marked read (the mark lands a moment after the article shows).
		const screen = await session.waitForScreen(current => current.includes('[2] https://other.example/analysis?year=2026') && current.includes('Link Test 0/1'));
		await session.send(['q']);
		await session.waitForScreen('exit=0');
		return {screen, raw: fs.readFileSync(rawFile, 'latin1')};
	} finally {
		await session.kill();
		await new Promise(resolve => {
			server.close(resolve);
		});
		temporary.cleanup();
	}
}

inTmux('in tmux: with hyperlinks forced on, link numbers reach the pty as OSC 8 (http(s) only) and the layout is unchanged', async t => {
	t.timeout(90_000);
	const on = await readLinkPost('1');
	const off = await readLinkPost('0');
	const osc8 = (url: string) => `\u001B]8;;${url}\u001B\\`;
	t.true(on.raw.includes(osc8('https://volt.example/reports/depot-2026') + '[1]' + osc8('')));
	t.true(on.raw.includes(osc8('https://other.example/analysis?year=2026') + '[2]' + osc8('')));
	// Only http(s) targets: the mailto and javascript links are plain text, never a hyperlink.
	t.false(/\u001B]8;;(?!https?:\/\/|\u001B)/.test(on.raw));
	// Control: with hyperlinks off, the same screen comes with no OSC 8 at all.
	t.false(off.raw.includes('\u001B]8;'));
	t.true(off.raw.includes('[2] https://other.example/analysis?year=2026'));
	// Ink's widths ignore the escapes: the screens are the same, cell for cell (the servers' ports and the status
	// bar's clock aside).
	const body = (screen: string) => screen.split('\n').slice(0, -2).join('\n').replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT');
	t.is(body(on.screen), body(off.screen));
	t.regex(on.screen, /│ Depot +│ Buses +│/);
});
