import test from 'ava';
import {discoverFeedLinks} from '../source/feed/discover.js';
import {findFeed} from '../source/feed/find-feed.js';
import {siteRuleFeeds, withScheme} from '../source/feed/site-rules.js';
import {serveRoutes} from './helpers/servers.js';

const rss = (title: string) => `<?xml version="1.0"?><rss version="2.0"><channel><title>${title}</title><link>https://x.example/</link>
<item><title>One</title><guid>https://x.example/?p=1</guid></item></channel></rss>`;
const rssHeaders = {'content-type': 'application/rss+xml; charset=UTF-8'};
const htmlHeaders = {'content-type': 'text/html; charset=UTF-8'};
const page = (head: string) => `<!doctype html><html><head><title>Page</title>${head}</head><body><p>hello</p></body></html>`;

// What WordPress 6.1 puts in the <head> of a single post (observed), plus one real feed.
const wordpressHead = `<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/39" />
<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed/1.0/embed?url=x" />
<link rel="alternate" type="text/xml+oembed" href="/wp-json/oembed/1.0/embed?url=x&#038;format=xml" />
<link rel="alternate" type="application/json" href="/index.php?rest_route=/wp/v2/posts/39" />
<link rel="https://api.w.org/" href="/wp-json/" />`;

test('discoverFeedLinks skips WordPress REST and oEmbed alternates, keeps real JSON feeds', t => {
	const html = page(`${wordpressHead}<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="alternate" type="application/json" href="/feed.json">`);
	t.deepEqual(discoverFeedLinks(html, 'https://wp.example/2026/12/02/post/'), ['https://wp.example/feed/', 'https://wp.example/feed.json']);
	// Control: without the filter the REST alternate would come first (it is a valid application/json alternate).
	t.deepEqual(discoverFeedLinks(page('<link rel="alternate" type="application/json" href="/api/wp-json-like/feed.json">'), 'https://wp.example/'), ['https://wp.example/api/wp-json-like/feed.json']);
	t.deepEqual(discoverFeedLinks(page(wordpressHead), 'https://wp.example/'), []);
});

test('withScheme: a bare host means https, anything with a scheme is left alone', t => {
	const table: Array<[string, string]> = [
		['thedriven.io', 'https://thedriven.io'],
		['  thedriven.io/feed/ ', 'https://thedriven.io/feed/'],
		['sub.example.co.uk:8443/x?y=1', 'https://sub.example.co.uk:8443/x?y=1'],
		['http://thedriven.io/', 'http://thedriven.io/'],
		['ftp://example.com/', 'ftp://example.com/'],
		['not a host', 'not a host'],
		['mailto:a@b.example', 'mailto:a@b.example'],
		['file.xml', 'https://file.xml'],
	];
	for (const [input, expected] of table) {
		t.is(withScheme(input), expected, input);
	}
});

test('siteRuleFeeds: a table of pasted URLs and the feeds they mean', t => {
	const table: Array<[string, string[]]> = [
		// WordPress, pretty and plain permalinks
		['https://thedriven.io/category/ev-news/', ['https://thedriven.io/category/ev-news/feed/']],
		['https://wp.example/category/ev-news/tesla', ['https://wp.example/category/ev-news/tesla/feed/']],
		['https://wp.example/blog/tag/solar/', ['https://wp.example/blog/tag/solar/feed/']],
		['https://wp.example/author/maja/', ['https://wp.example/author/maja/feed/']],
		['https://wp.example/category/ev-news/feed/', []],
		['https://wp.example/category/ev-news/page/2/', []],
		['https://wp.example/?cat=2', ['https://wp.example/?cat=2&feed=rss2']],
		['https://wp.example/?author=3&paged=2', ['https://wp.example/?author=3&feed=rss2']],
		['https://wp.example/?cat=2&feed=rss2', []],
		// YouTube
		['https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv', ['https://www.youtube.com/feeds/videos.xml?channel_id=UCabcdefghijklmnopqrstuv']],
		['https://youtube.com/playlist?list=PLxyz0123456789abc', ['https://www.youtube.com/feeds/videos.xml?playlist_id=PLxyz0123456789abc']],
		['https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=PLxyz0123456789abc', ['https://www.youtube.com/feeds/videos.xml?playlist_id=PLxyz0123456789abc']],
		['https://www.youtube.com/watch?v=dQw4w9WgXcQ', []],
		['https://www.youtube.com/channel/short', []],
		// GitHub
		['https://github.com/sindresorhus', ['https://github.com/sindresorhus.atom']],
		['https://github.com/vadimdemedes/ink', ['https://github.com/vadimdemedes/ink/releases.atom', 'https://github.com/vadimdemedes/ink/commits.atom']],
		['https://github.com/vadimdemedes/ink/issues/12', ['https://github.com/vadimdemedes/ink/releases.atom', 'https://github.com/vadimdemedes/ink/commits.atom']],
		['https://github.com/vadimdemedes/ink.git', ['https://github.com/vadimdemedes/ink/releases.atom', 'https://github.com/vadimdemedes/ink/commits.atom']],
		['https://github.com/settings/profile', []],
		['https://github.com/', []],
		// Reddit
		['https://www.reddit.com/r/electricvehicles/', ['https://www.reddit.com/r/electricvehicles/.rss']],
		['https://old.reddit.com/r/electricvehicles/comments/abc/some_title/', ['https://www.reddit.com/r/electricvehicles/comments/abc/some_title/.rss']],
		['https://reddit.com/user/someone', ['https://www.reddit.com/user/someone/.rss']],
		['https://www.reddit.com/r/electricvehicles/.rss', []],
		['https://www.reddit.com/', []],
		// Mastodon (any host) and Medium
		['https://mastodon.social/@someone', ['https://mastodon.social/@someone.rss']],
		['https://fosstodon.org/@some.one/', ['https://fosstodon.org/@some.one.rss']],
		['https://mastodon.social/tags/ev', ['https://mastodon.social/tags/ev.rss']],
		['https://mastodon.social/@someone/1234567', []],
		['https://medium.com/@someone', ['https://medium.com/feed/@someone']],
		// Nothing
		['https://example.com/about/', []],
		['not a url', []],
		['javascript:alert(1)', []],
	];
	for (const [input, expected] of table) {
		t.deepEqual(siteRuleFeeds(input), expected, input);
	}
});

test('findFeed: the URL itself when it is a feed (one request)', async t => {
	const server = await serveRoutes({'/feed/': {headers: rssHeaders, body: rss('Self')}});
	try {
		const found = await findFeed(server.url('/feed/'));
		t.like(found, {url: server.url('/feed/'), via: 'self'});
		t.is(server.requests.length, 1);
	} finally {
		await server.close();
	}
});

test('findFeed: a WordPress page gives its <link> feed, not the /wp-json/ alternate', async t => {
	const server = await serveRoutes({
		'/2026/12/02/post/': {headers: htmlHeaders, body: page(`${wordpressHead}<link rel="alternate" type="application/rss+xml" href="/feed/">`)},
		'/wp-json/wp/v2/posts/39': {headers: {'content-type': 'application/json'}, body: '{"id":39}'},
		'/feed/': {headers: rssHeaders, body: rss('Linked')},
	});
	try {
		const found = await findFeed(server.url('/2026/12/02/post/'));
		t.like(found, {url: server.url('/feed/'), via: 'link'});
		t.false(server.requests.some(request => request.path.includes('wp-json')));
	} finally {
		await server.close();
	}
});

test('findFeed: a category page without <link> goes by the site rule; a broken link is skipped', async t => {
	const server = await serveRoutes({
		'/category/ev-news/': {headers: htmlHeaders, body: page('<link rel="alternate" type="application/rss+xml" href="/gone.xml">')},
		'/category/ev-news/feed/': {headers: rssHeaders, body: rss('EV News')},
	});
	try {
		const found = await findFeed(server.url('/category/ev-news/'));
		t.like(found, {url: server.url('/category/ev-news/feed/'), via: 'site-rule'});
		t.deepEqual(found.tried, [server.url('/category/ev-news/'), server.url('/gone.xml'), server.url('/category/ev-news/feed/')]);
	} finally {
		await server.close();
	}
});

test('findFeed: probes well-known paths, refuses a redirect to another path, verifies by parsing', async t => {
	const server = await serveRoutes({
		'/': {headers: htmlHeaders, body: page('')},
		// Sends unknown paths home: must not count as a feed even though / would be followed.
		'/feed/': {status: 302, headers: {location: '/'}},
		// Says RSS, is HTML.
		'/rss.xml': {headers: rssHeaders, body: page('')},
		'/atom.xml': {headers: {'content-type': 'application/atom+xml'}, body: '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom</title><id>urn:x</id></feed>'},
	});
	try {
		const found = await findFeed(server.url('/'));
		t.like(found, {url: server.url('/atom.xml'), via: 'probe'});
		t.deepEqual(server.requests.map(request => request.path), ['/', '/feed/', '/rss.xml', '/atom.xml']);
	} finally {
		await server.close();
	}
});

test('findFeed: the page\'s own redirect is followed, and probes go to where it ended up', async t => {
	const server = await serveRoutes({
		'/old/': {status: 301, headers: {location: '/site/'}},
		'/site/': {headers: htmlHeaders, body: page('')},
		'/feed/': {status: 301, headers: {location: '/feed/?from=probe'}},
		'/feed/?from=probe': {headers: rssHeaders, body: rss('Moved')},
		'/feed.xml': {headers: rssHeaders, body: rss('Last')},
	});
	try {
		t.like(await findFeed(server.url('/old/')), {url: server.url('/feed.xml'), via: 'probe'});
		t.false(server.requests.some(request => request.path === '/feed/?from=probe'));
	} finally {
		await server.close();
	}
});

test('findFeed: nothing found names the cause and what was tried; an unreachable host is not probed', async t => {
	const server = await serveRoutes({'/': {headers: htmlHeaders, body: page('')}});
	const {origin} = server;
	try {
		const found = await findFeed(origin + '/');
		t.true('error' in found && found.error.startsWith('no feed found (not a feed'));
		t.is(found.tried.length, 6);
	} finally {
		await server.close();
	}

	const closed = await findFeed(origin + '/');
	t.true('error' in closed && closed.error.includes('connection refused'), JSON.stringify(closed));
	t.is(closed.tried.length, 1);
});
