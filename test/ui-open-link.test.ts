import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {browserCommand, isHeadless, isTerminalBrowser, openLink, openMedia, safeHttpUrl} from '../source/ui/open-link.js';
import {osc52} from '../source/ui/reader-services.js';
import {
	assertClean, bel, cli, esc, parsePosts, rss, rssType, securityFixtures, withTemporary,
} from './helpers/security.js';
import {serveRoutes} from './helpers/servers.js';
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
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const out = path.join(temporary.dir, 'args.json');
	const script = path.join(temporary.dir, 'fake-browser.mjs');
	fs.writeFileSync(script, `#!${process.execPath}\nimport fs from 'node:fs';\nfs.writeFileSync(${JSON.stringify(out)}, JSON.stringify(process.argv.slice(2)));\n`);
	fs.chmodSync(script, 0o755);
	const env: NodeJS.ProcessEnv = {...temporary.env, DISPLAY: ':0', BROWSER: script};
	delete env.SSH_CONNECTION;
	delete env.SSH_TTY;
	delete env.SSH_CLIENT;
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
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {script, out} = loggingBrowser(temporary.dir);
	const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, SSH_CONNECTION: '10.0.0.1 5000 10.0.0.2 22', BROWSER: `${script} --from-evnews %s`};
	t.true(isHeadless(env, 'linux'));
	const result = await openLink('https://example.com/ssh', env, {platform: 'linux'});
	t.true(result.opened, result.message);
	await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').length > 0);
	t.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), ['--from-evnews', 'https://example.com/ssh']);
	// The control: the same environment without $BROWSER opens nothing.
	const without = {...env};
	delete without.BROWSER;
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
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {script, out} = loggingBrowser(temporary.dir);
	t.true((await openLink('https://example.com/gui', {BROWSER: script, PATH: process.env.PATH}, {runForeground, platform: 'linux'})).opened);
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
	t.true(hostile === undefined || !/[\u0000-\u001F]/.test(Buffer.from(hostile.slice(7, -1), 'base64').toString()));
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
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {script, out} = loggingBrowser(temporary.dir);
	t.true((await openMedia('https://cdn.example/e.ogg', {EVNEWS_PLAYER: `${script} %u`, PATH: process.env.PATH}, {runForeground, platform: 'linux'})).opened);
	await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').length > 0);
	t.deepEqual(JSON.parse(fs.readFileSync(out, 'utf8')), ['https://cdn.example/e.ogg']);
	t.is(calls.length, 1);
});

// ---------------------------------------------------------------------------------------------------------------
// Checklist section F, opening links (test/README.md).

const recorder = path.join(securityFixtures, 'record-argv.mjs');

function browserEnv(out: string, template = '%s'): NodeJS.ProcessEnv {
	// A display, no SSH session, and a "browser" that only records its arguments.
	return {
		PATH: process.env.PATH,
		DISPLAY: ':0',
		BROWSER: `${process.execPath} ${recorder} ${template}`,
		EVNEWS_TEST_ARGV_OUT: out,
	};
}

async function recordedArgv(file: string): Promise<string[]> {
	await waitFor(() => fs.existsSync(file), {timeoutMs: 15_000, describe: () => `the browser stand-in never ran (${file})`});
	return JSON.parse(fs.readFileSync(file, 'utf8')) as string[];
}

test('item 64: only http(s) links are opened; every other scheme is refused with a message and nothing is spawned', async t => {
	t.timeout(30_000);
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-open-'));
	try {
		const refused = [
			'javascript:alert(1)',
			'JavaScript:alert(1)',
			'file:///etc/passwd',
			'data:text/html,<script>alert(1)</script>',
			'smb://evil.example/share',
			'ms-officecmd:{"id":1}',
			'vscode://file/etc/passwd',
			'mailto:a@example.com',
			'ftp://ev.example/x',
			'blob:https://ev.example/1',
			'about:blank',
			'',
		];
		for (const [index, link] of refused.entries()) {
			t.is(safeHttpUrl(link), undefined, link);
			const out = path.join(directory, `refused-${index}.json`);

			const result = await openLink(link, browserEnv(out));
			t.false(result.opened, link);
			t.is(result.message, 'evnews only opens http(s) links', link);
		}

		const okFile = path.join(directory, 'ok.json');
		const ok = await openLink('https://ev.example/post?id=1', browserEnv(okFile));
		t.true(ok.opened, ok.message);
		t.deepEqual(await recordedArgv(okFile), ['https://ev.example/post?id=1']);
		// The allowed link's process has run; none of the refused ones ever started.
		t.deepEqual(fs.readdirSync(directory).filter(name => name.startsWith('refused-')), []);
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

test('item 65: parser-differential links are decided on the parsed URL and opened as url.href', async t => {
	t.timeout(30_000);
	for (const link of [' javascript:alert(1)', 'java\tscript:alert(1)', 'java\nscript:alert(1)', '\u0001javascript:alert(1)', '//evil.example/x', '-a Calculator', '/relative/path', 'https:evil']) {
		const url = safeHttpUrl(link);
		t.true(url === undefined || url.protocol === 'https:' || url.protocol === 'http:', JSON.stringify(link));
		if (link.includes('script')) {
			t.is(url, undefined, JSON.stringify(link));
		}
	}

	t.is(safeHttpUrl('//evil.example/x'), undefined, 'a scheme-relative link has no base here');
	t.is(safeHttpUrl('-a Calculator'), undefined);
	t.is(safeHttpUrl('HTTPS://EXAMPLE.com')?.href, 'https://example.com/');
	t.is(safeHttpUrl('\u0001https://x.example')?.href, 'https://x.example/');

	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-open-'));
	try {
		const out = path.join(directory, 'argv.json');
		const result = await openLink(' \u0001HTTPS://EXAMPLE.com/a b', browserEnv(out));
		t.true(result.opened, result.message);
		t.deepEqual(await recordedArgv(out), ['https://example.com/a%20b']);
		t.true(result.message.includes('example.com'), result.message);
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

test('item 66: the URL reaches the browser as one argv element, exactly url.href, never starting with "-", whatever it holds', async t => {
	t.timeout(30_000);
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-open-'));
	try {
		const links = [
			'https://ev.example/a"b`c$(id)d e;f|g&h<i>j',
			// eslint-disable-next-line no-template-curly-in-string -- a literal ${IFS}, for a shell to expand if one were used
			'https://ev.example/$HOME/${IFS}/\'quoted\'',
			'https://ev.example/x?q=--help -a Calculator',
			'https://ev.example/$&/$`/$\'/$$',
		];
		for (const [index, link] of links.entries()) {
			for (const template of ['%s', '--new-window %s', '']) {
				const out = path.join(directory, `argv-${index}-${template.length}.json`);

				const result = await openLink(link, browserEnv(out, template));
				t.true(result.opened, result.message);

				const argv = await recordedArgv(out);
				const expected = new URL(link).href;
				t.deepEqual(argv.filter(argument => argument !== '--new-window'), [expected], `BROWSER template "${template}", link ${link}`);
				t.false(argv.at(-1)!.startsWith('-'));
			}
		}

		// No display (or an SSH session) and no $BROWSER: nothing is spawned; the sanitised URL is shown instead.
		// (With $BROWSER set it is honoured headless too, since issue 10: see the tests above.)
		const headlessOut = path.join(directory, 'headless.json');
		const {BROWSER: _browser, ...noBrowser} = browserEnv(headlessOut);
		const headless = await openLink(`https://user:secret@ev.example/p${esc}]0;x${bel}`, {...noBrowser, DISPLAY: '', SSH_CONNECTION: '1 2 3 4'}, {platform: 'linux'});
		t.false(headless.opened);
		t.true(headless.message.includes('ev.example'), headless.message);
		t.false(headless.message.includes('secret'), headless.message);
		assertClean(t, headless.message, 'headless message');
		t.false(fs.existsSync(headlessOut));
	} finally {
		fs.rmSync(directory, {recursive: true, force: true});
	}
});

test('item 67 (with 5): a post link with userinfo is never shown as if the userinfo were the host', async t => {
	t.timeout(30_000);
	const deceptive = 'https://www.bank.example:443@evil.example/login';
	const server = await serveRoutes({'/feed': {headers: rssType, body: rss([{title: 'Userinfo', guid: 'u-1', link: deceptive, description: 'x'}])}});
	try {
		await withTemporary(async temporary => {
			const json = await cli(temporary, ['--json', '--feed', server.url('/feed')]);
			const [post] = parsePosts(t, json);
			t.is(post?.link, 'https://evil.example/login', 'the stored link keeps the userinfo');
			const plain = await cli(temporary, ['--offline', '--feed', server.url('/feed')]);
			t.false(plain.stdout.includes('bank.example'), `plain list: ${plain.stdout}`);
			const read = await cli(temporary, ['read', '--', post!.id]);
			t.false(read.stdout.includes('bank.example'), `read: ${read.stdout}`);
		});
	} finally {
		await server.close();
	}
});
