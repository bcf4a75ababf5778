import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {browserCommand, isHeadless, openLink, safeHttpUrl} from '../source/ui/open-link.js';
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
	const headless = await openLink('https://user:pw@аpple.com/p', {});
	t.false(headless.opened);
	t.regex(headless.message, /no display.*xn--pple-43d\.com — https:\/\/xn--pple-43d\.com\/p/);
	t.notRegex(headless.message, /pw/);
	const failed = await openLink('https://example.com/', {DISPLAY: ':0', BROWSER: '/nonexistent/browser'});
	t.false(failed.opened);
	t.regex(failed.message, /could not start .*ENOENT.*https:\/\/example\.com\//);
	const bad = await openLink('javascript:alert(1)', {DISPLAY: ':0'});
	t.is(bad.message, 'evnews only opens http(s) links');
});
