/**
A WordPress site's own categories from `wp/v2/categories` (issue 11 §2): `per_page=100&hide_empty=true&
_fields=id,name,slug,count,parent`, following `X-WP-TotalPages` up to `limits.wpCategoryMaxPages`, asked at most daily,
with a conditional GET (validators kept per URL, query included). Finding the categories is also the API check: the
first API root that answers JSON becomes the site's root and its state `ok`; a refusal (§7) makes it `unavailable`
with the reason, re-checked after an hour or after its Retry-After. On a small site with pretty permalinks, a cold
cache costs one request. Everything is written to the site's own cache file (site-cache.ts).
*/
import {FeedError, toFeedError} from '../feed/errors.js';
import {decodeEntities} from '../feed/html-text.js';
import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {apiStateDue, classifyError, classifyResponse, type ApiState, type Verdict} from './api-state.js';
import {apiRootCandidates, homeFromApiRoot, restUrl} from './detect.js';
import {restGet} from './rest-get.js';
import {readSite, writeSite, type SiteRecord, type WpCategory} from './site-cache.js';

export type CategoriesResult = {
	api: ApiState;
	categories: WpCategory[];
	/** REST requests made by this call. */
	requests: number;
	warnings: string[];
};

export type CategoriesOptions = {
	cacheDirectory: string;
	/** The root from a `Link: rel="https://api.w.org/"` header, when a fetch saw one. */
	linkRoot?: string;
	force?: boolean;
	now?: number;
};

const fields = 'id,name,slug,count,parent';

export async function siteCategories(feedUrl: string, options: CategoriesOptions): Promise<CategoriesResult> {
	const now = options.now ?? Date.now();
	const {site, warning} = readSite(feedUrl, options.cacheDirectory);
	const warnings = warning ? [warning] : [];
	const cached = site.categories;
	const fresh = cached !== undefined && now - Date.parse(cached.fetchedAt) < limits.wpCategoriesMaxAgeMs && now >= Date.parse(cached.fetchedAt);
	if (!options.force && ((site.api.state === 'ok' && fresh) || (site.api.state === 'unavailable' && !apiStateDue(site.api, now)))) {
		return {api: site.api, categories: cached?.items ?? [], requests: 0, warnings};
	}

	const roots = site.api.state === 'ok' ? [site.api.root] : apiRootCandidates(feedUrl, options.linkRoot);
	let requests = 0;
	let verdict: Verdict & {ok: false} = {ok: false, reason: 'no API root answered', final: true};
	for (const root of roots) {
		const result = await fetchAll(root, site, () => {
			requests++;
		});
		if ('items' in result) {
			site.api = {state: 'ok', root, checkedAt: new Date(now).toISOString()};
			site.categories = {fetchedAt: new Date(now).toISOString(), items: result.items};
			writeSite(site, options.cacheDirectory);
			return {api: site.api, categories: result.items, requests, warnings};
		}

		verdict = result;
		if (result.final) {
			break;
		}
	}

	site.api = {
		state: 'unavailable',
		reason: verdict.reason,
		checkedAt: new Date(now).toISOString(),
		...(verdict.retryAt ? {retryAt: verdict.retryAt.toISOString()} : {}),
	};
	writeSite(site, options.cacheDirectory);
	return {api: site.api, categories: cached?.items ?? [], requests, warnings};
}

/** The category feed: `/category/<slug>/feed/` under pretty permalinks, `?cat=ID&feed=rss2` under plain ones. */
export function categoryFeedUrl(root: string, category: Pick<WpCategory, 'id' | 'slug'>): string {
	const home = homeFromApiRoot(root);
	return new URL(root).searchParams.has('rest_route')
		? `${home}?cat=${category.id}&feed=rss2`
		: `${home}category/${encodeURIComponent(category.slug)}/feed/`;
}

async function fetchAll(root: string, site: SiteRecord, count: () => void): Promise<{items: WpCategory[]} | (Verdict & {ok: false})> {
	const items: WpCategory[] = [];
	let totalPages = 1;
	for (let page = 1; page <= totalPages; page++) {
		const url = restUrl(root, 'wp/v2/categories', {per_page: limits.wpPerPageMax, hide_empty: 'true', _fields: fields, ...(page > 1 ? {page} : {})});
		count();
		let response;
		try {
			response = await restGet(url, {validators: site.validators[url]});
		} catch (error) {
			return classifyError(error instanceof FeedError ? error : toFeedError(error));
		}

		if (response.status === 304 && site.categories !== undefined) {
			// Unchanged since the last fetch: keep what we have (the validators are per page, so all pages are the same).
			return {items: site.categories.items};
		}

		const verdict = classifyResponse(response);
		if (!verdict.ok) {
			return verdict;
		}

		if (!Array.isArray(verdict.json)) {
			return {ok: false, reason: 'categories are not a JSON array', final: true};
		}

		site.validators[url] = response.validators;
		items.push(...verdict.json.map(entry => toCategory(entry)).filter((entry): entry is WpCategory => entry !== undefined));
		if (page === 1) {
			const header = Number(response.headers.get('x-wp-totalpages'));
			totalPages = Number.isInteger(header) && header > 0 ? Math.min(header, limits.wpCategoryMaxPages) : 1;
		}
	}

	return {items};
}

function toCategory(entry: unknown): WpCategory | undefined {
	if (entry === null || typeof entry !== 'object') {
		return undefined;
	}

	const {id, name, slug, count, parent} = entry as Record<string, unknown>;
	const whole = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
	if (!whole(id) || typeof name !== 'string' || typeof slug !== 'string') {
		return undefined;
	}

	return {
		id,
		name: sanitizeLine(decodeEntities(name), limits.titleMax),
		slug: sanitizeLine(slug, limits.shownNameMax),
		count: whole(count) ? count : 0,
		parent: whole(parent) ? parent : 0,
	};
}
