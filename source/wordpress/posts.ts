/**
Posts from the WordPress REST API (issue 11 §3, §4), mapped to evnews's post shape with the same id as the feed's
item: a WordPress feed's guid is `<home>?p=ID` and REST's `id` is that ID, so the guid is rebuilt from the REST id
and the id comes from post-id.ts through normalizeFeed, exactly as for the feed. Titles, excerpts and bodies go
through the same normalizer, sanitizer and limits as feed content.

`_embed=author` only embeds when `_fields` also lists `_links` (here `_links.author`) and `_embedded`: without them
WordPress 6.1 silently leaves `_embedded` out (observed on the loopback site).
Paging stops at `X-WP-TotalPages` or at a 400 `rest_post_invalid_page_number` (a page past the end).
*/
import {FeedError, toFeedError} from '../feed/errors.js';
import {limits} from '../feed/limits.js';
import {newRawFeed, newRawItem, normalizeFeed, type RawItem} from '../feed/normalize.js';
import type {ParsedPost} from '../feed/types.js';
import {classifyError, classifyResponse} from './api-state.js';
import {homeFromApiRoot, restUrl} from './detect.js';
import {restGet} from './rest-get.js';
import type {WpCategory} from './site-cache.js';

const postFields = 'id,date_gmt,modified_gmt,link,title,excerpt,content,author,categories,_links.author,_embedded';

export type PostsPage
	= | {posts: ParsedPost[]; page: number; totalPages: number; done: boolean}
		| {error: string; retryAt?: Date};

export type PostsQuery = {
	/** The REST root (`…/wp-json/` or `…/?rest_route=/`). */
	root: string;
	/** The feed the posts belong to: their ids are made with it, as the feed's own items are. */
	feedUrl: string;
	feedTitle?: string;
	category?: number;
	search?: string;
	/** Only these post ids (`include=`), e.g. to learn the authors of posts the feed gave without one. */
	include?: number[];
	/** `_fields` other than the full post's. */
	fields?: string;
	perPage?: number;
	page?: number;
	/** Category names by id, to give posts their category names. */
	categories?: WpCategory[];
};

function postsUrl(query: PostsQuery): string {
	return restUrl(query.root, 'wp/v2/posts', {
		...(query.category === undefined ? {} : {categories: query.category}),
		...(query.search === undefined ? {} : {search: query.search}),
		...(query.include === undefined ? {} : {include: query.include.join(',')}),
		per_page: Math.min(Math.max(1, query.perPage ?? limits.wpPerPageMax), limits.wpPerPageMax),
		page: Math.max(1, query.page ?? 1),
		_fields: query.fields ?? postFields,
		_embed: 'author',
	});
}

/** One page of posts. `done` when it is the last page (or past the end). */
export async function fetchPostsPage(query: PostsQuery): Promise<PostsPage> {
	const page = Math.max(1, query.page ?? 1);
	let response;
	try {
		response = await restGet(postsUrl(query));
	} catch (error) {
		const verdict = classifyError(error instanceof FeedError ? error : toFeedError(error));
		return {error: verdict.reason, ...(verdict.retryAt ? {retryAt: verdict.retryAt} : {})};
	}

	const verdict = classifyResponse(response);
	if (!verdict.ok) {
		return verdict.reason === 'rest_post_invalid_page_number' ? {posts: [], page, totalPages: page - 1, done: true} : {error: verdict.reason};
	}

	if (!Array.isArray(verdict.json)) {
		return {error: 'posts are not a JSON array'};
	}

	const header = Number(response.headers.get('x-wp-totalpages'));
	const totalPages = Number.isInteger(header) && header >= 0 ? header : page;
	return {posts: mapPosts(verdict.json, query), page, totalPages, done: page >= totalPages};
}

/** Pages from `query.page` on, until the last page, `maxPosts` posts or `limits.wpPostsMaxPages` pages. */
export async function fetchPosts(query: PostsQuery, maxPosts: number): Promise<PostsPage> {
	const posts: ParsedPost[] = [];
	let page = Math.max(1, query.page ?? 1);
	for (let fetched = 0; fetched < limits.wpPostsMaxPages; fetched++, page++) {
		const perPage = Math.min(query.perPage ?? limits.wpPerPageMax, limits.wpPerPageMax, maxPosts - posts.length);

		const result = await fetchPostsPage({...query, page, perPage});
		if ('error' in result) {
			return posts.length === 0 ? result : {posts, page: page - 1, totalPages: page - 1, done: false};
		}

		posts.push(...result.posts);
		if (result.done || posts.length >= maxPosts || result.posts.length === 0) {
			return {posts, page, totalPages: result.totalPages, done: result.done};
		}
	}

	return {posts, page: page - 1, totalPages: page - 1, done: false};
}

/** REST post objects → posts, through the feed normalizer (same sanitizer, limits and ids as the feed's items). */
export function mapPosts(entries: unknown[], query: Pick<PostsQuery, 'root' | 'feedUrl' | 'feedTitle' | 'categories'>): ParsedPost[] {
	const home = homeFromApiRoot(query.root);
	const names = new Map((query.categories ?? []).map(category => [category.id, category.name]));
	const raw = newRawFeed('rss');
	raw.title = query.feedTitle === undefined ? undefined : {value: query.feedTitle, type: 'text'};
	for (const entry of entries.slice(0, limits.maxItems)) {
		const item = toRawItem(entry, home, names);
		if (item !== undefined) {
			raw.items.push(item);
		}
	}

	return normalizeFeed(raw, query.feedUrl).posts;
}

function rendered(value: unknown): string | undefined {
	const text = value !== null && typeof value === 'object' ? (value as {rendered?: unknown}).rendered : undefined;
	return typeof text === 'string' ? text : undefined;
}

function toRawItem(entry: unknown, home: string, names: Map<number, string>): RawItem | undefined {
	if (entry === null || typeof entry !== 'object') {
		return undefined;
	}

	const post = entry as Record<string, unknown>;
	if (typeof post.id !== 'number' || !Number.isSafeInteger(post.id) || post.id <= 0) {
		return undefined;
	}

	const item = newRawItem();
	item.guid = `${home}?p=${post.id}`;
	item.guidIsPermaLink = false;
	item.link = typeof post.link === 'string' && /^https?:\/\//i.test(post.link) ? post.link : undefined;
	const title = rendered(post.title);
	item.title = title === undefined ? undefined : {value: title, type: 'html'};
	const excerpt = rendered(post.excerpt);
	item.description = excerpt === undefined ? undefined : {value: excerpt, type: 'html'};
	const content = rendered(post.content);
	item.content = content === undefined ? undefined : {value: content, type: 'html'};
	item.base = item.link ?? home;
	for (const [field, target] of [['date_gmt', item.published], ['modified_gmt', item.updated]] as const) {
		const value = post[field];
		if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(value)) {
			target.push(`${value}Z`);
		}
	}

	const authors = (post._embedded as {author?: unknown} | undefined)?.author;
	if (Array.isArray(authors)) {
		for (const author of authors.slice(0, 8)) {
			const name = (author as {name?: unknown} | null)?.name;
			if (typeof name === 'string' && name.trim() !== '') {
				item.authors.push(name);
			}
		}
	}

	if (Array.isArray(post.categories)) {
		for (const id of post.categories.slice(0, limits.maxCategories)) {
			const name = typeof id === 'number' ? names.get(id) : undefined;
			if (name !== undefined) {
				item.categories.push(name);
			}
		}
	}

	return item;
}
