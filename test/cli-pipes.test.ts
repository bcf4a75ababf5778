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

/** `node dist/cli.js ARGS | head -c 1`, through bash, giving the exit code of evnews (not of head). */
async function pipeIntoHead(args: string[], env: NodeJS.ProcessEnv): Promise<PipeResult> {
	return new Promise((resolve, reject) => {
		const child = spawn('bash', ['-c', '"$@" | head -c 1; exit "${PIPESTATUS[0]}"', 'pipe', process.execPath, cliPath, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']});
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
];

for (const [name, environment, args] of cases) {
	test.serial(`${name} into head -c 1 exits 0 without a stack trace`, async t => {
		const result = await pipeIntoHead(args(), environment().env);
		t.is(result.head.length, 1);
		t.is(result.stderr, '');
		t.is(result.code, 0);
	});
}

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
