/*
Checklist section E, HTTP (/work/shared/docs/security-checklist.md; the table is in test/README.md): decompression
bombs, slow drips, redirects and conditional GET, at the module level and through the built CLI with its cache.
Real loopback servers, real temp XDG folders.
*/
import type http from 'node:http';
import zlib from 'node:zlib';
import test from 'ava';
import {fetchFeed} from '../source/feed/fetch-feed.js';
import {cli, expectFeedError, goodItems, ids, parsePosts, rss, rssType, switchable, withTemporary} from './helpers/security.js';
import {serveRaw, serveRoutes} from './helpers/servers.js';
import {waitFor} from './helpers/wait-for.js';

const bombSize = 24 * 1024 * 1024;
let bombs: {gzip: Buffer; deflate: Buffer; br: Buffer} | undefined;
function getBombs() {
	if (!bombs) {
		const zeros = Buffer.alloc(bombSize);
		bombs = {
			gzip: zlib.gzipSync(zeros, {level: 9}),
			deflate: zlib.deflateSync(zeros, {level: 9}),
			br: zlib.brotliCompressSync(zeros, {params: {[zlib.constants.BROTLI_PARAM_QUALITY]: 5}}),
		};
	}

	return bombs;
}

test('item 50: gzip, deflate and brotli bombs stop at the decoded-size cap with a named error, and keep the posts', async t => {
	t.timeout(45_000);
	const {gzip, deflate, br} = getBombs();
	const chunked = (data: Buffer, coding: string) => (_request: http.IncomingMessage, response: http.ServerResponse) => {
		// No Content-Length: the size is only known by decoding.
		response.writeHead(200, {'content-type': 'application/rss+xml', 'content-encoding': coding, 'transfer-encoding': 'chunked'});
		response.end(data);
	};

	const feed = switchable({headers: rssType, body: rss(goodItems(3))});
	const server = await serveRoutes({
		'/gzip': {headers: {'content-type': 'application/rss+xml', 'content-encoding': 'gzip'}, body: gzip},
		'/deflate': {headers: {'content-type': 'application/rss+xml', 'content-encoding': 'deflate'}, body: deflate},
		'/br': {headers: {'content-type': 'application/rss+xml', 'content-encoding': 'br'}, body: br},
		'/gzip-chunked': chunked(gzip, 'gzip'),
		'/feed': feed.route,
	});
	try {
		for (const name of ['gzip', 'deflate', 'br', 'gzip-chunked']) {
			await expectFeedError(t, fetchFeed(server.url(`/${name}`), {maxBytes: 1024 * 1024, deadlineMs: 15_000}), 'too-large', /decompress/);
		}

		// Through the CLI with the real default cap (10 MiB < 24 MiB): a named error, the cached posts kept.
		await withTemporary(async temporary => {
			const url = server.url('/feed');
			t.is(parsePosts(t, await cli(temporary, ['--json', '--feed', url])).length, 3);
			feed.state.headers = {'content-type': 'application/rss+xml', 'content-encoding': 'gzip'};
			feed.state.body = gzip;
			const result = await cli(temporary, ['--json', '--feed', url]);
			t.is(result.code, 3, result.stderr);
			t.is(parsePosts(t, result).length, 3);
			t.regex(result.stderr, /over 10 MB after decompression/);
		});
	} finally {
		await server.close();
	}
});

test('item 54: a slow-drip body (and slow-drip headers) hits the overall deadline and the connection is closed', async t => {
	t.timeout(30_000);
	let open = 0;
	const server = await serveRaw((socket, head) => {
		open++;
		const headers = head.includes('/headers');
		socket.write(headers ? 'HTTP/1.1 200 OK\r\n' : 'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nTransfer-Encoding: chunked\r\n\r\n');
		const timer = setInterval(() => {
			if (socket.destroyed) {
				clearInterval(timer);
				return;
			}

			// One byte per 100 ms: always under any idle timeout.
			socket.write(headers ? 'X' : '1\r\n<\r\n');
		}, 100);
		socket.on('close', () => {
			clearInterval(timer);
			open--;
		});
	});
	try {
		await expectFeedError(t, fetchFeed(server.url('/body'), {deadlineMs: 1500, bodyIdleTimeoutMs: 10_000, headersTimeoutMs: 10_000}), 'timeout', /1\.5 s/);
		await expectFeedError(t, fetchFeed(server.url('/headers'), {deadlineMs: 1500, bodyIdleTimeoutMs: 10_000, headersTimeoutMs: 10_000}), 'timeout');
		// The aborted requests released their sockets (no trickle keeps a connection alive).
		await waitFor(() => open === 0, {timeoutMs: 10_000, describe: () => `${open} connection(s) still open`});
		t.is(open, 0);
	} finally {
		await server.close();
	}
});

test('item 57: redirect loops, long chains and non-http(s) targets are refused with named errors; at most 5 hops', async t => {
	t.timeout(40_000);
	const routes: Record<string, {status: number; headers: Record<string, string>}> = {
		'/loop-a': {status: 302, headers: {location: '/loop-b'}},
		'/loop-b': {status: 301, headers: {location: '/loop-a'}},
		'/self': {status: 307, headers: {location: '/self'}},
		'/file': {status: 302, headers: {location: 'file:///etc/passwd'}},
		'/js': {status: 302, headers: {location: 'javascript:alert(1)'}},
		'/data': {status: 302, headers: {location: 'data:application/rss+xml,<rss/>'}},
		'/ftp': {status: 301, headers: {location: 'ftp://ev.example/feed'}},
	};
	for (let index = 0; index < 25; index++) {
		routes[`/chain/${index}`] = {status: 302, headers: {location: `/chain/${index + 1}`}};
	}

	let fragment = 0;
	const server = await serveRoutes({
		...routes,
		'/chain/25': {headers: rssType, body: rss(goodItems(1))},
		// A loop the href set cannot see: the fragment changes on every hop (the server never sees it).
		'/frag'(_request, response) {
			response.writeHead(302, {location: `/frag#${++fragment}`});
			response.end();
		},
		'/five/0': {status: 302, headers: {location: '/five/1'}},
		'/five/1': {status: 302, headers: {location: '/five/2'}},
		'/five/2': {status: 302, headers: {location: '/five/3'}},
		'/five/3': {status: 302, headers: {location: '/five/4'}},
		'/five/4': {status: 302, headers: {location: '/five/5'}},
		'/five/5': {headers: rssType, body: rss(goodItems(1))},
	});
	const count = (prefix: string) => server.requests.filter(request => request.path.startsWith(prefix)).length;
	try {
		await expectFeedError(t, fetchFeed(server.url('/loop-a')), 'redirect-loop');
		await expectFeedError(t, fetchFeed(server.url('/self')), 'redirect-loop');
		await expectFeedError(t, fetchFeed(server.url('/chain/0')), 'too-many-redirects');
		t.true(count('/chain/') <= 6, `followed ${count('/chain/')} hops of a 25-redirect chain`);
		for (const name of ['file', 'js', 'data', 'ftp']) {
			await expectFeedError(t, fetchFeed(server.url(`/${name}`)), 'bad-url');
		}

		await expectFeedError(t, fetchFeed(server.url('/frag')), 'too-many-redirects');
		t.true(count('/frag') <= 6, `followed ${count('/frag')} hops of a fragment loop`);
		const five = await fetchFeed(server.url('/five/0'));
		t.is(five.status, 'ok');
		t.is(five.finalUrl, server.url('/five/5'));

		await withTemporary(async temporary => {
			const result = await cli(temporary, ['--json', ...['/loop-a', '/chain/0', '/file', '/js'].flatMap(name => ['--feed', server.url(name)])]);
			t.is(result.code, 1, result.stderr);
			t.deepEqual(JSON.parse(result.stdout), []);
			t.regex(result.stderr, /redirect loop/);
			t.regex(result.stderr, /too many redirects/);
			t.is((result.stderr.match(/non-http\(s\)/g) ?? []).length, 2, result.stderr);
			t.false(result.stderr.includes('/etc/passwd'), 'the local path from the Location is echoed');
		});
	} finally {
		await server.close();
	}
});

test('item 60: conditional GET: validators stored only after a successful parse, never cleared by errors; 304 never prunes', async t => {
	t.timeout(45_000);
	const feed = switchable({headers: {...rssType, etag: '"v1"', 'last-modified': 'Wed, 25 Nov 2026 20:00:00 GMT'}, body: rss(goodItems(3))});
	const server = await serveRoutes({'/feed': feed.route, '/fresh': {status: 304, headers: {etag: '"x"'}}});
	const sent = () => server.requests.at(-1)!.headers;
	try {
		await withTemporary(async temporary => {
			const url = server.url('/feed');
			const run = async () => cli(temporary, ['--json', '--feed', url]);
			const first = await run();
			t.is(first.code, 0, first.stderr);
			t.is(parsePosts(t, first).length, 3);
			t.is(sent()['if-none-match'], undefined);

			// 200 with a new ETag but a body that does not parse: an error; the old validators stay.
			feed.state.headers = {...rssType, etag: '"v2"', 'last-modified': 'Thu, 26 Nov 2026 01:00:00 GMT'};
			feed.state.body = '<html><body>maintenance</body></html>';
			const broken = await run();
			t.is(sent()['if-none-match'], '"v1"');
			t.is(sent()['if-modified-since'], 'Wed, 25 Nov 2026 20:00:00 GMT');
			t.is(broken.code, 3, broken.stderr);
			t.is(parsePosts(t, broken).length, 3);

			// A 500 with yet another ETag: same.
			feed.state.status = 500;
			feed.state.headers = {etag: '"v3"'};
			feed.state.body = 'oops';
			const failed = await run();
			t.is(sent()['if-none-match'], '"v1"', 'validators from an unparseable 200 were stored');
			t.is(failed.code, 3, failed.stderr);
			t.is(parsePosts(t, failed).length, 3);

			// 304: success, no change, nothing pruned.
			feed.state.status = 304;
			feed.state.headers = {etag: '"v1"'};
			feed.state.body = '';
			const notModified = await run();
			t.is(sent()['if-none-match'], '"v1"', 'validators from a 500 were stored');
			t.is(notModified.code, 0, notModified.stderr);
			t.deepEqual(ids(parsePosts(t, notModified)), ['p-1', 'p-2', 'p-3']);

			// A good new copy with 2 posts replaces the old one and its validators are used from then on.
			feed.state.status = 200;
			feed.state.headers = {...rssType, etag: '"v5"'};
			feed.state.body = rss(goodItems(2));
			const replaced = await run();
			t.is(sent()['if-none-match'], '"v1"');
			t.is(replaced.code, 0, replaced.stderr);
			t.deepEqual(ids(parsePosts(t, replaced)), ['p-1', 'p-2']);
			feed.state.status = 304;
			feed.state.headers = {etag: '"v5"'};
			feed.state.body = '';
			const after = await run();
			t.is(sent()['if-none-match'], '"v5"');
			t.deepEqual(ids(parsePosts(t, after)), ['p-1', 'p-2']);

			// A 304 with nothing cached is an error, not an empty success.
			const orphan = await cli(temporary, ['--json', '--feed', server.url('/fresh')]);
			t.is(orphan.code, 1, orphan.stderr);
			t.deepEqual(JSON.parse(orphan.stdout), []);
			await cli(temporary, ['--json', '--feed', server.url('/fresh')]);
			t.is(sent()['if-none-match'], undefined, 'validators of a 304 with nothing cached were stored');
		});
	} finally {
		await server.close();
	}
});
