/**
A small fake WordPress on 127.0.0.1 for the faults a real one cannot produce: a feed (`/feed/`, `?paged=N`, with
the generator and the api.w.org Link header), `?category_name=SLUG&feed=rss2`, and REST categories and posts, each
of which can be made to misbehave (a Cloudflare challenge, 429 with Retry-After, HTML for JSON, truncated JSON, a 401
`rest_not_logged_in`, a cache that ignores `paged`). Every request is recorded.
*/
import http from 'node:http';
import type net from 'node:net';

export type RestMode = 'ok' | 'off' | 'challenge' | 'html' | 'truncated' | 'rate-limited';

export type FakeOptions = {
	posts?: number;
	/** How the categories endpoint answers (default ok). */
	categories?: RestMode;
	/** How the posts endpoint answers (default ok). */
	postsMode?: RestMode;
	/** How `?paged=N` feed pages answer: 'ok', a cache that ignores `paged`, or 429. */
	paged?: 'ok' | 'ignored' | 'rate-limited';
	/** The feed's items carry no author (REST has them). */
	noFeedAuthors?: boolean;
};

export type FakeWordPress = {
	origin: string;
	feedUrl: string;
	requests: string[];
	options: FakeOptions;
	count(pattern: RegExp): number;
	close(): Promise<void>;
};

const day = 86_400_000;
const categories = [{id: 2, name: 'EV News', slug: 'ev-news', count: 0, parent: 0}, {id: 7, name: 'Tesla', slug: 'tesla', count: 0, parent: 2}];

type FakePost = {id: number; date: Date; category: number};

function makePosts(total: number): FakePost[] {
	const base = Date.parse('2026-11-30T12:00:00Z');
	return Array.from({length: total}, (_, index) => ({id: 100 + total - index, date: new Date(base - (index * day / 2)), category: index % 3 === 0 ? 7 : 2}));
}

function item(origin: string, post: FakePost, authors: boolean): string {
	const {name} = (categories.find(category => category.id === post.category)!);
	return `<item><title>Post ${post.id}</title><link>${origin}/?p=${post.id}</link>`
		+ `<guid isPermaLink="false">${origin}/?p=${post.id}</guid><pubDate>${post.date.toUTCString()}</pubDate>`
		+ (authors ? `<dc:creator><![CDATA[Author ${post.id % 3}]]></dc:creator>` : '')
		+ `<category><![CDATA[${name}]]></category><description>Summary ${post.id}</description>`
		+ `<content:encoded><![CDATA[<p>Body of post ${post.id}</p>]]></content:encoded></item>`;
}

function feed(origin: string, posts: FakePost[], authors: boolean): string {
	return '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
		+ `<channel><title>Fake WP</title><link>${origin}</link><description>x</description><generator>https://wordpress.org/?v=6.1.9</generator>`
		+ posts.map(post => item(origin, post, authors)).join('') + '</channel></rss>';
}

function restPost(origin: string, post: FakePost): Record<string, unknown> {
	return {
		id: post.id,
		date_gmt: post.date.toISOString().slice(0, 19),
		modified_gmt: post.date.toISOString().slice(0, 19),
		link: `${origin}/?p=${post.id}`,
		title: {rendered: `Post ${post.id}`},
		excerpt: {rendered: `<p>Summary ${post.id}</p>`},
		content: {rendered: `<p>Body of post ${post.id}</p><script>alert(1)</script>`},
		author: post.id % 3,
		categories: [post.category],
		_embedded: {author: [{id: post.id % 3, name: `Author ${post.id % 3}`}]},
	};
}

type Reply = {status: number; headers: Record<string, string>; body: string};

function misbehave(mode: RestMode): Reply | undefined {
	switch (mode) {
		case 'off': {
			return {status: 401, headers: {'content-type': 'application/json'}, body: '{"code":"rest_not_logged_in","message":"no","data":{"status":401}}'};
		}

		case 'challenge': {
			return {status: 403, headers: {'content-type': 'text/html', 'cf-mitigated': 'challenge'}, body: '<html>Just a moment...</html>'};
		}

		case 'html': {
			return {status: 200, headers: {'content-type': 'text/html; charset=UTF-8'}, body: '<!doctype html><html><body>home</body></html>'};
		}

		case 'rate-limited': {
			return {status: 429, headers: {'retry-after': '3600'}, body: ''};
		}

		default: {
			return undefined;
		}
	}
}

function json(body: unknown, mode: RestMode, extra: Record<string, string> = {}): Reply {
	const text = JSON.stringify(body);
	return misbehave(mode) ?? {status: 200, headers: {'content-type': 'application/json; charset=UTF-8', ...extra}, body: mode === 'truncated' ? text.slice(0, Math.floor(text.length / 2)) : text};
}

function route(fake: FakeWordPress, all: FakePost[], url: URL): Reply {
	const {origin, options} = fake;
	const authors = !options.noFeedAuthors;
	const link = {link: `<${origin}/wp-json/>; rel="https://api.w.org/"`};
	const rss = (posts: FakePost[], status = 200): Reply => ({status, headers: {'content-type': 'application/rss+xml; charset=UTF-8', etag: '"same-for-every-page"', ...link}, body: feed(origin, posts, authors)});
	if (url.pathname === '/wp-json/wp/v2/categories') {
		const counted = categories.map(category => ({...category, count: all.filter(post => post.category === category.id).length}));
		return json(counted, options.categories ?? 'ok', {'x-wp-total': '2', 'x-wp-totalpages': '1'});
	}

	if (url.pathname === '/wp-json/wp/v2/posts') {
		const category = Number(url.searchParams.get('categories') ?? Number.NaN);
		const search = url.searchParams.get('search');
		const matching = all.filter(post => (Number.isNaN(category) || post.category === category) && (search === null || `post ${post.id}`.includes(search.toLowerCase())));
		const perPage = Number(url.searchParams.get('per_page') ?? 10);
		const page = Number(url.searchParams.get('page') ?? 1);
		const totalPages = Math.ceil(matching.length / perPage);
		if (page > Math.max(totalPages, 1)) {
			return {status: 400, headers: {'content-type': 'application/json'}, body: '{"code":"rest_post_invalid_page_number","message":"x","data":{"status":400}}'};
		}

		return json(matching.slice((page - 1) * perPage, page * perPage).map(post => restPost(origin, post)), options.postsMode ?? 'ok', {'x-wp-total': String(matching.length), 'x-wp-totalpages': String(totalPages)});
	}

	const paged = Number(url.searchParams.get('paged') ?? 1);
	const slug = url.searchParams.get('category_name');
	const isFeed = url.pathname === '/feed/' || (url.pathname === '/' && url.searchParams.get('feed') === 'rss2');
	if (!isFeed) {
		return {status: 404, headers: {'content-type': 'text/html'}, body: 'not found'};
	}

	if (paged > 1 && options.paged === 'rate-limited') {
		return {status: 429, headers: {'retry-after': '3600'}, body: ''};
	}

	const id = categories.find(category => category.slug === slug)?.id;
	const list = slug === null ? all : all.filter(post => post.category === id);
	const page = options.paged === 'ignored' ? 1 : paged;
	const posts = list.slice((page - 1) * 10, page * 10);
	return posts.length === 0 ? rss([], 404) : rss(posts);
}

export async function fakeWordPress(options: FakeOptions = {}): Promise<FakeWordPress> {
	const all = makePosts(options.posts ?? 35);
	const sockets = new Set<net.Socket>();
	const fake: FakeWordPress = {
		origin: '',
		feedUrl: '',
		requests: [],
		options,
		count: pattern => fake.requests.filter(path => pattern.test(path)).length,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
	const server = http.createServer((request, response) => {
		fake.requests.push(request.url ?? '/');
		const reply = route(fake, all, new URL(request.url ?? '/', fake.origin));
		response.writeHead(reply.status, reply.headers);
		response.end(reply.body);
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	fake.origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
	fake.feedUrl = `${fake.origin}/feed/`;
	return fake;
}
