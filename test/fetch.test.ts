import {execFileSync, spawn} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import process from 'node:process';
import zlib from 'node:zlib';
import test from 'ava';
import {FeedError} from '../source/feed/errors.js';
import {fetchFeed, type FetchOptions} from '../source/feed/fetch-feed.js';
import {parseRetryAfter} from '../source/feed/retry-after.js';
import {proxyFor} from '../source/feed/transport.js';
import {version} from '../source/version.js';
import {serveRaw, serveRoutes} from './helpers/servers.js';

const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';

async function fetchError(url: string, options?: FetchOptions): Promise<FeedError> {
	try {
		await fetchFeed(url, options);
	} catch (error) {
		if (error instanceof FeedError) {
			return error;
		}

		throw new Error(`not a FeedError: ${String(error)}`, {cause: error});
	}

	throw new Error('fetchFeed did not fail');
}

test('200: bytes, content type, validators, User-Agent and Accept-Encoding', async t => {
	const server = await serveRoutes({'/feed': {headers: {'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Wed, 25 Nov 2026 10:00:00 GMT'}, body: rss}});
	t.teardown(server.close);
	const result = await fetchFeed(server.url('/feed'));
	t.is(result.status, 'ok');
	if (result.status !== 'ok') {
		return;
	}

	t.is(Buffer.from(result.bytes).toString(), rss);
	t.is(result.contentType, 'application/rss+xml; charset=utf-8');
	t.deepEqual(result.validators, {etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT'});
	t.is(result.permanentRedirect, undefined);
	t.is(server.requests[0]!.headers['user-agent'], `evnews/${version}`);
	t.is(server.requests[0]!.headers['accept-encoding'], 'gzip, deflate, br');
	t.is(server.requests[0]!.headers['if-none-match'], undefined);
});

test('conditional GET: validators are sent, 304 is not-modified', async t => {
	const server = await serveRoutes({
		'/feed'(request, response) {
			if (request.headers['if-none-match'] === '"v1"') {
				response.writeHead(304, {etag: '"v1"'});
				response.end();
				return;
			}

			response.writeHead(200, {etag: '"v1"'});
			response.end(rss);
		},
	});
	t.teardown(server.close);
	const result = await fetchFeed(server.url('/feed'), {validators: {etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT'}});
	t.is(result.status, 'not-modified');
	t.deepEqual(result.validators, {etag: '"v1"', lastModified: 'Wed, 25 Nov 2026 10:00:00 GMT'});
	t.is(server.requests[0]!.headers['if-none-match'], '"v1"');
	t.is(server.requests[0]!.headers['if-modified-since'], 'Wed, 25 Nov 2026 10:00:00 GMT');
});

test('HTTP errors: 404, 500, 410, 503 without Retry-After', async t => {
	const server = await serveRoutes({
		'/500': {status: 500, body: 'oops'},
		'/410': {status: 410},
		'/503': {status: 503},
	});
	t.teardown(server.close);
	for (const [path, message] of [['/missing', 'HTTP 404'], ['/500', 'HTTP 500'], ['/410', 'gone (HTTP 410)'], ['/503', 'HTTP 503']] as const) {
		const error = await fetchError(server.url(path));
		t.is(error.code, 'http');
		t.is(error.message, message);
	}
});

test('429 with Retry-After delta-seconds → rate-limited with retryAt', async t => {
	const server = await serveRoutes({'/feed': {status: 429, headers: {'retry-after': '7200'}}});
	t.teardown(server.close);
	const before = Date.now();
	const error = await fetchError(server.url('/feed'));
	t.is(error.code, 'rate-limited');
	t.truthy(error.retryAt);
	const delay = error.retryAt!.getTime() - before;
	t.true(delay >= 7_199_000 && delay <= 7_260_000, String(delay));
	t.is(error.message, `rate limited (HTTP 429), retry after ${error.retryAt!.toISOString()}`);
});

test('429 with an HTTP-date Retry-After, and 503 with Retry-After', async t => {
	const when = new Date(Date.now() + (3 * 60 * 60 * 1000));
	// Two servers: a 429 holds its whole host (host-hold.ts), so the 503 must come from another one.
	const server = await serveRoutes({'/429': {status: 429, headers: {'retry-after': when.toUTCString()}}});
	const other = await serveRoutes({'/503': {status: 503, headers: {'retry-after': '300'}}});
	t.teardown(server.close);
	t.teardown(other.close);
	const a = await fetchError(server.url('/429'));
	t.is(a.code, 'rate-limited');
	t.true(Math.abs(a.retryAt!.getTime() - when.getTime()) < 2000);
	const b = await fetchError(other.url('/503'));
	t.is(b.code, 'rate-limited');
	t.regex(b.message, /^rate limited \(HTTP 503\), retry after \d{4}-/);
});

test('Retry-After is clamped; malformed, negative or missing → the minimum', t => {
	const now = new Date('2026-11-26T00:00:00Z');
	const at = (value: string | undefined) => parseRetryAfter(value, now).getTime() - now.getTime();
	t.is(at('120'), 120_000);
	t.is(at('5'), 60_000);
	t.is(at('999999999'), 48 * 60 * 60 * 1000);
	t.is(at('-5'), 60_000);
	t.is(at('soon'), 60_000);
	t.is(at(undefined), 60_000);
	t.is(at(''), 60_000);
	t.is(at('Thu, 26 Nov 2026 02:00:00 GMT'), 2 * 60 * 60 * 1000);
	t.is(at('Thu, 01 Jan 1970 00:00:00 GMT'), 60_000);
	t.is(at('Fri, 31 Dec 9999 23:59:59 GMT'), 48 * 60 * 60 * 1000);
});

test('slow drip (one byte every 200 ms) hits the overall deadline promptly', async t => {
	const server = await serveRoutes({
		'/drip'(_request, response) {
			response.writeHead(200, {'content-type': 'application/rss+xml'});
			const timer = setInterval(() => {
				response.write('x');
			}, 200);
			response.on('close', () => {
				clearInterval(timer);
			});
		},
	});
	t.teardown(server.close);
	const started = Date.now();
	const error = await fetchError(server.url('/drip'), {deadlineMs: 1000});
	t.is(error.code, 'timeout');
	t.is(error.message, 'timeout after 1 s');
	// Generous bound: the drip never ends, so only the deadline can stop it.
	t.true(Date.now() - started < 10_000);
});

test('headers never sent → headers timeout', async t => {
	const server = await serveRaw(() => {
		// Accept the request and say nothing.
	});
	t.teardown(server.close);
	const error = await fetchError(server.url('/feed'), {headersTimeoutMs: 300});
	t.is(error.code, 'timeout');
	t.is(error.message, 'timeout after 0.3 s waiting for response headers');
});

test('body stalls → body idle timeout', async t => {
	const server = await serveRaw(socket => {
		socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 1000\r\n\r\n<rss>');
	});
	t.teardown(server.close);
	const error = await fetchError(server.url('/feed'), {bodyIdleTimeoutMs: 300});
	t.is(error.code, 'timeout');
	t.is(error.message, 'timeout after 0.3 s without data');
});

test('a reset in the middle of the body has one classification whichever event fires first; a reset before the headers is a reset', async t => {
	const server = await serveRaw((socket, request) => {
		if (request.startsWith('GET /early')) {
			// Control: no response at all, so the reset is the only thing the client sees.
			socket.resetAndDestroy();
			return;
		}

		socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n<rss><channel>');
		// Immediately or a little later: the socket's reset and the response's 'aborted' race differently.
		const delay = Number(/GET \/feed(\d+)/.exec(request)?.[1] ?? 0) % 3 * 20;
		setTimeout(() => {
			socket.resetAndDestroy();
		}, delay);
	});
	t.teardown(server.close);
	const messages = new Set<string>();
	for (let index = 0; index < 12; index++) {
		const error = await fetchError(server.url(`/feed${index}`));
		t.is(error.code, 'network');
		messages.add(error.message);
	}

	t.deepEqual([...messages], ['connection closed before the response was complete']);
	const early = await fetchError(server.url('/early'));
	t.is(early.code, 'network');
	t.is(early.message, 'connection reset');
});

test('a close in the middle of the body, and a Content-Length that promises more than comes', async t => {
	const server = await serveRaw((socket, request) => {
		if (request.startsWith('GET /destroy')) {
			socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n<rss>');
			setTimeout(() => socket.destroy(), 50);
		} else {
			socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n<rss></rss>\n');
		}
	});
	t.teardown(server.close);
	const a = await fetchError(server.url('/destroy'));
	t.is(a.code, 'network');
	t.is(a.message, 'connection closed before the response was complete');
	const b = await fetchError(server.url('/short'));
	t.is(b.code, 'network');
	t.is(b.message, 'response shorter than its Content-Length');
});

test('a Content-Length shorter than the body truncates to the declared length', async t => {
	const server = await serveRaw(socket => {
		socket.end('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n<rss></rss>');
	});
	t.teardown(server.close);
	const result = await fetchFeed(server.url('/feed'));
	t.is(result.status, 'ok');
	t.is(result.status === 'ok' ? Buffer.from(result.bytes).toString() : '', '<rss>');
});

test('redirects: followed, permanent ones reported, a 302 on the way is not permanent', async t => {
	const server = await serveRoutes({
		'/old': {status: 301, headers: {location: '/older'}},
		'/older': {status: 308, headers: {location: '/feed'}},
		'/temp': {status: 302, headers: {location: '/old'}},
		'/feed': {body: rss},
	});
	t.teardown(server.close);
	const a = await fetchFeed(server.url('/old'));
	t.is(a.finalUrl, server.url('/feed'));
	t.is(a.status === 'ok' ? a.permanentRedirect : 'no', server.url('/feed'));
	const b = await fetchFeed(server.url('/temp'));
	t.is(b.finalUrl, server.url('/feed'));
	t.is(b.status === 'ok' ? b.permanentRedirect : 'no', undefined);
});

test('redirect loop, 6 redirects, 5 redirects', async t => {
	const routes: Record<string, {status: number; headers: Record<string, string>} | {body: string}> = {
		'/a': {status: 302, headers: {location: '/b'}},
		'/b': {status: 302, headers: {location: '/a'}},
		'/feed': {body: rss},
	};
	for (let index = 0; index < 6; index++) {
		routes[`/r${index}`] = {status: 302, headers: {location: index === 5 ? '/feed' : `/r${index + 1}`}};
	}

	const server = await serveRoutes(routes);
	t.teardown(server.close);
	const loop = await fetchError(server.url('/a'));
	t.is(loop.code, 'redirect-loop');
	t.is(loop.message, 'redirect loop');
	const six = await fetchError(server.url('/r0'));
	t.is(six.code, 'too-many-redirects');
	t.is(six.message, 'too many redirects (over 5)');
	const five = await fetchFeed(server.url('/r1'));
	t.is(five.status, 'ok');
});

test('redirect to file:///etc/passwd, to javascript:, and a garbage Location', async t => {
	const server = await serveRoutes({
		'/file': {status: 302, headers: {location: 'file:///etc/passwd'}},
		'/js': {status: 301, headers: {location: 'javascript:alert(1)'}},
		'/bad': {status: 302, headers: {location: 'http://[::1'}},
		'/none': {status: 302},
	});
	t.teardown(server.close);
	for (const path of ['/file', '/js']) {
		const error = await fetchError(server.url(path));
		t.is(error.code, 'bad-url');
		t.is(error.message, 'redirect to a non-http(s) URL');
	}

	t.is((await fetchError(server.url('/bad'))).code, 'bad-url');
	t.is((await fetchError(server.url('/none'))).message, 'HTTP 302 without a Location');
});

test('a non-http URL is refused before any request', async t => {
	t.is((await fetchError('file:///etc/passwd')).code, 'bad-url');
	t.is((await fetchError('not a url')).code, 'bad-url');
});

test('body over maxBytes: early on Content-Length, and while streaming a chunked body', async t => {
	const big = 'x'.repeat(5000);
	const server = await serveRoutes({
		'/declared': {body: big},
		'/chunked'(_request, response) {
			response.writeHead(200, {'content-type': 'application/rss+xml'});
			response.write(big.slice(0, 600));
			response.end(big.slice(600));
		},
	});
	t.teardown(server.close);
	const a = await fetchError(server.url('/declared'), {maxBytes: 1000});
	t.is(a.code, 'too-large');
	t.is(a.message, 'response over 1000 bytes');
	const b = await fetchError(server.url('/chunked'), {maxBytes: 1000});
	t.is(b.code, 'too-large');
	t.is(b.message, 'response over 1000 bytes');
	const ok = await fetchFeed(server.url('/chunked'), {maxBytes: 5000});
	t.is(ok.status === 'ok' ? ok.bytes.byteLength : 0, 5000);
});

test('the real default: a lying Content-Length of 11 MB is refused at once', async t => {
	let sockets = 0;
	const server = await serveRaw(socket => {
		sockets++;
		// Promise 11 MB, send a little, and hold the connection: only the header check can end this quickly.
		socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n<rss>`);
	});
	t.teardown(server.close);
	const error = await fetchError(server.url('/feed'), {bodyIdleTimeoutMs: 30_000});
	t.is(error.code, 'too-large');
	t.is(error.message, 'response over 10 MB');
	t.is(sockets, 1);
});

test('gzip bomb and brotli bomb stop at the decoded cap, and memory stays sane', async t => {
	// 100 MB and 200 MB of zeros; brotli at quality 1 keeps the test fast (38 KB; quality 11 gives 329 bytes in 12 s).
	const gzip = zlib.gzipSync(Buffer.alloc(100 * 1024 * 1024), {level: 9});
	const brotli = zlib.brotliCompressSync(Buffer.alloc(200 * 1024 * 1024), {params: {[zlib.constants.BROTLI_PARAM_QUALITY]: 1}});
	t.true(gzip.byteLength < 200_000 && brotli.byteLength < 100_000);
	const server = await serveRoutes({
		'/gzip': {headers: {'content-type': 'application/rss+xml', 'content-encoding': 'gzip'}, body: gzip},
		'/br': {headers: {'content-type': 'application/rss+xml', 'content-encoding': 'br'}, body: brotli},
	});
	t.teardown(server.close);
	const rssBefore = process.memoryUsage().rss;
	for (const path of ['/gzip', '/br']) {
		const error = await fetchError(server.url(path));
		t.is(error.code, 'too-large');
		t.is(error.message, 'response over 10 MB after decompression');
	}

	const grown = process.memoryUsage().rss - rssBefore;
	t.true(grown < 150 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1024 / 1024)} MB`);
});

test('compressed bodies within the cap decode; two codings or an unknown one are refused', async t => {
	const server = await serveRoutes({
		'/gzip': {headers: {'content-encoding': 'gzip'}, body: zlib.gzipSync(rss)},
		'/deflate': {headers: {'content-encoding': 'deflate'}, body: zlib.deflateSync(rss)},
		'/br': {headers: {'content-encoding': 'br'}, body: zlib.brotliCompressSync(rss)},
		'/double': {headers: {'content-encoding': 'gzip, gzip'}, body: zlib.gzipSync(zlib.gzipSync(rss))},
		'/zstd': {headers: {'content-encoding': 'compress'}, body: 'xx'},
		'/corrupt': {headers: {'content-encoding': 'gzip'}, body: Buffer.from('not gzip at all, sorry')},
	});
	t.teardown(server.close);
	for (const path of ['/gzip', '/deflate', '/br']) {
		const result = await fetchFeed(server.url(path));
		t.is(result.status === 'ok' ? Buffer.from(result.bytes).toString() : '', rss, path);
	}

	const double = await fetchError(server.url('/double'));
	t.is(double.code, 'decode');
	t.regex(double.message, /more than one content encoding/);
	t.is((await fetchError(server.url('/zstd'))).code, 'decode');
	t.is((await fetchError(server.url('/corrupt'))).code, 'decode');
});

test('connection refused, and remote text in messages is sanitised', async t => {
	const probe = net.createServer();
	await new Promise<void>(resolve => {
		probe.listen(0, '127.0.0.1', resolve);
	});
	const {port} = probe.address() as net.AddressInfo;
	await new Promise<void>(resolve => {
		probe.close(() => {
			resolve();
		});
	});
	const refused = await fetchError(`http://127.0.0.1:${port}/feed`);
	t.is(refused.code, 'network');
	t.is(refused.message, `connection refused by 127.0.0.1:${port}`);

	const server = await serveRaw(socket => {
		// 0x9B is an 8-bit CSI: legal as obs-text in a header, dangerous on a terminal.
		socket.end(Buffer.concat([Buffer.from('HTTP/1.1 302 Found\r\nLocation: http://[::1'), Buffer.from([0x9B, 0x33, 0x31, 0x6D]), Buffer.from('\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')]));
	});
	t.teardown(server.close);
	const error = await fetchError(server.url('/feed'));
	t.is(error.code, 'bad-url');
	t.regex(error.message, /^redirect to an invalid URL: http:\/\/\[::1/);
	t.notRegex(error.message, /[\u0000-\u001F\u0080-\u009F]/);
});

test('the caller can cancel', async t => {
	const server = await serveRaw(() => {
		// Never answer.
	});
	t.teardown(server.close);
	const controller = new AbortController();
	const pending = fetchError(server.url('/feed'), {signal: controller.signal});
	setTimeout(() => {
		controller.abort();
	}, 100);
	const error = await pending;
	t.is(error.message, 'cancelled');
});

// The proxy path runs in a child process, so that HTTP_PROXY does not leak into other tests.
async function runChild(code: string, env: NodeJS.ProcessEnv): Promise<string> {
	const child = spawn(process.execPath, ['--import=tsx', '--input-type=module', '-e', code], {
		env: {...env, NO_COLOR: '1'},
		cwd: new URL('..', import.meta.url),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const code_ = await new Promise<number | null>(resolve => {
		child.on('close', resolve);
	});
	if (code_ !== 0) {
		throw new Error(`child failed (${code_}): ${stderr}`);
	}

	return stdout.trim();
}

function cleanEnv(): NodeJS.ProcessEnv {
	const env = {...process.env};
	for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
		delete env[name];
	}

	return env;
}

const childScript = (url: string) => `
const {fetchFeed} = await import(${JSON.stringify(new URL('../source/feed/fetch-feed.ts', import.meta.url).href)});
const result = await fetchFeed(${JSON.stringify(url)}, {deadlineMs: 10000});
console.log(JSON.stringify({status: result.status, body: Buffer.from(result.bytes ?? []).toString()}));
`;

test('HTTP_PROXY: requests go through the proxy in absolute form; NO_PROXY bypasses it', async t => {
	const proxied: string[] = [];
	const proxy = http.createServer((request, response) => {
		proxied.push(`${request.method} ${request.url} ${request.headers['user-agent']}`);
		response.writeHead(200, {'content-type': 'application/rss+xml'});
		response.end('<rss>via proxy</rss>');
	});
	await new Promise<void>(resolve => {
		proxy.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => {
		proxy.closeAllConnections();
		proxy.close();
	});
	const proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
	const origin = await serveRoutes({'/feed': {body: '<rss>direct</rss>'}});
	t.teardown(origin.close);

	// Through the proxy (the host does not even resolve: only the proxy can answer).
	const viaProxy = await runChild(childScript('http://feeds.example.test/feed'), {...cleanEnv(), HTTP_PROXY: proxyUrl});
	t.deepEqual(JSON.parse(viaProxy), {status: 'ok', body: '<rss>via proxy</rss>'});
	t.deepEqual(proxied, [`GET http://feeds.example.test/feed evnews/${version}`]);

	// NO_PROXY: straight to the origin; lowercase variables work too.
	const direct = await runChild(childScript(origin.url('/feed')), {...cleanEnv(), http_proxy: proxyUrl, NO_PROXY: 'localhost,127.0.0.1'});
	t.deepEqual(JSON.parse(direct), {status: 'ok', body: '<rss>direct</rss>'});
	t.is(proxied.length, 1);
	t.is(origin.requests.length, 1);
});

test('proxyFor: lowercase wins, https falls back to HTTP_PROXY, NO_PROXY hosts, suffixes, ports and *', t => {
	// Synchronous from start to end, so no other test in this process sees the changed environment.
	const saved = {...process.env};
	try {
		for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
			delete process.env[name];
		}

		t.is(proxyFor('http://feeds.example/rss'), undefined);
		process.env.HTTP_PROXY = 'http://upper:3128';
		process.env.http_proxy = 'http://lower:3128';
		t.is(proxyFor('http://feeds.example/rss'), 'http://lower:3128');
		t.is(proxyFor('https://feeds.example/rss'), 'http://lower:3128');
		process.env.HTTPS_PROXY = 'http://secure:3128';
		t.is(proxyFor('https://feeds.example/rss'), 'http://secure:3128');
		process.env.NO_PROXY = 'example.org, .internal.test,feeds.example:8080';
		t.is(proxyFor('http://example.org/feed'), undefined);
		t.is(proxyFor('http://news.example.org/feed'), undefined);
		t.is(proxyFor('http://a.internal.test/feed'), undefined);
		t.is(proxyFor('http://notexample.org/feed'), 'http://lower:3128');
		t.is(proxyFor('http://feeds.example:8080/rss'), undefined);
		t.is(proxyFor('http://feeds.example/rss'), 'http://lower:3128');
		process.env.no_proxy = '*';
		t.is(proxyFor('https://anything.example/'), undefined);
	} finally {
		for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy']) {
			if (saved[name] === undefined) {
				delete process.env[name];
			} else {
				process.env[name] = saved[name];
			}
		}
	}
});

test('TLS: a self-signed certificate is a named error; with the CA trusted, an https → http downgrade is followed and warned', async t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-tls-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const key = path.join(directory, 'key.pem');
	const cert = path.join(directory, 'cert.pem');
	execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], {stdio: 'ignore'});
	const plain = await serveRoutes({'/feed': {body: '<rss>plain</rss>'}});
	t.teardown(plain.close);
	const secure = https.createServer({key: fs.readFileSync(key), cert: fs.readFileSync(cert)}, (_request, response) => {
		response.writeHead(301, {location: plain.url('/feed')});
		response.end();
	});
	await new Promise<void>(resolve => {
		secure.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => {
		secure.closeAllConnections();
		secure.close();
	});
	const secureUrl = `https://127.0.0.1:${(secure.address() as net.AddressInfo).port}/feed`;

	const error = await fetchError(secureUrl);
	t.is(error.code, 'network');
	t.is(error.message, 'TLS error: DEPTH_ZERO_SELF_SIGNED_CERT');

	const output = await runChild(`
const {fetchFeed} = await import(${JSON.stringify(new URL('../source/feed/fetch-feed.ts', import.meta.url).href)});
const result = await fetchFeed(${JSON.stringify(secureUrl)}, {deadlineMs: 10000});
console.log(JSON.stringify({finalUrl: result.finalUrl, permanentRedirect: result.permanentRedirect ?? null, warnings: result.warnings}));
`, {...cleanEnv(), NODE_EXTRA_CA_CERTS: cert});
	t.deepEqual(JSON.parse(output), {
		finalUrl: plain.url('/feed'),
		permanentRedirect: null,
		warnings: [`redirected from https to plain http: ${plain.url('/feed')}`],
	});
});

// The default transport is node:http / node:https; these pin the behaviour it must share with fetch.

test('deflate both zlib-wrapped and raw, x-gzip, identity, and an empty gzip body decode', async t => {
	const server = await serveRoutes({
		'/zlib': {headers: {'content-encoding': 'deflate'}, body: zlib.deflateSync(rss)},
		'/raw': {headers: {'content-encoding': 'deflate'}, body: zlib.deflateRawSync(rss)},
		'/x-gzip': {headers: {'content-encoding': 'X-Gzip'}, body: zlib.gzipSync(rss)},
		'/identity': {headers: {'content-encoding': 'identity'}, body: rss},
		'/br-chunked'(_request, response) {
			const packed = zlib.brotliCompressSync(rss);
			response.writeHead(200, {'content-encoding': 'br'});
			response.write(packed.subarray(0, 3));
			setTimeout(() => {
				response.end(packed.subarray(3));
			}, 20);
		},
		'/empty': {headers: {'content-encoding': 'gzip'}, body: ''},
	});
	t.teardown(server.close);
	for (const path of ['/zlib', '/raw', '/x-gzip', '/identity', '/br-chunked']) {
		const result = await fetchFeed(server.url(path));
		t.is(result.status === 'ok' ? Buffer.from(result.bytes).toString() : '', rss, path);
	}

	const empty = await fetchFeed(server.url('/empty'));
	t.is(empty.status === 'ok' ? empty.bytes.byteLength : -1, 0);
});

test('corrupt deflate and brotli bodies, and a gzip body cut off mid-stream, are named errors', async t => {
	const packed = zlib.gzipSync(Buffer.alloc(200_000, 'a'));
	const server = await serveRoutes({
		'/deflate': {headers: {'content-encoding': 'deflate'}, body: Buffer.from('\u0078\u009Cnot deflate at all', 'latin1')},
		'/br': {headers: {'content-encoding': 'br'}, body: Buffer.from('definitely not brotli data')},
	});
	t.teardown(server.close);
	for (const path of ['/deflate', '/br']) {
		const error = await fetchError(server.url(path));
		t.is(error.code, 'decode', path);
		t.is(error.message, 'corrupt compressed response', path);
	}

	const raw = await serveRaw(socket => {
		socket.write(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${packed.length}\r\n\r\n`), packed.subarray(0, 40)]));
		setTimeout(() => socket.destroy(), 50);
	});
	t.teardown(raw.close);
	const cut = await fetchError(raw.url('/feed'));
	t.is(cut.code, 'network');
	t.is(cut.message, 'connection closed before the response was complete');
});

test('response headers over 16 KB are a named error', async t => {
	const server = await serveRaw(socket => {
		socket.end(`HTTP/1.1 200 OK\r\nX-Padding: ${'a'.repeat(20 * 1024)}\r\nContent-Length: 5\r\nConnection: close\r\n\r\n<rss>`);
	});
	t.teardown(server.close);
	const error = await fetchError(server.url('/feed'));
	t.is(error.code, 'network');
	t.is(error.message, 'response headers too large');
});

test('a login in the URL becomes an Authorization header and never reaches the request line', async t => {
	const server = await serveRaw((socket, head) => {
		socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(head)}\r\nConnection: close\r\n\r\n${head}`);
	});
	t.teardown(server.close);
	const url = server.url('/feed').replace('http://', 'http://alice:s%40cret@');
	const result = await fetchFeed(url);
	const head = result.status === 'ok' ? Buffer.from(result.bytes).toString() : '';
	t.regex(head, /^GET \/feed HTTP\/1\.1\r\n/);
	t.regex(head, new RegExp(String.raw`\r\nauthorization: Basic ${Buffer.from('alice:s@cret').toString('base64')}\r\n`, 'i'));
	t.false(head.includes('alice'));
	t.false(head.includes('cret'));
});

test('a kept-alive socket is reused, and one the server drops between requests is retried once on a fresh socket', async t => {
	let connections = 0;
	const server = await serveRaw(socket => {
		connections++;
		const reply = (body: string) => {
			socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
		};

		reply(`<rss>${connections}</rss>`);
		// The second request on this socket is answered, the third is reset without a reply (a stale keep-alive).
		let requests = 1;
		socket.on('data', (chunk: Buffer) => {
			if (!chunk.toString('latin1').includes('\r\n\r\n')) {
				return;
			}

			requests++;
			if (requests === 2) {
				reply('<rss>again</rss>');
			} else {
				socket.resetAndDestroy();
			}
		});
	});
	t.teardown(server.close);
	const body = async () => {
		const result = await fetchFeed(server.url('/feed'));
		return result.status === 'ok' ? Buffer.from(result.bytes).toString() : '';
	};

	t.is(await body(), '<rss>1</rss>');
	t.is(await body(), '<rss>again</rss>');
	t.is(connections, 1);
	t.is(await body(), '<rss>2</rss>');
	t.is(connections, 2);
});
