import {Parser} from 'htmlparser2';
import {resolveHttpUrl} from './urls.js';

/**
Feed links an HTML page advertises: `<link rel="alternate" type="application/rss+xml|application/atom+xml|
application/feed+json|application/json" href>`. Returns absolute http(s) URLs in document order, without duplicates,
resolved against `<base href>` (when it comes first) and `baseUrl`. Never throws.
JSON alternates that are not feeds are skipped: WordPress puts `<link rel="alternate" type="application/json"
href="…/wp-json/wp/v2/posts/ID">` (and `?rest_route=/…`) on every page, and oEmbed links (`application/json+oembed`,
`text/xml+oembed`, `/oembed/` URLs) describe the page, not a feed.
*/

const feedTypes = new Set(['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json']);
const maxLinks = 32;

export function discoverFeedLinks(html: string, baseUrl: string): string[] {
	const found: string[] = [];
	if (typeof html !== 'string' || html === '') {
		return found;
	}

	let base = resolveHttpUrl(baseUrl, undefined) ?? undefined;
	let sawBase = false;
	const parser = new Parser({
		onopentag(name, attributes) {
			if (name === 'base' && !sawBase && Object.hasOwn(attributes, 'href')) {
				sawBase = true;
				base = resolveHttpUrl(attributes.href, base) ?? base;
				return;
			}

			if (name !== 'link' || found.length >= maxLinks) {
				return;
			}

			const rel = Object.hasOwn(attributes, 'rel') ? attributes.rel!.toLowerCase().split(/\s+/) : [];
			const type = Object.hasOwn(attributes, 'type') ? attributes.type!.toLowerCase().split(';')[0]!.trim() : '';
			if (!rel.includes('alternate') || !feedTypes.has(type) || !Object.hasOwn(attributes, 'href')) {
				return;
			}

			const url = resolveHttpUrl(attributes.href, base);
			if (url !== null && !found.includes(url) && !isApiLink(url)) {
				found.push(url);
			}
		},
	}, {decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true});
	try {
		parser.end(html);
	} catch {
		// Htmlparser2 does not throw on bad markup; this is only a guard so that discovery never fails.
	}

	return found;
}

/** A WordPress REST or oEmbed URL: never a feed, whatever its `type` says. */
function isApiLink(url: string): boolean {
	const {pathname, searchParams} = new URL(url);
	return pathname.includes('/wp-json/') || pathname.includes('/oembed') || searchParams.has('rest_route');
}
