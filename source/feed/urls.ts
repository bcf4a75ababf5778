import {limits} from './limits.js';
import {sanitizeLine} from './sanitize.js';

const absoluteHttp = /^https?:\/\//i;

/**
Resolve `raw` against `base` with the WHATWG URL parser and keep it only when it is an absolute http(s) URL.
Returns the parsed `href` (never the raw string), sanitised, or null when it is missing, not http(s), unparseable,
or longer than `limits.urlMax` once serialised (a cut URL would be a wrong URL).
*/
export function resolveHttpUrl(raw: string | undefined, base: string | undefined): string | null {
	if (typeof raw !== 'string') {
		return null;
	}

	const text = raw.length > limits.urlMax * 2 ? '' : raw.trim();
	if (text === '') {
		return null;
	}

	let url: URL;
	try {
		// An input that starts with `http://` or `https://` ignores the base: don't parse the base for nothing.
		url = base === undefined || base === '' || absoluteHttp.test(text) ? new URL(text) : new URL(text, base);
	} catch {
		// A bad base must not hide a good absolute URL.
		try {
			url = new URL(text);
		} catch {
			return null;
		}
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return null;
	}

	if (url.hostname === '') {
		return null;
	}

	// `https://bank.example@evil.example/` would read as the bank: a post link never carries a login.
	// (Only when there is one: each setter re-serialises the URL.)
	if (url.username !== '' || url.password !== '') {
		url.username = '';
		url.password = '';
	}

	const {href} = url;
	if (href.length > limits.urlMax) {
		return null;
	}

	// The serialiser percent-encodes controls, so this is normally a no-op; it is the one sanitiser all the same.
	const clean = sanitizeLine(href, limits.urlMax);
	return clean === href ? href : null;
}

/** A URL for messages, display and `--json`: any password is replaced by `***` (checklist item 76). */
export function redactUrl(url: string): string {
	// Only an "@" can end a user-info part, so most URLs are returned without parsing (10,000 posts printed each
	// name their feed's URL).
	if (!url.includes('@')) {
		return url;
	}

	try {
		const parsed = new URL(url);
		if (parsed.password) {
			parsed.password = '***';
			return parsed.href;
		}
	} catch {}

	return url;
}
