import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {FeedError} from '../source/feed/errors.js';
import {apiStateDue, classifyError, classifyResponse, describeApiState} from '../source/wordpress/api-state.js';
import {siteCategories} from '../source/wordpress/categories.js';
import {apiRootCandidates, apiRootFromLink, homeFromApiRoot, isWordPressFeed, restUrl} from '../source/wordpress/detect.js';
import {fetchPostsPage} from '../source/wordpress/posts.js';
import {restGet} from '../source/wordpress/rest-get.js';
import {siteFile} from '../source/wordpress/site-cache.js';
import {serveRoutes, type Route} from './helpers/servers.js';

const json = {'content-type': 'application/json; charset=UTF-8'};
const categoriesPath = '/wp-json/wp/v2/categories?per_page=100&hide_empty=true&_fields=id%2Cname%2Cslug%2Ccount%2Cparent';
const categoriesBody = JSON.stringify([{id: 2, name: 'EV News', slug: 'ev-news', count: 3, parent: 0}, {id: 7, name: 'Tesla &amp; co', slug: 'tesla', count: 1, parent: 2}]);

function cacheDirectory(t: {teardown(fn: () => void): void}): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-wp-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	return directory;
}

const headers = (map: Record<string, string>) => ({get: (name: string) => map[name.toLowerCase()] ?? null});

test('isWordPressFeed: RSS and Atom generators; a control feed is not WordPress', t => {
	t.true(isWordPressFeed('<rss><channel><title>x</title><generator>https://wordpress.org/?v=6.1.9</generator>'));
	t.true(isWordPressFeed('<feed><generator uri="https://wordpress.org/" version="6.1.9">WordPress</generator>'));
	t.false(isWordPressFeed('<rss><channel><generator>Hugo 0.120</generator>'));
	t.false(isWordPressFeed('<rss><channel><description>we moved from https://wordpress.org/ to Hugo</description>'));
});

test('apiRootFromLink and the API root candidates (Link, /wp-json/, ?rest_route=/)', t => {
	t.is(apiRootFromLink('<https://site.example/wp-json/>; rel="https://api.w.org/"', 'https://site.example/feed/'), 'https://site.example/wp-json/');
	t.is(apiRootFromLink('<https://site.example/wp-json/wp/v2/categories/2>; rel="alternate"; type="application/json", </index.php?rest_route=/>; rel="https://api.w.org/"', 'http://p.example/'), 'http://p.example/index.php?rest_route=/');
	t.is(apiRootFromLink('<https://site.example/wp-json/>; rel="alternate"', 'https://site.example/'), undefined);
	t.is(apiRootFromLink(null, 'https://site.example/'), undefined);
	t.deepEqual(apiRootCandidates('https://site.example/feed/'), ['https://site.example/wp-json/', 'https://site.example/?rest_route=/']);
	t.deepEqual(apiRootCandidates('https://site.example/feed/', 'https://api.site.example/wp-json/'), ['https://api.site.example/wp-json/', 'https://site.example/wp-json/', 'https://site.example/?rest_route=/']);
	t.is(restUrl('https://s.example/wp-json/', 'wp/v2/posts', {page: 2}), 'https://s.example/wp-json/wp/v2/posts?page=2');
	t.is(restUrl('https://s.example/index.php?rest_route=/', 'wp/v2/posts', {page: 2}), 'https://s.example/index.php?rest_route=%2Fwp%2Fv2%2Fposts&page=2');
	t.is(homeFromApiRoot('https://s.example/blog/wp-json/'), 'https://s.example/blog/');
	t.is(homeFromApiRoot('https://s.example/index.php?rest_route=/'), 'https://s.example/');
});

test('classifyResponse: each fallback reason of §7, and a control that is ok', t => {
	const response = (status: number, map: Record<string, string>, text: string) => ({status, headers: headers(map), contentType: map['content-type'] ?? '', text});
	t.like(classifyResponse(response(200, json, '[]')), {ok: true});
	t.like(classifyResponse(response(401, json, '{"code":"rest_not_logged_in","message":"x"}')), {ok: false, reason: 'HTTP 401 rest_not_logged_in', final: true});
	t.like(classifyResponse(response(403, json, '{"code":"rest_disabled"}')), {ok: false, reason: 'HTTP 403 rest_disabled', final: true});
	t.like(classifyResponse(response(404, json, '{"code":"rest_no_route"}')), {ok: false, final: false});
	t.like(classifyResponse(response(403, {'content-type': 'text/html', 'cf-mitigated': 'challenge'}, '<html>')), {ok: false, reason: 'Cloudflare challenge (HTTP 403)', final: true});
	t.like(classifyResponse(response(200, {'content-type': 'text/html; charset=UTF-8'}, '<!doctype html><html>')), {ok: false, reason: 'HTML where JSON should be', final: false});
	t.like(classifyResponse(response(200, json, '[{"id":1,')), {ok: false, reason: 'invalid JSON (truncated?)', final: true});
	t.like(classifyResponse(response(500, {'content-type': 'text/html'}, 'oops')), {ok: false, reason: 'HTTP 500', final: true});
});

test('apiStateDue: unknown now, ok weekly, unavailable hourly or at its Retry-After', t => {
	const now = Date.parse('2026-12-02T12:00:00Z');
	const at = (ms: number) => new Date(now - ms).toISOString();
	t.true(apiStateDue({state: 'unknown'}, now));
	t.false(apiStateDue({state: 'ok', root: 'x', checkedAt: at(6 * 86_400_000)}, now));
	t.true(apiStateDue({state: 'ok', root: 'x', checkedAt: at(7 * 86_400_000)}, now));
	t.false(apiStateDue({state: 'unavailable', reason: 'timeout', checkedAt: at(59 * 60_000)}, now));
	t.true(apiStateDue({state: 'unavailable', reason: 'timeout', checkedAt: at(61 * 60_000)}, now));
	t.false(apiStateDue({state: 'unavailable', reason: 'challenge', checkedAt: at(2 * 3_600_000), retryAt: new Date(now + 60_000).toISOString()}, now));
	t.is(describeApiState({state: 'unavailable', reason: 'timeout', checkedAt: at(0)}), 'unavailable: timeout');
});

async function categoriesAgainst(t: ExecutionContext, routes: Record<string, Route>) {
	const server = await serveRoutes(routes);
	t.teardown(async () => server.close());
	const directory = cacheDirectory(t);
	const result = await siteCategories(server.url('/feed/'), {cacheDirectory: directory});
	return {server, directory, result};
}

test('categories: one request on a small site, cached for a day (no request), names decoded', async t => {
	const {server, directory, result} = await categoriesAgainst(t, {[categoriesPath]: {headers: {...json, 'x-wp-totalpages': '1'}, body: categoriesBody}});
	t.like(result, {api: {state: 'ok', root: server.url('/wp-json/')}, requests: 1});
	t.deepEqual(result.categories.map(category => category.name), ['EV News', 'Tesla & co']);
	const again = await siteCategories(server.url('/feed/'), {cacheDirectory: directory});
	t.is(again.requests, 0);
	t.is(server.requests.length, 1);
	t.true(server.requests[0]!.headers['user-agent']?.startsWith('evnews/'));
	// Control: a day later it asks again.
	const later = await siteCategories(server.url('/feed/'), {cacheDirectory: directory, now: Date.now() + 86_400_001});
	t.is(later.requests, 1);
});

test('categories: X-WP-TotalPages is followed up to the cap', async t => {
	const page = (n: number) => ({headers: {...json, 'x-wp-totalpages': '9'}, body: JSON.stringify([{id: n, name: `C${n}`, slug: `c${n}`, count: 1, parent: 0}])});
	const routes: Record<string, Route> = {[categoriesPath]: page(1)};
	for (let n = 2; n <= 9; n++) {
		routes[`${categoriesPath}&page=${n}`] = page(n);
	}

	const {result} = await categoriesAgainst(t, routes);
	t.is(result.requests, 5);
	t.deepEqual(result.categories.map(category => category.id), [1, 2, 3, 4, 5]);
});

test('categories: plain permalinks (/wp-json/ is the HTML home page) fall back to ?rest_route=/', async t => {
	const {server, result} = await categoriesAgainst(t, {
		[categoriesPath]: {headers: {'content-type': 'text/html; charset=UTF-8'}, body: '<!doctype html><html><body>home</body></html>'},
		'/?rest_route=%2Fwp%2Fv2%2Fcategories&per_page=100&hide_empty=true&_fields=id%2Cname%2Cslug%2Ccount%2Cparent': {headers: json, body: categoriesBody},
	});
	t.like(result, {api: {state: 'ok', root: server.url('/?rest_route=/')}, requests: 2});
});

test('categories: a Cloudflare challenge makes the API unavailable and is not retried before its time', async t => {
	const {server, directory, result} = await categoriesAgainst(t, {
		[categoriesPath]: {status: 403, headers: {'content-type': 'text/html', 'cf-mitigated': 'challenge'}, body: '<html>Just a moment...</html>'},
	});
	t.like(result, {api: {state: 'unavailable', reason: 'Cloudflare challenge (HTTP 403)'}, categories: [], requests: 1});
	const again = await siteCategories(server.url('/feed/'), {cacheDirectory: directory});
	t.is(again.requests, 0);
	t.is(server.requests.length, 1);
	t.true(fs.existsSync(siteFile(server.url('/feed/'), directory)));
});

test('categories: 429 with Retry-After is honoured; a truncated JSON page is a named reason', async t => {
	const {result} = await categoriesAgainst(t, {[categoriesPath]: {status: 429, headers: {'retry-after': '7200'}, body: ''}});
	t.is(result.api.state, 'unavailable');
	t.regex(result.api.state === 'unavailable' ? result.api.reason : '', /^rate limited \(HTTP 429\), retry after /);
	t.true(result.api.state === 'unavailable' && Date.parse(result.api.retryAt!) > Date.now() + 3_600_000);
	const truncated = await categoriesAgainst(t, {[categoriesPath]: {headers: json, body: categoriesBody.slice(0, 40)}});
	t.like(truncated.result, {api: {state: 'unavailable', reason: 'invalid JSON (truncated?)'}});
});

test('categories: a corrupt site file is moved aside with a message', async t => {
	const server = await serveRoutes({[categoriesPath]: {headers: json, body: categoriesBody}});
	t.teardown(async () => server.close());
	const directory = cacheDirectory(t);
	const file = siteFile(server.url('/feed/'), directory);
	fs.mkdirSync(path.dirname(file), {recursive: true});
	fs.writeFileSync(file, '{"version":1,');
	const result = await siteCategories(server.url('/feed/'), {cacheDirectory: directory});
	t.regex(result.warnings[0] ?? '', /was corrupt; moved aside to .*\.corrupt-/);
	t.is(fs.readdirSync(path.dirname(file)).filter(name => name.includes('.corrupt-')).length, 1);
	t.is(result.categories.length, 2);
});

test('posts: HTML instead of JSON and rest_post_invalid_page_number', async t => {
	const end = await serveRoutes({
		'/wp-json/wp/v2/posts?per_page=100&page=9&_fields=id%2Cdate_gmt%2Cmodified_gmt%2Clink%2Ctitle%2Cexcerpt%2Ccontent%2Cauthor%2Ccategories%2C_links.author%2C_embedded&_embed=author': {
			status: 400, headers: json, body: '{"code":"rest_post_invalid_page_number","message":"x","data":{"status":400}}',
		},
		'/wp-json/wp/v2/posts?per_page=100&page=1&_fields=id%2Cdate_gmt%2Cmodified_gmt%2Clink%2Ctitle%2Cexcerpt%2Ccontent%2Cauthor%2Ccategories%2C_links.author%2C_embedded&_embed=author': {
			headers: {'content-type': 'text/html'}, body: '<!doctype html><html>',
		},
	});
	t.teardown(async () => end.close());
	t.deepEqual(await fetchPostsPage({root: end.url('/wp-json/'), feedUrl: end.url('/feed/'), page: 9}), {posts: [], page: 9, totalPages: 8, done: true});
	t.deepEqual(await fetchPostsPage({root: end.url('/wp-json/'), feedUrl: end.url('/feed/')}), {error: 'HTML where JSON should be'});
	// Control: a route the server does not have is a plain 404, not the end of the list.
	t.deepEqual(await fetchPostsPage({root: end.url('/other/wp-json/'), feedUrl: end.url('/feed/')}), {error: 'HTTP 404'});
});

test('a REST call that never answers is a timeout (the API state reason), under its deadline', async t => {
	const server = await serveRoutes({'/wp-json/slow'() {/* Never answers. */}, '/wp-json/fast': {headers: json, body: '[]'}});
	t.teardown(async () => server.close());
	const error = await t.throwsAsync(restGet(server.url('/wp-json/slow'), {deadlineMs: 300}), {instanceOf: FeedError});
	t.is(error?.code, 'timeout');
	t.like(classifyError(error), {reason: 'timeout', final: true});
	// Control: a route that answers is not a timeout (default deadline, so a busy machine cannot flake it).
	t.is((await restGet(server.url('/wp-json/fast'))).status, 200);
});

test('REST calls keep to 2 at a time per host (the feeds\' cap), whatever the number asked at once', async t => {
	let inFlight = 0;
	let most = 0;
	const slow: Route = (_request, response) => {
		inFlight++;
		most = Math.max(most, inFlight);
		setTimeout(() => {
			inFlight--;
			response.writeHead(200, json);
			response.end('[]');
		}, 150);
	};

	const server = await serveRoutes({'/wp-json/a': slow});
	t.teardown(async () => server.close());
	await Promise.all(Array.from({length: 6}, async () => restGet(server.url('/wp-json/a'))));
	t.is(server.requests.length, 6);
	t.is(most, 2);
	// Control: the server itself takes more at once when asked directly (so the cap above is evnews's).
	most = 0;
	await Promise.all(Array.from({length: 4}, async () => fetch(server.url('/wp-json/a')).then(async response => response.text())));
	t.true(most > 2);
});
