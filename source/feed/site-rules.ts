/**
Feed URLs that well-known sites keep at fixed places, computed from a page URL with no request: pure functions,
used by discovery after the page's own `<link rel="alternate">` (see find-feed.ts). Each rule gives candidates in
order of preference; discovery verifies each by fetching and parsing it.

- WordPress: a category, tag or author page (`/category/x/`, `/tag/x/`, `/author/x/`, nested categories too) → its
  `feed/`; the plain-permalink forms `?cat=ID`, `?tag=slug`, `?author=ID` → the same query plus `feed=rss2`.
- YouTube: `/channel/UC…` → `feeds/videos.xml?channel_id=…`; `playlist?list=…` or `watch?…&list=…` →
  `feeds/videos.xml?playlist_id=…`. (`@handle` pages name their channel only inside the page: the page's
  `<link rel="alternate">` covers them.)
- GitHub: a user → `https://github.com/USER.atom`; a repository (or any page inside it) → its `releases.atom`, then
  `commits.atom`. Releases first: they are the repository's news, and the feed exists (empty) even with no release,
  so it is what a reader wants to follow; commits are a fallback should GitHub ever refuse the releases feed.
- Reddit: a subreddit, user or thread page → the same path plus `/.rss` on www.reddit.com.
- Mastodon (any host): `/@user` → `/@user.rss`; `/tags/x` → `/tags/x.rss`. Medium's `/@user` → `medium.com/feed/@user`.
*/

/** `thedriven.io` or `thedriven.io/feed/` (no scheme) means `https://…`. Anything else is returned unchanged. */
export function withScheme(raw: string): string {
	const text = raw.trim();
	if (/^[a-z][a-z\d+.-]*:\/\//i.test(text)) {
		return text;
	}

	return /^(?:[a-z\d](?:[a-z\d-]{0,62}[a-z\d])?\.)+[a-z\d-]{2,63}\.?(?::\d{1,5})?(?:[/?#]|$)/i.test(text) ? `https://${text}` : text;
}

/** Candidate feed URLs for `pageUrl` from the site rules above, best first; empty when no rule applies. */
export function siteRuleFeeds(pageUrl: string): string[] {
	let url: URL;
	try {
		url = new URL(pageUrl);
	} catch {
		return [];
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return [];
	}

	const host = url.hostname.toLowerCase().replace(/^(?:www|m|old|new|np)\./, '');
	const rule = hostRules[host];
	const found = rule ? rule(url) : [...wordpressFeeds(url), ...mastodonFeeds(url)];
	return [...new Set(found)].filter(candidate => candidate !== url.href);
}

const hostRules: Record<string, (url: URL) => string[]> = {
	'youtube.com': youtubeFeeds,
	'github.com': githubFeeds,
	'reddit.com': redditFeeds,
	'medium.com': mediumFeeds,
};

function segments(url: URL): string[] {
	return url.pathname.split('/').filter(segment => segment !== '');
}

function wordpressFeeds(url: URL): string[] {
	const match = /^(.*?\/)(category|tag|author)\/((?:[^/]+\/?)+?)\/?$/.exec(url.pathname);
	if (match && !/(?:^|\/)(?:feed|page)(?:\/|$)/.test(match[3]!)) {
		return [`${url.origin}${match[1]}${match[2]}/${match[3]!.replace(/\/$/, '')}/feed/`];
	}

	const {searchParams} = url;
	if (!searchParams.has('feed') && ['cat', 'tag', 'author'].some(name => /^[\w-]{1,200}$/.test(searchParams.get(name) ?? ''))) {
		const next = new URL(url.href);
		next.hash = '';
		next.searchParams.delete('paged');
		next.searchParams.set('feed', 'rss2');
		return [next.href];
	}

	return [];
}

function mastodonFeeds(url: URL): string[] {
	const [first, second, ...rest] = segments(url);
	if (rest.length > 0 || first === undefined) {
		return [];
	}

	if (second === undefined && /^@[\w.]{1,64}$/.test(first)) {
		return [`${url.origin}/${first}.rss`];
	}

	if (first === 'tags' && second !== undefined && /^[\p{L}\p{N}_]{1,100}$/u.test(decodeURIComponent(second))) {
		return [`${url.origin}/tags/${second}.rss`];
	}

	return [];
}

const youtubeId = /^[\w-]{10,64}$/;

function youtubeFeeds(url: URL): string[] {
	const base = 'https://www.youtube.com/feeds/videos.xml';
	const [first, second] = segments(url);
	if (first === 'channel' && second !== undefined && /^UC[\w-]{22}$/.test(second)) {
		return [`${base}?channel_id=${second}`];
	}

	const list = url.searchParams.get('list') ?? '';
	if ((first === 'playlist' || first === 'watch') && youtubeId.test(list)) {
		return [`${base}?playlist_id=${list}`];
	}

	return [];
}

/** First path segments of github.com that are not users. */
const githubReserved = new Set([
	'about', 'apps', 'collections', 'contact', 'customer-stories', 'enterprise', 'events', 'explore', 'features', 'issues',
	'login', 'marketplace', 'new', 'notifications', 'orgs', 'pricing', 'pulls', 'search', 'security', 'settings', 'signup',
	'site', 'sponsors', 'topics', 'trending',
]);

const githubName = /^[a-z\d][a-z\d-]{0,38}$/i;

function githubFeeds(url: URL): string[] {
	const [owner, repo] = segments(url);
	if (owner === undefined || githubReserved.has(owner.toLowerCase()) || !githubName.test(owner) || owner.endsWith('.atom')) {
		return [];
	}

	if (repo === undefined) {
		return [`https://github.com/${owner}.atom`];
	}

	const name = repo.replace(/\.git$/, '');
	if (!/^[\w.-]{1,100}$/.test(name) || name.endsWith('.atom')) {
		return [];
	}

	return [`https://github.com/${owner}/${name}/releases.atom`, `https://github.com/${owner}/${name}/commits.atom`];
}

function redditFeeds(url: URL): string[] {
	const parts = segments(url);
	if ((parts.at(-1)?.endsWith('.rss') ?? false) || !['r', 'user', 'u'].includes(parts[0] ?? '') || parts[1] === undefined) {
		return [];
	}

	return [`https://www.reddit.com/${parts.join('/')}/.rss`];
}

function mediumFeeds(url: URL): string[] {
	const [first] = segments(url);
	return first !== undefined && /^@[\w.-]{1,64}$/.test(first) ? [`https://medium.com/feed/${first}`] : [];
}
