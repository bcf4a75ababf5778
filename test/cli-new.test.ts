import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {cliPath, runCli} from './helpers/run-cli.js';
import {serveRoutes, type RoutesServer} from './helpers/servers.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';
import {waitFor} from './helpers/wait-for.js';

// `--new[=NAME]`: each post is printed once per cursor, and only once the output was written in full.

type Item = {guid: string; date: string};

function rss(items: Item[], pad = 0): string {
	const body = items.map(item => `<item><title>Post ${item.guid}${' about a charging corridor'.repeat(pad)}</title><link>https://new.example/${item.guid}</link>`
		+ `<guid>${item.guid}</guid><pubDate>${new Date(item.date).toUTCString()}</pubDate><description>${'Detail. '.repeat(pad * 4)}</description></item>`).join('');
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>New</title><link>https://new.example/</link>${body}</channel></rss>`;
}

const items = (count: number, prefix = 'p'): Item[] => Array.from({length: count}, (_, index) => ({guid: `${prefix}${index}`, date: new Date(Date.UTC(2026, 10, 20, index)).toISOString()}));

/** A server whose feed can change between runs. */
async function feedServer(initial: string): Promise<RoutesServer & {set(body: string): void}> {
	let body = initial;
	const server = await serveRoutes({
		'/feed'(_request, response) {
			response.writeHead(200, {'content-type': 'application/rss+xml'});
			response.end(body);
		},
	});
	return Object.assign(server, {
		set(next: string) {
			body = next;
		},
	});
}

function configure(environment: TempEnv, url: string): void {
	const directory = path.join(environment.dir, 'config', 'evnews');
	fs.mkdirSync(directory, {recursive: true});
	fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify({feeds: [{url}]}));
}

function setup(t: {teardown(fn: () => unknown): void}, server: RoutesServer): TempEnv {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	configure(environment, server.url('/feed'));
	return environment;
}

async function guids(args: string[], environment: TempEnv): Promise<string[]> {
	const result = await runCli(['--jsonl', '--fields', 'guid', ...args], {env: environment.env, timeoutMs: 90_000});
	if (result.code !== 0) {
		throw new Error(`exit ${result.code}: ${result.stderr}`);
	}

	return result.stdout.split('\n').filter(Boolean).map(line => (JSON.parse(line) as {guid: string}).guid).sort();
}

const cursorFile = (environment: TempEnv, name: string) => path.join(environment.dir, 'state', 'evnews', 'cursors', `${name}.cursor`);

test('two runs in a row: the second prints nothing new, then only a post added (even back-dated)', async t => {
	const server = await feedServer(rss(items(3)));
	t.teardown(server.close);
	const environment = setup(t, server);
	t.deepEqual(await guids(['--new'], environment), ['p0', 'p1', 'p2']);
	t.deepEqual(await guids(['--new'], environment), []);
	// Control: without --new the same posts are still there, so "nothing" above came from the cursor.
	t.deepEqual(await guids([], environment), ['p0', 'p1', 'p2']);
	server.set(rss([...items(3), {guid: 'late', date: '2020-01-01T00:00:00Z'}]));
	t.deepEqual(await guids(['--new'], environment), ['late']);
	t.deepEqual(await guids(['--new'], environment), []);
	t.is(fs.statSync(cursorFile(environment, 'default')).mode & 0o777, 0o600);
});

test('--limit counts new posts only; the plain list and --json share the cursor', async t => {
	const server = await feedServer(rss(items(5)));
	t.teardown(server.close);
	const environment = setup(t, server);
	t.deepEqual(await guids(['--new=d', '--limit', '2'], environment), ['p3', 'p4']);
	const plain = await runCli(['--new=d', '--limit', '2'], {env: environment.env});
	t.is(plain.code, 0, plain.stderr);
	t.deepEqual(plain.stdout.split('\n').filter(Boolean).map(line => line.split('\t')[1]), ['Post p2', 'Post p1']);
	t.deepEqual(await guids(['--new=d'], environment), ['p0']);
	// Control: a JSON array run that finds nothing new still prints valid JSON.
	const empty = await runCli(['--json', '--new=d'], {env: environment.env});
	t.is(empty.stdout, '[]\n');
});

test('two named cursors are independent', async t => {
	const server = await feedServer(rss(items(3)));
	t.teardown(server.close);
	const environment = setup(t, server);
	t.deepEqual(await guids(['--new=hourly'], environment), ['p0', 'p1', 'p2']);
	t.deepEqual(await guids(['--new=daily'], environment), ['p0', 'p1', 'p2']);
	// Control: the same name again delivers nothing, so the line above really was another cursor.
	t.deepEqual(await guids(['--new=hourly'], environment), []);
	t.deepEqual(await guids(['--new'], environment), ['p0', 'p1', 'p2'], 'the default cursor is a third one');
	t.true(fs.existsSync(cursorFile(environment, 'daily')));
});

test('a bad cursor name is a usage error before any fetch', async t => {
	const server = await feedServer(rss(items(1)));
	t.teardown(server.close);
	const environment = setup(t, server);
	for (const name of ['../x', 'a/b', '.hidden', 'x'.repeat(65)]) {
		const result = await runCli(['--json', `--new=${name}`], {env: environment.env});
		t.is(result.code, 2, name);
		t.regex(result.stderr, /^evnews: --new takes a cursor name[^\n]*\n$/);
	}

	t.is(server.requests.length, 0);
	// Control: a good name fetches.
	t.is((await runCli(['--json', '--new=ok.1_b-c'], {env: environment.env})).code, 0);
	t.is(server.requests.length, 1);
});

/** Start a run whose stdout is never read; resolve once it is stuck writing (it holds the cursor lock and lives on). */
async function stuckRun(args: string[], environment: TempEnv, lock: string) {
	const child = spawn(process.execPath, [cliPath, ...args], {env: environment.env, stdio: ['ignore', 'pipe', 'pipe']});
	child.stdout.pause();
	await waitFor(() => fs.existsSync(lock), {timeoutMs: 60_000});
	await new Promise(resolve => {
		setTimeout(resolve, 500);
	});
	return child;
}

test.serial('SIGKILL while writing into a full pipe: the next run shows the same posts', async t => {
	const server = await feedServer(rss(items(600), 12));
	t.teardown(server.close);
	const environment = setup(t, server);
	const lock = path.join(environment.dir, 'state', 'evnews', 'cursors', 'cron.lock');
	const child = await stuckRun(['--json', '--new=cron'], environment, lock);
	t.is(child.exitCode, null, 'still writing');
	const closed = new Promise(resolve => {
		child.on('close', resolve);
	});
	child.kill('SIGKILL');
	await closed;
	t.false(fs.existsSync(cursorFile(environment, 'cron')), 'the cursor did not advance');
	const again = await runCli(['--json', '--new=cron', '--offline'], {env: environment.env, timeoutMs: 90_000});
	t.is(again.code, 0, again.stderr);
	t.true(again.stdout.length > 256 * 1024, `the output is several times a pipe buffer (64 KiB) plus the reading stream's buffer: ${again.stdout.length} bytes`);
	t.is((JSON.parse(again.stdout) as unknown[]).length, 600, 'the same posts, all of them');
	// Control: that run was read in full, so it advanced the cursor (the check above can fail).
	t.deepEqual(await guids(['--new=cron', '--offline'], environment), []);
});

test.serial('a closed pipe (EPIPE) exits 0 and leaves the cursor where it was', async t => {
	const server = await feedServer(rss(items(600), 12));
	t.teardown(server.close);
	const environment = setup(t, server);
	const piped = await new Promise<{code: number | null; stderr: string}>(resolve => {
		// A bash script, not a template: `${PIPESTATUS[0]}` is for bash.
		// eslint-disable-next-line no-template-curly-in-string
		const child = spawn('bash', ['-c', '"$@" | head -c 1 >/dev/null; exit "${PIPESTATUS[0]}"', 'pipe', process.execPath, cliPath, '--json', '--new'], {env: environment.env, stdio: ['ignore', 'ignore', 'pipe']});
		let stderr = '';
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('close', code => {
			resolve({code, stderr});
		});
	});
	t.is(piped.code, 0);
	t.is(piped.stderr, '');
	t.is((await guids(['--new', '--offline'], environment)).length, 600);
	// Control: now it was read in full.
	t.deepEqual(await guids(['--new', '--offline'], environment), []);
});

test.serial('two concurrent runs of one cursor never deliver a post twice', async t => {
	// The feed answers only once both runs have asked, so they race on the cursor.
	const body = rss(items(40));
	const waiting: Array<() => void> = [];
	const server = await serveRoutes({
		'/feed'(_request, response) {
			waiting.push(() => {
				response.writeHead(200, {'content-type': 'application/rss+xml'});
				response.end(body);
			});
			if (waiting.length >= 2) {
				for (const answer of waiting.splice(0)) {
					answer();
				}
			}
		},
	});
	t.teardown(server.close);
	const environment = setup(t, server);
	const race = async (a: string, b: string) => Promise.all([guids([`--new=${a}`], environment), guids([`--new=${b}`], environment)]);
	const [first, second] = await race('shared', 'shared');
	const all = [...first, ...second];
	t.is(all.length, 40, `${first.length} + ${second.length}`);
	t.is(new Set(all).size, 40);
	// Control: two different cursors racing the same way both deliver everything (the count above can see doubles).
	const [one, two] = await race('c1', 'c2');
	t.is(one.length + two.length, 80);
});

test.serial('a run waits for the cursor held by a live run, then sees its ids', async t => {
	const server = await feedServer(rss(items(2)));
	t.teardown(server.close);
	const environment = setup(t, server);
	const lock = path.join(environment.dir, 'state', 'evnews', 'cursors', 'held.lock');
	fs.mkdirSync(path.dirname(lock), {recursive: true});
	// This test process is alive, so its lock is not stale.
	fs.writeFileSync(lock, `${process.pid} ${os.hostname()} ${Date.now()} test\n`);
	let done = false;
	const run = guids(['--new=held'], environment).finally(() => {
		done = true;
	});
	await new Promise(resolve => {
		setTimeout(resolve, 1500);
	});
	t.false(done, 'it waits');
	fs.rmSync(lock);
	t.deepEqual(await run, ['p0', 'p1']);
	// Control: a dead holder's lock is stale and taken over at once.
	fs.writeFileSync(lock, `999999 ${os.hostname()} ${Date.now()} dead\n`);
	t.deepEqual(await guids(['--new=held'], environment), []);
});

test('a corrupt cursor is moved aside with one warning line, its readable ids kept', async t => {
	const server = await feedServer(rss(items(3)));
	t.teardown(server.close);
	const environment = setup(t, server);
	t.deepEqual(await guids(['--new=c', '--limit', '1'], environment), ['p2']);
	const file = cursorFile(environment, 'c');
	fs.appendFileSync(file, 'not an id\n');
	// A run that prints nothing (--limit 0) still repairs the file at once, keeping the readable id.
	const result = await runCli(['--jsonl', '--fields', 'guid', '--new=c', '--limit', '0'], {env: environment.env});
	t.is(result.code, 0);
	t.regex(result.stderr, /^evnews: warning: cursor c had 1 unreadable line; moved aside to [^\n]+\.corrupt-[^\n]+\n$/);
	t.is(fs.readFileSync(file, 'utf8').split('\n').filter(line => line !== '' && !line.startsWith('#')).length, 1);
	t.deepEqual(await guids(['--new=c'], environment), ['p0', 'p1'], 'p2 was kept');
	const aside = fs.readdirSync(path.dirname(file)).filter(name => name.startsWith('c.cursor.corrupt-'));
	t.is(aside.length, 1);
	t.true(fs.readFileSync(path.join(path.dirname(file), aside[0]!), 'utf8').includes('not an id'), 'the old file is kept as it was');
	// Control: the repaired cursor reads cleanly.
	const clean = await runCli(['--json', '--new=c'], {env: environment.env});
	t.is(clean.stderr, '');
	t.is(clean.stdout, '[]\n');
});
