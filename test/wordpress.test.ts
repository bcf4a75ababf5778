/**
Integration tests against a real WordPress 6.1 (../shared/wordpress/): detection, categories and counts, posts by
category, backfill to the end by REST, one id whichever way a post arrived, discovery, and the fallback when the
REST API is off. They skip, naming the setup command, when WordPress is not installed.
*/
import {PassThrough, Writable} from 'node:stream';
import test, {type ExecutionContext} from 'ava';
import {categoriesCommand} from '../source/commands/categories.js';
import type {CommandContext, Flags} from '../source/commands/context.js';
import {decodeFeedBytes} from '../source/feed/decode.js';
import {fetchFeed} from '../source/feed/fetch-feed.js';
import {findFeed} from '../source/feed/find-feed.js';
import {parseFeed} from '../source/feed/parse.js';
import {refreshFeeds} from '../source/refresh/refresh.js';
import {getPaths} from '../source/store/paths.js';
import {siteCategories} from '../source/wordpress/categories.js';
import {apiRootFromLink, isWordPressFeed} from '../source/wordpress/detect.js';
import {fetchPosts} from '../source/wordpress/posts.js';
import {restGet} from '../source/wordpress/rest-get.js';
import {fetchFeedPage} from '../source/wordpress/feed-pages.js';
import {runCli} from './helpers/run-cli.js';
import {defaultFlags} from './helpers/flags.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {categoryIds, wordpressSite, type WordPressSite} from './helpers/wordpress.js';

const site = await wordpressSite();
const restOff = typeof site === 'string' ? site : await wordpressSite({rest: false});
const wpTest = typeof site === 'string' || typeof restOff === 'string' ? test.skip : test;
if (typeof site === 'string' || typeof restOff === 'string') {
	console.warn(`wordpress.test.ts: skipped: ${typeof site === 'string' ? site : restOff as string}`);
}

test.after.always(async () => {
	for (const each of [site, restOff]) {
		if (typeof each !== 'string') {
			await each.stop();
		}
	}
});

const on = () => site as WordPressSite;
const off = () => restOff as WordPressSite;

function cache(t: ExecutionContext): string {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	return getPaths(environment.env).cache;
}

async function feedText(url: string): Promise<string> {
	const response = await fetchFeed(url);
	if (response.status !== 'ok') {
		throw new Error('unexpected 304');
	}

	return decodeFeedBytes(response.bytes, response.contentType).text;
}

wpTest('detection: the feed names WordPress as generator; the home page Link gives the API root', async t => {
	t.true(isWordPressFeed(await feedText(`${on().url}/feed/`)));
	const home = await restGet(`${on().url}/`);
	t.is(apiRootFromLink(home.headers.get('link'), home.url), `${on().url}/wp-json/`);
	const plainHome = await restGet(`${off().url}/`);
	t.is(apiRootFromLink(plainHome.headers.get('link'), plainHome.url), `${off().url}/index.php?rest_route=/`);
});

wpTest('categories: the site\'s names, counts and tree in one request; cached the second time', async t => {
	const directory = cache(t);
	const ids = categoryIds(on());
	const result = await siteCategories(`${on().url}/feed/`, {cacheDirectory: directory});
	t.like(result, {api: {state: 'ok', root: `${on().url}/wp-json/`}, requests: 1});
	const bySlug = new Map(result.categories.map(category => [category.slug, category]));
	t.deepEqual([...bySlug.keys()].toSorted(), ['batteries', 'charging', 'ev-news', 'policy', 'reviews', 'tesla']);
	t.like(bySlug.get('tesla'), {name: 'Tesla', parent: ids['ev-news'], count: 5});
	t.like(bySlug.get('ev-news'), {name: 'EV News', parent: 0});
	t.is(result.categories.reduce((sum, category) => sum + category.count, 0), 39);
	t.is((await siteCategories(`${on().url}/feed/`, {cacheDirectory: directory})).requests, 0);
});

wpTest('one post, one id: the feed\'s items and REST\'s posts get the same ids, titles and authors', async t => {
	const feedUrl = `${on().url}/feed/`;
	const feed = parseFeed(await feedText(feedUrl), {url: feedUrl});
	const rest = await fetchPosts({root: `${on().url}/wp-json/`, feedUrl, perPage: 10}, 10);
	t.false('error' in rest);
	const posts = 'posts' in rest ? rest.posts : [];
	t.is(posts.length, 10);
	t.deepEqual(posts.map(post => post.id), feed.posts.map(post => post.id));
	t.deepEqual(posts.map(post => post.guid), feed.posts.map(post => post.guid));
	t.deepEqual(posts.map(post => post.title), feed.posts.map(post => post.title));
	t.deepEqual(posts.map(post => post.author), feed.posts.map(post => post.author));
	t.deepEqual(posts.map(post => post.link), feed.posts.map(post => post.link));
	t.true(posts.every(post => post.author !== null && post.html.includes('<h2>')));
	// Control: another feed URL gives other ids (the id is per feed, as for feed items).
	const other = await fetchPosts({root: `${on().url}/wp-json/`, feedUrl: `${on().url}/?feed=atom`, perPage: 1}, 1);
	t.not('posts' in other ? other.posts[0]?.id : undefined, posts[0]!.id);
});

wpTest('backfill by REST: all 35 posts in one request; a category\'s posts; past the end stops', async t => {
	const root = `${on().url}/wp-json/`;
	const feedUrl = `${on().url}/feed/`;
	const all = await fetchPosts({root, feedUrl}, 500);
	t.like(all, {done: true, totalPages: 1});
	t.is('posts' in all ? new Set(all.posts.map(post => post.id)).size : 0, 35);
	const tesla = await fetchPosts({root, feedUrl, category: categoryIds(on()).tesla, perPage: 2}, 100);
	t.like(tesla, {done: true, totalPages: 3});
	t.is('posts' in tesla ? tesla.posts.length : 0, 5);
	const past = await fetchPosts({root, feedUrl, perPage: 5, page: 8}, 5);
	t.like(past, {posts: [], done: true});
});

wpTest('discovery on the real site: a post page gives /feed/, a category page its category feed', async t => {
	const home = await findFeed(`${on().url}/`);
	t.like(home, {via: 'link'});
	t.false('url' in home && home.url.includes('wp-json'));
	const category = await findFeed(`${on().url}/category/ev-news/`);
	t.is('url' in category ? category.url : category.error, `${on().url}/category/ev-news/feed/`);
});

wpTest('fallback: REST off (plain permalinks) is unavailable with its reason; categories come from the posts', async t => {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const directory = getPaths(environment.env).cache;
	const feedUrl = `${off().url}/?feed=rss2`;
	const result = await siteCategories(feedUrl, {cacheDirectory: directory});
	t.like(result, {api: {state: 'unavailable', reason: 'HTTP 401 rest_not_logged_in'}, categories: []});
	t.is(result.requests, 2);
	await refreshFeeds([feedUrl], {force: true, cacheDirectory: directory});
	const output = await runCategories(environment.env, {json: true, feed: [feedUrl]});
	const [group] = JSON.parse(output.stdout) as Array<{kind: string; api: string; categories: Array<{name: string; count: number}>}>;
	t.like(group, {kind: 'feed', api: 'unavailable: HTTP 401 rest_not_logged_in'});
	t.true(group!.categories.length > 0 && group!.categories.every(category => category.count > 0));
	// Control: the REST-on site lists its own categories, with their feeds.
	const good = await runCategories(environment.env, {json: true, feed: [`${on().url}/feed/`]});
	const [wordpress] = JSON.parse(good.stdout) as Array<{kind: string; categories: Array<{slug: string; feed: string; parent: string | null}>}>;
	t.is(wordpress!.kind, 'wordpress');
	t.like(wordpress!.categories.find(category => category.slug === 'tesla'), {parent: 'ev-news', feed: `${on().url}/category/tesla/feed/`});
});

async function cliIn(t: ExecutionContext): Promise<(...args: string[]) => Promise<{code: number | null; stdout: string; stderr: string}>> {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	return async (...args: string[]) => runCli(args, {env: environment.env, timeoutMs: 120_000});
}

type Listed = {id: string; title: string; author: string | null; categories: string[]};

wpTest('CLI: feeds add on both sites shows the kind and the API state; REST off is feed-only with its reason', async t => {
	const cli = await cliIn(t);
	t.is((await cli('feeds', 'add', `${on().url}/feed/`)).code, 0);
	t.is((await cli('feeds', 'add', `${off().url}/?feed=rss2`)).code, 0);
	const rows = JSON.parse((await cli('feeds', '--json')).stdout) as Array<{url: string; kind: string; api: string}>;
	t.like(rows.find(row => row.url === `${on().url}/feed/`), {kind: 'wordpress', api: 'ok'});
	t.like(rows.find(row => row.url === `${off().url}/?feed=rss2`), {kind: 'wordpress', api: 'unavailable: HTTP 401 rest_not_logged_in'});
});

wpTest('CLI: --category on the real site returns the category\'s posts, REST on and off; backfill to the end both ways', async t => {
	for (const [feedUrl, via] of [[`${on().url}/feed/`, 'REST'], [`${off().url}/?feed=rss2`, '?paged']] as const) {
		const cli = await cliIn(t);

		const tesla = await cli('--json', '--feed', feedUrl, '--category', 'Tesla', '--fields', 'id,title,categories');
		t.is(tesla.code, 0, tesla.stderr);
		const posts = JSON.parse(tesla.stdout) as Listed[];
		t.is(posts.length, 5, via);
		t.true(posts.every(post => post.categories.includes('Tesla')));

		const all = await cli('--json', '--feed', feedUrl, '--limit', '100', '--fields', 'id,title,author');
		const listed = JSON.parse(all.stdout) as Listed[];
		t.is(listed.length, 35, via);
		t.is(new Set(listed.map(post => post.id)).size, 35);
		t.true(listed.every(post => post.author !== null));
		// Offline, they are all there (cached, with bodies).

		const offline = await cli('--json', '--offline', '--feed', feedUrl, '--fields', 'id,content');
		const withBodies = JSON.parse(offline.stdout) as Array<{id: string; content: string}>;
		t.is(withBodies.length, 35);
		t.true(withBodies.every(post => post.content.length > 100), via);
	}
});

wpTest('one id across paths on the real site: REST, the feed\'s ?paged pages and a category feed agree', async t => {
	const directory = cache(t);
	const feedUrl = `${on().url}/feed/`;
	const rest = await fetchPosts({root: `${on().url}/wp-json/`, feedUrl}, 100);
	const restIds = 'posts' in rest ? rest.posts.map(post => post.id) : [];
	const paged: string[] = [];
	for (let page = 1; page <= 5; page++) {
		const got = await fetchFeedPage(feedUrl, page, feedUrl, directory);
		if (got.kind !== 'posts') {
			t.like(got, {kind: 'end', why: 'HTTP 404'});
			t.is(page, 5);
			break;
		}

		paged.push(...got.posts.map(post => post.id));
	}

	t.is(restIds.length, 35);
	t.deepEqual(paged, restIds);
	const tesla = await fetchFeedPage(`${on().url}/?category_name=tesla&feed=rss2`, 1, feedUrl, directory);
	t.true(tesla.kind === 'posts' && tesla.posts.length === 5 && tesla.posts.every(post => restIds.includes(post.id)));
	// Control: parsed as another feed, the same items get other ids.
	const other = await fetchFeedPage(feedUrl, 2, `${on().url}/?feed=rss2`, directory);
	t.true(other.kind === 'posts' && other.posts.every(post => !restIds.includes(post.id)));
});

async function runCategories(env: NodeJS.ProcessEnv, flags: Partial<Flags>): Promise<{code: number; stdout: string; stderr: string}> {
	let stdout = '';
	let stderr = '';
	const sink = (add: (text: string) => void) => new Writable({
		write(chunk: Buffer, _encoding, callback) {
			add(chunk.toString());
			callback();
		},
	});
	const context: CommandContext = {
		input: [],
		flags: {...defaultFlags, ...flags},
		io: {stdout: sink(text => {
			stdout += text;
		}), stderr: sink(text => {
			stderr += text;
		}), stdin: new PassThrough(), env},
	};
	const code = await categoriesCommand(context);
	return {code, stdout, stderr};
}
