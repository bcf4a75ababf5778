import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {JqError, runJq} from '../source/commands/jq-filter.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/cli/ev-news.xml');

// Written for these tests: three posts in the shape of `evnews --json`.
const posts = [
	{id: 'a1', title: 'Solar ute', link: 'https://ev.example/1', author: 'Ana', published: '2026-11-25T22:30:00.000Z', updated: null, categories: ['Utes', 'Solar'], feed: {title: 'EV', url: 'https://ev.example/feed'}, read: false, starred: true, n: 3},
	{id: 'b2', title: 'Bus "depot", opened', link: null, author: null, published: '2026-11-24T05:15:00.000Z', updated: '2026-11-24T06:00:00.000Z', categories: ['Buses'], feed: {title: 'EV', url: 'https://ev.example/feed'}, read: true, starred: false, n: 5},
	{id: 'c3', title: 'Grid\tbattery', link: 'https://grid.example/3', author: 'Bo', published: null, updated: null, categories: [], feed: {title: 'Grid', url: 'https://grid.example/rss'}, read: false, starred: false, n: 7},
];

const table: Array<[string, string]> = [
	['length', '3'],
	['.[0].title', 'Solar ute'],
	['.[1].title', 'Bus "depot", opened'],
	['.[].id', 'a1\nb2\nc3'],
	['.[0].feed.url', 'https://ev.example/feed'],
	['.[0].categories', '["Utes","Solar"]'],
	['.[0].categories[1]', 'Solar'],
	['.[-1].id', 'c3'],
	['.[1:].[] | .id', 'b2\nc3'],
	['.[1].link', 'null'],
	['.[1].link // "none"', 'none'],
	['.[] | select(.read) | .id', 'b2'],
	['.[] | select(.starred | not) | .title', 'Bus "depot", opened\nGrid\tbattery'],
	['map(.n)', '[3,5,7]'],
	['map(.n) | add', '15'],
	['map(select(.n > 4) | .id)', '["b2","c3"]'],
	['.[0] | {id, title}', '{"id":"a1","title":"Solar ute"}'],
	['.[0] | keys | length', '11'],
	['.[0].id | debug | ascii_upcase', 'A1'],
	['.[] | [.id, .n] | @tsv', 'a1\t3\nb2\t5\nc3\t7'],
	['.[1] | [.id, .title] | @csv', '"b2","Bus ""depot"", opened"'],
	[String.raw`.[0] | "\(.id): \(.title)"`, 'a1: Solar ute'],
	['.[0].link | @uri', 'https%3A%2F%2Fev.example%2F1'],
	['try error("boom") catch .', 'boom'],
	['.[] | try (.author | ascii_upcase) catch "?"', 'ANA\n?\nBO'],
	['reduce .[] as $p (0; . + $p.n)', '15'],
	['def twice(f): f | f; .[0].n | twice(. * 2)', '12'],
	['group_by(.feed.title) | map({(.[0].feed.title): length}) | add', '{"EV":2,"Grid":1}'],
	['[.[] | .published // .updated // "undated"] | .[2]', 'undated'],
	['.[0].title | test("solar"; "i")', 'true'],
	['.[0].title | sub("ute"; "van")', 'Solar van'],
	['[.[] | .categories[]] | unique | join(",")', 'Buses,Solar,Utes'],
	['.[0] | to_entries | map(select(.key == "n")) | from_entries', '{"n":3}'],
	['.[0].published | fromdateiso8601? // "x"', 'x'],
	['.[0].published | timefmt("%Y-%m-%d")', '2026-11-25'],
	['.[1].updated | timefmt("%H:%M")', '06:00'],
	['.[2].published | timeago', 'null'],
	['first(.[] | select(.author == null)) | .id', 'b2'],
	['limit(2; .[]) | .id', 'a1\nb2'],
	[String.raw`.[0] as {id: $i, n: $n} | "\($i)=\($n)"`, 'a1=3'],
	['empty', ''],
	['"é😀" | length', '2'],
];

for (const [filter, expected] of table) {
	test(`jq: ${filter}`, async t => {
		const output = await runJq(posts, filter);
		t.is(output, expected === '' ? '' : expected + '\n');
	});
}

test('timeago counts from now, both ways', async t => {
	const hour = (hours: number) => new Date(Date.now() + (hours * 3_600_000)).toISOString();
	t.is(await runJq([hour(-3)], '.[0] | timeago'), '3 hours ago\n');
	t.is(await runJq([hour(-50)], '.[0] | timeago'), '2 days ago\n');
	t.is(await runJq([hour(5.5)], '.[0] | timeago'), 'in 5 hours\n');
	t.is(await runJq([new Date().toISOString()], '.[0] | timeago'), 'just now\n');
});

test('a compile error is a UsageError, a runtime error a JqError; process.exitCode is left alone', async t => {
	process.exitCode = undefined;
	await t.throwsAsync(runJq(posts, '.[] | select('), {name: 'UsageError', message: /^jq: syntax error/});
	t.is(process.exitCode, undefined);
	await t.throwsAsync(runJq(posts, '.[0].n | error("bad n")'), {instanceOf: JqError, message: 'jq: bad n'});
	await t.throwsAsync(runJq(posts, '.[0].title | .x'), {instanceOf: JqError, message: /Cannot index string/});
	t.is(process.exitCode, undefined);
	// Control: jq-web recovers and the next filter works.
	t.is(await runJq(posts, 'length'), '3\n');
});

test('output is sanitised: escape sequences a filter builds are removed', async t => {
	t.is(await runJq(posts, String.raw`"a\u001b[31mred\u0007"`), 'ared\n');
});

test('the CLI: --jq prints raw strings and exits 0; compile error exit 2, runtime error exit 1, one line each', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const ok = await runCli(['--feed', fixture, '--jq', '.[0].author'], {env: temporary.env});
	t.is(ok.code, 0, ok.stderr);
	t.is(ok.stdout, 'Priya Raman\n');
	const compile = await runCli(['--feed', fixture, '--jq', '.[0'], {env: temporary.env});
	t.is(compile.code, 2);
	t.regex(compile.stderr, /^evnews: jq: syntax error[^\n]*\n$/);
	t.is(compile.stdout, '');
	const runtime = await runCli(['--json', '--feed', fixture, '--jq', '.[0].title | tonumber'], {env: temporary.env});
	t.is(runtime.code, 1);
	t.regex(runtime.stderr, /^evnews: jq: [^\n]*\n$/);
});
