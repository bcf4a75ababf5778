/**
Posts from a WordPress site beyond its feed document, for `--json` (issue 11 §3, §4, §6):
- `--category NAME`: the category's newest posts from the site (REST `posts?categories=ID`, or the category feed when
  the API is unavailable: `?category_name=<slug>&feed=rss2`, which works under both permalink forms);
- `--limit N` (with or without a category): fills up to N posts from the archive when the cache holds fewer, from
  REST (`per_page` up to 100, `page=N`, stopping at `X-WP-TotalPages` or `rest_post_invalid_page_number`) or from the
  feed's `?paged=N` pages, at most `limits.wpBackfillMaxPosts` per run; where it got to is kept, to resume there, and
  a scope read to its end is not read again for a day;
- `--search TEXT --site`: REST `posts?search=TEXT`, one page (the API is needed: else a one-line reason).
Everything lands in the feed's snapshot (archive.ts), with the feed items' ids. Feeds that are not WordPress (by
feed-kinds.json) cost nothing here.
*/
import {limits} from '../feed/limits.js';
import type {FeedSnapshot, ParsedPost} from '../feed/types.js';
import {foldText} from '../query/fold.js';
import {describeApiState} from './api-state.js';
import {storeSitePosts} from './archive.js';
import {siteCategories} from './categories.js';
import {readKinds} from './feed-kinds.js';
import {fetchFeedPage} from './feed-pages.js';
import {fetchPostsPage} from './posts.js';
import {readSite, writeSite, type BackfillState, type WpCategory} from './site-cache.js';

export type SiteRequest = {
	category?: string | undefined;
	/** `--search TEXT` with `--site`. */
	siteSearch?: string | undefined;
	limit?: number | undefined;
	/** With a category: only older pages (the reader's "older posts…"), not the category's first page again. */
	older?: boolean;
	now?: number;
};

export type SiteResult = {
	snapshot: FeedSnapshot;
	/** Ids the site returned for the search (they match it, whatever the local text search says). */
	searchIds: string[];
	warnings: string[];
	/** Requests made (REST and feed pages), for tests and the benchmarks. */
	requests: number;
};

type Scope = {key: string; category?: WpCategory; slug?: string; name?: string};

type Context = {
	feedUrl: string;
	cacheDirectory: string;
	snapshot: FeedSnapshot;
	root: string | undefined;
	categories: WpCategory[];
	result: SiteResult;
	now: number;
	/** Posts fetched in this run, against `limits.wpBackfillMaxPosts`. */
	fetched: number;
};

/** True when the feed was recognised as WordPress by a refresh. */
export function isWordPress(feedUrl: string, cacheDirectory: string): boolean {
	return readKinds(cacheDirectory)[feedUrl]?.wordpress !== undefined;
}

/** What WordPress makes of a category name when it has no slug of its own (sanitize_title, in short). */
export function slugOf(name: string): string {
	return name.normalize('NFKD').replaceAll(/\p{M}/gu, '').toLowerCase().replaceAll('&', '').replaceAll(/[^a-z\d]+/g, '-').replaceAll(/^-|-$/g, '');
}

export async function extendFromSite(snapshot: FeedSnapshot, request: SiteRequest, cacheDirectory: string): Promise<SiteResult> {
	const feedUrl = snapshot.url;
	const result: SiteResult = {snapshot, searchIds: [], warnings: [], requests: 0};
	const wanted = request.category !== undefined || request.siteSearch !== undefined || request.limit !== undefined;
	if (!wanted || !isWordPress(feedUrl, cacheDirectory)) {
		return result;
	}

	const context: Context = {feedUrl, cacheDirectory, snapshot, root: undefined, categories: [], result, now: request.now ?? Date.now(), fetched: 0};
	const needsCategories = request.category !== undefined || request.limit !== undefined || request.siteSearch !== undefined;
	if (needsCategories) {
		// Daily at most; a cold cache costs one request on a small site. It is also the API check.
		const categories = await siteCategories(feedUrl, {cacheDirectory, now: context.now});
		result.requests += categories.requests;
		result.warnings.push(...categories.warnings);
		context.categories = categories.categories;
		context.root = categories.api.state === 'ok' ? categories.api.root : undefined;
		if (categories.api.state === 'unavailable' && request.siteSearch !== undefined) {
			result.warnings.push(`WordPress API ${describeApiState(categories.api)}: searching the site needs it; searched the cache only`);
		}
	}

	if (request.siteSearch !== undefined) {
		await searchSite(context, request.siteSearch, request.limit);
	}

	if (request.category !== undefined) {
		const scope = categoryScope(context, request.category);
		if (scope !== undefined) {
			await fill(context, scope, request.limit ?? limits.wpCategoryPostsDefault, request.older !== true);
		}
	} else if (request.limit !== undefined && request.siteSearch === undefined) {
		await fill(context, {key: 'all'}, request.limit, false);
	}

	return result;
}

function categoryScope(context: Context, name: string): Scope | undefined {
	const folded = foldText(name);
	const category = context.categories.find(each => foldText(each.name) === folded || each.slug === folded);
	if (context.root !== undefined) {
		if (category === undefined) {
			// Not the site's (an OPML folder, another site's category): the cache answers, quietly.
			return undefined;
		}

		return {key: `category:${category.id}`, category, name: category.name};
	}

	// Feed-only: the category feed by slug (known from an earlier REST answer, else made from the name).
	const slug = category?.slug ?? slugOf(name);
	return slug === '' ? undefined : {key: `category:${slug}`, slug, name: category?.name ?? name};
}

function inScope(context: Context, scope: Scope): number {
	if (scope.name === undefined) {
		return context.snapshot.posts.length;
	}

	const folded = foldText(scope.name);
	return context.snapshot.posts.filter(post => post.categories.some(category => foldText(category) === folded)).length;
}

function store(context: Context, posts: ParsedPost[]): {added: number; ids: string[]} {
	const stored = storeSitePosts(context.feedUrl, posts, context.cacheDirectory);
	context.snapshot = stored.snapshot;
	context.result.snapshot = stored.snapshot;
	return stored;
}

async function searchSite(context: Context, text: string, limit: number | undefined): Promise<void> {
	if (context.root === undefined) {
		return;
	}

	const perPage = Math.min(Math.max(limit ?? limits.wpCategoryPostsDefault, 1), limits.wpPerPageMax);
	context.result.requests++;
	const page = await fetchPostsPage({root: context.root, feedUrl: context.feedUrl, feedTitle: context.snapshot.title, search: text.slice(0, 200), perPage, categories: context.categories});
	if ('error' in page) {
		context.result.warnings.push(`site search: ${page.error}`);
		return;
	}

	context.result.searchIds = store(context, page.posts).ids;
}

/** The next page to read for this scope: where the last run stopped, when it read the same way. */
function startPage(state: BackfillState | undefined, via: BackfillState['via'], perPage: number, first: number): number {
	return state !== undefined && !state.done && state.via === via && state.perPage === perPage && state.nextPage > first ? state.nextPage : first;
}

async function fill(context: Context, scope: Scope, want: number, fresh: boolean): Promise<void> {
	const {site} = readSite(context.feedUrl, context.cacheDirectory);
	const state = site.backfill?.[scope.key];
	const exhausted = state?.done === true && context.now - Date.parse(state.at) < limits.wpCategoriesMaxAgeMs;
	const have = inScope(context, scope);
	if (!fresh && (have >= want || exhausted)) {
		return;
	}

	const waitUntil = site.retryAt === undefined ? Number.NaN : Date.parse(site.retryAt);
	if (waitUntil > context.now && waitUntil <= context.now + limits.retryAfterMaxMs) {
		context.result.warnings.push(`older posts: the site asked to wait until ${site.retryAt}`);
		return;
	}

	const via = context.root === undefined ? 'paged' : 'rest';
	const perPage = via === 'rest' ? Math.min(Math.max(want, 10), limits.wpPerPageMax) : 10;
	// The main feed's page 1 is the feed the refresh just read; a category's page 1 is new.
	const first = via === 'paged' && scope.name === undefined ? 2 : 1;
	const page = fresh ? first : startPage(state, via, perPage, first);
	const run = await readPages(context, scope, {via, perPage, page, have, want, maxPages: fresh && exhausted ? 1 : limits.wpFeedPagesMax, fresh});
	const latest = readSite(context.feedUrl, context.cacheDirectory).site;
	if (run.error?.retryAt !== undefined) {
		latest.retryAt = run.error.retryAt.toISOString();
		context.result.warnings.push(`older posts: ${run.error.reason}`);
	} else if (run.error !== undefined && via === 'rest') {
		// §7: HTML for JSON, a truncated page, a refusal, a timeout: feed-only mode, said once, and the feed's pages now.
		latest.api = {state: 'unavailable', reason: run.error.reason, checkedAt: new Date(context.now).toISOString()};
		writeSite(latest, context.cacheDirectory);
		context.result.warnings.push(`WordPress API unavailable: ${run.error.reason}; feed-only mode (older posts from the feed's pages)`);
		context.root = undefined;
		await fill(context, {...scope, slug: scope.slug ?? scope.category?.slug}, want, fresh);
		return;
	} else if (run.error !== undefined) {
		context.result.warnings.push(`older posts: ${run.error.reason}`);
	}

	(latest.backfill ??= {})[scope.key] = {via, perPage, nextPage: run.nextPage, done: run.done, at: new Date(context.now).toISOString()};
	writeSite(latest, context.cacheDirectory);
}

type PagesPlan = {via: BackfillState['via']; perPage: number; page: number; have: number; want: number; maxPages: number; fresh: boolean};
type PagesRun = {nextPage: number; done: boolean; error?: {reason: string; retryAt?: Date}};

/** Read pages from `plan.page` until the end, enough posts, the page cap or the run's post cap. */
async function readPages(context: Context, scope: Scope, plan: PagesPlan): Promise<PagesRun> {
	let {page, have} = plan;
	const seen = new Set<string>();
	for (let pages = 0; pages < plan.maxPages && context.fetched < limits.wpBackfillMaxPosts; pages++, page++) {
		const got = await readPage(context, scope, plan.via, page, Math.min(plan.perPage, limits.wpBackfillMaxPosts - context.fetched));
		if (got.kind === 'error') {
			return {nextPage: page, done: false, error: {reason: got.reason, ...(got.retryAt ? {retryAt: got.retryAt} : {})}};
		}

		if (got.kind === 'end') {
			return {nextPage: page, done: true};
		}

		if (got.kind === 'not-modified') {
			// Its posts are cached from the last time: on to the next page.
			continue;
		}

		const novel = got.posts.filter(post => !seen.has(post.id));
		for (const post of novel) {
			seen.add(post.id);
		}

		context.fetched += novel.length;
		const added = novel.length === 0 ? 0 : store(context, novel).added;
		have += added;
		// A cache that ignores `paged` serves page 1 again: a page with no new guid is the end (a category's first
		// page, which the cache often holds already, excepted).
		const stale = novel.length === 0 || (plan.via === 'paged' && added === 0 && !(plan.fresh && pages === 0));
		if (stale || got.last) {
			return {nextPage: page + 1, done: true};
		}

		if (have >= plan.want) {
			return {nextPage: page + 1, done: false};
		}
	}

	return {nextPage: page, done: false};
}

type Got = {kind: 'posts'; posts: ParsedPost[]; last: boolean} | {kind: 'end'} | {kind: 'not-modified'} | {kind: 'error'; reason: string; retryAt?: Date};

async function readPage(context: Context, scope: Scope, via: BackfillState['via'], page: number, perPage: number): Promise<Got> {
	context.result.requests++;
	if (via === 'rest') {
		const got = await fetchPostsPage({
			root: context.root!,
			feedUrl: context.feedUrl,
			feedTitle: context.snapshot.title,
			perPage,
			page,
			categories: context.categories,
			...(scope.category ? {category: scope.category.id} : {}),
		});
		if ('error' in got) {
			return {kind: 'error', reason: got.error, ...(got.retryAt ? {retryAt: got.retryAt} : {})};
		}

		return got.posts.length === 0 ? {kind: 'end'} : {kind: 'posts', posts: got.posts, last: got.done};
	}

	const got = await fetchFeedPage(listUrl(context, scope), page, context.feedUrl, context.cacheDirectory);
	return got.kind === 'posts' ? {kind: 'posts', posts: got.posts, last: false} : (got.kind === 'error' ? got : {kind: got.kind});
}

/** The feed to page through: the main feed, or the category's feed under the site's home. */
function listUrl(context: Context, scope: Scope): string {
	if (scope.slug === undefined) {
		return context.feedUrl;
	}

	const home = context.snapshot.link !== null && /^https?:\/\//.test(context.snapshot.link) ? context.snapshot.link.replace(/\/?$/, '/') : `${new URL(context.feedUrl).origin}/`;
	const url = new URL(home);
	url.searchParams.set('category_name', scope.slug);
	url.searchParams.set('feed', 'rss2');
	return url.href;
}
