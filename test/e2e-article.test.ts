import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {getPaths} from '../source/store/paths.js';
import {cliPath} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {hasTmux, startTmux, tmuxShellEnv} from './helpers/tmux.js';
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

	// The code post: exactly its text, no markdown backslashes.
	await session.send(['Enter']);
	let screen = await session.waitForScreen('<add key="max_retries" value="3" />');
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

	// The table post: a box-drawn grid with its header row.
	await session.send(['Escape']);
	await session.send(['j']);
	await session.send(['Enter']);
	screen = await session.waitForScreen(/│ Model +│ Battery +│ Range \(WLTP\) +│/);
	t.regex(screen, /┌─+┬/);
	t.regex(screen, /│ Alpha GT +│ 77 kWh/);
	t.regex(screen, /│ Home wallbox +│ 7 kW +│/);
	// Control: the code post's text is gone from this screen.
	t.false(screen.includes('max_retries'));

	await session.send(['q']);
	await session.waitForScreen('exit=0');
});
