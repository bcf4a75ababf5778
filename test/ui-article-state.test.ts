import type {ServerResponse} from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import type {FeedOutcome} from '../source/refresh/refresh.js';
import type {FeedSnapshot, Post} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {readFullText} from '../source/store/full-text-store.js';
import {openMarks} from '../source/store/marks.js';
import {getPaths} from '../source/store/paths.js';
import {readStarred} from '../source/store/stars.js';
import {articleMargin} from '../source/ui/components/article-pane.js';
import {resolveKeymap} from '../source/ui/keymap.js';
import {createServices} from '../source/ui/reader-services.js';
import {type ReaderEvent, type ReaderState, articleBodyWidth, initialState, reduce, visiblePanes} from '../source/ui/state.js';
import type {ReaderPost} from '../source/ui/types.js';
import {makePosts} from './fixtures/ui/posts.js';
import {press} from './helpers/reader-keys.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {waitFor} from './helpers/wait-for.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'full-text');
const page = (trap: string) => fs.readFileSync(path.join(fixtures, 'article.html'), 'utf8').replaceAll('{{TRAP}}', trap);
const html = {'content-type': 'text/html; charset=utf-8'};

function make(columns: number, posts: ReaderPost[] = makePosts(5)): ReaderState {
	return initialState({posts, feeds: [{source: posts[0]!.feed.url, title: 'Feed 0'}], keymap: resolveKeymap(), columns, rows: 30, articleWidth: 80});
}

test('z: the article full width with the other panes hidden, and back; a wider pane gets margins', t => {
	let state = make(160);
	t.deepEqual(visiblePanes(state), ['categories', 'posts', 'article']);
	const paneWidth = articleBodyWidth(state);
	t.true(paneWidth < 80, 'control: in three panes the article is narrower than articleWidth');
	state = press(state, 'z');
	t.is(state.pane, 'article');
	t.is(state.openId, 'post-0');
	t.deepEqual(visiblePanes(state), ['article']);
	t.is(articleBodyWidth(state), 80);
	t.is(articleMargin(160, 80), 40);
	t.is(articleMargin(50, 48), 1);
	state = press(state, 'z');
	t.deepEqual(visiblePanes(state), ['categories', 'posts', 'article']);
	t.is(articleBodyWidth(state), paneWidth);
});

test('f: queues the fetch of the post shown; done reloads that article and says where the text came from', t => {
	let state = press(make(100), 'enter');
	state = {...state, article: {id: 'post-0', width: 78, lines: ['old'], links: []}};
	state = press(state, 'f');
	t.deepEqual(state.effects.map(effect => effect.type), ['mark-read', 'fetch-full-text']);
	t.is((state.effects.at(-1) as {post: ReaderPost}).post.id, 'post-0');
	t.is(state.message, 'fetching the full text…');
	const done = reduce(state, {type: 'full-text-done', id: 'post-0', ok: true, text: 'full text from example.com'});
	t.is(done.article, undefined);
	t.is(done.message, 'full text from example.com');
	// A failure keeps the article shown (the summary stays) and says why.
	const failed = reduce(state, {type: 'full-text-done', id: 'post-0', ok: false, text: 'no full text: HTTP 404'});
	t.is(failed.article?.lines[0], 'old');
	t.is(failed.message, 'no full text: HTTP 404');
	// Control: a post without a link queues nothing.
	const bare = make(100, makePosts(2).map(post => ({...post, link: null})));
	t.is(press(press(bare, 'enter'), 'f').effects.filter(effect => effect.type === 'fetch-full-text').length, 0);
});

function snapshotOf(url: string, posts: Post[]): FeedSnapshot {
	return {version: 1, url, title: 'Feed 0', link: null, posts, validators: {}, lastSuccess: null, lastError: null, nextAllowed: null, lastAttempt: null};
}

test('the f effect fetches through the real stack, caches the text with the post, and a star keeps it', async t => {
	const trap = await serveRoutes({});
	const site = await serveRoutes({'/2026/depot': {headers: html, body: page(trap.origin)}});
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const post = {...makePosts(1)[0]!, link: site.url('/2026/depot')};
	const {read: _read, starred: _starred, ...slim} = post;
	writeSnapshot(snapshotOf(post.feed.url, [slim]), {[post.id]: {html: '<p>Two lines of summary.</p>', base: post.link}}, paths.cache);
	const marks = openMarks(paths.data);
	const services = createServices({sources: [post.feed.url], feeds: [], marks, cacheDirectory: paths.cache, env: temporary.env, color: false, refreshMinutes: 0});
	const events: ReaderEvent[] = [];
	try {
		const before = await services.loadArticle(post, 70);
		t.false(before.lines.join('\n').includes('forty buses'));
		services.runEffect({type: 'fetch-full-text', post}, event => events.push(event));
		await waitFor(() => events.some(event => event.type === 'full-text-done'), {timeoutMs: 20_000});
		t.like(events.find(event => event.type === 'full-text-done'), {ok: true, text: `full text from ${new URL(site.origin).host}`});
		const after = await services.loadArticle(post, 70);
		t.is(after.lines[0], `full text from ${new URL(site.origin).host}`);
		t.true(after.lines.join(' ').includes('forty buses to overnight depot'));
		t.truthy(readFullText(post.feed.url, post.id, paths.cache));
		services.runEffect({type: 'star', posts: [{...post, starred: true}]}, () => undefined);
		// Marks go through the reader's queue (ui/marks-queue.ts): written once it drains.
		t.deepEqual(services.flushMarks(), []);
		t.true(readStarred(paths.data, post.id, [])?.html?.includes('forty buses') ?? false);
		t.deepEqual(trap.requests, []);
	} finally {
		services.dispose();
		await site.close();
		await trap.close();
		temporary.cleanup();
	}
});

test('fullText feeds: a refresh fetches new posts in the background, one request at a time per host', async t => {
	let active = 0;
	let most = 0;
	const trap = await serveRoutes({});
	const route = (_request: unknown, response: ServerResponse) => {
		active++;
		most = Math.max(most, active);
		setTimeout(() => {
			active--;
			response.writeHead(200, html);
			response.end(page(trap.origin));
		}, 150);
	};

	const slow = await serveRoutes({'/a/0': route, '/a/1': route, '/a/2': route});
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const feedUrl = 'https://feed0.example.com/feed';
	const posts: Post[] = makePosts(3).map(({read: _r, starred: _s, ...post}, index) => ({...post, link: slow.url(`/a/${index}`)}));
	writeSnapshot(snapshotOf(feedUrl, posts), {}, paths.cache);
	const outcome: FeedOutcome = {source: feedUrl, url: feedUrl, status: 'fetched', snapshot: snapshotOf(feedUrl, posts), warnings: []};
	const marks = openMarks(paths.data);
	const events: ReaderEvent[] = [];
	const services = createServices({
		sources: [feedUrl],
		feeds: [{source: feedUrl, title: 'Feed 0'}],
		marks,
		cacheDirectory: paths.cache,
		env: temporary.env,
		color: false,
		refreshMinutes: 0,
		fullTextFeeds: [feedUrl],
		async refreshFeeds(_sources, options) {
			options.onUpdate?.(outcome);
			return [outcome];
		},
		// eslint-disable-next-line @typescript-eslint/consistent-type-assertions -- a stub of the reload result's shape
		reload: () => ({posts: [], feeds: []}) as never,
	});
	try {
		services.runEffect({type: 'refresh', force: true}, event => events.push(event));
		await waitFor(() => events.filter(event => event.type === 'full-text-done').length === 3, {timeoutMs: 30_000});
		t.is(most, 1);
		for (const post of posts) {
			t.truthy(readFullText(feedUrl, post.id, paths.cache));
		}

		t.is(slow.requests.length, 3);
		// A second refresh fetches nothing again (each post is cached, and tried once).
		services.runEffect({type: 'refresh', force: true}, event => events.push(event));
		await waitFor(() => events.filter(event => event.type === 'refresh-end').length === 2, {timeoutMs: 10_000});
		await new Promise(resolve => {
			setTimeout(resolve, 200);
		});
		t.is(slow.requests.length, 3);
		// Control: the server does see overlapping requests when they are not limited.
		most = 0;
		await Promise.all([0, 1, 2].map(async index => (await fetch(slow.url(`/a/${index}`))).text()));
		t.true(most > 1);
	} finally {
		services.dispose();
		await slow.close();
		await trap.close();
		temporary.cleanup();
	}
});

test('idle time: warm() renders once after the first frame; prefetch renders the neighbours ahead of time', async t => {
	const {renderArticle} = await import('../source/article/render-article.js');
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const posts = makePosts(3);
	writeSnapshot(snapshotOf(posts[0]!.feed.url, posts.map(({read: _r, starred: _s, ...post}) => post)), {}, paths.cache);
	const rendered: string[] = [];
	const services = createServices({
		sources: [], feeds: [], marks: openMarks(paths.data), cacheDirectory: paths.cache, env: temporary.env, color: false, refreshMinutes: 0,
		loadRenderer: async () => (input, options) => {
			rendered.push(input.title);
			return renderArticle(input, options);
		},
	});
	try {
		await new Promise(resolve => {
			setTimeout(resolve, 150);
		});
		t.deepEqual(rendered, [], 'control: nothing renders on its own');
		services.warm();
		await waitFor(() => rendered.length === 1);
		t.deepEqual(rendered, ['warm']);
		const {neighbourPosts} = await import('../source/ui/article-state.js');
		services.prefetch!(neighbourPosts(posts, 1), 70);
		await waitFor(() => rendered.length === 3);
		t.deepEqual(rendered.slice(1), [posts[2]!.title, posts[0]!.title]);
	} finally {
		services.dispose();
		temporary.cleanup();
	}
});
