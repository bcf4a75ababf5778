/**
Feed discovery for what people paste (`feeds add`, and `a` in the reader), in this order:
1. the URL itself, when it is a feed;
2. the page's `<link rel="alternate">` feeds (minus WordPress's `/wp-json/` JSON alternates: discover.ts);
3. site rules (WordPress category/tag/author pages, YouTube, GitHub, Reddit, Mastodon: site-rules.ts);
4. well-known paths at the site's root (`/feed/`, `/rss.xml`, `/atom.xml`, `/index.xml`, `/feed.xml`), only when the
   URL is an HTML page (not an image, a text file or an error), on the origin the page ended up at (so `http://` → `https://` is followed once, there).
   A probe's redirect is never followed: sites send unknown paths home, which would otherwise "match".
Every candidate is verified by fetching and parsing it, with fetchFeed's limits. A bare host means `https://`.
Requests go one at a time. Never throws: a failure is `{error}` with a one-line reason and what was tried.
*/
import {discoverFeedLinks} from './discover.js';
import {decodeFeedBytes} from './decode.js';
import {FeedError, toFeedError} from './errors.js';
import {fetchFeed, type FetchOptions} from './fetch-feed.js';
import {limits} from './limits.js';
import {parseFeed} from './parse.js';
import {siteRuleFeeds, withScheme} from './site-rules.js';
import type {ParsedFeed} from './types.js';

export type FoundVia = 'self' | 'link' | 'site-rule' | 'probe';

export type FindResult
	= | {url: string; via: FoundVia; feed: ParsedFeed; text: string; tried: string[]}
		| {error: string; tried: string[]};

export type FindOptions = Pick<FetchOptions, 'signal' | 'deadlineMs' | 'headersTimeoutMs' | 'bodyIdleTimeoutMs'>;

const wellKnownPaths = ['/feed/', '/rss.xml', '/atom.xml', '/index.xml', '/feed.xml'] as const;

type Attempt = {feed: ParsedFeed; text: string} | {error: FeedError; html?: string; finalUrl?: string};

export async function findFeed(raw: string, options: FindOptions = {}): Promise<FindResult> {
	const input = withScheme(raw);
	const tried: string[] = [];
	let start: URL;
	try {
		start = new URL(input);
	} catch {
		return {error: 'not a URL', tried};
	}

	if (start.protocol !== 'http:' && start.protocol !== 'https:') {
		return {error: 'not an http(s) URL', tried};
	}

	const first = await attempt(start.href, options, tried);
	if ('feed' in first) {
		return {url: start.href, via: 'self', ...first, tried};
	}

	const rules = siteRuleFeeds(start.href);
	// A category page links the whole site's feed first and its own feed later: the one the rules name comes first.
	const linked = (first.html === undefined ? [] : discoverFeedLinks(first.html, start.href))
		.toSorted((a, b) => Number(rules.includes(b)) - Number(rules.includes(a)))
		.slice(0, limits.discoveryMaxLinks);
	const stages: Array<[FoundVia, string[]]> = [
		['link', linked],
		['site-rule', rules],
		['probe', first.html === undefined ? [] : wellKnownPaths.map(path => new URL(path, first.finalUrl ?? start.href).href)],
	];
	for (const [via, candidates] of stages) {
		for (const candidate of candidates) {
			if (tried.includes(candidate)) {
				continue;
			}

			const result = await attempt(candidate, options, tried, via === 'probe');
			if ('feed' in result) {
				return {url: candidate, via, ...result, tried};
			}
		}
	}

	return {error: `no feed found (${first.error.message})`, tried};
}

async function attempt(url: string, options: FindOptions, tried: string[], probe = false): Promise<Attempt> {
	tried.push(url);
	let text: string;
	let finalUrl: string;
	try {
		const response = await fetchFeed(url, probe ? {...options, maxRedirects: 0} : options);
		if (response.status !== 'ok') {
			return {error: new FeedError('http', 'HTTP 304 without validators')};
		}

		finalUrl = response.finalUrl;
		text = decodeFeedBytes(response.bytes, response.contentType).text;
	} catch (error) {
		return {error: toFeedError(error)};
	}

	try {
		return {feed: parseFeed(text, {url}), text};
	} catch (error) {
		const isHtml = /<html[\s>]|<!doctype\s+html|<head[\s>]|<body[\s>]/i.test(text.slice(0, 4096));
		return isHtml ? {error: toFeedError(error), html: text, finalUrl} : {error: toFeedError(error)};
	}
}
