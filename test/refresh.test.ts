import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pathToFileURL} from 'node:url';
import test from 'ava';
import {detached, refreshFeeds, type FeedOutcome, type RefreshOptions} from '../source/refresh/refresh.js';
import {readSource} from '../source/feed/read-source.js';
import {feedKey, readBody, readContent, readSnapshot} from '../source/store/cache.js';
import type {FeedErrorCode} from '../source/feed/errors.js';
import type {FeedSnapshot} from '../source/feed/types.js';
import {
	cli, goodItems, ids, parsePosts, rss as rssDocument, rssType, switchable, withTemporary,
} from './helpers/security.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {serveRoutes, type Route} from './helpers/servers.js';

type Item = {guid: string; title: string};

function rss(items: Item[], options: {title?: string; truncate?: boolean} = {}): string {
	const body = items.map(item => `<item><title>${item.title}</title><link>https://ev.example/${item.guid}</link><guid isPermaLink="false">${item.guid}</guid><pubDate>Wed, 25 Nov 2026 10:00:00 GMT</pubDate><description>About ${item.title}</description><content:encoded><![CDATA[<p>Body of ${item.title}</p>]]></content:encoded></item>`).join('');
	const text = `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${options.title ?? 'EV Test'}</title><link>https://ev.example/</link>${body}</channel></rss>`;
	// A cut in the middle of the last item, as a dropped connection leaves it.
	return options.truncate ? text.slice(0, text.lastIndexOf('<item>') + 40) : text;
}

const twoItems = [{guid: 'a1', title: 'Battery news'}, {guid: 'a2', title: 'Charging news'}];

function setup(t: {teardown(fn: () => void): void}) {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const cacheDirectory = path.join(environment.dir, 'cache');
	const files = (url: string) => {
		const base = path.join(cacheDirectory, 'feeds', feedKey(url));
		return {snapshot: base + '.posts.json', content: base + '.bodies.json'};
	};

	// Layout 2: posts, a state record and bodies by index; the bodies are compared as the map they hold.
	const read = (url: string) => ({
		snapshotBytes: fs.readFileSync(files(url).snapshot),
		contentBytes: Buffer.from(JSON.stringify(readContent(url, cacheDirectory).value)),
		snapshot: readSnapshot(url, cacheDirectory).value!,
	});

	const refresh = async (sources: string[], options: RefreshOptions = {}) => refreshFeeds(sources, {cacheDirectory, ...options});
	return {cacheDirectory, files, read, refresh};
}

/** A server whose /feed answers with whatever `state.route` is now. */
async function switchableServer(t: {teardown(fn: () => Promise<void>): void}, initial: Route) {
	const state = {route: initial};
	const server = await serveRoutes({
		'/feed'(request, response) {
			const {route} = state;
			if (typeof route === 'function') {
				route(request, response);
				return;
			}

			response.writeHead(route.status ?? 200, route.headers ?? {});
			response.end(route.body ?? '');
		},
	});
	t.teardown(server.close);
	return {server, state, url: server.url('/feed')};
}

function only(outcomes: FeedOutcome[]): FeedOutcome {
	if (outcomes.length !== 1) {
		throw new Error('expected one outcome');
	}

	return outcomes[0]!;
}

/** Everything but the error bookkeeping. */
function kept(snapshot: FeedSnapshot) {
	const {lastError: _error, lastAttempt: _attempt, nextAllowed: _next, ...rest} = snapshot;
	return rest;
}

test('fetched: slim posts in the snapshot, bodies in the content file, outcome in source order with onUpdate', async t => {
	const {refresh, read, cacheDirectory} = setup(t);
	const {url, server} = await switchableServer(t, {headers: {'content-type': 'application/rss+xml'}, body: rss(twoItems)});
	const updates: string[] = [];
	const outcomes = await refresh([url, 'ftp://example.com/feed'], {onUpdate(outcome) {
		updates.push(outcome.source);
	}});
	t.is(outcomes.length, 2);
	const [first, second] = outcomes;
	t.is(first!.status, 'fetched');
	t.is(first!.url, url);
	t.is(first!.snapshot!.title, 'EV Test');
	t.deepEqual(first!.snapshot!.posts.map(post => post.title), ['Battery news', 'Charging news']);
	t.false('html' in first!.snapshot!.posts[0]!);
	t.is(first!.content, undefined, 'written to the cache, the bodies are not held in the outcome');
	t.regex(readBody(url, first!.snapshot!.posts[0]!.id, cacheDirectory)!.html, /Body of Battery news/);
	t.is(second!.status, 'failed');
	t.is(second!.error!.code, 'bad-url');
	t.deepEqual([...updates].toSorted(), [url, 'ftp://example.com/feed'].toSorted());

	const disk = read(url);
	t.deepEqual(disk.snapshot.posts, first!.snapshot!.posts);
	t.is(disk.snapshot.lastError, null);
	t.truthy(disk.snapshot.lastSuccess);
	t.regex(disk.contentBytes.toString(), /Body of Charging news/);
	t.is(server.requests.length, 1);
});

test('conditional GET round trip: ETag and Last-Modified → 304 → cache reused, posts unchanged', async t => {
	const {refresh, read} = setup(t);
	const lastModified = 'Wed, 25 Nov 2026 10:00:00 GMT';
	const {url, server} = await switchableServer(t, (request, response) => {
		if (request.headers['if-none-match'] === '"rev-1"' && request.headers['if-modified-since'] === lastModified) {
			response.writeHead(304, {etag: '"rev-1"'});
			response.end();
			return;
		}

		response.writeHead(200, {'content-type': 'application/rss+xml', etag: '"rev-1"', 'last-modified': lastModified});
		response.end(rss(twoItems));
	});
	const first = only(await refresh([url]));
	t.is(first.status, 'fetched');
	const before = read(url);
	t.deepEqual(before.snapshot.validators, {etag: '"rev-1"', lastModified});

	const second = only(await refresh([url]));
	t.is(second.status, 'not-modified');
	t.is(server.requests.length, 2);
	t.is(server.requests[1]!.headers['if-none-match'], '"rev-1"');
	t.is(server.requests[1]!.headers['if-modified-since'], lastModified);
	t.deepEqual(second.snapshot!.posts, first.snapshot!.posts);
	const after = read(url);
	t.deepEqual(after.snapshot.posts, before.snapshot.posts);
	t.deepEqual(after.snapshot.validators, before.snapshot.validators);
	t.true(after.contentBytes.equals(before.contentBytes));
});

test('offline: the cache, or "offline and not cached"; no request either way', async t => {
	const {refresh} = setup(t);
	const {url, server} = await switchableServer(t, {body: rss(twoItems)});
	const missing = only(await refresh([url], {offline: true}));
	t.is(missing.status, 'failed');
	t.is(missing.error!.code, 'offline');
	t.is(missing.error!.message, 'offline and not cached');
	t.is(server.requests.length, 0);

	await refresh([url]);
	const cached = only(await refresh([url], {offline: true}));
	t.is(cached.status, 'offline-cache');
	t.is(cached.snapshot!.posts.length, 2);
	t.is(server.requests.length, 1);
});

test('maxAgeMs serves a fresh cache without a request; force fetches anyway', async t => {
	const {refresh} = setup(t);
	const {url, server} = await switchableServer(t, {body: rss(twoItems)});
	await refresh([url]);
	const fresh = only(await refresh([url], {maxAgeMs: 60_000}));
	t.is(fresh.status, 'fresh-cache');
	t.is(server.requests.length, 1);
	const forced = only(await refresh([url], {maxAgeMs: 60_000, force: true}));
	t.is(forced.status, 'fetched');
	t.is(server.requests.length, 2);
});

for (const [name, retryAfter] of [['delta-seconds', '3600'], ['an HTTP date', new Date(Date.now() + (2 * 60 * 60 * 1000)).toUTCString()]] as const) {
	test(`429 with Retry-After as ${name}: posts kept, and no request before that time`, async t => {
		const {refresh, read} = setup(t);
		const {url, server, state} = await switchableServer(t, {body: rss(twoItems)});
		await refresh([url]);
		const before = read(url);

		state.route = {status: 429, headers: {'retry-after': retryAfter}};
		const limited = only(await refresh([url]));
		t.is(limited.status, 'failed');
		t.is(limited.error!.code, 'rate-limited');
		t.truthy(limited.error!.retryAt);
		t.true(limited.error!.retryAt!.getTime() > Date.now() + (50 * 60 * 1000));
		t.deepEqual(limited.snapshot!.posts, before.snapshot.posts);
		const after = read(url);
		t.is(after.snapshot.nextAllowed, limited.error!.retryAt!.toISOString());
		t.deepEqual(kept(after.snapshot), kept(before.snapshot));
		t.true(after.contentBytes.equals(before.contentBytes));
		t.is(server.requests.length, 2);

		// Even forced, and even if the server would now answer: no request until nextAllowed.
		state.route = {body: rss([{guid: 'z', title: 'Too soon'}])};
		const again = only(await refresh([url], {force: true}));
		t.is(server.requests.length, 2);
		t.is(again.status, 'failed');
		t.is(again.error!.code, 'rate-limited');
		t.regex(again.error!.message, /^rate limited, retry after \d{4}-\d\d-\d\dT/);
		t.deepEqual(again.snapshot!.posts, before.snapshot.posts);
	});
}

test('503 with Retry-After is rate-limited too; no snapshot before → one is written to remember nextAllowed', async t => {
	const {refresh, cacheDirectory} = setup(t);
	const {url, server} = await switchableServer(t, {status: 503, headers: {'retry-after': '120'}});
	const outcome = only(await refresh([url]));
	t.is(outcome.error!.code, 'rate-limited');
	t.is(outcome.snapshot, undefined);
	const snapshot = readSnapshot(url, cacheDirectory).value!;
	t.is(snapshot.posts.length, 0);
	t.is(snapshot.lastSuccess, null);
	t.truthy(snapshot.nextAllowed);
	await refresh([url]);
	t.is(server.requests.length, 1);
	// Offline with only an error record is still "not cached".
	t.is(only(await refresh([url], {offline: true})).error!.code, 'offline');
});

const png = Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

const failures: Array<[string, Route, FeedErrorCode, RegExp]> = [
	['404', {status: 404, body: 'gone'}, 'http', /^HTTP 404$/],
	['500', {status: 500}, 'http', /^HTTP 500$/],
	['a slow drip past the deadline', (_request, response) => {
		response.writeHead(200);
		const timer = setInterval(() => {
			response.write(' ');
		}, 100);
		response.on('close', () => {
			clearInterval(timer);
		});
	}, 'timeout', /^timeout after 2 s$/],
	['an HTML page', {headers: {'content-type': 'text/html'}, body: '<!doctype html><html><head><title>EV</title></head><body>Hi</body></html>'}, 'not-a-feed', /^not a feed/],
	['a PNG image', {headers: {'content-type': 'image/png'}, body: png}, 'not-a-feed', /^not a feed \(a PNG image\)$/],
	['a PNG image served as XML', {headers: {'content-type': 'application/rss+xml'}, body: png}, 'not-a-feed', /^not a feed \(a PNG image\)$/],
	['a body over the limit', {body: rss(Array.from({length: 200}, (_, index) => ({guid: `g${index}`, title: `Item ${index}`})))}, 'too-large', /^response over 4 KB$/],
	['garbage', {body: 'hello, world'}, 'not-a-feed', /^not a feed/],
];

for (const [name, route, code, message] of failures) {
	test(`failure (${name}) keeps the previous cache: content byte-identical, posts and validators unchanged`, async t => {
		const {refresh, read} = setup(t);
		const {url, state} = await switchableServer(t, {headers: {etag: '"good"'}, body: rss(twoItems)});
		await refresh([url]);
		const before = read(url);

		state.route = route;
		const outcome = only(await refresh([url], {fetchOptions: {deadlineMs: 2000, maxBytes: 4096}}));
		t.is(outcome.status, 'failed');
		t.is(outcome.error!.code, code);
		t.regex(outcome.error!.message, message);
		t.deepEqual(outcome.snapshot!.posts, before.snapshot.posts);
		const after = read(url);
		t.true(after.contentBytes.equals(before.contentBytes), 'content file byte-identical');
		t.deepEqual(kept(after.snapshot), kept(before.snapshot));
		t.deepEqual(after.snapshot.validators, {etag: '"good"'});
		t.is(after.snapshot.lastError!.code, code);
		t.is(after.snapshot.nextAllowed, null);
	});
}

test('an HTML page that links its feed names it (resolved against the page URL after a redirect)', async t => {
	const {refresh} = setup(t);
	const server = await serveRoutes({
		'/blog': {status: 302, headers: {location: '/site/home'}},
		'/site/home': {headers: {'content-type': 'text/html; charset=utf-8'}, body: '<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="feed/"></head><body></body></html>'},
	});
	t.teardown(server.close);
	const outcome = only(await refresh([server.url('/blog')]));
	t.is(outcome.error!.code, 'not-a-feed');
	t.is(outcome.error!.feedUrl, server.url('/site/feed/'));
	t.true(outcome.error!.message.includes(server.url('/site/feed/')));
});

test('an empty feed (0 posts) never replaces the cached posts', async t => {
	const {refresh, read} = setup(t);
	const {url, state} = await switchableServer(t, {headers: {etag: '"one"'}, body: rss(twoItems)});
	await refresh([url]);
	const before = read(url);
	state.route = {headers: {etag: '"empty"'}, body: rss([])};
	const outcome = only(await refresh([url]));
	t.is(outcome.status, 'fetched');
	t.deepEqual(outcome.snapshot!.posts, before.snapshot.posts);
	t.true(outcome.warnings.some(warning => warning.includes('no posts')));
	const after = read(url);
	t.deepEqual(after.snapshot.posts, before.snapshot.posts);
	t.deepEqual(after.snapshot.validators, {etag: '"one"'}, 'the empty copy\'s validators are not stored');
	t.true(after.contentBytes.equals(before.contentBytes));
});

test('a truncated feed merges: new posts first, old ones kept, no duplicates', async t => {
	const {refresh, read} = setup(t);
	const {url, state} = await switchableServer(t, {headers: {etag: '"one"'}, body: rss(twoItems)});
	await refresh([url]);
	const newer = [{guid: 'a3', title: 'Newest news'}, {guid: 'a1', title: 'Battery news'}, {guid: 'a0', title: 'Cut off'}];
	state.route = {headers: {etag: '"two"'}, body: rss(newer, {truncate: true})};
	const outcome = only(await refresh([url]));
	t.is(outcome.status, 'fetched');
	const titles = outcome.snapshot!.posts.map(post => post.title);
	t.deepEqual(titles.slice(0, 3), ['Newest news', 'Battery news', 'Charging news']);
	t.is(new Set(outcome.snapshot!.posts.map(post => post.id)).size, titles.length);
	const after = read(url);
	t.deepEqual(after.snapshot.posts, outcome.snapshot!.posts);
	t.deepEqual(after.snapshot.validators, {etag: '"one"'});
	const content = JSON.parse(after.contentBytes.toString()) as Record<string, {html: string}>;
	for (const post of after.snapshot.posts) {
		t.truthy(content[post.id], post.title);
	}
});

test('a permanent redirect keeps the configured URL as the key and says where the feed went', async t => {
	const {refresh, files} = setup(t);
	const server = await serveRoutes({
		'/old': {status: 301, headers: {location: '/new'}},
		'/new': {body: rss(twoItems)},
	});
	t.teardown(server.close);
	const outcome = only(await refresh([server.url('/old')]));
	t.is(outcome.status, 'fetched');
	t.is(outcome.url, server.url('/old'));
	t.is(outcome.snapshot!.url, server.url('/old'));
	t.true(fs.existsSync(files(server.url('/old')).snapshot));
	t.true(outcome.warnings.some(warning => warning.includes(server.url('/new'))));
});

/**
Servers that hold every response until `target` requests are in flight at once (then 50 ms more, so that any excess
request would show), or for at most a second. Records the peak in flight, overall and per server.
*/
async function holdingServers(count: number, target: number) {
	let inFlight = 0;
	let maxInFlight = 0;
	const perServerMax: number[] = [];
	const held = new Set<() => void>();
	const releaseAll = () => {
		for (const release of held) {
			release();
		}
	};

	const servers = await Promise.all(Array.from({length: count}, async (_, index) => {
		let mine = 0;
		perServerMax[index] = 0;
		return serveRoutes(Object.fromEntries(Array.from({length: 6}, (_, feed) => [`/feed${feed}`, (_request: unknown, response: http.ServerResponse) => {
			inFlight++;
			mine++;
			maxInFlight = Math.max(maxInFlight, inFlight);
			perServerMax[index] = Math.max(perServerMax[index]!, mine);
			let done = false;
			const release = () => {
				if (done) {
					return;
				}

				done = true;
				held.delete(release);
				clearTimeout(fallback);
				inFlight--;
				mine--;
				response.end(rss([{guid: `${index}-${feed}`, title: `Feed ${feed}`}]));
			};

			// Responses are held until the limiter is full; the fallback only ends a run that never fills it
			// (a limiter that allows fewer), so a slow machine cannot make the maximum fall short by timing.
			const fallback = setTimeout(release, 8000);
			held.add(release);
			if (inFlight >= target) {
				setTimeout(releaseAll, 50);
			}
		}])));
	}));
	return {servers, stats: () => ({maxInFlight, perServerMax})};
}

test('concurrency: at most 2 in flight per host', async t => {
	const {refresh} = setup(t);
	const {servers, stats} = await holdingServers(1, 2);
	t.teardown(async () => Promise.all(servers.map(async server => server.close())));
	const sources = Array.from({length: 6}, (_, feed) => servers[0]!.url(`/feed${feed}`));
	const outcomes = await refresh(sources);
	t.true(outcomes.every(outcome => outcome.status === 'fetched'));
	t.is(stats().perServerMax[0], 2);
	t.deepEqual(outcomes.map(outcome => outcome.url), sources);
});

test('concurrency: at most 8 in flight overall', async t => {
	const {refresh} = setup(t);
	const {servers, stats} = await holdingServers(12, 8);
	t.teardown(async () => Promise.all(servers.map(async server => server.close())));
	const sources = servers.flatMap(server => [server.url('/feed0'), server.url('/feed1'), server.url('/feed2')]);
	const outcomes = await refresh(sources);
	t.is(outcomes.filter(outcome => outcome.status === 'fetched').length, 36);
	t.is(stats().maxInFlight, 8);
	t.true(stats().perServerMax.every(max => max <= 2));
});

test('abort: in-flight fetches stop, queued ones never start, nothing is written', async t => {
	const {refresh, files} = setup(t);
	const server = await serveRoutes(Object.fromEntries(Array.from({length: 4}, (_, index) => [`/hang${index}`, () => {
		// Never answer.
	}])));
	t.teardown(server.close);
	const controller = new AbortController();
	const sources = Array.from({length: 4}, (_, index) => server.url(`/hang${index}`));
	const pending = refresh(sources, {signal: controller.signal});
	const waitFor = async (condition: () => boolean) => {
		while (!condition()) {
			await new Promise(resolve => {
				setTimeout(resolve, 10);
			});
		}
	};

	await waitFor(() => server.requests.length === 2);
	controller.abort();
	const outcomes = await pending;
	t.true(outcomes.every(outcome => outcome.status === 'failed' && outcome.error!.message === 'cancelled'));
	t.is(server.requests.length, 2);
	for (const source of sources) {
		t.false(fs.existsSync(files(source).snapshot));
	}
});

test('local sources: a path, a file: URL and stdin are parsed directly and not cached', async t => {
	const {refresh, cacheDirectory} = setup(t);
	const directory = fs.mkdtempSync(path.join(path.dirname(cacheDirectory), 'local-'));
	const file = path.join(directory, 'feed.xml');
	fs.writeFileSync(file, rss(twoItems));
	const stdin = Readable.from([Buffer.from(rss([{guid: 's1', title: 'From stdin'}]))]);
	const outcomes = await refresh([file, pathToFileURL(file).href, '-', path.join(directory, 'missing.xml')], {stdin});
	const [byPath, byUrl, fromStdin, missing] = outcomes;
	t.is(byPath!.status, 'fetched');
	t.is(byPath!.url, pathToFileURL(file).href);
	t.deepEqual(byPath!.snapshot!.posts.map(post => post.title), ['Battery news', 'Charging news']);
	t.deepEqual(byUrl!.snapshot!.posts, byPath!.snapshot!.posts);
	t.deepEqual(fromStdin!.snapshot!.posts.map(post => post.title), ['From stdin']);
	t.is(missing!.error!.code, 'io');
	t.false(fs.existsSync(path.join(cacheDirectory, 'feeds')));
});

test('readSource: kinds, bad schemes, bounded stdin', async t => {
	t.deepEqual(await readSource('https://thedriven.io/feed/'), {kind: 'url', url: 'https://thedriven.io/feed/'});
	for (const bad of ['ftp://example.com/feed', 'javascript:alert(1)', 'data:text/xml,<rss/>', 'http://', 'file://remote.example/etc/passwd']) {
		const error = await readSource(bad).then(() => undefined, (error_: unknown) => error_ as {code: string});
		t.is(error?.code, 'bad-url', bad);
	}

	const big = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
	const error = await readSource('-', {stdin: big, maxBytes: 1000}).then(() => undefined, (error_: unknown) => error_ as {code: string; message: string});
	t.is(error?.code, 'too-large');
	t.is(error?.message, 'input over 1000 bytes');
});

// ---------------------------------------------------------------------------------------------------------------
// Checklist section H, feed semantics (test/README.md): through the built CLI and its cache.

test('item 81: 0 items with 200 OK (RSS, Atom, JSON Feed) keeps the stored posts and their validators', async t => {
	t.timeout(45_000);
	const empties: Array<[string, string, string]> = [
		['rss', 'application/rss+xml', rssDocument([])],
		['atom', 'application/atom+xml', '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:x</id><updated>2026-11-25T00:00:00Z</updated></feed>'],
		['json', 'application/feed+json', JSON.stringify({version: 'https://jsonfeed.org/version/1.1', title: 'J', items: []})],
	];
	const feeds = empties.map((_empty, index) => switchable({headers: {...rssType, etag: '"v1"'}, body: rssDocument(goodItems(3, `e${index}`))}));
	const server = await serveRoutes(Object.fromEntries(feeds.map((feed, index) => [`/feed/${index}`, feed.route])));
	const all = empties.flatMap((_empty, index) => [1, 2, 3].map(number => `e${index}-${number}`)).toSorted();
	try {
		await withTemporary(async temporary => {
			const args = ['--json', ...feeds.flatMap((_feed, index) => ['--feed', server.url(`/feed/${index}`)])];
			t.deepEqual(ids(parsePosts(t, await cli(temporary, args))), all);
			for (const [index, [label, type, body]] of empties.entries()) {
				feeds[index]!.state.headers = {'content-type': type, etag: `"empty-${label}"`};
				feeds[index]!.state.body = body;
			}

			const result = await cli(temporary, args);
			t.not(result.code, 1, result.stderr);
			t.deepEqual(ids(parsePosts(t, result)), all, 'stored posts were dropped');
			for (const [index, [label]] of empties.entries()) {
				const lines = result.stderr.split('\n').filter(line => line.includes(server.url(`/feed/${index}`) + ':'));
				t.true(lines.some(line => /no posts|0 posts|empty/i.test(line)), `${label}: not reported: ${result.stderr}`);
			}

			// The validators of an empty copy are not used.
			const before = server.requests.length;
			const again = await cli(temporary, args);
			t.deepEqual(server.requests.slice(before).map(request => request.headers['if-none-match']), empties.map(() => '"v1"'));
			t.deepEqual(ids(parsePosts(t, again)), all);

			const offline = await cli(temporary, [...args, '--offline']);
			const posts = parsePosts(t, offline);
			t.deepEqual(ids(posts), all);
			// The bodies survived too.
			const read = await cli(temporary, ['read', '--', posts.find(post => post.guid === 'e1-1')!.id]);
			t.regex(read.stdout, /Body of e1 1/);
		});
	} finally {
		await server.close();
	}
});

test('detached: the fetched posts are copied whole (their strings no longer slices of the feed text)', t => {
	const text = '<item><title>Cell prices fall</title></item>'.repeat(50);
	const post = {
		id: 'a1', guid: undefined, title: text.slice(13, 29), link: null, author: null, published: null, updated: null,
		categories: ['EV'], summary: '', image: null, enclosures: [], feed: {title: 'T', url: 'https://a.example/feed'},
	};
	const [copy] = detached([post]);
	t.deepEqual(copy, post);
	// Control: a copy, not the same objects.
	t.not(copy, post);
	t.not(copy!.categories, post.categories);
});
