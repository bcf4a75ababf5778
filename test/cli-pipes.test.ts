import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {cliPath, runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';

// A closed stdout ends every command quietly with exit 0. Each command prints far more than a pipe buffer
// (64 KiB) into `head -c 1`, so the writer really meets EPIPE.

const filler = 'Charging corridor update with kilometres of detail. '.repeat(8);

function bigFeed(items: number): string {
	const entries = Array.from({length: items}, (_, index) => `<item><title>Pipe post ${index} ${'about a long charging corridor '.repeat(10)}</title><link>https://pipes.example/p/${index}</link>`
		+ `<guid>pipe-${index}</guid><pubDate>Mon, 23 Nov 2026 10:00:00 GMT</pubDate><description>${filler}</description>`
		+ (index === 0 ? `<content:encoded><![CDATA[${`<p>${filler}</p>`.repeat(600)}]]></content:encoded>` : '')
		+ '</item>').join('');
	return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Pipes</title><link>https://pipes.example/</link>${entries}</channel></rss>`;
}

type PipeResult = {code: number | null; stderr: string; head: string};

/** `node dist/cli.js ARGS | head -c 1` (or another reader), through bash, giving the exit code of evnews (not of the reader). */
async function pipeIntoHead(args: string[], env: NodeJS.ProcessEnv, reader = 'head -c 1'): Promise<PipeResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', ['-c', `"$@" | ${reader}; exit "\${PIPESTATUS[0]}"`, 'pipe', process.execPath, cliPath, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
		let head = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => {
			head += chunk.toString();
		});
		child.stderr.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		child.on('error', reject);
		child.on('close', code => {
			resolve({code, stderr, head});
		});
	});
}

let server: Awaited<ReturnType<typeof serveRoutes>>;
let posts: TempEnv;
let many: TempEnv;
let firstId = '';

test.before(async () => {
	server = await serveRoutes({'/feed': {headers: {'content-type': 'application/rss+xml'}, body: bigFeed(800)}});
	posts = makeTempEnv();
	fs.mkdirSync(path.join(posts.dir, 'config', 'evnews'), {recursive: true});
	fs.writeFileSync(path.join(posts.dir, 'config', 'evnews', 'config.json'), JSON.stringify({feeds: [{url: server.url('/feed')}]}));
	const warm = await runCli(['--json', '--fields', 'id'], {env: posts.env});
	firstId = (JSON.parse(warm.stdout) as Array<{id: string}>)[0]!.id;
	many = makeTempEnv();
	fs.mkdirSync(path.join(many.dir, 'config', 'evnews'), {recursive: true});
	const feeds = Array.from({length: 1500}, (_, index) => ({url: `https://feed-${index}.pipes.example/rss`, title: `A feed with a long enough title ${index}`}));
	fs.writeFileSync(path.join(many.dir, 'config', 'evnews', 'config.json'), JSON.stringify({feeds}));
});

test.after.always(async () => {
	posts.cleanup();
	many.cleanup();
	await server.close();
});

const cases: Array<[string, () => TempEnv, () => string[]]> = [
	['--json --offline', () => posts, () => ['--json', '--offline']],
	['--jsonl --offline', () => posts, () => ['--jsonl', '--offline']],
	['the plain list', () => posts, () => ['--offline']],
	['read (markdown)', () => posts, () => ['read', firstId]],
	['read --json', () => posts, () => ['read', '--json', firstId]],
	['feeds', () => many, () => ['feeds']],
	['feeds --json', () => many, () => ['feeds', '--json']],
	['config', () => many, () => ['config']],
	['config --json', () => many, () => ['config', '--json']],
	['export', () => many, () => ['export']],
	['unread --json', () => many, () => ['unread', '--json']],
	['categories --json', () => many, () => ['categories', '--json', '--offline']],
	['categories', () => many, () => ['categories', '--offline']],
	['--jq', () => posts, () => ['--offline', '--jq', '.[].title']],
	['--template', () => posts, () => ['--offline', '--template', '{{ title }}\n']],
];

for (const [name, environment, args] of cases) {
	test.serial(`${name} into head -c 1 exits 0 without a stack trace`, async t => {
		const result = await pipeIntoHead(args(), environment().env);
		t.is(result.head.length, 1);
		t.is(result.stderr, '');
		t.is(result.code, 0);
	});
}

// Commands with short output meet a reader that has already gone (`| true`): the write fails with EPIPE, or lands in
// the pipe buffer if it came first; either way exit 0, nothing on stderr, and the state is old or complete.
const short: Array<[string, () => string[]]> = [
	['unread', () => ['unread']],
	['completion bash', () => ['completion', 'bash']],
	['schema posts', () => ['schema', 'posts']],
	['--help', () => ['--help']],
	['feeds add (already there)', () => ['feeds', 'add', server.url('/feed')]],
	['import (nothing new)', () => ['import', path.join(posts.dir, 'feeds.opml')]],
	['star', () => ['star', firstId]],
	['unstar', () => ['unstar', firstId]],
	['mark-unread', () => ['mark-unread', firstId]],
];

for (const [name, args] of short) {
	test.serial(`${name} into a reader that closed early: the usual exit code, no stack trace`, async t => {
		if (name.startsWith('import')) {
			fs.writeFileSync(path.join(posts.dir, 'feeds.opml'), (await runCli(['export'], {env: posts.env})).stdout);
		}

		const result = await pipeIntoHead(args(), posts.env, 'true');
		t.regex(result.stderr, /^(evnews: [^\n]+\n)?$/, 'at most one message line (feeds add refuses a duplicate), no stack trace');
		t.false(result.stderr.includes('    at '));
		t.is(result.code, name.startsWith('feeds add') ? 1 : 0);
	});
}

test.serial('star and unstar into a closed pipe leave the state complete', async t => {
	const starred = async () => (JSON.parse((await runCli(['--json', '--offline', '--starred', '--fields', 'id'], {env: posts.env})).stdout) as unknown[]).length;
	await pipeIntoHead(['star', firstId], posts.env, 'true');
	t.is(await starred(), 1);
	await pipeIntoHead(['unstar', firstId], posts.env, 'true');
	t.is(await starred(), 0);
});

test.serial('mark-read --all into a closed pipe marks every post (the state is complete)', async t => {
	const unread = async () => Number((await runCli(['unread'], {env: posts.env})).stdout);
	t.true(await unread() > 0, 'control: there are unread posts');
	const result = await pipeIntoHead(['mark-read', '--all'], posts.env, 'true');
	t.is(result.code, 0);
	t.is(result.stderr, '');
	t.is(await unread(), 0);
	await runCli(['mark-unread', firstId], {env: posts.env});
});

test.serial('read into a closed pipe leaves the post unread', async t => {
	const before = await runCli(['--json', '--offline', '--fields', 'id,read', '--limit', '1'], {env: posts.env});
	t.deepEqual(JSON.parse(before.stdout), [{id: firstId, read: false}]);
	await pipeIntoHead(['read', firstId], posts.env);
	const after = await runCli(['--json', '--offline', '--fields', 'id,read', '--limit', '1'], {env: posts.env});
	t.deepEqual(JSON.parse(after.stdout), [{id: firstId, read: false}]);
	// Control: read in full marks it read.
	await runCli(['read', firstId], {env: posts.env});
	const read = await runCli(['--json', '--offline', '--fields', 'id,read', '--limit', '1'], {env: posts.env});
	t.deepEqual(JSON.parse(read.stdout), [{id: firstId, read: true}]);
});

test.serial('control: the same output, read in full, is larger than a pipe buffer', async t => {
	for (const [name, environment, args] of cases) {
		const result = await runCli(args(), {env: environment().env});
		t.true(result.stdout.length > 100_000, `${name}: ${result.stdout.length} bytes`);
	}
});
