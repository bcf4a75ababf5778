/**
Full text (reader mode) for a post whose feed carries only a summary: fetch the page through the feed transport
(`fetchFeed`: the same limits, proxies and deadline; the caller's per-host limiter when given), parse it with
linkedom (no script ever runs, no subresource is ever fetched: linkedom has no loader), set `<base href>` so links
resolve, run Readability, then the one sanitizer and turndown (`htmlToMarkdown`).
Returns markdown, or a one-line reason. No Ink; load it with `await import()` only when full text is asked for.
*/
import {isProbablyReaderable, Readability} from '@mozilla/readability';
import {parseHTML} from 'linkedom';
import {toFeedError} from '../feed/errors.js';
import {fetchFeed, type FetchOptions} from '../feed/fetch-feed.js';
import {htmlToMarkdown} from '../feed/html-to-markdown.js';
import type {Limiter} from '../feed/limiter.js';
import {limits} from '../feed/limits.js';
import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';

export type FullTextOptions = {
	signal?: AbortSignal;
	/** The per-host limiter shared with feed refreshes. */
	limiter?: Limiter;
	/** Overrides of the fetch limits (tests). */
	fetchOptions?: FetchOptions;
};

export type FullTextResult
	= | {ok: true; markdown: string; html: string; title: string; finalUrl: string; host: string}
		| {ok: false; reason: string};

/**
Elements removed before Readability sees the page (it never loads them; this keeps them out of its output too),
with `meta[http-equiv]`; and every `<base>` (ours replaces them).
*/
const inert = new Set(['script', 'style', 'link', 'iframe', 'frame', 'frameset', 'object', 'embed', 'noscript', 'template']);

function charsetOf(contentType: string | undefined, head: string): string {
	const declared = /charset\s*=\s*["']?([\w-]{1,40})/i.exec(contentType ?? '')?.[1]
		?? /<meta[^>]+charset\s*=\s*["']?([\w-]{1,40})/i.exec(head)?.[1];
	try {
		return declared ? new TextDecoder(declared).encoding : 'utf-8';
	} catch {
		return 'utf-8';
	}
}

/** Decode an HTML page: the charset from the header, else from a `<meta>` in its first 2 KB, else UTF-8. */
function decodePage(bytes: Uint8Array, contentType: string | undefined): string {
	const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
	return new TextDecoder(charsetOf(contentType, head), {fatal: false}).decode(bytes);
}

/** Schema.org's `isAccessibleForFree: false`, the markup news sites use for paywalled articles. */
const paywallMarker = /"isaccessibleforfree"\s*:\s*(?:false|"false")/i;

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return '';
	}
}

/** The element after `element` in document order, skipping its subtree; null at the end. */
function nextOutside(element: Element, root: Node): Element | null {
	for (let node: Element | null = element; node; node = node.parentNode === root ? null : node.parentElement) {
		const next = node.nextElementSibling;
		if (next) {
			return next;
		}
	}

	return null;
}

/**
Remove the inert elements and `<base>`s with their content: one walk in document order, iterative (a hostile page
may nest thousands deep). The same elements as `querySelectorAll` on the selector list, without linkedom
compiling the selector and matching it on every element.
*/
function removeInert(document: Document): void {
	let element = document.firstElementChild;
	while (element) {
		const name = element.localName.toLowerCase();
		if (inert.has(name) || name === 'base' || (name === 'meta' && element.hasAttribute('http-equiv'))) {
			const next = nextOutside(element, document);
			element.remove();
			element = next;
		} else {
			element = element.firstElementChild ?? nextOutside(element, document);
		}
	}
}

/**
The last page's DOM stays referenced until the next extraction, as in `htmlToMarkdown` (`kept`): when every object
linkedom and Readability were specialised on dies in a major GC, V8 drops their optimised code and the next page
is extracted up to ~1.5× slower while it recompiles. One page's DOM is ~1.5 MB of heap per 100 KB of HTML.
*/
const kept: {document?: unknown} = {};

/** Extract the article at `url` from HTML already fetched (exported for the bench and tests). */
export function extractFromHtml(html: string, url: string): FullTextResult {
	if (html.length > limits.fullTextHtmlMax) {
		return {ok: false, reason: `page over ${Math.round(limits.fullTextHtmlMax / 1024 / 1024)} MB of HTML`};
	}

	const {document} = parseHTML(html);
	removeInert(document);

	const base = document.createElement('base');
	base.setAttribute('href', url);
	(document.head ?? document.documentElement).prepend(base);
	if (!isProbablyReaderable(document)) {
		return {ok: false, reason: paywallMarker.test(html) ? 'paywalled' : 'not readerable'};
	}

	// Classes stay (`keepClasses`): `language-x` and `brush: x` name a code block's language, and
	// htmlToMarkdown's walk drops every other class. JSON-LD is off: its scripts were removed above with the other inert elements.
	const article = new Readability(document, {charThreshold: 300, keepClasses: true, disableJSONLD: true}).parse();
	kept.document = document;
	if (!article?.content) {
		return {ok: false, reason: paywallMarker.test(html) ? 'paywalled' : 'not readerable'};
	}

	// The one sanitizer, as on ingestion; the HTML is what gets cached with the post.
	const clean = sanitizeText(article.content, limits.fullTextHtmlMax);
	const markdown = htmlToMarkdown(clean, url);
	if (markdown.trim() === '') {
		return {ok: false, reason: 'not readerable'};
	}

	return {ok: true, markdown, html: clean, title: sanitizeLine(article.title ?? '', limits.titleMax), finalUrl: url, host: hostOf(url)};
}

/** Fetch `url` and extract its article. Never throws. */
export async function extractFullText(url: string, options: FullTextOptions = {}): Promise<FullTextResult> {
	const host = hostOf(url);
	const fetchOptions: FetchOptions = {
		deadlineMs: limits.fullTextDeadlineMs,
		maxBytes: limits.fullTextMaxBytes,
		...options.fetchOptions,
		...(options.signal ? {signal: options.signal} : {}),
	};
	let result;
	try {
		const fetch = async () => fetchFeed(url, fetchOptions);
		result = await (options.limiter ? options.limiter.run(host, fetch) : fetch());
	} catch (error) {
		return {ok: false, reason: toFeedError(error).message};
	}

	if (result.status !== 'ok') {
		return {ok: false, reason: 'no page (HTTP 304)'};
	}

	const type = (result.contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (type !== '' && type !== 'text/html' && type !== 'application/xhtml+xml') {
		return {ok: false, reason: `not a web page (${sanitizeLine(type, limits.shownTypeMax)})`};
	}

	try {
		return extractFromHtml(decodePage(result.bytes, result.contentType), result.finalUrl);
	} catch {
		return {ok: false, reason: 'not readerable (the page could not be parsed)'};
	}
}
