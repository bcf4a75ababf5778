import test from 'ava';
import {didYouMean} from '../source/commands/did-you-mean.js';
import {checkFlags} from '../source/commands/flag-check.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

const usageErrors: Array<[string[], RegExp]> = [
	[['--jsno'], /unknown flag --jsno; did you mean --json\?/],
	[['--json', '--limt', '3'], /unknown flag --limt; did you mean --limit\?/],
	[['--frobnicate'], /unknown flag --frobnicate; see evnews --help/],
	[['-x'], /unknown flag -x; /],
	[['--json', '--fields'], /--fields needs a value; e.g. --fields/],
	[['--json', '--limit', 'many'], /--limit takes a whole number/],
	[['--json', '--fields', 'title,bogus'], /unknown field bogus; valid fields: id, guid/],
	[['mark-raed', 'x'], /unknown command "mark-raed"; did you mean mark-read\?/],
	[['frobnicate'], /unknown command "frobnicate"; commands: read, feeds/],
	[['read'], /read needs a post id; /],
	[['config', 'extra'], /config takes no arguments; /],
	[['--json', '--offline', '--site'], /--site searches each WordPress site and needs --search TEXT; e\.g\. /],
];

for (const [args, expected] of usageErrors) {
	test(`usage error: evnews ${args.join(' ')}`, async t => {
		const temporary = makeTempEnv();
		t.teardown(temporary.cleanup);
		const result = await runCli(args, {env: temporary.env});
		t.is(result.code, 2);
		t.regex(result.stderr, /^evnews: [^\n]+\n$/, 'one line with the prefix');
		t.regex(result.stderr, expected);
	});
}

test('control: valid flags are not usage errors', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const result = await runCli(['config', '--json'], {env: temporary.env});
	t.is(result.code, 0, result.stderr);
	t.is(result.stderr, '');
	// --site with --search is no usage error (offline: the cache only, so nothing is fetched).
	const site = await runCli(['--json', '--offline', '--search', 'tesla', '--site'], {env: temporary.env});
	t.not(site.code, 2, site.stderr);
	t.notRegex(site.stderr, /needs --search/);
});

test('each subcommand has its own --help; the global --help lists the commands', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	for (const command of ['read', 'feeds', 'import', 'export', 'mark-read', 'mark-unread', 'star', 'unstar', 'unread', 'config']) {
		const result = await runCli([command, '--help'], {env: temporary.env});
		t.is(result.code, 0);
		t.true(result.stdout.startsWith(`Usage: evnews ${command}`), command);
	}

	const global = await runCli(['-h'], {env: temporary.env});
	t.is(global.code, 0);
	t.regex(global.stdout, /evnews --json \[options]/);
});

test('didYouMean suggests close words only', t => {
	t.is(didYouMean('jsno', ['json', 'jsonl', 'feed']), 'json');
	t.is(didYouMean('stared', ['starred', 'star']), 'starred');
	t.is(didYouMean('zzzz', ['json', 'feed']), undefined);
	t.is(didYouMean('a', ['all', 'json']), undefined);
});

test('checkFlags keeps values, spells a bare --new as --new=default, and stops at --', t => {
	t.deepEqual(checkFlags(['--feed', '-', '--json', '--new']), ['--feed', '-', '--json', '--new=default']);
	t.throws(() => checkFlags(['--feed', '--json']), {message: '--feed needs a value'});
	t.deepEqual(checkFlags(['--new=work', '--no-offline', '-', '--', '--whatever']), ['--new=work', '--no-offline', '-', '--', '--whatever']);
	t.throws(() => checkFlags(['--nope']), {message: 'unknown flag --nope'});
});
