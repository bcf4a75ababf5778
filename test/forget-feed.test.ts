import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {feedKey, feedsDirectory} from '../source/store/cache.js';
import {writeFullText} from '../source/store/full-text-store.js';
import {indexFile, readLibraryIndex} from '../source/store/library-index.js';
import {countsFile} from '../source/store/library-counts.js';
import {loadLibrary} from '../source/store/library.js';
import {openMarks} from '../source/store/marks.js';
import {getPaths} from '../source/store/paths.js';
import {siteFile, writeSite} from '../source/wordpress/site-cache.js';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';

const rss = (name: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${name} Charging News</title><link>https://${name}.example/</link><description>Test feed</description>
<item><title>${name} opens a depot</title><link>https://${name}.example/depot/</link><guid isPermaLink="false">${name}-1</guid>
<pubDate>Tue, 24 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;A depot with forty chargers.&lt;/p&gt;</description></item>
<item><title>${name} adds a route</title><link>https://${name}.example/route/</link><guid isPermaLink="false">${name}-2</guid>
<pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate><description>&lt;p&gt;A new bus route.&lt;/p&gt;</description></item>
</channel></rss>`;

const rssHeaders = {'content-type': 'application/rss+xml; charset=utf-8'};

/** The files of one feed in the cache's feeds folder (a lock file is a dot file and not counted). */
const filesOf = (directory: string, key: string) => fs.readdirSync(directory).filter(name => name.startsWith(key + '.')).sort();

const feedsIn = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as {feeds: Array<{url: string}>}).feeds.map(feed => feed.url).sort();

test('feeds rm drops the feed\'s posts, state, bodies, full text, site record, index and counts entries; its marks stay', async t => {
	const environment = makeTempEnv();
	const server = await serveRoutes({'/alpha.xml': {headers: rssHeaders, body: rss('alpha')}, '/beta.xml': {headers: rssHeaders, body: rss('beta')}});
	t.teardown(async () => {
		await server.close();
		environment.cleanup();
	});
	const {cache, data} = getPaths(environment.env);
	const [alpha, beta] = [server.url('/alpha.xml'), server.url('/beta.xml')];
	for (const url of [alpha, beta]) {
		const added = await runCli(['feeds', 'add', url], {env: environment.env});
		t.is(added.code, 0, added.stderr);
	}

	const alphaPost = loadLibrary([alpha], {cacheDirectory: cache, dataDirectory: data}).posts[0]!;
	t.is((await runCli(['mark-read', alphaPost.id], {env: environment.env})).code, 0);
	writeFullText(alpha, alphaPost.id, {html: '<p>The whole depot article.</p>', base: 'https://alpha.example/depot/'}, [], cache);
	writeSite({version: 1, feedUrl: alpha, api: {state: 'unknown'}, validators: {}}, cache);
	readLibraryIndex(cache);

	const directory = feedsDirectory(cache);
	const [alphaKey, betaKey] = [feedKey(alpha), feedKey(beta)];
	const betaFiles = filesOf(directory, betaKey);
	// Control: before the removal, every store holds the feed (so each check below can fail).
	const alphaFiles = filesOf(directory, alphaKey);
	for (const pattern of [/\.posts\.json$/, /\.state\.json$/, /^[\da-f]{20}\.bodies\.json$/, /^[\da-f]{20}\.bodies-.+\.log$/, /\.fulltext\.bodies\.json$/, /\.fulltext\.bodies-.+\.log$/]) {
		t.true(alphaFiles.some(name => pattern.test(name)), `${pattern.source} before removal`);
	}

	t.true(fs.existsSync(siteFile(alpha, cache)));
	t.deepEqual(feedsIn(indexFile(cache)), [alpha, beta].sort());
	t.deepEqual(feedsIn(countsFile(cache)), [alpha, beta].sort());

	const removed = await runCli(['feeds', 'rm', alpha], {env: environment.env});
	t.is(removed.code, 0, removed.stderr);
	t.is(removed.stderr, '');
	t.regex(removed.stdout, /^Removed alpha Charging News .* and its cached posts and full text; its read and starred marks are kept\n$/);

	t.deepEqual(filesOf(directory, alphaKey), []);
	t.false(fs.existsSync(siteFile(alpha, cache)));
	t.deepEqual(feedsIn(indexFile(cache)), [beta]);
	t.deepEqual(feedsIn(countsFile(cache)), [beta]);
	t.false(fs.existsSync(path.join(cache, 'library-index.pending')));
	// The other feed is untouched, and the marks log still has the removed feed's read mark.
	t.deepEqual(filesOf(directory, betaKey), betaFiles);
	t.true(openMarks(data).isRead(alphaPost.id));

	// Re-adding the feed brings its posts back with their marks.
	t.is((await runCli(['feeds', 'add', alpha], {env: environment.env})).code, 0);
	const unread = await runCli(['unread', '--feed', alpha], {env: environment.env});
	t.is(unread.stdout, '1\n', unread.stderr);
});
