import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import {runCli} from './helpers/run-cli.js';
import {
	cli, goodItems, ids, type JsonPost as SecurityJsonPost, parsePosts, rss, rssType, withTemporary,
} from './helpers/security.js';
import {serveRoutes, serveRaw} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/cli/ev-news.xml');
const feedXml = fs.readFileSync(fixture, 'utf8');

type JsonPost = Record<string, unknown> & {title: string; categories: string[]; feed: {title: string; url: string}};

function parse(stdout: string): JsonPost[] {
	return JSON.parse(stdout) as JsonPost[];
}

test('--json prints the posts newest first with the documented default fields', async t => {
	const server = await serveRoutes({'/feed/': {headers: rssType, body: feedXml}});
	const temporary = makeTempEnv();
	try {
		const result = await runCli(['--json', '--feed', server.url('/feed/')], {env: temporary.env});
		t.is(result.code, 0, result.stderr);
		t.is(result.stderr, '');
		const posts = parse(result.stdout);
		t.is(posts.length, 3);
		t.deepEqual(Object.keys(posts[0]!), [
			'id', 'guid', 'title', 'link', 'author', 'published', 'updated', 'categories', 'summary', 'image', 'enclosures', 'feed', 'read', 'starred',
		]);
		t.is(posts[0]!.title, 'Fleet operator’s electric buses pass 10 million kilometres');
		t.is(posts[0]!.author, 'Priya Raman');
		t.is(posts[0]!.published, '2026-11-25T22:30:00.000Z');
		t.deepEqual(posts[0]!.categories, ['EV News', 'Electric Buses', 'Transport']);
		t.deepEqual(posts[0]!.feed, {title: 'Volt Dispatch', url: server.url('/feed/')});
		t.false(posts[0]!.read);
		t.false(posts[0]!.starred);
		t.is(posts[0]!.guid, 'https://volt.example/?p=90001');
		// Newest first: the +1000 item is 2026-11-23T00:00Z.
		t.deepEqual(
			posts.map(post => post.published),
			['2026-11-25T22:30:00.000Z', '2026-11-24T05:15:00.000Z', '2026-11-23T00:00:00.000Z'],
		);
		t.is(posts[2]!.image, 'https://volt.example/wp-content/uploads/2026/11/ute.jpg');
		t.regex(String(posts[0]!.id), /^[\w-]{6,24}$/);
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

test('ids are stable across runs and --jsonl prints one object per line', async t => {
	const server = await serveRoutes({'/feed/': {headers: rssType, body: feedXml}});
	const temporary = makeTempEnv();
	try {
		const first = parse((await runCli(['--json', '--feed', server.url('/feed/')], {env: temporary.env})).stdout);
		const lines = await runCli(['--jsonl', '--feed', server.url('/feed/')], {env: temporary.env});
		t.is(lines.code, 0, lines.stderr);
		const objects = lines.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as JsonPost);
		t.deepEqual(
			objects.map(post => post.id),
			first.map(post => post.id),
		);
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

test('--fields selects fields in order; content is markdown with scripts removed and links absolute', async t => {
	const server = await serveRoutes({'/feed/': {headers: rssType, body: feedXml}});
	const temporary = makeTempEnv();
	try {
		const result = await runCli(['--json', '--fields', 'title,content', '--limit', '1', '--feed', server.url('/feed/')], {
			env: temporary.env,
		});
		t.is(result.code, 0, result.stderr);
		const [post] = parse(result.stdout);
		t.deepEqual(Object.keys(post!), ['title', 'content']);
		const content = String(post!.content);
		t.true(content.includes('**electric buses**'));
		t.true(content.includes('](https://volt.example/charging/)'));
		t.false(content.includes('alert'));
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

test('an unknown field is a usage error that lists the valid ones', async t => {
	const temporary = makeTempEnv();
	try {
		const result = await runCli(['--json', '--fields', 'title,bogus', '--feed', fixture], {env: temporary.env});
		t.is(result.code, 2);
		t.regex(result.stderr, /unknown field bogus/);
		t.regex(result.stderr, /valid fields: id, guid, title/);
		t.is(result.stdout, '');
	} finally {
		temporary.cleanup();
	}
});

test('filters: --category is case-insensitive, --search looks in title, summary, author and categories, --limit', async t => {
	const temporary = makeTempEnv();
	try {
		const titles = async (...args: string[]) => {
			const result = await runCli(['--json', '--fields', 'title', '--feed', fixture, ...args], {env: temporary.env});
			t.is(result.code, 0, result.stderr);
			return parse(result.stdout).map(post => post.title);
		};

		t.is((await titles('--category', 'ev news')).length, 2);
		t.deepEqual(await titles('--search', 'REBATE'), ['Home battery rebate extended – what it means for you']);
		t.is((await titles('--search', 'tom whitfield')).length, 1);
		t.is((await titles('--search', 'electric buses')).length, 1);
		t.is((await titles('--limit', '2')).length, 2);
		const bad = await runCli(['--json', '--limit', 'many', '--feed', fixture], {env: temporary.env});
		t.is(bad.code, 2);
		t.regex(bad.stderr, /--limit takes a whole number/);
	} finally {
		temporary.cleanup();
	}
});

test('--feed takes a local file, a file: URL and - for stdin', async t => {
	const temporary = makeTempEnv();
	try {
		for (const args of [['--feed', fixture], ['--feed', pathToFileURL(fixture).href]]) {
			const result = await runCli(['--json', ...args], {env: temporary.env});
			t.is(result.code, 0, result.stderr);
			t.is(parse(result.stdout).length, 3);
		}

		const stdin = await runCli(['--json', '--feed', '-'], {env: temporary.env, input: feedXml});
		t.is(stdin.code, 0, stdin.stderr);
		t.is(parse(stdin.stdout).length, 3);
	} finally {
		temporary.cleanup();
	}
});

test('a failed feed gives exit 3 with cached posts and one line on stderr; the cache is untouched', async t => {
	let healthy = true;
	const server = await serveRoutes({
		'/feed/'(_request, response) {
			if (healthy) {
				response.writeHead(200, rssType).end(feedXml);
			} else {
				response.writeHead(500, {'content-type': 'text/plain'}).end('\u001B]0;pwned\u0007oops');
			}
		},
	});
	const temporary = makeTempEnv();
	try {
		const first = await runCli(['--json', '--feed', server.url('/feed/')], {env: temporary.env});
		t.is(first.code, 0, first.stderr);
		healthy = false;
		const second = await runCli(['--json', '--feed', server.url('/feed/')], {env: temporary.env});
		t.is(second.code, 3);
		t.is(parse(second.stdout).length, 3);
		const lines = second.stderr.trimEnd().split('\n');
		t.is(lines.length, 1, second.stderr);
		t.true(lines[0]!.includes(server.url('/feed/')));
		t.regex(lines[0]!, /HTTP 500/);
		t.notRegex(second.stderr, /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
		t.deepEqual(parse(second.stdout), parse(first.stdout));
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

test('nothing produced: exit 1, stdout still valid JSON, and --offline without a cache fails clearly', async t => {
	const server = await serveRaw(socket => {
		socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n');
	});
	const temporary = makeTempEnv();
	try {
		const failed = await runCli(['--json', '--feed', server.url('/missing')], {env: temporary.env});
		t.is(failed.code, 1);
		t.deepEqual(JSON.parse(failed.stdout), []);
		t.regex(failed.stderr, /HTTP 404/);

		const offline = await runCli(['--json', '--offline', '--feed', 'https://volt.example/feed/'], {env: temporary.env});
		t.is(offline.code, 1);
		t.deepEqual(JSON.parse(offline.stdout), []);
		t.regex(offline.stderr, /offline/);
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

test('--offline serves the cache without touching the network', async t => {
	const server = await serveRoutes({'/feed/': {headers: rssType, body: feedXml}});
	const temporary = makeTempEnv();
	try {
		t.is((await runCli(['--json', '--feed', server.url('/feed/')], {env: temporary.env})).code, 0);
		const before = server.requests.length;
		const offline = await runCli(['--json', '--offline', '--feed', server.url('/feed/')], {env: temporary.env});
		t.is(offline.code, 0, offline.stderr);
		t.is(parse(offline.stdout).length, 3);
		t.is(server.requests.length, before);
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

test('an unknown command and an unknown flag are usage errors', async t => {
	const temporary = makeTempEnv();
	try {
		const command = await runCli(['frobnicate'], {env: temporary.env});
		t.is(command.code, 2);
		t.regex(command.stderr, /unknown command "frobnicate"/);
		const flag = await runCli(['--json', '--frob'], {env: temporary.env});
		t.is(flag.code, 2);
	} finally {
		temporary.cleanup();
	}
});

test('without a TTY, evnews prints a plain list: date, title, link', async t => {
	const temporary = makeTempEnv();
	try {
		const result = await runCli(['--feed', fixture], {env: temporary.env});
		t.is(result.code, 0, result.stderr);
		const lines = result.stdout.trimEnd().split('\n');
		t.is(lines.length, 3);
		t.is(lines[0], '2026-11-25\tFleet operator’s electric buses pass 10 million kilometres\thttps://volt.example/2026/11/25/fleet-operators-electric-buses/');
	} finally {
		temporary.cleanup();
	}
});

test('--version prints the version in package.json (the User-Agent uses the same)', async t => {
	const packageJson = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
	const result = await runCli(['--version']);
	t.is(result.code, 0);
	t.is(result.stdout.trim(), packageJson.version);
	const {userAgent} = await import('../source/feed/fetch-feed.js');
	t.is(userAgent, `evnews/${packageJson.version}`);
});

test('--category also matches the folder a feed was imported into (as mark-read and unread do)', async t => {
	const server = await serveRoutes({'/feed/': {headers: rssType, body: feedXml}});
	const temporary = makeTempEnv();
	try {
		const configDirectory = path.join(temporary.env.XDG_CONFIG_HOME!, 'evnews');
		fs.mkdirSync(configDirectory, {recursive: true});
		fs.writeFileSync(path.join(configDirectory, 'config.json'), JSON.stringify({feeds: [{url: server.url('/feed/'), folder: 'Energy'}]}));
		const inFolder = await runCli(['--json', '--fields', 'title', '--category', 'energy'], {env: temporary.env});
		t.is(inFolder.code, 0, inFolder.stderr);
		t.is(parse(inFolder.stdout).length, 3);
		const byCategory = await runCli(['--json', '--fields', 'title', '--category', 'Policy'], {env: temporary.env});
		t.is(parse(byCategory.stdout).length, 1);
		const neither = await runCli(['--json', '--fields', 'title', '--category', 'Sport'], {env: temporary.env});
		t.deepEqual(parse(neither.stdout), []);
	} finally {
		temporary.cleanup();
		await server.close();
	}
});

// ---------------------------------------------------------------------------------------------------------------
// Checklist section I, --json (test/README.md).

test('item 83: partial failure: one valid JSON document (or valid JSONL) of the good posts, one error line per failed feed, exit 3', async t => {
	t.timeout(45_000);
	const server = await serveRoutes({
		'/good': {headers: rssType, body: rss(goodItems(3))},
		'/500': {status: 500, headers: {'content-type': 'text/html'}, body: '<h1>500</h1>'},
		'/html': {headers: {'content-type': 'text/html'}, body: '<html><body>not a feed</body></html>'},
		'/reset'(request) {
			request.socket.destroy();
		},
	});
	const gone = await serveRoutes({});
	const refused = gone.url('/feed');
	await gone.close();
	try {
		await withTemporary(async temporary => {
			const feeds = [...['/good', '/500', '/html', '/reset'].flatMap(name => ['--feed', server.url(name)]), '--feed', refused];
			const json = await cli(temporary, ['--json', ...feeds]);
			t.is(json.code, 3, json.stderr);
			t.deepEqual(ids(parsePosts(t, json)), ['p-1', 'p-2', 'p-3']);
			const lines = json.stderr.trim().split('\n');
			for (const source of ['/500', '/html', '/reset']) {
				t.is(lines.filter(line => line.includes(server.url(source) + ':')).length, 1, `${source}: ${json.stderr}`);
			}

			t.is(lines.filter(line => line.includes(refused)).length, 1, json.stderr);

			const jsonl = await cli(temporary, ['--jsonl', ...feeds]);
			t.is(jsonl.code, 3, jsonl.stderr);
			const objects = jsonl.stdout.trim().split('\n').map(line => JSON.parse(line) as SecurityJsonPost);
			t.deepEqual(ids(objects), ['p-1', 'p-2', 'p-3']);

			// All failed: still valid JSON, exit 1.
			const none = await cli(temporary, ['--json', '--feed', server.url('/500'), '--feed', refused]);
			t.is(none.code, 1, none.stderr);
			t.deepEqual(JSON.parse(none.stdout), []);
		});
	} finally {
		await server.close();
	}
});
