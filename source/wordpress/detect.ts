/**
Is a feed a WordPress site, and where is its REST API? Plain functions over what a fetch already got (the feed's
text, a response's `Link` header), so detection adds no request of its own.
- WordPress when the feed's `<generator>` is wordpress.org (or wordpress.com), or a response carries
  `Link: <…/wp-json/>; rel="https://api.w.org/"`.
- API root candidates: the Link header's, else `origin/wp-json/`, else `origin/?rest_route=/` (plain permalinks, where
  `/wp-json/` answers the home page as 200 text/html: the caller must check the Content-Type).
*/

const generatorPattern = /<generator\b[^>]*?(?:uri\s*=\s*["']https?:\/\/(?:[\w-]+\.)?wordpress\.(?:org|com)\b[^>]*>|>\s*(?:<!\[cdata\[\s*)?https?:\/\/(?:[\w-]+\.)?wordpress\.(?:org|com)\b)/i;

/** True when the feed document names WordPress as its generator (RSS `<generator>URL</generator>`, Atom `uri=`). */
export function isWordPressFeed(text: string): boolean {
	// The generator sits in the channel head; never scan a whole 10 MB document for it.
	return typeof text === 'string' && generatorPattern.test(text.slice(0, 16 * 1024));
}

/** The REST root a `Link` header announces with `rel="https://api.w.org/"`, absolute, or undefined. */
export function apiRootFromLink(header: string | null | undefined, base: string): string | undefined {
	if (typeof header !== 'string' || header.length > 16 * 1024) {
		return undefined;
	}

	for (const match of header.matchAll(/<([^>]*)>\s*((?:;\s*[\w*-]+\s*=\s*(?:"[^"]*"|[^;,\s]*)\s*)*)/g)) {
		const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]*))/i.exec(match[2]!);
		const rels = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
		if (rels.includes('https://api.w.org/')) {
			try {
				const url = new URL(match[1]!, base);
				return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
			} catch {
				return undefined;
			}
		}
	}

	return undefined;
}

/** Where to look for the REST API of the site behind `feedUrl`, best first, without duplicates. */
export function apiRootCandidates(feedUrl: string, linkRoot?: string): string[] {
	const {origin} = new URL(feedUrl);
	return [...new Set([linkRoot, `${origin}/wp-json/`, `${origin}/?rest_route=/`].filter((root): root is string => typeof root === 'string'))];
}

/** A REST URL: `root` + `route` (e.g. `wp/v2/categories`) + query, for both root forms (`/wp-json/`, `?rest_route=/`). */
export function restUrl(root: string, route: string, query: Record<string, string | number> = {}): string {
	const url = new URL(root);
	const restRoute = url.searchParams.get('rest_route');
	if (restRoute === null) {
		url.pathname = url.pathname.replace(/\/?$/, '/') + route;
	} else {
		url.searchParams.set('rest_route', restRoute.replace(/\/?$/, '/') + route);
	}

	for (const [name, value] of Object.entries(query)) {
		url.searchParams.set(name, String(value));
	}

	return url.href;
}

/** The site's home URL from its REST root: what WordPress puts before `?p=ID` in a post's guid. */
export function homeFromApiRoot(root: string): string {
	const url = new URL(root);
	if (url.searchParams.has('rest_route')) {
		url.search = '';
		url.pathname = url.pathname.replace(/index\.php$/, '');
	} else {
		url.pathname = url.pathname.replace(/wp-json\/?$/, '');
		url.search = '';
	}

	url.hash = '';
	return url.href;
}
