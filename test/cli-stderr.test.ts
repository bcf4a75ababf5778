import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';

// Every stderr message is one sanitised line with the `evnews:` prefix; warnings are `evnews: warning: …`.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const line = /^evnews: (warning: )?[^\n]+$/;
// C0 and C1 controls and DEL (tab included: a message is one plain line).

const control = /[\u0000-\u001F\u007F-\u009F]/;

/** The lines of `stderr` that break the rule (each must match `line` and hold no control character). */
function badLines(stderr: string): string[] {
	if (stderr === '') {
		return [];
	}

	const lines = stderr.endsWith('\n') ? stderr.slice(0, -1).split('\n') : [...stderr.split('\n'), '(no final newline)'];
	return lines.filter(text => !line.test(text) || control.test(text));
}

test('control: the check refuses an unprefixed line, a control character, two lines in one message, a missing newline', t => {
	t.deepEqual(badLines('evnews: warning: fine\nevnews: also fine\n'), []);
	t.deepEqual(badLines('Unknown flag --jsno\n'), ['Unknown flag --jsno']);
	t.deepEqual(badLines('evnews: red \u001B[31malert\n'), ['evnews: red \u001B[31malert']);
	t.deepEqual(badLines('evnews: a\tb\n'), ['evnews: a\tb']);
	t.deepEqual(badLines('evnews: a stack\n    at main (cli.js:1:1)\n'), ['    at main (cli.js:1:1)']);
	t.deepEqual(badLines('evnews: cut'), ['(no final newline)']);
});

test('warning-producing inputs: every stderr line is prefixed and clean; warnings say so, errors do not', async t => {
	const server = await serveRoutes({
		'/feed': {headers: {'content-type': 'application/rss+xml'}, body: fs.readFileSync(path.join(fixtures, 'cli/ev-news.xml'))},
		'/truncated': {headers: {'content-type': 'application/rss+xml'}, body: fs.readFileSync(path.join(fixtures, 'feeds/truncated.xml'))},
		'/html': {headers: {'content-type': 'text/html'}, body: '<html><body>\u001B[31mnot a feed</body></html>'},
	});
	t.teardown(server.close);
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const config = path.join(environment.dir, 'config', 'evnews');
	fs.mkdirSync(config, {recursive: true});
	// A bad key (a string for a number) and an unknown key; a failing feed; a feed with a problem.
	fs.writeFileSync(path.join(config, 'config.json'), JSON.stringify({
		refreshMinutes: '15',
		colour: 'yes',
		feeds: [{url: server.url('/feed')}, {url: server.url('/missing\u001B[2J')}, {url: server.url('/truncated')}, {url: server.url('/html')}],
	}));
	const warm = await runCli(['--json', '--fields', 'id'], {env: environment.env});
	const [first] = JSON.parse(warm.stdout) as Array<{id: string}>;
	// A marks line from a clock years ahead.
	const data = path.join(environment.dir, 'data', 'evnews');
	fs.mkdirSync(data, {recursive: true});
	fs.writeFileSync(path.join(data, 'marks.log'), `# evnews marks v1\n9999-12-31T23:59:59.999Z read ${first!.id}\n`);
	const cursors = path.join(environment.dir, 'state', 'evnews', 'cursors');
	fs.mkdirSync(cursors, {recursive: true});
	fs.writeFileSync(path.join(cursors, 'broken.cursor'), 'not a cursor \u0007\n');

	const runs: string[][] = [
		['--json', '--fields', 'id'],
		['--offline'],
		['--json', '--new=broken'],
		['feeds'],
		['feeds', 'add', server.url('/html')],
		['feeds', 'add', server.url('/nowhere')],
		['unread', '--json'],
		['categories', '--offline'],
		['config'],
		['mark-read', 'nosuchid'],
		['read', 'nosuchid'],
		['read', first!.id],
		['--jsno'],
		['--since', 'last\u001B[31mweek'],
		['--jq', '.[0'],
		['import', path.join(environment.dir, 'nothing.opml')],
	];
	const all: string[] = [];
	for (const args of runs) {
		const result = await runCli(args, {env: environment.env, timeoutMs: 90_000});
		t.deepEqual(badLines(result.stderr), [], `evnews ${args.join(' ')}`);
		all.push(...result.stderr.split('\n').filter(Boolean));
	}

	const warnings = all.filter(text => text.startsWith('evnews: warning: '));
	const errors = all.filter(text => !text.startsWith('evnews: warning: '));
	// The check above is not vacuous: each kind of input produced its line, classified as it should be.
	for (const pattern of [/refreshMinutes/, /colour/, /dated more than a day ahead/, /cursor broken had/, /truncat/i]) {
		t.true(warnings.some(text => pattern.test(text)), `a warning matching ${String(pattern)}`);
		t.false(errors.some(text => pattern.test(text)), `not an error: ${String(pattern)}`);
	}

	for (const pattern of [/missing.*HTTP 404/, /cannot add/, /already in your feeds/, /unknown post ID nosuchid/, /no post with id nosuchid/, /unknown flag --jsno/, /--since takes/, /jq: /, /cannot read/]) {
		t.true(errors.some(text => pattern.test(text)), `an error matching ${String(pattern)}`);
	}
});
