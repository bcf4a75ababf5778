import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {browserCommand, isHeadless, isTerminalBrowser, openLink, openMedia, safeHttpUrl} from '../source/ui/open-link.js';
import {osc52} from '../source/ui/reader-services.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {waitFor} from './helpers/wait-for.js';

test('only http(s) links are accepted, decided on the parsed URL', t => {
	for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'mailto:a@b', '-a Calculator', '']) {
		t.is(safeHttpUrl(bad), undefined, bad);
	}

	t.is(safeHttpUrl('HTTPS://EXAMPLE.com/a b')?.href, 'https://example.com/a%20b');
});

test('headless: no DISPLAY and no WAYLAND_DISPLAY, or SSH', t => {
	t.true(isHeadless({}, 'linux'));
	t.false(isHeadless({DISPLAY: ':0'}, 'linux'));
	t.false(isHeadless({WAYLAND_DISPLAY: 'wayland-0'}, 'linux'));
	t.true(isHeadless({DISPLAY: ':0', SSH_CONNECTION: '1 2 3 4'}, 'linux'));
	t.false(isHeadless({}, 'darwin'));
});

test('$BROWSER: first entry, %s replaced, else the URL appended; xdg-open otherwise', t => {
	t.deepEqual(browserCommand('https://e.example/', {BROWSER: 'firefox:chromium'}, 'linux'), ['firefox', ['https://e.example/']]);
	t.deepEqual(browserCommand('https://e.example/', {BROWSER: 'my-browser --new-tab %s'}, 'linux'), ['my-browser', ['--new-tab', 'https://e.example/']]);
	t.deepEqual(browserCommand('https://e.example/', {}, 'linux'), ['xdg-open', ['https://e.example/']]);
	// Replacement patterns in the URL stay literal.
	t.deepEqual(browserCommand('https://e.example/$&/$`/$\'/$$', {BROWSER: 'b %s'}, 'linux'), ['b', ['https://e.example/$&/$`/$\'/$$']]);
});

test('opens through $BROWSER without a shell; the URL is one argument', async t => {
	const temp = makeTempEnv();
	t.teardown(temp.cleanup);
	const out = path.join(temp.dir, 'args.json');
	const script = path.join(temp.dir, 'fake-browser.mjs');
	fs.writeFileSync(script, `#!${process.execPath}\nimport fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
	fs.chmodSync(script, 0o755);
	const env: NodeJS.ProcessEnv = {...temp.env, DISPLAY: ':0', BROWSER: script};
	delete env['SSH_CONNECTION'];
	delete env['SSH_TTY'];
	delete env['SSH_CLIENT'];
	const result = await openLink('https://example.com/a?q=$(id)&x=`id`', env);
	t.true(result.opened, result.message);
	await waitFor(() => fs.existsSync(out));
	await waitFor(() => fs.readFileSync(out, 'utf8').length > 0);
	t.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), ['https://example.com/a?q=$(id)&x=`id`']);
});

test('no display, a failed spawn, or a bad scheme: the URL is shown instead', async t => {
	const headless = await openLink('https://user:pw@аpple.com/p', {}, {platform: 'linux'});
	t.false(headless.opened);
	t.regex(headless.message, /no display.*y copies xn--pple-43d\.com — https:\/\/xn--pple-43d\.com\/p/);
	t.notRegex(headless.message, /pw/);
	const failed = await openLink('https://example.com/', {DISPLAY: ':0', BROWSER: '/nonexistent/browser'});
	t.false(failed.opened);
	t.regex(failed.message, /could not start .*ENOENT.*https:\/\/example\.com\//);
	const bad = await openLink('javascript:alert(1)', {DISPLAY: ':0'});
	t.is(bad.message, 'evnews only opens http(s) links');
});

test('%u works like %s; every other word stays as given', t => {
	t.deepEqual(browserCommand('https://e.example/', {BROWSER: 'opener --url=%u --x'}, 'linux'), ['opener', ['--url=https://e.example/', '--x']]);
});

function loggingBrowser(dir: string): {script: string; out: string} {
	const out = path.join(dir, 'args.json');
	const script = path.join(dir, 'logging-browser.mjs');
	fs.writeFileSync(script, `#!${process.execPath}\nimport fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
	fs.chmodSync(script, 0o755);
	return {script, out};
}

test('$BROWSER is honoured with no display and over SSH', async t => {
	const temp = makeTempEnv();
	t.teardown(temp.cleanup);
	const {script, out} = loggingBrowser(temp.dir);
	const env: NodeJS.ProcessEnv = {PATH: process.env['PATH'], SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', BROWSER: `${script} --from-evnews %s`};
	t.true(isHeadless(env, 'linux'));
	const result = await openLink('https://example.com/ssh', env, {platform: 'linux'});
	t.true(result.opened, result.message);
	await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').length > 0);
	t.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), ['--from-evnews', 'https://example.com/ssh']);
	// The control: the same environment without $BROWSER opens nothing.
	const without = {...env};
	delete without['BROWSER'];
	t.false((await openLink('https://example.com/ssh', without, {platform: 'linux'})).opened);
});

test('a terminal browser runs in the foreground (through runForeground), a graphical one detached', async t => {
	t.true(isTerminalBrowser('w3m', {}));
	t.true(isTerminalBrowser('/usr/bin/lynx', {}));
	t.true(isTerminalBrowser('my-browser', {EVNEWS_BROWSER_TERMINAL: '1'}));
	t.false(isTerminalBrowser('firefox', {}));
	t.false(isTerminalBrowser('w3m', {EVNEWS_BROWSER_TERMINAL: '0'}));
	const calls: Array<[string, string[]]> = [];
	const runForeground = async (command: string, args: string[]) => {
		calls.push([command, args]);
		return 0;
	};

	const result = await openLink('https://example.com/text', {BROWSER: 'w3m -o confirm_qq=0'}, {runForeground, platform: 'linux'});
	t.deepEqual(calls, [['w3m', ['-o', 'confirm_qq=0', 'https://example.com/text']]]);
	t.is(result.message, 'back from w3m');
	// The control: a graphical $BROWSER never goes through runForeground.
	const temp = makeTempEnv();
	t.teardown(temp.cleanup);
	const {script, out} = loggingBrowser(temp.dir);
	t.true((await openLink('https://example.com/gui', {BROWSER: script, PATH: process.env['PATH']}, {runForeground, platform: 'linux'})).opened);
	await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').length > 0);
	t.is(calls.length, 1);
	const failed = await openLink('https://example.com/x', {BROWSER: 'lynx'}, {runForeground: async () => 2, platform: 'linux'});
	t.regex(failed.message, /lynx exited with 2/);
});

test('OSC 52: only an http(s) URL, base64, nothing else from the feed', t => {
	t.is(osc52('https://example.com/a?b=1'), `\u001B]52;c;${Buffer.from('https://example.com/a?b=1').toString('base64')}\u0007`);
	t.is(osc52('javascript:alert(1)'), undefined);
	// Controls in a link are never passed on: the URL parser percent-encodes or strips them, or it is refused.
	const hostile = osc52('https://example.com/\u0007\u001B]0;x');
	t.true(hostile === undefined || !Buffer.from(hostile.slice(7, -1), 'base64').toString().match(/[\u0000-\u001F]/));
});

test('enclosures go through $EVNEWS_PLAYER (mpv in the foreground), else through the browser rules', async t => {
	const calls: Array<[string, string[]]> = [];
	const runForeground = async (command: string, args: string[]) => {
		calls.push([command, args]);
		return 0;
	};

	const played = await openMedia('https://cdn.example/episode.mp3', {EVNEWS_PLAYER: 'mpv --no-video'}, {runForeground, platform: 'linux'});
	t.deepEqual(calls, [['mpv', ['--no-video', 'https://cdn.example/episode.mp3']]]);
	t.is(played.message, 'back from mpv');
	// The control: without $EVNEWS_PLAYER the browser rules apply (here: no display, no $BROWSER, nothing runs).
	const fallback = await openMedia('https://cdn.example/episode.mp3', {}, {runForeground, platform: 'linux'});
	t.false(fallback.opened);
	t.is(calls.length, 1);
	// A graphical player starts detached, never in the foreground.
	const temp = makeTempEnv();
	t.teardown(temp.cleanup);
	const {script, out} = loggingBrowser(temp.dir);
	t.true((await openMedia('https://cdn.example/e.ogg', {EVNEWS_PLAYER: `${script} %u`, PATH: process.env['PATH']}, {runForeground, platform: 'linux'})).opened);
	await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').length > 0);
	t.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), ['https://cdn.example/e.ogg']);
	t.is(calls.length, 1);
});
