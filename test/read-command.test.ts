import nodeProcess from 'node:process';
import fs from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import chalk from 'chalk';
import stringWidth from 'string-width';
import {pagerCommand, readCommand} from '../source/commands/read.js';
import type {CommandContext, Flags} from '../source/commands/context.js';
import type {FeedSnapshot, Post, PostContent} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {getPaths} from '../source/store/paths.js';
import {openMarks} from '../source/store/marks.js';
import {writeStarred} from '../source/store/stars.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';
import {defaultFlags} from './helpers/flags.js';

chalk.level = 3;

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'articles');
const feedUrl = 'https://thedriven.example/feed/';

function post(id: string, title: string, extra: Partial<Post> = {}): Post {
	return {
		id,
		guid: `https://thedriven.example/?p=${id}`,
		title,
		link: `https://thedriven.example/2026/11/20/${id}/`,
		author: 'Jo Citizen',
		published: '2026-11-20T10:00:00.000Z',
		updated: null,
		categories: ['Batteries', 'Grid'],
		summary: 'A short summary.',
		image: null,
		enclosures: [],
		feed: {title: 'The Driven Example', url: feedUrl},
		...extra,
	};
}

function setup(): TempEnv {
	const temporary = makeTempEnv();
	const posts = [
		post('battery01', 'A new grid battery'),
		post('hostile02', 'Hostile \u202Epost'),
		post('nobody03', 'Summary only', {summary: 'Only a <summary> & no body [a](javascript:x)'}),
	];
	const snapshot: FeedSnapshot = {
		version: 1,
		url: feedUrl,
		title: 'The Driven Example',
		link: 'https://thedriven.example/',
		posts,
		validators: {},
		lastSuccess: '2026-11-20T10:05:00.000Z',
		lastError: null,
		nextAllowed: null,
		lastAttempt: '2026-11-20T10:05:00.000Z',
	};
	const content: Record<string, PostContent> = {
		battery01: {html: fs.readFileSync(path.join(fixtures, 'wordpress-post.html'), 'utf8'), base: posts[0]!.link!},
		hostile02: {html: fs.readFileSync(path.join(fixtures, 'hostile.html'), 'utf8'), base: posts[1]!.link!},
	};
	writeSnapshot(snapshot, content, getPaths(temporary.env).cache);
	return temporary;
}

const flags: Flags = defaultFlags;

class Sink extends Writable {
	chunks: string[] = [];
	isTTY?: boolean;
	columns?: number;
	rows?: number;

	override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
		this.chunks.push(String(chunk));
		callback();
	}

	get text(): string {
		return this.chunks.join('');
	}
}

function context(input: string[], env: NodeJS.ProcessEnv, options: {tty?: boolean; columns?: number; rows?: number; flags?: Partial<Flags>} = {}) {
	const stdout = new Sink();
	if (options.tty) {
		stdout.isTTY = true;
		stdout.columns = options.columns ?? 80;
		stdout.rows = options.rows ?? 1000;
	}

	const stderr = new Sink();
	const value: CommandContext = {input, flags: {...flags, ...options.flags}, io: {stdout, stderr, stdin: nodeProcess.stdin, env}};
	return {context: value, stdout, stderr};
}

const anyControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

test('piped: plain markdown with the title, metadata, body and numbered links (via the CLI)', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const result = await runCli(['read', 'battery01'], {env: temporary.env});
	t.is(result.code, 0, result.stderr);
	const lines = result.stdout.split('\n');
	t.is(lines[0], '# A new grid battery');
	t.regex(result.stdout, /^Jo Citizen · 2026-11-\d\d \d\d:\d\d · The Driven Example$/m);
	t.regex(result.stdout, /^Categories: Batteries, Grid$/m);
	t.regex(result.stdout, /^Link: https:\/\/thedriven\.example\/2026\/11\/20\/battery01\/$/m);
	t.true(result.stdout.includes('[latest grid battery](https://thedriven.example/2026/11/20/grid-batteries/)'));
	t.true(result.stdout.includes('## What it means for drivers'));
	t.regex(result.stdout, /^Links:$/m);
	t.regex(result.stdout, /^\[1] https:\/\/thedriven\.example\/2026\/11\/20\/grid-batteries\/$/m);
	t.regex(result.stdout, /^\[2] https:\/\/operator\.example\/news\/2026\/storage\?ref=feed&id=42$/m);
	t.false(result.stdout.includes('alert("x")'));
	t.notRegex(result.stdout.replaceAll('\n', ''), anyControl);
});

test('hostile content: no escape, no bidi, no dangerous link in the piped output', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const result = await runCli(['read', 'hostile02'], {env: temporary.env});
	t.is(result.code, 0, result.stderr);
	t.notRegex(result.stdout.replaceAll('\n', '').replaceAll('\t', ''), anyControl);
	t.notRegex(result.stdout, /[\u202A-\u202E\u2066-\u2069]/);
	t.notRegex(result.stdout, /javascript:|vbscript:|file:|data:text/i);
	t.true(result.stdout.includes('[1] https://evil.example/x'));
});

test('--json: one object with the post fields and the markdown content', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const result = await runCli(['read', 'battery01', '--json'], {env: temporary.env});
	t.is(result.code, 0, result.stderr);
	const object = JSON.parse(result.stdout) as Record<string, unknown>;
	t.deepEqual(Object.keys(object), ['id', 'guid', 'title', 'link', 'author', 'published', 'updated', 'categories', 'summary', 'image', 'enclosures', 'feed', 'read', 'starred', 'content']);
	t.is(object.id, 'battery01');
	t.false(object.read);
	t.is(object.title, 'A new grid battery');
	t.deepEqual(object.feed, {title: 'The Driven Example', url: feedUrl});
	t.is(typeof object.content, 'string');
	t.true((object.content as string).startsWith('The [latest grid battery](https://thedriven.example/2026/11/20/grid-batteries/)'));
	// A bidi override planted in the cache is removed again at output time (render-time sanitising).
	const hostile = await runCli(['read', 'hostile02', '--json'], {env: temporary.env});
	t.notRegex(hostile.stdout, /[\u202A-\u202E]|\\u202[a-e]/i);
	t.is((JSON.parse(hostile.stdout) as {title: string}).title, 'Hostile post');
});

test('a post without a body shows its summary, escaped', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const result = await runCli(['read', 'nobody03'], {env: temporary.env});
	t.is(result.code, 0, result.stderr);
	t.true(result.stdout.includes(String.raw`Only a \<summary> & no body \[a\](javascript:x)`));
	t.false(result.stdout.includes('Links:'));
});

test('an unknown id exits 1 with a one-line message', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const result = await runCli(['read', 'nope'], {env: temporary.env});
	t.is(result.code, 1);
	t.is(result.stdout, '');
	t.is(result.stderr, 'evnews: no post with id nope\n');
});

test('a missing id is a usage error (exit 2)', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const result = await runCli(['read'], {env: temporary.env});
	t.is(result.code, 2);
	t.regex(result.stderr, /^evnews: read needs a post id/);
	await t.throwsAsync(readCommand(context([], temporary.env).context), {name: 'UsageError'});
	await t.throwsAsync(readCommand(context(['a', 'b'], temporary.env).context), {name: 'UsageError'});
});

test('an empty cache: no post, exit 1', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {context: value, stderr} = context(['battery01'], temporary.env);
	t.is(await readCommand(value), 1);
	t.is(stderr.text, 'evnews: no post with id battery01\n');
});

test('a starred snapshot is found when the post has left the cache; an unstarred leftover is not', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {data} = getPaths(temporary.env);
	openMarks(data).star([{...post('gone04', 'Starred and gone'), html: '<p>Kept <a href="/k">here</a></p>', base: 'https://thedriven.example/x/'}]);
	writeStarred(data, post('left05', 'Snapshot without a star'), '2026-11-21T00:00:00.000Z');
	const leftover = context(['left05'], temporary.env);
	t.is(await readCommand(leftover.context), 1);
	const {context: value, stdout} = context(['gone04'], temporary.env);
	t.is(await readCommand(value), 0);
	t.true(stdout.text.startsWith('# Starred and gone\n'));
	t.true(stdout.text.includes('Kept [here](https://thedriven.example/k)'));
	t.true(stdout.text.includes('[1] https://thedriven.example/k'));
});

test('on a terminal: the rendered article at the terminal width, plain with NO_COLOR', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const {context: value, stdout} = context(['battery01'], temporary.env, {tty: true, columns: 60, rows: 1000});
	t.is(await readCommand(value), 0);
	const lines = stdout.text.trimEnd().split('\n');
	t.is(lines[0], 'A new grid battery');
	t.true(lines.includes('⇗ thedriven.example'));
	t.true(lines.every(line => stringWidth(line) <= 60));
	t.false(stdout.text.includes('\u001B'));
	t.true(stdout.text.replaceAll(/\s+/g, ' ').includes('latest grid battery [1]'));
	t.regex(stdout.text, /^\[1] https:\/\/thedriven\.example\/2026\/11\/20\/grid-batteries\/$/m);
});

test('on a terminal with colour: SGR styles only', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const env: NodeJS.ProcessEnv = {...temporary.env, FORCE_COLOR: '1'};
	delete env.NO_COLOR;
	const {context: value, stdout} = context(['hostile02'], env, {tty: true, columns: 70, rows: 1000});
	t.is(await readCommand(value), 0);
	t.regex(stdout.text, /\u001B\[1m/);
	t.notRegex(stdout.text, /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F-\u009F]|\u001B(?!\[[\d;]*m)/);
});

test('taller than the screen: the article goes through $PAGER, split into argv without a shell', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const out = path.join(temporary.dir, 'paged.txt');
	// `dd` reads the article from stdin and writes it to a file: a pager we can inspect.
	const env = {...temporary.env, PAGER: `dd of=${out} status=none`};
	const {context: value, stdout} = context(['battery01'], env, {tty: true, columns: 60, rows: 5});
	t.is(await readCommand(value), 0);
	t.is(stdout.text, '');
	const paged = fs.readFileSync(out, 'utf8');
	t.true(paged.startsWith('A new grid battery\n'));
	t.regex(paged, /\[1] https:\/\/thedriven\.example\/2026\/11\/20\/grid-batteries\//);
});

test('a pager that cannot start falls back to direct output', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const env = {...temporary.env, PAGER: path.join(temporary.dir, 'no-such-pager') + ' -R'};
	const {context: value, stdout} = context(['battery01'], env, {tty: true, columns: 60, rows: 5});
	t.is(await readCommand(value), 0);
	t.true(stdout.text.startsWith('A new grid battery\n'));
});

test('pagerCommand splits $PAGER on whitespace, default less -R', t => {
	t.deepEqual(pagerCommand({}), ['less', '-R']);
	t.deepEqual(pagerCommand({PAGER: '  '}), ['less', '-R']);
	t.deepEqual(pagerCommand({PAGER: 'most  -s\t-w'}), ['most', '-s', '-w']);
	t.deepEqual(pagerCommand({PAGER: 'less; rm -rf ~'}), ['less;', 'rm', '-rf', '~']);
});

test('showing an article marks it read; --json does not', async t => {
	const temporary = setup();
	t.teardown(temporary.cleanup);
	const readFlag = async () => (JSON.parse((await runCli(['read', 'battery01', '--json'], {env: temporary.env})).stdout) as {read: boolean}).read;
	t.false(await readFlag());
	t.false(await readFlag(), '--json leaves the mark alone');
	const shown = await runCli(['read', 'battery01'], {env: temporary.env});
	t.is(shown.code, 0, shown.stderr);
	t.true(await readFlag());
});
