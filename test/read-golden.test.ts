import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import type {FeedSnapshot, Post, PostContent} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {getPaths} from '../source/store/paths.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

// Golden `evnews read ID` markdown (piped) for code, tables, long URLs and enclosures, on the built binary.
// EVNEWS_UPDATE_GOLDEN=1 rewrites the files under test/fixtures/read-golden (then read the diff before committing).
const here = path.dirname(fileURLToPath(import.meta.url));
const articles = path.join(here, 'fixtures', 'articles');
const golden = path.join(here, 'fixtures', 'read-golden');
const feedUrl = 'https://golden.example/feed/';

function post(id: string, extra: Partial<Post> = {}): Post {
	return {
		id,
		guid: id,
		title: `Golden ${id}`,
		link: `https://golden.example/2026/11/${id}/`,
		author: 'Test Writer',
		published: '2026-11-25T22:30:00.000Z',
		updated: null,
		categories: ['Tests'],
		summary: `The ${id} post.`,
		image: null,
		enclosures: [],
		feed: {title: 'Golden Example', url: feedUrl},
		...extra,
	};
}

const cases: Array<{id: string; file: string; extra?: Partial<Post>}> = [
	{id: 'code', file: 'code-blocks.html'},
	{id: 'tables', file: 'tables.html'},
	{id: 'long-urls', file: 'long-urls.html'},
	{
		id: 'enclosures',
		file: 'podcast.html',
		extra: {
			enclosures: [
				{url: 'https://cdn.pod.example/episodes/ep42.mp3', type: 'audio/mpeg', length: 48_000_000, duration: 3733},
				{url: 'https://cdn.pod.example/episodes/ep42.mp4', type: 'video/mp4', length: 1_250_000_000, duration: 3733},
				{url: 'https://cdn.pod.example/episodes/ep42.pdf', type: null, length: null, duration: null},
			],
		},
	},
];

const temporary = makeTempEnv();
test.before(() => {
	const posts = cases.map(({id, extra}) => post(id, extra));
	const snapshot: FeedSnapshot = {
		version: 1, url: feedUrl, title: 'Golden Example', link: 'https://golden.example/', posts, validators: {},
		lastSuccess: null, lastError: null, nextAllowed: null, lastAttempt: null,
	};
	const content: Record<string, PostContent> = Object.fromEntries(cases.map(({id, file}) => [id, {html: fs.readFileSync(path.join(articles, file), 'utf8'), base: post(id).link!}]));
	writeSnapshot(snapshot, content, getPaths(temporary.env).cache);
});

test.after.always(() => {
	temporary.cleanup();
});

for (const {id} of cases) {
	test(`evnews read (piped) matches the golden markdown: ${id}`, async t => {
		const result = await runCli(['read', id], {env: {...temporary.env, TZ: 'UTC'}, timeoutMs: 120_000});
		t.is(result.code, 0, result.stderr);
		const file = path.join(golden, `${id}.md`);
		if (process.env.EVNEWS_UPDATE_GOLDEN === '1') {
			fs.writeFileSync(file, result.stdout);
		}

		t.is(result.stdout, fs.readFileSync(file, 'utf8'));
	});
}

test('control: a golden comparison fails on a changed byte', t => {
	const text = fs.readFileSync(path.join(golden, 'code.md'), 'utf8');
	t.not(text.replace('max_retries', String.raw`max\_retries`), text);
});

// Serial: ava runs serial tests first, so the config it writes is gone before the golden runs start.
test.serial('one date format: the timeZone preference moves the date in read and in the plain list alike', async t => {
	const {config, configFile} = getPaths(temporary.env);
	fs.mkdirSync(config, {recursive: true});
	const run = async (timeZone: string, args: string[]) => {
		fs.writeFileSync(configFile, JSON.stringify({timeZone, feeds: []}));
		const result = await runCli(args, {env: {...temporary.env, TZ: 'UTC'}, timeoutMs: 120_000});
		t.is(result.code, 0, result.stderr);
		return result.stdout;
	};

	const feed = path.join(here, 'fixtures', 'cli', 'ev-news.xml');
	t.regex(await run('Asia/Tokyo', ['read', 'code']), /^Test Writer · 2026-11-26 07:30 · Golden Example$/m);
	t.true((await run('Asia/Tokyo', ['--feed', feed, '--offline'])).startsWith('2026-11-26\t'));
	// Control: in UTC (the default, local, here) the same post is on the 25th.
	t.regex(await run('UTC', ['read', 'code']), /^Test Writer · 2026-11-25 22:30 · Golden Example$/m);
	t.true((await run('local', ['--feed', feed, '--offline'])).startsWith('2026-11-25\t'));
	fs.rmSync(configFile);
});
