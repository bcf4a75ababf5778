import {parseDate} from './dates.js';
import {cutText, decodeEntities, foldWhitespace, htmlToText} from './html-text.js';
import {limits} from './limits.js';
import {makePostId} from './post-id.js';
import {textToHtml} from './text-to-html.js';
import {sanitizeLine, sanitizeText} from './sanitize.js';
import type {Enclosure, FeedWarning, ParsedFeed, ParsedPost} from './types.js';
import {resolveHttpUrl} from './urls.js';

/**
The raw shapes the extractors (parse-xml.ts, parse-json-feed.ts) fill, and their normalisation into posts.
Raw strings are untrusted and unsanitised; URLs in raw shapes are already resolved (absolute http(s) or absent).
*/

/** How a text construct is to be read: plain text, HTML markup, or XHTML markup (the inner markup of the element). */
export type TextType = 'text' | 'html' | 'xhtml';

export type RawText = {value: string; type: TextType};

export type RawItem = {
	guid?: string;
	/** RSS `<guid isPermaLink>`: true unless the attribute says "false". */
	guidIsPermaLink?: boolean;
	/** RSS 1.0 `rdf:about`. */
	about?: string;
	title?: RawText;
	/** Fallback title (dc:title). */
	altTitle?: string;
	/** Last-resort title (media:title). */
	mediaTitle?: string;
	/** Absolute http(s) item link. */
	link?: string;
	/** A second-choice link (atom:link in RSS, JSON external_url). */
	altLink?: string;
	/** A preferred link (feedburner:origLink). */
	origLink?: string;
	authors: string[];
	/** Authors used when `authors` is empty (itunes:author). */
	fallbackAuthors: string[];
	/** Date candidates in order of preference; the first that parses wins. */
	published: string[];
	updated: string[];
	categories: string[];
	/** RSS description, Atom summary, JSON summary. */
	description?: RawText;
	/** A plain-text summary used when nothing else gives one (itunes:summary, dc:description, media:description). */
	altSummary?: string;
	/** Content:encoded, Atom content, JSON content_html / content_text. */
	content?: RawText;
	/** Xml:base in scope at the content (only when a document set one). */
	contentBase?: string;
	/** The base in scope at the item (xml:base, else the feed URL). */
	base?: string;
	/** Enclosures in document order (URLs resolved); at most `limits.maxEnclosures * 2`, cut to the limit once deduplicated. */
	enclosures: RawEnclosure[];
	/** Itunes:duration, for the first enclosure that has no duration of its own. */
	duration?: string;
	enclosureImage?: string;
	mediaImage?: string;
	thumbnail?: string;
	/** JSON Feed image / banner_image. */
	image?: string;
};

export type RawEnclosure = {url: string; type: string | undefined; length: string | number | undefined; duration: string | number | undefined};

export type RawFeed = {
	format: ParsedFeed['format'];
	title?: RawText;
	link?: string;
	authors: string[];
	items: RawItem[];
	warnings: FeedWarning[];
	/** The document ended early. */
	truncated: boolean;
	/** Items past `limits.maxItems`, not read. */
	itemsPastCap: number;
};

/*
Every field is present from the start (undefined until set), so that all raw items share one object shape, and so do all
raw feeds. Shapes grown field by field are separate hidden classes that a GC drops once the last parse's objects are
gone, and code optimised for them is thrown away with them.
*/
export function newRawItem(): RawItem {
	return {
		guid: undefined,
		guidIsPermaLink: undefined,
		about: undefined,
		title: undefined,
		altTitle: undefined,
		mediaTitle: undefined,
		link: undefined,
		altLink: undefined,
		origLink: undefined,
		authors: [],
		fallbackAuthors: [],
		published: [],
		updated: [],
		categories: [],
		description: undefined,
		altSummary: undefined,
		content: undefined,
		contentBase: undefined,
		base: undefined,
		enclosures: [],
		duration: undefined,
		enclosureImage: undefined,
		mediaImage: undefined,
		thumbnail: undefined,
		image: undefined,
	};
}

export function newRawFeed(format: RawFeed['format'], authors: string[] = []): RawFeed {
	return {
		format,
		title: undefined,
		link: undefined,
		authors,
		items: [],
		warnings: [],
		truncated: false,
		itemsPastCap: 0,
	};
}

const htmlTagPattern = /<\/?[a-z][a-z\d]*(?:\s[^<>]*)?\/?>/i;
const entityPattern = /&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/i;

function foldSpace(text: string): string {
	return foldWhitespace(text).trim();
}

/** A title as a single line of plain text. */
function titleText(raw: RawText | undefined, format: ParsedFeed['format']): string {
	if (raw === undefined) {
		return '';
	}

	if (raw.type === 'text') {
		let text = raw.value;
		// RSS titles are written the way WordPress writes them: entity-escaped once more (`&amp;#8217;`).
		if ((format === 'rss' || format === 'rdf') && entityPattern.test(text)) {
			text = decodeEntities(text);
		}

		// Escaped HTML in an RSS title (`&lt;b&gt;Bold&lt;/b&gt;`) loses its tags; a lone `<` (`a < b`) is text.
		if ((format === 'rss' || format === 'rdf') && htmlTagPattern.test(text)) {
			return sanitizeLine(htmlToText(text, limits.titleMax), limits.titleMax);
		}

		return sanitizeLine(foldSpace(text), limits.titleMax);
	}

	return sanitizeLine(htmlToText(raw.value, limits.titleMax), limits.titleMax);
}

function plainText(raw: RawText, max: number): string {
	return raw.type === 'text' ? cutText(foldSpace(raw.value), max) : htmlToText(raw.value, max);
}

function toHtml(raw: RawText | undefined): string | undefined {
	if (raw === undefined || raw.value.trim() === '') {
		return undefined;
	}

	return raw.type === 'text' ? textToHtml(raw.value) : raw.value.trim();
}

/** RSS `<author>` is "email (Name)" or "Name <email>": keep the name when there is one. */
function authorName(raw: string): string {
	// Cap first: everything below is linear, but a feed may send a 64 KB author.
	const text = foldSpace(raw.slice(0, limits.authorMax * 4));
	if (!text.includes('@')) {
		// Both forms below need an address.
		return text;
	}

	if (text.endsWith(')')) {
		const open = text.indexOf('(');
		const before = open > 0 ? text.slice(0, open).trimEnd() : '';
		const inside = text.slice(open + 1, -1).trim();
		// "jane@example.com (Jane Doe)": an address without spaces, then the name in parentheses.
		if (before !== '' && !/\s/.test(before) && isAddress(before) && inside !== '') {
			return inside;
		}

		// "Jane Doe (jane@example.com)": the name, then the address in parentheses.
		if (before !== '' && !/\s/.test(inside) && isAddress(inside)) {
			return before;
		}
	}

	// "Jane Doe <jane@example.com>": the name, then an address in angle brackets.
	if (text.endsWith('>')) {
		const open = text.lastIndexOf('<');
		const address = open > 0 ? text.slice(open + 1, -1) : '';
		if (address !== '' && !/\s/.test(address) && isAddress(address)) {
			const name = text.slice(0, open).trim().replace(/^"/, '').replace(/"$/, '').trim();
			if (name !== '') {
				return name;
			}
		}
	}

	return text;
}

/** Something@something, with no spaces (the check a feed's author field needs, not RFC 5322). */
function isAddress(text: string): boolean {
	const at = text.indexOf('@');
	return at > 0 && at < text.length - 1;
}

/** The same raw strings (authors, categories) come back item after item: each is cleaned once per feed. */
function cached(cache: Map<string, string>, raw: string, clean: (raw: string) => string): string {
	let value = cache.get(raw);
	if (value === undefined) {
		value = clean(raw);
		if (cache.size < 4096) {
			cache.set(raw, value);
		}
	}

	return value;
}

function cleanAuthor(raw: string): string {
	return sanitizeLine(authorName(raw), limits.authorMax);
}

function cleanCategory(raw: string): string {
	return sanitizeLine(raw, limits.categoryMax);
}

function joinAuthors(authors: string[], cache: Map<string, string>): string | null {
	const names: string[] = [];
	const seen = new Set<string>();
	for (const raw of authors) {
		const name = cached(cache, raw, cleanAuthor);
		if (name !== '' && !seen.has(name.toLowerCase())) {
			seen.add(name.toLowerCase());
			names.push(name);
		}

		if (names.length >= 8) {
			break;
		}
	}

	if (names.length === 0) {
		return null;
	}

	return names.length === 1 ? names[0]! : sanitizeLine(names.join(', '), limits.authorMax);
}

/** Append an enclosure to a raw item, within the raw cap. */
export function addRawEnclosure(item: RawItem, enclosure: RawEnclosure): void {
	if (item.enclosures.length < limits.maxEnclosures * 2) {
		item.enclosures.push(enclosure);
	}
}

/** A whole number of bytes, or null (missing, zero, negative, fractional or absurd). */
function byteLength(raw: string | number | undefined): number | null {
	const value = typeof raw === 'string' ? (/^\s*\d{1,15}\s*$/.test(raw) ? Number(raw) : Number.NaN) : raw;
	return value !== undefined && Number.isSafeInteger(value) && value > 0 ? value : null;
}

/** Seconds from `hh:mm:ss`, `mm:ss` or a number of seconds (itunes:duration, media:content duration), or null. */
export function durationSeconds(raw: string | number | undefined): number | null {
	if (typeof raw === 'number') {
		return Number.isFinite(raw) && raw >= 0 && raw < 1e9 ? raw : null;
	}

	const match = raw === undefined ? null : /^\s*(?:(?:(\d{1,4}):)?(\d{1,4}):)?(\d{1,9}(?:\.\d{1,6})?)\s*$/.exec(raw);
	if (match === null) {
		return null;
	}

	const [, hours, minutes, seconds] = match;
	const total = (Number(hours ?? 0) * 3600) + (Number(minutes ?? 0) * 60) + Number(seconds);
	return total < 1e9 ? total : null;
}

function cleanEnclosures(item: RawItem): Enclosure[] {
	const result: Enclosure[] = [];
	const seen = new Set<string>();
	let itunesDuration = durationSeconds(item.duration);
	for (const raw of item.enclosures) {
		const url = sanitizeLine(raw.url, limits.urlMax);
		if (url === '' || seen.has(url) || result.length >= limits.maxEnclosures) {
			continue;
		}

		seen.add(url);
		const type = sanitizeLine((raw.type ?? '').trim().toLowerCase(), 128);
		let duration = durationSeconds(raw.duration);
		if (duration === null && itunesDuration !== null && !type.startsWith('image/')) {
			duration = itunesDuration;
			itunesDuration = null;
		}

		result.push({url, type: type === '' ? null : type, length: byteLength(raw.length), duration});
	}

	return result;
}

function firstNonEmpty(...lists: string[][]): string[] {
	return lists.find(list => list.length > 0) ?? [];
}

function cleanCategories(raw: string[], cache: Map<string, string>): string[] {
	const result: string[] = [];
	const seen = new Set<string>();
	for (const category of raw) {
		const clean = cached(cache, category, cleanCategory);
		const key = clean.toLowerCase();
		if (clean === '' || seen.has(key)) {
			continue;
		}

		seen.add(key);
		result.push(clean);
		if (result.length >= limits.maxCategories) {
			break;
		}
	}

	return result;
}

function firstDate(candidates: string[]): string | null {
	for (const candidate of candidates) {
		const date = parseDate(candidate);
		if (date !== null) {
			return date;
		}
	}

	return null;
}

// Feed-ad and tracking images that are never the picture of a post.
const trackers = /feeds\.feedburner\.com\/~|feedsportal\.com|pheedo\.com|doubleclick\.net|\/~a\/|\/~r\/|stats\.wordpress\.com|pixel\.wp\.com/i;

/** The first `<img src>` in HTML that is not a 1×1 tracking pixel, resolved against `base`. Linear. */
function firstImage(html: string, base: string | undefined): string | null {
	let index = 0;
	for (let tries = 0; tries < 20; tries++) {
		const start = html.indexOf('<img', index);
		if (start === -1) {
			return null;
		}

		const end = html.indexOf('>', start);
		if (end === -1) {
			return null;
		}

		const tag = html.slice(start, end);
		index = end + 1;
		if (/\s(?:width|height)\s*=\s*["']?[01](?:px)?["'\s/]/i.test(tag) || trackers.test(tag)) {
			continue;
		}

		const source = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i.exec(tag);
		if (!source) {
			continue;
		}

		const url = resolveHttpUrl(decodeEntities(source[1] ?? source[2] ?? source[3] ?? ''), base);
		if (url !== null) {
			return url;
		}
	}

	return null;
}

function firstWords(text: string): string {
	if (text === '') {
		return '';
	}

	return cutText(text, 80);
}

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return '';
	}
}

/**
Guid-less posts that share a link (a changelog or status feed links every entry to the same page) would get the same
id and be dropped as duplicates. They get an id over link, title and date instead. Only those: a guid-less post whose
link is unique in the feed keeps its link id, so the read marks users already have still apply to it; posts with a guid
never change id.
*/
function separateSharedLinks(posts: ParsedPost[], feedUrl: string): void {
	const byId = new Map<string, number>();
	for (const post of posts) {
		if (post.guid === undefined && post.link !== null) {
			byId.set(post.id, (byId.get(post.id) ?? 0) + 1);
		}
	}

	for (const post of posts) {
		if (post.guid === undefined && post.link !== null && byId.get(post.id)! > 1) {
			post.id = makePostId(feedUrl, {link: post.link, title: post.title, date: post.published ?? post.updated, linkShared: true});
		}
	}
}

/** The first post of each id, in document order. */
function dropDuplicates(posts: ParsedPost[]): ParsedPost[] {
	const seen = new Set<string>();
	const kept: ParsedPost[] = [];
	for (const post of posts) {
		if (!seen.has(post.id)) {
			seen.add(post.id);
			kept.push(post);
		}
	}

	return kept.length === posts.length ? posts : kept;
}

/** The item link: feedburner:origLink, the link, a second-choice link, a permalink guid, else RSS 1.0 rdf:about. */
function itemLink(item: RawItem, guid: string | undefined, feedBase: string | undefined): string | null {
	let link = item.origLink ?? item.link ?? item.altLink ?? null;
	if (link === null && guid !== undefined && item.guidIsPermaLink !== false) {
		link = resolveHttpUrl(guid, item.base ?? feedBase);
	}

	if (link === null && item.about !== undefined) {
		link = resolveHttpUrl(item.about, item.base ?? feedBase);
	}

	return link;
}

/** The title, else dc:title, else media:title, else the first words of the summary. */
function itemTitle(item: RawItem, format: ParsedFeed['format'], summary: string): string {
	const title = titleText(item.title, format);
	if (title !== '') {
		return title;
	}

	for (const fallback of [item.altTitle, item.mediaTitle]) {
		const text = fallback === undefined ? '' : sanitizeLine(foldSpace(fallback), limits.titleMax);
		if (text !== '') {
			return text;
		}
	}

	return sanitizeLine(firstWords(summary), limits.titleMax);
}

/** What every item of one feed shares while it is normalised: the feed's URL, base and reference, and name caches. */
type FeedContext = {
	feedUrl: string;
	feedBase: string | undefined;
	feedRef: {title: string; url: string};
	format: RawFeed['format'];
	authors: RawFeed['authors'];
	authorCache: Map<string, string>;
	categoryCache: Map<string, string>;
};

/** One raw item as a sanitised post (with its sanitised HTML and base). */
function normalizeItem(item: RawFeed['items'][number], feed: FeedContext): ParsedPost {
	const guidText = item.guid === undefined ? '' : sanitizeLine(item.guid, limits.urlMax);
	const guid = guidText === '' ? undefined : guidText;
	const link = itemLink(item, guid, feed.feedBase);
	const altSummary: RawText | undefined = item.altSummary === undefined ? undefined : {value: item.altSummary, type: 'text'};
	const summarySource = item.description ?? item.content ?? altSummary;
	const summary = summarySource === undefined ? '' : sanitizeLine(plainText(summarySource, limits.summaryMax), limits.summaryMax);
	const title = itemTitle(item, feed.format, summary);
	const published = firstDate(item.published);
	const updated = firstDate(item.updated);
	const htmlSource = toHtml(item.content) ?? toHtml(item.description) ?? toHtml(altSummary) ?? '';
	const html = sanitizeText(htmlSource, limits.htmlMax);
	const base = item.contentBase ?? link ?? item.base ?? feed.feedBase ?? '';
	return {
		id: makePostId(feed.feedUrl, {guid, link, title, date: published ?? updated}),
		guid,
		title,
		link,
		author: joinAuthors(firstNonEmpty(item.authors, item.fallbackAuthors, feed.authors), feed.authorCache),
		published,
		updated,
		categories: cleanCategories(item.categories, feed.categoryCache),
		summary,
		image: item.enclosureImage ?? item.mediaImage ?? item.thumbnail ?? item.image ?? (html === '' ? null : firstImage(html, base === '' ? undefined : base)),
		enclosures: cleanEnclosures(item),
		feed: feed.feedRef,
		html,
		// Already sanitised: every base comes from resolveHttpUrl.
		base,
	};
}

/** Turn what an extractor found into sanitised posts. Never throws on data (only on programming errors). */
export function normalizeFeed(raw: RawFeed, feedUrl: string): ParsedFeed {
	const warnings = [...raw.warnings];
	const feedBase = resolveHttpUrl(feedUrl, undefined) ?? undefined;
	const feedTitle = titleText(raw.title, raw.format) || sanitizeLine(hostOf(feedUrl), limits.titleMax) || sanitizeLine(feedUrl, limits.titleMax);
	const feed: FeedContext = {
		feedUrl, feedBase, feedRef: {title: feedTitle, url: sanitizeLine(feedUrl, limits.urlMax)}, format: raw.format, authors: raw.authors,
		authorCache: new Map(), categoryCache: new Map(),
	};
	const candidates = raw.items.map(item => normalizeItem(item, feed));

	separateSharedLinks(candidates, feedUrl);
	const posts = dropDuplicates(candidates);
	const duplicates = candidates.length - posts.length;
	if (duplicates > 0) {
		warnings.push({code: 'duplicates', text: `dropped ${duplicates} duplicate item${duplicates === 1 ? '' : 's'}`});
	}

	return {
		format: raw.format,
		title: feedTitle,
		link: raw.link ?? null,
		posts,
		truncated: raw.truncated,
		droppedItems: raw.itemsPastCap + duplicates,
		warnings: warnings.map(warning => ({code: warning.code, text: sanitizeLine(warning.text, limits.shownMessageMax)})),
	};
}
