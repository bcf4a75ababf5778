import test from 'ava';
import {classifyResponse} from '../source/feed/classify-response.js';
import {networkError, networkErrorTable} from '../source/feed/network-errors.js';
import {nextHop} from '../source/feed/redirect.js';

const here = new URL('https://feeds.example/rss');

function hop(status: number, location: string | null, extra: {seen?: string[]; redirects?: number; current?: URL} = {}) {
	const current = extra.current ?? here;
	return nextHop({status, location, current, seen: new Set(extra.seen ?? [current.href]), redirects: extra.redirects ?? 0, maxRedirects: 5});
}

function message(result: ReturnType<typeof hop>): string {
	return 'error' in result ? result.error.message : `follow ${result.next.href} permanent=${String(result.permanent)}`;
}

test('nextHop: relative, permanent and temporary redirects are followed', t => {
	t.is(message(hop(301, '/new')), 'follow https://feeds.example/new permanent=true');
	t.is(message(hop(308, 'https://other.example/feed')), 'follow https://other.example/feed permanent=true');
	t.is(message(hop(302, '/new')), 'follow https://feeds.example/new permanent=false');
	t.is(message(hop(307, '/new')), 'follow https://feeds.example/new permanent=false');
});

test('nextHop: credentials in a Location are dropped', t => {
	t.is(message(hop(302, 'https://user:pw@other.example/feed')), 'follow https://other.example/feed permanent=false');
});

test('nextHop: non-http(s), invalid and missing Locations are named errors', t => {
	t.is(message(hop(302, 'file:///etc/passwd')), 'redirect to a non-http(s) URL');
	t.is(message(hop(301, 'javascript:alert(1)')), 'redirect to a non-http(s) URL');
	t.is(message(hop(302, 'http://[::1')), 'redirect to an invalid URL: http://[::1');
	t.is(message(hop(302, null)), 'HTTP 302 without a Location');
	t.is(message(hop(302, '  ')), 'HTTP 302 without a Location');
});

test('nextHop: loops and the hop limit', t => {
	t.is(message(hop(302, '/a', {seen: [here.href, 'https://feeds.example/a']})), 'redirect loop');
	t.is(message(hop(302, '/a', {redirects: 4})), 'follow https://feeds.example/a permanent=false');
	t.is(message(hop(302, '/a', {redirects: 5})), 'too many redirects (over 5)');
});

test('nextHop: an https → http downgrade is warned and never permanent; http → https is not warned', t => {
	const down = hop(301, 'http://feeds.example/rss');
	t.false('error' in down);
	if (!('error' in down)) {
		t.false(down.permanent);
		t.is(down.warning, 'redirected from https to plain http: http://feeds.example/rss');
	}

	const up = hop(301, 'https://feeds.example/rss', {current: new URL('http://feeds.example/rss')});
	t.is('error' in up ? 'error' : up.warning, undefined);
});

test('classifyResponse: statuses', t => {
	const now = new Date('2026-11-26T00:00:00Z');
	const kind = (status: number, retryAfter: string | null = null) => {
		const verdict = classifyResponse(status, retryAfter, now);
		return verdict.kind === 'error' ? verdict.error.message : verdict.kind;
	};

	t.is(kind(200), 'ok');
	t.is(kind(203), 'ok');
	t.is(kind(304), 'not-modified');
	for (const status of [301, 302, 303, 307, 308]) {
		t.is(kind(status), 'redirect');
	}

	t.is(kind(404), 'HTTP 404');
	t.is(kind(410), 'gone (HTTP 410)');
	t.is(kind(500), 'HTTP 500');
	t.is(kind(503), 'HTTP 503');
	t.is(kind(100), 'HTTP 100');
	t.is(kind(429), 'rate limited (HTTP 429), retry after 2026-11-26T00:01:00.000Z');
	t.is(kind(503, '120'), 'rate limited (HTTP 503), retry after 2026-11-26T00:02:00.000Z');
	const limited = classifyResponse(429, '7200', now);
	t.is(limited.kind === 'error' ? limited.error.retryAt?.toISOString() : '', '2026-11-26T02:00:00.000Z');
});

test('networkError: table entries, TLS and zlib families, unknown codes, and no login in a message', t => {
	const url = new URL('http://feeds.example:8080/rss');
	const coded = (code: string, message = 'x') => networkError(Object.assign(new Error(message), {code}), url);
	t.is(coded('ECONNREFUSED').message, 'connection refused by feeds.example:8080');
	t.is(coded('EPIPE').message, 'connection reset');
	t.is(coded('ENOTFOUND').message, 'host not found: feeds.example:8080');
	t.is(coded('ETIMEDOUT').code, 'timeout');
	t.is(coded('CERT_HAS_EXPIRED').message, 'TLS error: CERT_HAS_EXPIRED');
	t.is(coded('Z_NEED_DICT').code, 'decode');
	t.is(coded('toString').message, 'network error: toString');
	t.is(networkError(new TypeError('fetch failed', {cause: new Error('bad http://u:p@h/')}), url).message, 'network error: bad http://h/');
	for (const code of Object.keys(networkErrorTable)) {
		t.notRegex(coded(code).message, /^network error:/, code);
	}
});
