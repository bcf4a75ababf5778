import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
// @ts-expect-error: a plain ES module script without types.
import {ansiLineToRuns, ansiToSvg} from '../scripts/screenshot.mjs';
import {demoFeeds, startDemo} from '../source/commands/demo.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

test('--demo: the sample library, served locally, never reading or writing the user\'s config or marks', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const config = path.join(temporary.env.XDG_CONFIG_HOME!, 'evnews', 'config.json');
	const marks = path.join(temporary.env.XDG_DATA_HOME!, 'evnews', 'marks.log');
	fs.mkdirSync(path.dirname(config), {recursive: true});
	fs.mkdirSync(path.dirname(marks), {recursive: true});
	const mine = JSON.stringify({feeds: [{url: 'http://127.0.0.1:9/mine.xml', title: 'Mine'}]});
	fs.writeFileSync(config, mine);
	fs.writeFileSync(marks, 'a marks file that must stay as it is\n');
	const result = await runCli(['--demo', '--json'], {env: temporary.env});
	// One demo feed fails on purpose (to show the ⚠): exit 3, the others' posts printed.
	t.is(result.code, 3, result.stderr);
	const posts = JSON.parse(result.stdout) as Array<{title: string; feed: {title: string; url: string}}>;
	t.is(posts.length, demoFeeds.reduce((sum, feed) => sum + feed.posts.length, 0));
	t.true(posts.every(post => post.feed.url.startsWith('http://127.0.0.1:') && !post.feed.url.includes(':9/')));
	t.true(posts.some(post => post.feed.title === 'Volt Weekly'));
	t.is(fs.readFileSync(config, 'utf8'), mine);
	t.is(fs.readFileSync(marks, 'utf8'), 'a marks file that must stay as it is\n');
	t.false(fs.existsSync(path.join(temporary.env.XDG_CACHE_HOME!, 'evnews')));
	// The control: the same command without --demo uses (and here changes) the user's files.
	const removed = await runCli(['feeds', 'rm', '1'], {env: temporary.env});
	t.is(removed.code, 0, removed.stderr);
	t.not(fs.readFileSync(config, 'utf8'), mine);
});

test('the demo\'s temp folder is removed when it closes', async t => {
	const demo = await startDemo();
	t.true(fs.existsSync(demo.directory));
	t.is(demo.sources.length, demoFeeds.length);
	const response = await fetch(demo.sources[0]!);
	t.is(response.status, 200);
	t.regex(await response.text(), /<rss/);
	await demo.close();
	t.false(fs.existsSync(demo.directory));
});

test('the screenshot script turns SGR colours, bold and inverse into SVG, and drops other sequences', t => {
	const runs = ansiLineToRuns('\u001B[1;36m Library\u001B[0m│\u001B[7mSel\u001B[27m\u001B]0;title\u0007x\u001B[38;5;196mR\u001B[38;2;1;2;3mG');
	t.deepEqual(runs.map(([text]: [string]) => text), [' Library', '│', 'Sel', 'x', 'R', 'G']);
	t.like(runs[0][1], {bold: true, fg: '#70c0b1'});
	t.like(runs[1][1], {bold: false, fg: undefined});
	t.like(runs[2][1], {inverse: true});
	t.like(runs[3][1], {inverse: false});
	t.is(runs[4][1].fg, 'rgb(255,0,0)');
	t.is(runs[5][1].fg, 'rgb(1,2,3)');
	const svg = ansiToSvg('\u001B[7m<sel>&\u001B[0m\n', {width: 10, height: 1, title: 't'});
	t.regex(svg, /<rect x="12.0" y="40" width="50.4" height="18" fill="#d0d0d0"\/>/);
	t.regex(svg, />&lt;sel&gt;&amp;</);
	t.notRegex(svg, /\u001B/);
});
