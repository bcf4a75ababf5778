import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {inTimeRange, parseTime, parseTimeRange} from '../source/commands/time-range.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/cli/ev-news.xml');
const now = Date.parse('2026-12-01T12:00:00Z');

test('parseTime: durations back from now, ISO dates and date-times (UTC when no zone)', t => {
	t.is(parseTime('since', '2h', now).toISOString(), '2026-12-01T10:00:00.000Z');
	t.is(parseTime('since', '3d', now).toISOString(), '2026-11-28T12:00:00.000Z');
	t.is(parseTime('since', '1w', now).toISOString(), '2026-11-24T12:00:00.000Z');
	t.is(parseTime('since', '30m', now).toISOString(), '2026-12-01T11:30:00.000Z');
	t.is(parseTime('since', '2026-11-25', now).toISOString(), '2026-11-25T00:00:00.000Z');
	t.is(parseTime('since', '2026-11-25T10:30', now).toISOString(), '2026-11-25T10:30:00.000Z');
	t.is(parseTime('since', '2026-11-25T10:30:00+02:00', now).toISOString(), '2026-11-25T08:30:00.000Z');
	for (const bad of ['yesterday', '2h30', '-1d', '2026-13-45', '', '3y']) {
		t.throws(() => parseTime('since', bad, now), {name: 'UsageError'}, bad);
	}
});

test('inTimeRange: published, else updated; undated posts are outside any range', t => {
	const range = parseTimeRange({since: '2026-11-24', until: '2026-11-25'}, now);
	t.true(inTimeRange({published: '2026-11-24T05:00:00.000Z', updated: null}, range));
	t.false(inTimeRange({published: '2026-11-23T05:00:00.000Z', updated: '2026-11-24T05:00:00.000Z'}, range));
	t.true(inTimeRange({published: null, updated: '2026-11-24T05:00:00.000Z'}, range));
	t.false(inTimeRange({published: null, updated: null}, range));
	t.true(inTimeRange({published: null, updated: null}, {}));
	t.false(inTimeRange({published: '2026-11-25T00:00:01.000Z', updated: null}, range));
});

test('the CLI: --since and --until filter --json and the plain list; a bad value is a usage error', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const dates = async (...args: string[]) => {
		const result = await runCli(['--json', '--fields', 'published', '--feed', fixture, ...args], {env: temporary.env});
		t.is(result.code, 0, result.stderr);
		return (JSON.parse(result.stdout) as Array<{published: string}>).map(post => post.published);
	};

	t.is((await dates()).length, 3);
	t.deepEqual(await dates('--since', '2026-11-24'), ['2026-11-25T22:30:00.000Z', '2026-11-24T05:15:00.000Z']);
	t.deepEqual(await dates('--until', '2026-11-24T05:15Z'), ['2026-11-24T05:15:00.000Z', '2026-11-23T00:00:00.000Z']);
	t.deepEqual(await dates('--since', '2026-11-24', '--limit', '1'), ['2026-11-25T22:30:00.000Z']);
	const plain = await runCli(['--feed', fixture, '--since', '2026-11-25'], {env: temporary.env});
	t.is(plain.stdout.trimEnd().split('\n').length, 1);
	const bad = await runCli(['--json', '--feed', fixture, '--since', 'lastweek'], {env: temporary.env});
	t.is(bad.code, 2);
	t.regex(bad.stderr, /^evnews: --since takes a date or a duration, not "lastweek"; e\.g\./);
});
