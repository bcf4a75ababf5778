import test from 'ava';
import {FeedError} from '../source/feed/errors.js';
import type {FeedOutcome} from '../source/refresh/refresh.js';
import type {FeedSnapshot, Post} from '../source/feed/types.js';
import {writeSnapshot} from '../source/store/cache.js';
import {openMarks} from '../source/store/marks.js';
import {getPaths} from '../source/store/paths.js';
import {createServices} from '../source/ui/reader-services.js';
import type {ReaderEvent} from '../source/ui/state.js';
import type {ReaderPost} from '../source/ui/types.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {waitFor} from './helpers/wait-for.js';
import {makePosts} from './fixtures/ui/posts.js';

const feedUrl = 'https://feed0.example.com/feed';

function snapshotOf(posts: Post[]): FeedSnapshot {
	return {
		version: 1,
		url: feedUrl,
		title: 'Feed 0',
		link: null,
		posts,
		validators: {},
		lastSuccess: new Date().toISOString(),
		lastError: null,
		nextAllowed: null,
		lastAttempt: new Date().toISOString(),
	};
}

function slim(post: ReaderPost): Post {
	const {read: _read, starred: _starred, ...rest} = post;
	return rest;
}

function setup(refreshFeeds?: Parameters<typeof createServices>[0]['refreshFeeds']) {
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const posts = makePosts(3);
	writeSnapshot(snapshotOf(posts.map(post => slim(post))), {
		'post-0': {html: '<p>Hello <b>world</b>, see <a href="https://example.com/more">more</a>.</p><img src="/x.png" alt="a chart"><p>\u001B]52;c;QUFB\u0007clip</p>', base: 'https://example.com/posts/0'},
	}, paths.cache);
	const marks = openMarks(paths.data);
	const events: ReaderEvent[] = [];
	const services = createServices({
		sources: [feedUrl],
		feeds: [{source: feedUrl, title: 'Feed 0'}],
		marks,
		cacheDirectory: paths.cache,
		env: temporary.env,
		color: false,
		refreshMinutes: 30,
		...(refreshFeeds ? {refreshFeeds} : {}),
	});
	const dispatch = (event: ReaderEvent) => {
		events.push(event);
	};

	return {temp: temporary, paths, posts, services, events, dispatch};
}

test('marks are written through the real store, off the keypress (queued, in order)', async t => {
	const {temp, paths, posts, services, dispatch} = setup();
	t.teardown(() => {
		services.dispose();
		temp.cleanup();
	});
	services.runEffect({type: 'mark-read', ids: ['post-0', 'post-1']}, dispatch);
	services.runEffect({type: 'mark-unread', ids: ['post-1']}, dispatch);
	services.runEffect({type: 'star', posts: [posts[0]!]}, dispatch);
	// Not in the same tick as the key (the frame goes first)…
	t.is(services.pendingMarks(), 3);
	t.false(openMarks(paths.data).isRead('post-0'));
	// …but right after.
	await waitFor(() => services.pendingMarks() === 0);
	const again = openMarks(paths.data);
	t.true(again.isRead('post-0'));
	t.false(again.isRead('post-1'));
	t.true(again.isStarred('post-0'));
	// The starred snapshot keeps the body.
	t.regex(again.starredPosts()[0]?.html ?? '', /Hello/);
	services.runEffect({type: 'unstar', ids: ['post-0']}, dispatch);
	// Quitting drains the queue synchronously: nothing is dropped.
	t.deepEqual(services.flushMarks(), []);
	t.false(openMarks(paths.data).isStarred('post-0'));
});

test('articles render from the cached content at the given width, sanitised, with numbered links', async t => {
	const {temp, posts, services} = setup();
	t.teardown(() => {
		services.dispose();
		temp.cleanup();
	});
	const body = await services.loadArticle(posts[0]!, 40);
	const text = body.lines.join('\n');
	t.regex(text, /Hello/);
	t.regex(text, /\[image: a chart]/);
	t.regex(text, /\[1] https:\/\/example\.com\/more/);
	t.notRegex(text, /[\u0007\u009B]|\u001B]/);
	t.deepEqual(body.links.slice(0, 1), ['https://example.com/more']);
	t.true(body.lines.every(line => line.length <= 200));
	// Without content, the summary stands in.
	const summary = await services.loadArticle(posts[1]!, 40);
	t.regex(summary.lines.join('\n'), /Summary of post 1/);
});

test('a refresh reports each feed as it lands and reloads the posts; a failure keeps the cache', async t => {
	// Assigned below, once the temp folders exist; read by the refresh stand-in when it runs.
	// eslint-disable-next-line prefer-const
	let paths: ReturnType<typeof getPaths>;
	const refreshFeeds = async (sources: string[], options: {onUpdate?: (outcome: FeedOutcome) => void; force?: boolean}) => {
		const fresh = [...makePosts(4).map(post => slim(post))];
		fresh[0] = {...fresh[0]!, id: 'new-post', title: 'A new post'};
		const snapshot = snapshotOf(fresh);
		writeSnapshot(snapshot, undefined, paths.cache);
		const outcome: FeedOutcome = {source: sources[0]!, url: feedUrl, status: 'fetched', snapshot, warnings: []};
		options.onUpdate?.(outcome);
		const failed: FeedOutcome = {
			source: 'https://down.example/feed',
			url: 'https://down.example/feed',
			status: 'failed',
			snapshot: undefined,
			error: new FeedError('timeout', 'timed out after 20 s'),
			warnings: [],
		};
		options.onUpdate?.(failed);
		return [outcome, failed];
	};

	const context = setup(refreshFeeds);
	paths = context.paths;
	const {temp, services, events, dispatch} = context;
	t.teardown(() => {
		services.dispose();
		temp.cleanup();
	});
	services.runEffect({type: 'refresh', force: true}, dispatch);
	await waitFor(() => events.some(event => event.type === 'refresh-end') && events.some(event => event.type === 'posts'));
	const types = events.map(event => event.type);
	t.is(types[0], 'refresh-start');
	t.true(types.includes('refresh-feed'));
	const failed = events.find(event => event.type === 'refresh-feed' && !event.ok);
	t.like(failed, {type: 'refresh-feed', source: 'https://down.example/feed', ok: false, error: 'timed out after 20 s'});
	// The next retry: the next background refresh.
	t.true(failed?.type === 'refresh-feed' && typeof failed.retryAt === 'number' && failed.retryAt > Date.now());
	const reloaded = events.find(event => event.type === 'posts');
	t.true(reloaded?.type === 'posts' && reloaded.posts.some(post => post.id === 'new-post'));
});

test('a long article is handed over first in part, then whole; a short or already rendered one only whole', async t => {
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const posts = makePosts(2);
	const long = Array.from({length: 300}, (_, index) => `<p>Paragraph ${index + 1} of a long article about <a href="https://example.com/${index}">grid storage</a>.</p>`).join('\n');
	writeSnapshot(snapshotOf(posts.map(post => slim(post))), {
		'post-0': {html: long, base: 'https://example.com/posts/0'},
		'post-1': {html: '<p>Short.</p>', base: 'https://example.com/posts/1'},
	}, paths.cache);
	const services = createServices({sources: [feedUrl], feeds: [{source: feedUrl, title: 'Feed 0'}], marks: openMarks(paths.data), cacheDirectory: paths.cache, env: temporary.env, color: false, refreshMinutes: 0});
	t.teardown(() => {
		services.dispose();
		temporary.cleanup();
	});
	const firsts: Array<{lines: string[]; partial?: boolean}> = [];
	const whole = await services.loadArticle(posts[0]!, 60, body => {
		firsts.push(body);
	});
	t.is(firsts.length, 1);
	t.true(firsts[0]!.partial);
	t.deepEqual(firsts[0]!.lines.slice(0, 40), whole.lines.slice(0, 40));
	t.regex(whole.lines.join('\n'), /Paragraph 300 of/);
	t.notRegex(firsts[0]!.lines.join('\n'), /Paragraph 300 of/);
	// Rendered now: whole at once.
	await services.loadArticle(posts[0]!, 60, body => {
		firsts.push(body);
	});
	await services.loadArticle(posts[1]!, 60, body => {
		firsts.push(body);
	});
	t.is(firsts.length, 1);
});

async function failingRenderer(): Promise<never> {
	throw new Error('no renderer');
}

test('warm() calls back once the renderer is warm, and also when warming fails (the reader then lets the heap grow)', async t => {
	for (const failing of [false, true]) {
		const temporary = makeTempEnv();
		const paths = getPaths(temporary.env);
		const services = createServices({
			sources: [feedUrl], feeds: [{source: feedUrl, title: 'Feed 0'}], marks: openMarks(paths.data), cacheDirectory: paths.cache, env: temporary.env, color: false, refreshMinutes: 0,
			...(failing ? {loadRenderer: failingRenderer} : {}),
		});
		let done = 0;
		services.warm(() => {
			done++;
		});
		t.is(done, 0);
		// eslint-disable-next-line no-await-in-loop
		await waitFor(() => done === 1);
		services.dispose();
		temporary.cleanup();
	}

	t.pass();
});
