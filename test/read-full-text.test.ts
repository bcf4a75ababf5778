import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {getPaths} from '../source/store/paths.js';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';

// `evnews read ID --full`, `--json --fields content --full` and `feeds full-text`, on the real binary against a
// loopback site: the page is fetched once, cached with the post, readable offline, and no subresource is fetched.
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'full-text');
const page = (trap: string) => fs.readFileSync(path.join(fixtures, 'article.html'), 'utf8').replaceAll('{{TRAP}}', trap);
const html = {'content-type': 'text/html; charset=utf-8'};

function feedXml(origin: string): string {
	const item = (id: string, route: string, summary: string) => `<item><title>Post ${id}</title><link>${origin}${route}</link>`
		+ `<guid isPermaLink="false">${id}</guid><pubDate>Wed, 25 Nov 2026 22:30:00 +0000</pubDate><description>${summary}</description></item>`;
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Summaries</title><link>${origin}/</link>`
		+ item('depot', '/2026/depot', 'Only two lines of summary.') + item('gone', '/missing', 'The summary of a gone page.')
		+ '</channel></rss>';
}

const cliOptions = (env: NodeJS.ProcessEnv) => ({env, timeoutMs: 120_000});

test('read --full: fetched once, cached with the post, readable offline; a 404 gives one line and the summary stays', async t => {
	const trap = await serveRoutes({});
	let origin = '';
	const site = await serveRoutes({
		'/feed'(_request, response) {
			response.writeHead(200, {'content-type': 'application/rss+xml'});
			response.end(feedXml(origin));
		},
		'/2026/depot': {headers: html, body: page(trap.origin)},
		'/missing': {status: 404, headers: html, body: 'no'},
	});
	origin = site.origin;
	const temporary = makeTempEnv();
	try {
		const {config, configFile} = getPaths(temporary.env);
		fs.mkdirSync(config, {recursive: true});
		fs.writeFileSync(configFile, JSON.stringify({feeds: [{url: site.url('/feed')}]}));
		const list = await runCli(['--json', '--fields', 'id,link,content'], cliOptions(temporary.env));
		t.is(list.code, 0, list.stderr);
		t.true(list.stdout.includes('Only two lines of summary.'));
		const listed = JSON.parse(list.stdout) as Array<{id: string; link: string}>;
		const depot = listed.find(post => post.link.endsWith('/2026/depot'))!.id;
		const goneId = listed.find(post => post.link.endsWith('/missing'))!.id;

		const before = site.requests.filter(request => request.path === '/2026/depot').length;
		const full = await runCli(['read', depot, '--full'], cliOptions(temporary.env));
		t.is(full.code, 0, full.stderr);
		t.true(full.stdout.includes('forty buses to overnight depot charging'));
		t.regex(full.stdout, new RegExp(`^Source: full text from ${new URL(site.origin).host.replaceAll('.', String.raw`\.`)}$`, 'm'));
		t.is(site.requests.filter(request => request.path === '/2026/depot').length, before + 1);

		const gone = await runCli(['read', goneId, '--full'], cliOptions(temporary.env));
		t.is(gone.code, 3);
		t.is(gone.stderr.trim().split('\n').length, 1);
		t.regex(gone.stderr, new RegExp(`^evnews: no full text for ${goneId}: .*404`));
		t.true(gone.stdout.includes('The summary of a gone page.'));

		// The JSON path with --full serves the cached full text (no second fetch).
		const json = await runCli(['--json', '--fields', 'id,content', '--full', '--offline'], cliOptions(temporary.env));
		const posts = JSON.parse(json.stdout) as Array<{id: string; content: string}>;
		t.true(posts.find(post => post.id === depot)!.content.includes('forty buses to overnight depot charging'));
		t.is(posts.find(post => post.id === goneId)!.content, 'The summary of a gone page.');
		t.regex(json.stderr, new RegExp(`no full text for ${goneId}: not cached, and --offline`));
		// Control: without --full, the JSON content is the feed's own body.
		const plain = await runCli(['--json', '--fields', 'id,content', '--offline'], cliOptions(temporary.env));
		t.false(plain.stdout.includes('forty buses'));

		await site.close();
		// Offline, later: the full text is still there, from the cache.
		const offline = await runCli(['read', depot], cliOptions(temporary.env));
		t.is(offline.code, 0, offline.stderr);
		t.true(offline.stdout.includes('forty buses to overnight depot charging'));
		t.true(offline.stdout.includes('Source: full text from'));
		t.deepEqual(trap.requests.map(request => request.path), []);
	} finally {
		await site.close().catch(() => undefined);
		await trap.close();
		temporary.cleanup();
	}
});

test('feeds full-text URL|N on|off sets the per-feed preference; --full without content is a usage error', async t => {
	const temporary = makeTempEnv();
	try {
		const {config, configFile} = getPaths(temporary.env);
		fs.mkdirSync(config, {recursive: true});
		fs.writeFileSync(configFile, JSON.stringify({feeds: [{url: 'https://a.example/feed'}, {url: 'https://b.example/feed', title: 'B'}]}));
		const on = await runCli(['feeds', 'full-text', '2', 'on'], cliOptions(temporary.env));
		t.is(on.code, 0, on.stderr);
		t.regex(on.stdout, /Full text on for B/);
		const stored = () => (JSON.parse(fs.readFileSync(configFile, 'utf8')) as {feeds: Array<{url: string; fullText?: boolean}>}).feeds;
		t.deepEqual(stored().map(feed => feed.fullText), [undefined, true]);
		const off = await runCli(['feeds', 'full-text', 'https://b.example/feed', 'off'], cliOptions(temporary.env));
		t.is(off.code, 0, off.stderr);
		t.deepEqual(stored().map(feed => feed.fullText), [undefined, undefined]);
		const missing = await runCli(['feeds', 'full-text', '9', 'on'], cliOptions(temporary.env));
		t.is(missing.code, 1);
		const bad = await runCli(['feeds', 'full-text', '1', 'maybe'], cliOptions(temporary.env));
		t.is(bad.code, 2);
		const usage = await runCli(['--json', '--fields', 'id', '--full', '--offline'], cliOptions(temporary.env));
		t.is(usage.code, 2);
		t.regex(usage.stderr, /--full fetches the content field/);
	} finally {
		temporary.cleanup();
	}
});
