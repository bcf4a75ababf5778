/**
The refresh's WordPress hook, run after each network fetch of a feed, inside that feed's limiter slot (so a REST
check shares the per-host cap with the feed fetches of the same refresh):
- detection from what the fetch already got (the feed's `<generator>`, the response's `Link` header): no request;
- the REST API check, only when it is due (unknown; `ok` older than a week; `unavailable` after an hour or its
  Retry-After): one categories request, which records the root, the state and the categories (categories.ts);
- `keepArchived`: the posts that came from the site (backfill, a category, a search) stay in the feed's snapshot when
  the feed document no longer lists them.
*/
import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import type {FeedSnapshot, ParsedFeed, Post} from '../feed/types.js';
import {apiStateDue} from './api-state.js';
import {apiRootFromLink, isWordPressFeed} from './detect.js';
import {readKinds, recordKind, type FeedKind} from './feed-kinds.js';
import {storeSitePosts, wordpressNumber} from './archive.js';
import {readSite, writeSite} from './site-cache.js';

export type FetchSeen = {
	url: string;
	/** The URL the document came from after redirects (the Link header's base). */
	finalUrl: string;
	/** Set when the document was parsed (a 200), not on a 304. */
	format?: ParsedFeed['format'];
	bytes?: Uint8Array;
	link?: string;
	/** The parsed document's posts (a 200). */
	posts?: Post[];
};

/** What the fetch shows about the feed's kind, keeping what a 304 cannot tell from before. */
export function kindOf(seen: FetchSeen, previous: FeedKind | undefined): FeedKind | undefined {
	const format = seen.format ?? previous?.format;
	if (format === undefined) {
		return undefined;
	}

	const linkRoot = apiRootFromLink(seen.link, seen.finalUrl);
	// The generator is ASCII in the channel head: latin1 reads it from UTF-8 and any ASCII-compatible charset.
	const generator = seen.bytes !== undefined && isWordPressFeed(Buffer.from(seen.bytes.subarray(0, 16 * 1024)).toString('latin1'));
	if (linkRoot !== undefined) {
		return {format, wordpress: {via: generator ? 'generator' : 'link', linkRoot}};
	}

	if (generator) {
		return {format, wordpress: {via: 'generator'}};
	}

	// A 304 repeats no document: a site seen as WordPress stays so.
	return seen.bytes === undefined && previous?.wordpress ? {format, wordpress: previous.wordpress} : {format};
}

export type AfterFetch = {warnings: string[]; /** The feed's snapshot when this step changed it (authors). */ snapshot?: FeedSnapshot};

/** Detect, record, check the REST API when due, fill missing authors. Never throws. */
export async function afterFetch(seen: FetchSeen, cacheDirectory: string): Promise<AfterFetch> {
	try {
		const kind = kindOf(seen, readKinds(cacheDirectory)[seen.url]);
		if (kind === undefined) {
			return {warnings: []};
		}

		recordKind(cacheDirectory, seen.url, kind);
		if (!kind.wordpress) {
			return {warnings: []};
		}

		const {site} = readSite(seen.url, cacheDirectory);
		const warnings: string[] = [];
		if (apiStateDue(site.api)) {
			// The REST code is loaded only when a check is due: a `--json` run with nothing due never loads it.
			const {siteCategories} = await import('./categories.js');
			const result = await siteCategories(seen.url, {cacheDirectory, force: true, ...(kind.wordpress.linkRoot ? {linkRoot: kind.wordpress.linkRoot} : {})});
			warnings.push(...result.warnings);
		}

		const authors = await fillAuthors(seen, cacheDirectory);
		return {warnings: [...warnings, ...authors.warnings], ...(authors.snapshot ? {snapshot: authors.snapshot} : {})};
	} catch (error) {
		return {warnings: [`WordPress detection: ${sanitizeLine((error as Error).message, limits.shownNameMax)}`]};
	}
}

/**
Authors from REST for the feed's posts that came without one (§5): one request (`include=` the post numbers,
`_fields` kept to the author), only for posts not asked before, only when the API is `ok`. Nothing is due otherwise.
*/
async function fillAuthors(seen: FetchSeen, cacheDirectory: string): Promise<AfterFetch> {
	const {site} = readSite(seen.url, cacheDirectory);
	const asked = new Set(site.authorsAsked);
	const missing = (seen.posts ?? []).filter(post => post.author === null && !asked.has(post.id) && wordpressNumber(post.guid) !== undefined).slice(0, limits.wpPerPageMax);
	if (site.api.state !== 'ok' || missing.length === 0) {
		return {warnings: []};
	}

	const {fetchPostsPage} = await import('./posts.js');
	const page = await fetchPostsPage({
		root: site.api.root,
		feedUrl: seen.url,
		include: missing.map(post => Number(wordpressNumber(post.guid))),
		fields: 'id,_links.author,_embedded',
		perPage: missing.length,
	});
	const latest = readSite(seen.url, cacheDirectory).site;
	latest.authorsAsked = [...new Set([...(latest.authorsAsked ?? []), ...missing.map(post => post.id)])].slice(-limits.wpArchiveMaxPosts);
	writeSite(latest, cacheDirectory);
	if ('error' in page) {
		return {warnings: [`authors from the WordPress API: ${page.error}`]};
	}

	const stored = storeSitePosts(seen.url, page.posts.filter(post => post.author !== null), cacheDirectory, {onlyKnown: true});
	return {warnings: [], snapshot: stored.snapshot};
}

/**
The new feed posts, plus the archived posts (by the site record) that the document no longer lists; a post the feed
gives without an author keeps the one REST gave it before.
*/
export function keepArchived(url: string, given: Post[], old: Post[], cacheDirectory: string): Post[] {
	if (old.length === 0) {
		return given;
	}

	const authors = new Map(old.filter(post => post.author !== null).map(post => [post.id, post.author]));
	const fresh = authors.size === 0 ? given : given.map(post => (post.author === null && authors.has(post.id) ? {...post, author: authors.get(post.id)!} : post));
	const {site} = readSite(url, cacheDirectory);
	if (site.archive === undefined || site.archive.length === 0) {
		return fresh;
	}

	const archived = new Set(site.archive);
	const listed = new Set(fresh.map(post => post.id));
	const kept = old.filter(post => archived.has(post.id) && !listed.has(post.id)).slice(0, limits.wpArchiveMaxPosts);
	return kept.length === 0 ? fresh : [...fresh, ...kept];
}
