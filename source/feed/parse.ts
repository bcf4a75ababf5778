import {discoverFeedLinks} from './discover.js';
import {FeedError} from './errors.js';
import {normalizeFeed} from './normalize.js';
import {extractJsonFeed, isJsonFeed, jsonFeedVersion} from './parse-json-feed.js';
import {extractXml} from './parse-xml.js';
import type {ParsedFeed} from './types.js';

/**
Parse a decoded feed document (RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1) into sanitised posts.
The format comes from the content, never from the Content-Type. Throws only FeedError:
- 'not-a-feed' for an empty body, HTML (with `feedUrl` set when the page links a feed), other JSON or other XML;
- 'too-deep' for nesting deeper than `limits.maxDepth`;
- 'parse' for a JSON feed that is not valid JSON, or anything unexpected.
*/
export function parseFeed(text: string, options: {url: string}): ParsedFeed {
	try {
		return parseUnguarded(typeof text === 'string' ? text : '', typeof options?.url === 'string' ? options.url : '');
	} catch (error) {
		if (error instanceof FeedError) {
			throw error;
		}

		const message = error instanceof Error ? error.message : 'unknown error';
		throw new FeedError('parse', `could not parse the feed: ${message}`, {cause: error});
	}
}

function notAFeed(text: string, url: string): FeedError {
	const head = text.slice(0, 4096).toLowerCase();
	if (/<html[\s>]|<!doctype\s+html|<head[\s>]|<body[\s>]/.test(head)) {
		const [feedUrl] = discoverFeedLinks(text, url);
		if (feedUrl !== undefined) {
			return new FeedError('not-a-feed', `not a feed; the page links the feed ${feedUrl}`, {feedUrl});
		}
	}

	return new FeedError('not-a-feed', 'not a feed');
}

function parseUnguarded(input: string, url: string): ParsedFeed {
	// A BOM and whitespace before the prolog are fine.
	const start = /^[\uFEFF\s]*/.exec(input)![0].length;
	const text = start === 0 ? input : input.slice(start);
	if (text === '') {
		throw new FeedError('not-a-feed', 'not a feed');
	}

	if (text.startsWith('{') || text.startsWith('[')) {
		return parseJson(text, url);
	}

	if (!text.startsWith('<')) {
		throw notAFeed(text, url);
	}

	const result = extractXml(text, url);
	if (result.kind === 'not-a-feed') {
		throw notAFeed(text, url);
	}

	return normalizeFeed(result.raw, url);
}

function parseJson(text: string, url: string): ParsedFeed {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		const head = text.slice(0, 64 * 1024);
		// Broken JSON that says it is a JSON Feed (or looks like one) is a feed we could not read, not "not a feed".
		const version = /"version"\s*:\s*"([^"]{1,100})"/.exec(head);
		if ((version && jsonFeedVersion.test(version[1]!)) || (/"items"\s*:\s*\[/.test(head) && /"(?:content_html|content_text|date_published)"\s*:/.test(head))) {
			const reason = error instanceof Error ? error.message : 'invalid JSON';
			throw new FeedError('parse', `invalid JSON feed: ${reason}`, {cause: error});
		}

		throw new FeedError('not-a-feed', 'not a feed');
	}

	if (!isJsonFeed(document)) {
		throw new FeedError('not-a-feed', 'not a feed');
	}

	return normalizeFeed(extractJsonFeed(document, url), url);
}
