/**
Issue 11 §8: feed fetches and WordPress REST calls share one per-host cap and one Retry-After per host.
Real servers on loopback, the real transport; each check has a control that shows it can fail.
*/
import path from 'node:path';
import type http from 'node:http';
import test from 'ava';
import {createLimiter, hostLimiter} from '../source/feed/limiter.js';
import {fetchFeed} from '../source/feed/fetch-feed.js';
import {FeedError} from '../source/feed/errors.js';
import {limits} from '../source/feed/limits.js';
import {refreshFeeds} from '../source/refresh/refresh.js';
import {restGet} from '../source/wordpress/rest-get.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {serveRoutes} from './helpers/servers.js';

const rss = (guid: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://ev.example/</link><item><title>${guid}</title><guid>${guid}</guid></item></channel></rss>`;

/** A server whose answers wait until `target` requests are in flight (then 50 ms more, for any extra to arrive) or 3 s, counting the maximum. */
async function holdingServer(target: number) {
	let inFlight = 0;
	let maxInFlight = 0;
	const held: Array<() => void> = [];
	const answer = (response: http.ServerResponse, type: string, body: string) => {
		inFlight++;
		maxInFlight = Math.max(maxInFlight, inFlight);
		const release = () => {
			inFlight--;
			response.writeHead(200, {'content-type': type});
			response.end(body);
		};

		held.push(release);
		const releaseAll = () => {
			for (const each of held.splice(0)) {
				each();
			}
		};

		if (inFlight >= target) {
			setTimeout(releaseAll, 50);
		} else {
			setTimeout(releaseAll, 3000);
		}
	};

	const routes: Record<string, (request: http.IncomingMessage, response: http.ServerResponse) => void> = {};
	for (let index = 0; index < 4; index++) {
		routes[`/feed${index}`] = (_request, response) => {
			answer(response, 'application/rss+xml', rss(`g${index}`));
		};

		routes[`/wp-json/wp/v2/posts${index}`] = (_request, response) => {
			answer(response, 'application/json', '[]');
		};
	}

	const server = await serveRoutes(routes);
	return {server, max: () => maxInFlight};
}

test('feed fetches and REST calls to one host share its cap of 2 in flight', async t => {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const {server, max} = await holdingServer(limits.maxPerHost);
	t.teardown(server.close);
	const feeds = [0, 1, 2, 3].map(index => server.url(`/feed${index}`));
	await Promise.all([
		refreshFeeds(feeds, {cacheDirectory: path.join(environment.dir, 'cache')}),
		...[0, 1, 2, 3].map(async index => restGet(server.url(`/wp-json/wp/v2/posts${index}`))),
	]);
	t.is(max(), limits.maxPerHost);
});

test('control: two separate limiters let the same work reach past the cap', async t => {
	const {server, max} = await holdingServer(limits.maxPerHost);
	t.teardown(server.close);
	const feedLimiter = createLimiter();
	const restLimiter = createLimiter();
	const {host} = new URL(server.origin);
	await Promise.all([
		...[0, 1, 2, 3].map(async index => feedLimiter.run(host, async () => fetchFeed(server.url(`/feed${index}`)))),
		...[0, 1, 2, 3].map(async index => restLimiter.run(host, async () => fetchFeed(server.url(`/wp-json/wp/v2/posts${index}`)))),
	]);
	t.true(max() > limits.maxPerHost, String(max()));
});

test('a 429 on a feed holds REST calls and feeds of that host, with no request sent; another host is not held', async t => {
	const limited = await serveRoutes({
		'/feed': {status: 429, headers: {'retry-after': '600'}},
		'/wp-json/wp/v2/categories': {status: 200, headers: {'content-type': 'application/json'}, body: '[]'},
		'/other-feed': {status: 200, headers: {'content-type': 'application/rss+xml'}, body: rss('x')},
	});
	const free = await serveRoutes({'/feed': {status: 200, headers: {'content-type': 'application/rss+xml'}, body: rss('y')}});
	t.teardown(limited.close);
	t.teardown(free.close);

	const first = await t.throwsAsync(fetchFeed(limited.url('/feed')), {instanceOf: FeedError});
	t.is(first.code, 'rate-limited');
	const rest = await t.throwsAsync(restGet(limited.url('/wp-json/wp/v2/categories')), {instanceOf: FeedError});
	t.is(rest.code, 'rate-limited');
	t.regex(rest.message, /^rate limited by 127\.0\.0\.1:\d+, retry after \d{4}-/);
	const feed = await t.throwsAsync(fetchFeed(limited.url('/other-feed')), {instanceOf: FeedError});
	t.is(feed.code, 'rate-limited');
	t.deepEqual(limited.requests.map(request => request.path), ['/feed']);
	// Control: the other host still answers.
	const ok = await fetchFeed(free.url('/feed'));
	t.is(ok.status, 'ok');
	t.is(free.requests.length, 1);
});

test('a 429 on a REST call holds the feed of that host', async t => {
	const limited = await serveRoutes({
		'/wp-json/wp/v2/categories': {status: 429, headers: {'retry-after': '600'}},
		'/feed': {status: 200, headers: {'content-type': 'application/rss+xml'}, body: rss('z')},
	});
	t.teardown(limited.close);
	await t.throwsAsync(restGet(limited.url('/wp-json/wp/v2/categories')), {instanceOf: FeedError});
	const error = await t.throwsAsync(fetchFeed(limited.url('/feed')), {instanceOf: FeedError});
	t.is(error.code, 'rate-limited');
	t.is(limited.requests.length, 1);
});

test('a task nested in a slot of the same host uses that slot: it runs before a queued task, and never deadlocks', async t => {
	const limiter = createLimiter({maxPerHost: 1});
	const order: string[] = [];
	let open: () => void = () => {};
	const gate = new Promise<void>(resolve => {
		open = resolve;
	});
	const outer = limiter.run('site', async () => {
		await gate;
		await limiter.run('site', async () => {
			order.push('nested');
		});
		order.push('outer done');
	});
	// Queued from outside the slot: it waits for the outer task's slot.
	const queued = limiter.run('site', async () => {
		order.push('queued');
	});
	open();
	await Promise.all([outer, queued]);
	t.deepEqual(order, ['nested', 'outer done', 'queued']);
	// Control: outside any slot, the same call waits its turn behind the queue.
	const second: string[] = [];
	let release: () => void = () => {};
	const blocker = limiter.run('site', async () => new Promise<void>(resolve => {
		release = resolve;
	}));
	const waiting = limiter.run('site', async () => {
		second.push('waited');
	});
	second.push('before release');
	release();
	await Promise.all([blocker, waiting]);
	t.deepEqual(second, ['before release', 'waited']);
});

test('hostLimiter is one limiter for the process', t => {
	t.is(hostLimiter(), hostLimiter());
});
