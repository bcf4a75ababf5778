/**
WordPress wired into the CLI, against the fake WordPress (faults a real one cannot produce) and the built binary:
detection during `feeds add` and refresh with no extra request when nothing is due, kind and API state in `feeds`,
backfill by REST (100 posts, one request) and by `?paged=N`, backfilled posts kept by the next refresh and readable
offline, categories, site search, and the fallbacks (challenge, 429 + Retry-After, HTML for JSON, truncated JSON,
a cache that ignores `paged`).
*/
import fs from 'node:fs';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {readFeedState} from '../source/store/cache.js';
import {siteFile} from '../source/wordpress/site-cache.js';
import {fakeWordPress, type FakeOptions, type FakeWordPress} from './helpers/fake-wordpress.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

type Setup = {fake: FakeWordPress; env: NodeJS.ProcessEnv; cache: string; cli: (...args: string[]) => Promise<{code: number | null; stdout: string; stderr: string}>};

async function setup(t: ExecutionContext, options: FakeOptions = {}, add = true): Promise<Setup> {
	const fake = await fakeWordPress(options);
	t.teardown(async () => fake.close());
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const cli = async (...args: string[]) => runCli(args, {env: environment.env, timeoutMs: 120_000});
	if (add) {
		const added = await cli('feeds', 'add', fake.feedUrl);
		t.is(added.code, 0, added.stderr);
	}

	return {fake, env: environment.env, cache: path.join(environment.env.XDG_CACHE_HOME!, 'evnews'), cli};
}

type Row = {id: string; title: string; author: string | null};
const rows = (stdout: string) => JSON.parse(stdout) as Row[];

test('feeds add detects WordPress and checks the API once; --json then adds no request; a week later it re-checks', async t => {
	const {fake, cache, cli} = await setup(t);
	t.deepEqual(fake.requests.map(url => url.split('?')[0]), ['/feed/', '/wp-json/wp/v2/categories']);
	const listed = JSON.parse((await cli('feeds', '--json')).stdout) as Array<{url: string; kind: string; api: string}>;
	t.like(listed.find(row => row.url === fake.feedUrl), {kind: 'wordpress', api: 'ok'});
	fake.requests.length = 0;
	const json = await cli('--json', '--feed', fake.feedUrl);
	t.is(json.code, 0, json.stderr);
	t.deepEqual(fake.requests, ['/feed/']);
	// Control: with the API check a week old, the same run makes the categories request again.
	const file = siteFile(fake.feedUrl, cache);
	const site = JSON.parse(fs.readFileSync(file, 'utf8')) as {api: {checkedAt: string}};
	site.api.checkedAt = new Date(Date.now() - (8 * 86_400_000)).toISOString();
	fs.writeFileSync(file, JSON.stringify(site));
	fake.requests.length = 0;
	await cli('--json', '--feed', fake.feedUrl);
	t.deepEqual(fake.requests.map(url => url.split('?')[0]), ['/feed/', '/wp-json/wp/v2/categories']);
});

test('a feed that is not WordPress is shown by its format, with no API, and makes no REST request', async t => {
	const {fake, cli} = await setup(t, {}, false);
	// A plain RSS feed: no generator, no api.w.org Link.
	const plain = await import('node:http');
	const server = plain.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/rss+xml'});
		response.end('<rss version="2.0"><channel><title>Plain</title><link>http://x.example/</link><item><title>a</title><guid>a1</guid></item></channel></rss>');
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => {
		server.close();
	});
	const url = `http://127.0.0.1:${(server.address() as {port: number}).port}/rss`;
	t.is((await cli('feeds', 'add', url)).code, 0);
	const listed = JSON.parse((await cli('feeds', '--json')).stdout) as Array<{url: string; kind: string; api: string | null}>;
	t.like(listed.find(row => row.url === url), {kind: 'rss', api: null});
	t.is(fake.requests.length, 0);
});

test('backfill by REST: --limit 100 is one posts request; kept by the next refresh, offline, and not asked again', async t => {
	const {fake, cli} = await setup(t, {noFeedAuthors: true});
	fake.requests.length = 0;
	const filled = await cli('--json', '--feed', fake.feedUrl, '--limit', '100', '--fields', 'id,title,author');
	t.is(filled.code, 0, filled.stderr);
	t.is(rows(filled.stdout).length, 35);
	t.is(fake.count(/^\/wp-json\/wp\/v2\/posts\?/), 1);
	t.true(fake.requests.some(url => url.includes('per_page=100')));
	// Authors come from REST for the posts the feed gave without one.
	t.true(rows(filled.stdout).every(post => post.author?.startsWith('Author ')));
	// The next refresh of the main feed keeps them; offline still has them; the archive read to its end is not read again.
	fake.requests.length = 0;
	const again = await cli('--json', '--feed', fake.feedUrl, '--limit', '100', '--fields', 'id');
	t.is(rows(again.stdout).length, 35);
	t.deepEqual(fake.requests, ['/feed/']);
	const offline = await cli('--json', '--offline', '--fields', 'id,title');
	t.is(rows(offline.stdout).length, 35);
	const oldest = rows(offline.stdout).at(-1)!;
	t.is(oldest.title, 'Post 101');
	const read = await cli('read', oldest.id, '--offline');
	t.is(read.code, 0, read.stderr);
	t.regex(read.stdout, /Body of post 101/);
	t.notRegex(read.stdout, /alert/);
	// Control: a fresh cache without --limit has only the feed's 10.
	const {fake: other, cli: otherCli} = await setup(t);
	t.is(rows((await otherCli('--json', '--feed', other.feedUrl, '--fields', 'id')).stdout).length, 10);
});

test('one post, one id: a post from the feed and the same post from REST have one id and one read mark', async t => {
	const {fake, cli} = await setup(t);
	const before = rows((await cli('--json', '--fields', 'id,title')).stdout);
	t.is((await cli('mark-read', before[0]!.id)).code, 0);
	const after = JSON.parse((await cli('--json', '--feed', fake.feedUrl, '--limit', '35', '--fields', 'id,title,read')).stdout) as Array<Row & {read: boolean}>;
	t.is(after.length, 35);
	t.is(new Set(after.map(post => post.id)).size, 35);
	t.like(after.find(post => post.title === before[0]!.title), {id: before[0]!.id, read: true});
	t.is(after.filter(post => post.read).length, 1);
});

test('backfill by ?paged=N when REST is off: pages 2..4, then the 404 past the end; validators per page URL', async t => {
	const {fake, cache, cli} = await setup(t, {categories: 'off', postsMode: 'off'});
	const listed = JSON.parse((await cli('feeds', '--json')).stdout) as Array<{api: string}>;
	t.is(listed.at(-1)!.api, 'unavailable: HTTP 401 rest_not_logged_in');
	fake.requests.length = 0;
	const filled = await cli('--json', '--feed', fake.feedUrl, '--limit', '100', '--fields', 'id');
	t.is(rows(filled.stdout).length, 35);
	t.deepEqual(fake.requests.filter(url => url.includes('paged')), ['/feed/?paged=2', '/feed/?paged=3', '/feed/?paged=4', '/feed/?paged=5']);
	t.is(fake.count(/wp-json/), 0);
	// Every page has the same ETag: each is kept under its own URL, so page 2 is never answered with page 1's 304.
	const {validators} = (readFeedState(fake.feedUrl, cache)!);
	t.deepEqual(Object.keys(validators).toSorted(), [fake.feedUrl, `${fake.feedUrl}?paged=2`, `${fake.feedUrl}?paged=3`, `${fake.feedUrl}?paged=4`]);
	// Read to its end: the next run asks for no page.
	fake.requests.length = 0;
	await cli('--json', '--feed', fake.feedUrl, '--limit', '100');
	t.deepEqual(fake.requests, ['/feed/']);
});

test('a cache that ignores paged: the page that adds no new guid ends the backfill', async t => {
	const {fake, cli} = await setup(t, {categories: 'off', postsMode: 'off', paged: 'ignored'});
	fake.requests.length = 0;
	const filled = await cli('--json', '--feed', fake.feedUrl, '--limit', '100', '--fields', 'id');
	t.is(rows(filled.stdout).length, 10);
	t.deepEqual(fake.requests.filter(url => url.includes('paged')), ['/feed/?paged=2']);
});

test('a Cloudflare challenge: feed-only with its reason in feeds, ?paged backfill, and no REST request before its time', async t => {
	const {fake, cli} = await setup(t, {categories: 'challenge', postsMode: 'challenge'});
	const text = await cli('feeds');
	t.regex(text.stdout, /WordPress, API unavailable: Cloudflare challenge \(HTTP 403\) \(feed-only\)/);
	fake.requests.length = 0;
	const filled = await cli('--json', '--feed', fake.feedUrl, '--limit', '20', '--fields', 'id');
	t.is(rows(filled.stdout).length, 20);
	t.is(fake.count(/wp-json/), 0);
	t.is(fake.count(/paged=2/), 1);
	await cli('--json', '--feed', fake.feedUrl, '--category', 'Tesla');
	t.is(fake.count(/wp-json/), 0);
});

test('429 with Retry-After on the posts: no retry before its time; HTML for JSON and truncated JSON fall back to ?paged', async t => {
	const limited = await setup(t, {postsMode: 'rate-limited'});
	const first = await limited.cli('--json', '--feed', limited.fake.feedUrl, '--limit', '30', '--fields', 'id');
	t.regex(first.stderr, /older posts: rate limited \(HTTP 429\)/);
	t.is(rows(first.stdout).length, 10);
	limited.fake.requests.length = 0;
	const second = await limited.cli('--json', '--feed', limited.fake.feedUrl, '--limit', '30', '--fields', 'id');
	t.regex(second.stderr, /asked to wait until/);
	t.deepEqual(limited.fake.requests, ['/feed/']);
	for (const mode of ['html', 'truncated'] as const) {
		const {fake, cli} = await setup(t, {postsMode: mode});

		const run = await cli('--json', '--feed', fake.feedUrl, '--limit', '30', '--fields', 'id');
		t.is(rows(run.stdout).length, 30, mode);
		t.regex(run.stderr, mode === 'html' ? /HTML where JSON should be; feed-only mode/ : /invalid JSON \(truncated\?\); feed-only mode/);

		const listed = JSON.parse((await cli('feeds', '--json')).stdout) as Array<{api: string}>;
		t.regex(listed.at(-1)!.api, /^unavailable: /);
	}
});

test('--category on a WordPress feed returns the category\'s posts from the site; --search --site asks the site', async t => {
	const {fake, cli} = await setup(t);
	fake.requests.length = 0;
	const tesla = rows((await cli('--json', '--feed', fake.feedUrl, '--category', 'tesla', '--fields', 'id,title')).stdout);
	// 12 Tesla posts on the site, 4 of them in the feed's 10: the site's newest 10 come back.
	t.is(tesla.length, 10);
	t.true(fake.requests.some(url => url.startsWith('/wp-json/wp/v2/posts?categories=7&')));
	const found = rows((await cli('--json', '--feed', fake.feedUrl, '--search', '102', '--site', '--fields', 'id,title')).stdout);
	t.deepEqual(found.map(post => post.title), ['Post 102']);
	t.true(fake.requests.some(url => url.includes('search=102')));
	// Control: without --site only the cache is searched (it holds post 102 now, so this asks nothing of the site).
	fake.requests.length = 0;
	await cli('--json', '--feed', fake.feedUrl, '--search', '103');
	t.is(fake.count(/search=/), 0);
});

test('authors from REST when the feed has none: one request at feeds add, kept by later refreshes, never asked twice', async t => {
	const {fake, cli} = await setup(t, {noFeedAuthors: true});
	t.is(fake.count(/^\/wp-json\/wp\/v2\/posts\?include=/), 1);
	t.true(fake.requests.some(url => url.includes('_fields=id%2C_links.author%2C_embedded')));
	fake.requests.length = 0;
	const listed = rows((await cli('--json', '--feed', fake.feedUrl, '--fields', 'id,author')).stdout);
	t.is(listed.length, 10);
	t.true(listed.every(post => post.author?.startsWith('Author ')));
	t.deepEqual(fake.requests, ['/feed/']);
	// Control: a feed with its own authors asks for none.
	const withAuthors = await setup(t);
	t.is(withAuthors.fake.count(/include=/), 0);
});
