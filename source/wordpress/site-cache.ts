/**
What evnews remembers about one WordPress feed's site, in `<cache>/wordpress/<key>.json` (written atomically, 0600;
a corrupt file is moved aside with a message): the REST API state and root, the site's categories with when they
were fetched, and HTTP validators per request URL, query included (WordPress gives every page of a feed the same
ETag, so a validator kept per path would answer page 2 with page 1's 304).
*/
import fs from 'node:fs';
import path from 'node:path';
import type {Validators} from '../feed/types.js';
import {moveAside, writeFileAtomic} from '../store/atomic-write.js';
import {feedKey} from '../store/cache.js';
import type {ApiState} from './api-state.js';

export type WpCategory = {id: number; name: string; slug: string; count: number; parent: number};

/** Where a backfill of one scope (the whole site, or a category) got to, to resume there next time. */
export type BackfillState = {via: 'rest' | 'paged'; perPage: number; nextPage: number; done: boolean; at: string};

export type SiteRecord = {
	version: 1;
	feedUrl: string;
	api: ApiState;
	categories?: {fetchedAt: string; items: WpCategory[]};
	validators: Record<string, Validators>;
	/** Ids of posts that came from the site (backfill, a category, a search): the feed's refresh keeps them. */
	archive?: string[];
	/** Ids of feed posts without an author whose authors were asked of REST (once each). */
	authorsAsked?: string[];
	/** A Retry-After from the site's posts or pages: no backfill request before then. */
	retryAt?: string;
	/** By scope (`all`, `category:<id or slug>`). */
	backfill?: Record<string, BackfillState>;
};

export function siteFile(feedUrl: string, cacheDirectory: string): string {
	return path.join(cacheDirectory, 'wordpress', `${feedKey(feedUrl)}.json`);
}

function emptySite(feedUrl: string): SiteRecord {
	return {version: 1, feedUrl, api: {state: 'unknown'}, validators: {}};
}

export function readSite(feedUrl: string, cacheDirectory: string): {site: SiteRecord; warning?: string} {
	const file = siteFile(feedUrl, cacheDirectory);
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {site: emptySite(feedUrl)};
		}

		return {site: emptySite(feedUrl), warning: `cache file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`};
	}

	try {
		const value = JSON.parse(text) as SiteRecord;
		if (isSiteRecord(value) && value.feedUrl === feedUrl) {
			return {site: value};
		}
	} catch {}

	let moved = '';
	try {
		moved = moveAside(file);
	} catch {}

	return {site: emptySite(feedUrl), warning: `cache file ${file} was corrupt; moved aside to ${moved || '(could not move)'}`};
}

export function writeSite(site: SiteRecord, cacheDirectory: string): void {
	const file = siteFile(site.feedUrl, cacheDirectory);
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	writeFileAtomic(file, JSON.stringify(site) + '\n');
}

/** Forget a site (its feed was removed). */
export function removeSite(feedUrl: string, cacheDirectory: string): void {
	fs.rmSync(siteFile(feedUrl, cacheDirectory), {force: true});
}

function isSiteRecord(value: unknown): value is SiteRecord {
	const v = value as SiteRecord;
	return typeof v === 'object' && v !== null && v.version === 1 && typeof v.feedUrl === 'string'
		&& typeof v.api === 'object' && v.api !== null && typeof v.validators === 'object' && v.validators !== null
		&& (v.categories === undefined || Array.isArray(v.categories.items))
		&& (v.archive === undefined || (Array.isArray(v.archive) && v.archive.every(id => typeof id === 'string')))
		&& (v.backfill === undefined || (typeof v.backfill === 'object' && v.backfill !== null));
}
