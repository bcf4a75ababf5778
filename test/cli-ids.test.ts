import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/cli/ev-news.xml');
const rss = {headers: {'content-type': 'application/rss+xml'}, body: fs.readFileSync(fixture, 'utf8')};

type Row = {id: string; read: boolean; starred: boolean};

test('an id printed by a --feed URL run works with read, mark-read, mark-unread, star and unstar', async t => {
	const server = await serveRoutes({'/feed': rss});
	const temporary = makeTempEnv();
	try {
		const listed = await runCli(['--json', '--fields', 'id', '--feed', server.url('/feed')], {env: temporary.env});
		t.is(listed.code, 0, listed.stderr);
		const [{id}] = JSON.parse(listed.stdout) as [{id: string}];
		await server.close();
		const state = async () => {
			const result = await runCli(['--json', '--offline', '--fields', 'id,read,starred', '--feed', server.url('/feed')], {env: temporary.env});
			return (JSON.parse(result.stdout) as Row[]).find(row => row.id === id);
		};

		// No feed is configured: the id is only in the cache.
		const read = await runCli(['read', '--json', id], {env: temporary.env});
		t.is(read.code, 0, read.stderr);
		t.is((JSON.parse(read.stdout) as Row).id, id);
		for (const [command, expected] of [
			['mark-read', {read: true, starred: false}],
			['mark-unread', {read: false, starred: false}],
			['star', {read: false, starred: true}],
			['unstar', {read: false, starred: false}],
		] as const) {
			const result = await runCli([command, id], {env: temporary.env});
			t.is(result.code, 0, `${command}: ${result.stderr}`);
			t.like(await state(), {id, ...expected}, command);
		}

		// Control: an id nobody printed is still unknown.
		const unknown = await runCli(['mark-read', 'nosuchid'], {env: temporary.env});
		t.is(unknown.code, 1);
		t.regex(unknown.stderr, /^evnews: unknown post ID nosuchid/);
	} finally {
		temporary.cleanup();
	}
});
