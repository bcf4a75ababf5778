import {describeApiState} from '../wordpress/api-state.js';
import {kindName, readKinds} from '../wordpress/feed-kinds.js';
import {readSite} from '../wordpress/site-cache.js';

/** A feed's kind and, for a WordPress site, its REST API state, as `evnews feeds` shows them. */
export type KindColumns = {
	/** `wordpress`, `rss`, `atom`, `rdf` or `json`; null until the feed has been fetched once. */
	kind: 'wordpress' | 'rss' | 'atom' | 'rdf' | 'json' | null;
	/** `ok`, `unavailable: <reason>` or `unknown` for a WordPress site; null for other feeds. */
	api: string | null;
};

/** One reader over the cache for every row: the kinds file is read once, a site record per WordPress feed. */
export function kindReader(cacheDirectory: string): (url: string) => KindColumns {
	const kinds = readKinds(cacheDirectory);
	return url => {
		const kind = kindName(kinds[url]);
		return {kind, api: kind === 'wordpress' ? describeApiState(readSite(url, cacheDirectory).site.api) : null};
	};
}

/** `WordPress, API ok` / `RSS` / `` for the text listing. */
export function describeKind(columns: KindColumns): string {
	if (columns.kind === null) {
		return '';
	}

	const name = {wordpress: 'WordPress', rss: 'RSS', atom: 'Atom', rdf: 'RDF', json: 'JSON Feed'}[columns.kind];
	return columns.api === null ? name : `${name}, API ${columns.api}${columns.api.startsWith('unavailable') ? ' (feed-only)' : ''}`;
}
