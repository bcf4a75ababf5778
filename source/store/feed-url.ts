// The check of a feed URL given from outside (the command line, OPML, the reader's prompt), apart from the OPML
// parser so that its users do not load htmlparser2.
import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {preferenceLimits} from './preferences-schema.js';

/** Normalise a feed URL from outside: http(s), no whitespace or controls, at most 2048 characters. */
export function checkFeedUrl(raw: string): {url: string} | {reason: string} {
	const trimmed = raw.trim();
	if (trimmed === '') {
		return {reason: 'empty URL'};
	}

	if (/[\s\u0000-\u001F\u007F-\u009F]/u.test(trimmed)) {
		return {reason: 'URL contains spaces or control characters'};
	}

	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return {reason: 'not a URL'};
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return {reason: `not an http(s) URL (${sanitizeLine(url.protocol, limits.shownSchemeMax)})`};
	}

	if (url.href.length > preferenceLimits.urlMax) {
		return {reason: `URL longer than ${preferenceLimits.urlMax} characters`};
	}

	return {url: url.href};
}
