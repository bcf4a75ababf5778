import {decodeEntities} from './html-text.js';
import {resolveHttpUrl} from './urls.js';

/**
The scopes of an XML document that follow its nesting: prefixed namespace declarations (names are matched by local name;
a prefix counts through the namespace it is bound to, an undeclared prefix counts as itself, the default namespace is
ignored) and `xml:base` (the base in force, and whether the document set it).
*/

const knownNamespaces = new Map<string, string>([
	['http://purl.org/rss/1.0/modules/content/', 'content'],
	['http://purl.org/dc/elements/1.1/', 'dc'],
	['http://purl.org/dc/elements/1.1', 'dc'],
	['http://purl.org/dc/terms/', 'dcterms'],
	['http://search.yahoo.com/mrss/', 'media'],
	['http://search.yahoo.com/mrss', 'media'],
	['http://www.w3.org/2005/Atom', 'atom'],
	['http://purl.org/atom/ns#', 'atom'],
	['http://www.w3.org/1999/02/22-rdf-syntax-ns#', 'rdf'],
	['http://purl.org/rss/1.0/', ''],
	['http://my.netscape.com/rdf/simple/0.9/', ''],
	['http://backend.userland.com/rss2', ''],
	['http://www.w3.org/1999/xhtml', 'xhtml'],
	['http://purl.org/rss/1.0/modules/enclosure/', 'enc'],
	['http://rssnamespace.org/feedburner/ext/1.0', 'feedburner'],
	['http://www.itunes.com/dtds/podcast-1.0.dtd', 'itunes'],
]);

/** For a prefix bound to an unknown namespace (or not bound at all): names that only one namespace uses. */
const namespaceByLocalName = new Map<string, string>([
	['encoded', 'content'],
	['creator', 'dc'],
	['thumbnail', 'media'],
	['origlink', 'feedburner'],
]);

/** An element name as the vocabulary sees it; `key` is `ns + ' ' + local`, the vocabulary's lookup key. */
export type Tag = {ns: string; local: string; key: string};

function makeTag(ns: string, local: string): Tag {
	return {ns, local, key: ns + ' ' + local};
}

export class XmlScopes {
	base: string | undefined;
	baseExplicit = false;
	baseStack: Array<{depth: number; base: string | undefined; explicit: boolean}> = [];
	namespaces = new Map<string, string>();
	namespaceStack: Array<{depth: number; namespaces: Map<string, string>}> = [];
	tagCache = new Map<string, Tag>();

	constructor(feedBase: string | undefined) {
		this.base = feedBase;
	}

	/** An element at `depth` with an `xml:base` attribute opens. */
	enterBase(depth: number, value: string): void {
		this.baseStack.push({depth, base: this.base, explicit: this.baseExplicit});
		this.base = resolveHttpUrl(decodeEntities(value), this.base) ?? this.base;
		this.baseExplicit = true;
	}

	/** An element at `depth` whose attributes may declare prefixes opens. */
	enterNamespaces(depth: number, attributes: Record<string, string>): void {
		let declared: Map<string, string> | undefined;
		for (const key in attributes) {
			if (key.startsWith('xmlns:') && Object.hasOwn(attributes, key)) {
				declared ??= new Map(this.namespaces);
				declared.set(key.slice(6), attributes[key]!.trim());
			}
		}

		if (declared !== undefined) {
			this.namespaceStack.push({depth, namespaces: this.namespaces});
			this.namespaces = declared;
			this.tagCache = new Map();
		}
	}

	/** The element at `depth` closes: end the scopes it opened. */
	leave(depth: number): void {
		const lastBase = this.baseStack.at(-1);
		if (lastBase?.depth === depth) {
			this.baseStack.pop();
			this.base = lastBase.base;
			this.baseExplicit = lastBase.explicit;
		}

		const lastNamespaces = this.namespaceStack.at(-1);
		if (lastNamespaces?.depth === depth) {
			this.namespaceStack.pop();
			this.namespaces = lastNamespaces.namespaces;
			this.tagCache = new Map();
		}
	}

	classify(name: string): Tag {
		let tag = this.tagCache.get(name);
		if (tag === undefined) {
			const colon = name.indexOf(':');
			if (colon === -1) {
				tag = makeTag('', name.toLowerCase());
			} else {
				const prefix = name.slice(0, colon);
				const uri = this.namespaces.get(prefix);
				const known = uri === undefined ? undefined : knownNamespaces.get(uri);
				const local = name.slice(colon + 1).toLowerCase();
				tag = makeTag(known ?? namespaceByLocalName.get(local) ?? prefix.toLowerCase(), local);
			}

			this.tagCache.set(name, tag);
		}

		return tag;
	}
}
