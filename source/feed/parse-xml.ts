import {Parser} from 'htmlparser2';
import {FeedError} from './errors.js';
import {decodeEntities} from './html-text.js';
import {limits} from './limits.js';
import {
	newRawItem, type RawFeed, type RawItem, type TextType,
} from './normalize.js';
import {resolveHttpUrl} from './urls.js';

/**
The XML extractor for RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0: one pass of htmlparser2's streaming
`Parser` in xmlMode, no DOM (perf-notes §2).

- Entities are decoded here, not by htmlparser2: outside CDATA with the HTML decoder (named references such as
  `&nbsp;` and `&rsquo;`, numeric ones; undefined ones and a stray `&` stay literal); CDATA is left as it is.
- The DOCTYPE is cut out before parsing and never expanded: billion laughs, quadratic blowup and XXE stay inert.
- Names are matched by local name; a prefix counts through the namespace it is bound to (so `content:encoded` is found
  whatever the prefix is called), and an undeclared prefix counts as itself. The default namespace is ignored.
- Nesting deeper than `limits.maxDepth` is a FeedError('too-deep'); items past `limits.maxItems` are not read.
- An `<item>` inside an `<item>` is not an item. A document that ends early keeps the complete items before the break.
*/

export type XmlResult =
	| {kind: 'feed'; raw: RawFeed}
	| {kind: 'not-a-feed'; root: string | undefined};

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

const voidElements = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const imageExtension = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;
const maxCaptureText = 64 * 1024;
const maxCaptureHtml = limits.htmlMax * 2;

type Tag = {ns: string; local: string};

type Field =
	| 'feed-title' | 'feed-link' | 'feed-author'
	| 'title' | 'alt-title' | 'link' | 'orig-link' | 'guid' | 'description' | 'content'
	| 'author' | 'category' | 'published' | 'updated';

type Capture = {
	field: Field;
	mode: TextType;
	depth: number;
	parts: string[];
	size: number;
	limit: number;
	/** Index in `parts` just after the last serialised open tag (to write `<br>` rather than `<br></br>`). */
	lastOpen: number;
	// XHTML wrapper detection: one child element (a div) and no text around it.
	children: number;
	textOutside: boolean;
	wrapStart: number;
	wrapEnd: number;
	firstChildIsDiv: boolean;
	/** Value of a field that is set on close (date-kind bookkeeping). */
	slot?: 'pubDate' | 'dcDate' | 'atomPublished' | 'issued' | 'created' | 'updated' | 'modified' | 'dctermsModified';
};

type ItemState = {
	raw: RawItem;
	depth: number;
	dates: Partial<Record<NonNullable<Capture['slot']>, string>>;
};

const stop = {stop: true};

/** Cut a DOCTYPE (with its internal subset) out of the prolog, so that nothing in it is ever read. */
export function stripDoctype(text: string): string {
	const firstElement = text.search(/<[A-Za-z_]/);
	const doctype = (firstElement === -1 ? text : text.slice(0, firstElement)).search(/<!DOCTYPE/i);
	if (doctype === -1) {
		return text;
	}

	let quote = 0;
	let subset = false;
	const length = text.length;
	for (let index = doctype + 9; index < length; index++) {
		const code = text.charCodeAt(index);
		if (quote !== 0) {
			if (code === quote) {
				quote = 0;
			}

			continue;
		}

		if (code === 0x22 || code === 0x27) {
			quote = code;
		} else if (subset && code === 0x3C && text.startsWith('<!--', index)) {
			const close = text.indexOf('-->', index + 4);
			if (close === -1) {
				return text.slice(0, doctype);
			}

			index = close + 2;
		} else if (code === 0x5B) {
			subset = true;
		} else if (code === 0x5D) {
			subset = false;
		} else if (code === 0x3E && !subset) {
			return text.slice(0, doctype) + text.slice(index + 1);
		}
	}

	return text.slice(0, doctype);
}

function escapeHtml(text: string): string {
	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function atomTextType(attributes: Record<string, string>): TextType {
	const type = (Object.hasOwn(attributes, 'type') ? attributes.type! : '').trim().toLowerCase();
	const mode = (Object.hasOwn(attributes, 'mode') ? attributes.mode! : '').trim().toLowerCase();
	if (type.includes('xhtml') || mode === 'xml') {
		return 'xhtml';
	}

	if (type === 'html' || type.includes('html') || mode === 'escaped') {
		return 'html';
	}

	return 'text';
}

function attribute(attributes: Record<string, string>, name: string): string | undefined {
	return Object.hasOwn(attributes, name) ? decodeEntities(attributes[name]!) : undefined;
}

export function extractXml(input: string, feedUrl: string): XmlResult {
	const text = stripDoctype(input);
	const feedBase = resolveHttpUrl(feedUrl, undefined) ?? undefined;
	const raw: RawFeed = {format: 'rss', authors: [], items: [], warnings: []};
	// Entity references that neither XML nor HTML defines: kept literally, and reported once (checklist item 49).
	const undefinedEntities = new Set<string>();
	const noteUndefinedEntities = (data: string) => {
		for (const [reference, name] of data.matchAll(/&([A-Za-z][\w.-]{0,31});/g)) {
			if (undefinedEntities.size < 32 && decodeEntities(reference) === reference) {
				undefinedEntities.add(name!);
			}
		}
	};

	let root: string | undefined;
	let isFeed = false;
	let isAtom = false;
	let channelDepth = -1;
	let channelOpen = false;
	let depth = 0;

	// xml:base scope: the base in force and whether a document set it.
	let base: string | undefined = feedBase;
	let baseExplicit = false;
	const baseStack: Array<{depth: number; base: string | undefined; explicit: boolean}> = [];

	// Namespace scope (prefixed declarations only).
	let namespaces: Map<string, string> = new Map();
	const namespaceStack: Array<{depth: number; namespaces: Map<string, string>}> = [];
	let tagCache = new Map<string, Tag>();

	let capture: Capture | undefined;
	let inCdata = false;
	let item: ItemState | undefined;
	let feedAuthorDepth = -1;
	let itemAuthorDepth = -1;
	let ending = false;
	let truncated = false;
	let tooMany = false;

	function classify(name: string): Tag {
		let tag = tagCache.get(name);
		if (tag === undefined) {
			const colon = name.indexOf(':');
			if (colon === -1) {
				tag = {ns: '', local: name.toLowerCase()};
			} else {
				const prefix = name.slice(0, colon);
				const uri = namespaces.get(prefix);
				const known = uri === undefined ? undefined : knownNamespaces.get(uri);
				const local = name.slice(colon + 1).toLowerCase();
				tag = {ns: known ?? namespaceByLocalName.get(local) ?? prefix.toLowerCase(), local};
			}

			tagCache.set(name, tag);
		}

		return tag;
	}

	function startCapture(field: Field, mode: TextType, slot?: Capture['slot']): void {
		capture = {
			field,
			mode,
			depth,
			parts: [],
			size: 0,
			limit: mode === 'text' ? maxCaptureText : maxCaptureHtml,
			lastOpen: -1,
			children: 0,
			textOutside: false,
			wrapStart: -1,
			wrapEnd: -1,
			firstChildIsDiv: false,
			slot,
		};
	}

	function push(piece: string): void {
		if (capture === undefined || capture.size > capture.limit) {
			return;
		}

		capture.parts.push(piece);
		capture.size += piece.length;
	}

	function finishCapture(current: Capture): void {
		capture = undefined;
		let value: string;
		if (current.mode === 'xhtml' && current.children === 1 && !current.textOutside && current.firstChildIsDiv && current.wrapEnd > current.wrapStart) {
			value = current.parts.slice(current.wrapStart, current.wrapEnd).join('');
		} else {
			value = current.parts.join('');
		}

		const rawText = {value, type: current.mode};
		switch (current.field) {
			case 'feed-title': {
				raw.title ??= rawText;
				break;
			}

			case 'feed-link': {
				raw.link ??= resolveHttpUrl(value, base) ?? undefined;
				break;
			}

			case 'feed-author': {
				if (value.trim() !== '') {
					raw.authors.push(value);
				}

				break;
			}

			default: {
				if (item !== undefined) {
					finishItemField(item, current, value, rawText);
				}
			}
		}
	}

	function finishItemField(state: ItemState, current: Capture, value: string, rawText: {value: string; type: TextType}): void {
		const target = state.raw;
		switch (current.field) {
			case 'title': {
				target.title ??= rawText;
				break;
			}

			case 'alt-title': {
				target.altTitle ??= value;
				break;
			}

			case 'link': {
				target.link ??= resolveHttpUrl(value, base) ?? undefined;
				break;
			}

			case 'orig-link': {
				target.origLink ??= resolveHttpUrl(value, base) ?? undefined;
				break;
			}

			case 'guid': {
				const guid = value.trim();
				if (guid !== '' && target.guid === undefined) {
					target.guid = guid;
				}

				break;
			}

			case 'description': {
				if (value.trim() !== '') {
					target.description ??= rawText;
				}

				break;
			}

			case 'content': {
				if (value.trim() !== '' && target.content === undefined) {
					target.content = rawText;
					if (baseExplicit && base !== undefined) {
						target.contentBase = base;
					}
				}

				break;
			}

			case 'author': {
				if (value.trim() !== '' && target.authors.length < 16) {
					target.authors.push(value);
				}

				break;
			}

			case 'category': {
				if (value.trim() !== '' && target.categories.length < limits.maxCategories * 4) {
					target.categories.push(value);
				}

				break;
			}

			case 'published':
			case 'updated': {
				if (current.slot !== undefined) {
					state.dates[current.slot] ??= value;
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	function startItem(attributes: Record<string, string>): void {
		if (raw.items.length >= limits.maxItems) {
			tooMany = true;
			throw stop;
		}

		const rawItem = newRawItem();
		rawItem.base = base;
		const about = attribute(attributes, 'rdf:about');
		if (about !== undefined && about.trim() !== '') {
			rawItem.about = about.trim();
		}

		item = {raw: rawItem, depth, dates: {}};
	}

	function finishItem(state: ItemState): void {
		item = undefined;
		itemAuthorDepth = -1;
		const {dates, raw: rawItem} = state;
		for (const key of ['pubDate', 'atomPublished', 'dcDate', 'issued', 'created'] as const) {
			if (dates[key] !== undefined) {
				rawItem.published.push(dates[key]);
			}
		}

		for (const key of ['updated', 'modified', 'dctermsModified'] as const) {
			if (dates[key] !== undefined) {
				rawItem.updated.push(dates[key]);
			}
		}

		raw.items.push(rawItem);
	}

	function openMedia(tag: Tag, attributes: Record<string, string>, state: ItemState): void {
		if (tag.ns === 'media') {
			if (tag.local === 'content' && state.raw.mediaImage === undefined) {
				const url = attribute(attributes, 'url');
				const type = (attribute(attributes, 'type') ?? '').toLowerCase();
				const medium = (attribute(attributes, 'medium') ?? '').toLowerCase();
				const isImage = medium === 'image' || type.startsWith('image/') || (medium === '' && type === '' && url !== undefined && imageExtension.test(url));
				if (isImage) {
					state.raw.mediaImage = resolveHttpUrl(url, base) ?? undefined;
				}
			} else if (tag.local === 'thumbnail' && state.raw.thumbnail === undefined) {
				state.raw.thumbnail = resolveHttpUrl(attribute(attributes, 'url'), base) ?? undefined;
			}
		}
	}

	function openItemChild(tag: Tag, attributes: Record<string, string>, state: ItemState): void {
		const relative = depth - state.depth;
		const {ns, local} = tag;
		if (ns === 'media') {
			openMedia(tag, attributes, state);
			return;
		}

		if (relative === 2 && itemAuthorDepth === depth - 1 && local === 'name' && (ns === '' || ns === 'atom')) {
			startCapture('author', 'text');
			return;
		}

		if (relative !== 1) {
			return;
		}

		if (ns === 'dc') {
			if (local === 'creator') {
				startCapture('author', 'text');
			} else if (local === 'date') {
				startCapture('published', 'text', 'dcDate');
			} else if (local === 'subject') {
				startCapture('category', 'text');
			} else if (local === 'title') {
				startCapture('alt-title', 'text');
			}

			return;
		}

		if (ns === 'content') {
			if (local === 'encoded') {
				startCapture('content', 'html');
			}

			return;
		}

		if (ns === 'dcterms') {
			if (local === 'modified') {
				startCapture('updated', 'text', 'dctermsModified');
			}

			return;
		}

		if (ns === 'feedburner') {
			if (local === 'origlink') {
				startCapture('orig-link', 'text');
			}

			return;
		}

		if (ns === 'enc') {
			if (local === 'enclosure') {
				enclosure(attribute(attributes, 'rdf:resource') ?? attribute(attributes, 'enc:url'), attribute(attributes, 'enc:type'), state);
			}

			return;
		}

		if (isAtom || ns === 'atom') {
			if (ns !== '' && ns !== 'atom') {
				return;
			}

			openAtomChild(local, attributes, state, !isAtom);
			return;
		}

		if (ns !== '') {
			return;
		}

		switch (local) {
			case 'title': {
				startCapture('title', 'text');
				break;
			}

			case 'link': {
				startCapture('link', 'text');
				break;
			}

			case 'description': {
				startCapture('description', 'html');
				break;
			}

			case 'guid': {
				const permaLink = attribute(attributes, 'isPermaLink') ?? attribute(attributes, 'ispermalink');
				state.raw.guidIsPermaLink ??= permaLink === undefined || permaLink.trim().toLowerCase() !== 'false';
				startCapture('guid', 'text');
				break;
			}

			case 'pubdate': {
				startCapture('published', 'text', 'pubDate');
				break;
			}

			case 'author': {
				startCapture('author', 'text');
				break;
			}

			case 'category': {
				startCapture('category', 'text');
				break;
			}

			case 'enclosure': {
				enclosure(attribute(attributes, 'url'), attribute(attributes, 'type'), state);
				break;
			}

			default: {
				break;
			}
		}
	}

	function enclosure(url: string | undefined, type: string | undefined, state: ItemState): void {
		if (state.raw.enclosureImage !== undefined || url === undefined) {
			return;
		}

		const mime = (type ?? '').trim().toLowerCase();
		if (mime.startsWith('image/') || (mime === '' && imageExtension.test(url))) {
			state.raw.enclosureImage = resolveHttpUrl(url, base) ?? undefined;
		}
	}

	/** Atom entry children; `inRss` for atom:* elements inside an RSS item (only second-choice fields). */
	function openAtomChild(local: string, attributes: Record<string, string>, state: ItemState, inRss: boolean): void {
		switch (local) {
			case 'title': {
				if (!inRss) {
					startCapture('title', atomTextType(attributes));
				}

				break;
			}

			case 'link': {
				const rel = (attribute(attributes, 'rel') ?? 'alternate').trim().toLowerCase();
				const href = attribute(attributes, 'href');
				if (rel === 'alternate' || rel === '') {
					const url = resolveHttpUrl(href, base) ?? undefined;
					if (inRss) {
						state.raw.altLink ??= url;
					} else {
						state.raw.link ??= url;
					}
				} else if (rel === 'enclosure') {
					enclosure(href, attribute(attributes, 'type') ?? '', state);
				}

				break;
			}

			case 'id': {
				if (!inRss) {
					startCapture('guid', 'text');
				}

				break;
			}

			case 'published': {
				startCapture('published', 'text', 'atomPublished');
				break;
			}

			case 'issued': {
				startCapture('published', 'text', 'issued');
				break;
			}

			case 'created': {
				startCapture('published', 'text', 'created');
				break;
			}

			case 'updated': {
				startCapture('updated', 'text', 'updated');
				break;
			}

			case 'modified': {
				startCapture('updated', 'text', 'modified');
				break;
			}

			case 'author': {
				itemAuthorDepth = depth;
				break;
			}

			case 'category': {
				const term = attribute(attributes, 'term') ?? attribute(attributes, 'label');
				if (term !== undefined && term.trim() !== '' && state.raw.categories.length < limits.maxCategories * 4) {
					state.raw.categories.push(term);
				}

				break;
			}

			case 'summary': {
				if (!inRss) {
					startCapture('description', atomTextType(attributes));
				}

				break;
			}

			case 'content': {
				if (!inRss && !Object.hasOwn(attributes, 'src')) {
					startCapture('content', atomTextType(attributes));
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	function openFeedChild(tag: Tag, attributes: Record<string, string>): void {
		const {ns, local} = tag;
		if (isAtom) {
			if (ns !== '' && ns !== 'atom') {
				return;
			}

			if (local === 'title') {
				startCapture('feed-title', atomTextType(attributes));
			} else if (local === 'link') {
				const rel = (attribute(attributes, 'rel') ?? 'alternate').trim().toLowerCase();
				if ((rel === 'alternate' || rel === '') && raw.link === undefined) {
					raw.link = resolveHttpUrl(attribute(attributes, 'href'), base) ?? undefined;
				}
			} else if (local === 'author') {
				feedAuthorDepth = depth;
			}

			return;
		}

		if (ns !== '') {
			return;
		}

		if (local === 'title') {
			startCapture('feed-title', 'text');
		} else if (local === 'link') {
			startCapture('feed-link', 'text');
		}
	}

	function serializeOpen(name: string, attributes: Record<string, string>, current: Capture): void {
		let markup = '<' + name;
		for (const key in attributes) {
			if (Object.hasOwn(attributes, key) && !key.startsWith('xmlns')) {
				markup += ` ${key}="${attributes[key]!.replaceAll('"', '&quot;')}"`;
			}
		}

		push(markup + '>');
		current.lastOpen = current.parts.length;
		if (depth === current.depth + 1) {
			current.children++;
			if (current.children === 1) {
				const colon = name.indexOf(':');
				current.firstChildIsDiv = (colon === -1 ? name : name.slice(colon + 1)).toLowerCase() === 'div';
				current.wrapStart = current.parts.length;
			}
		}
	}

	function serializeClose(name: string, current: Capture): void {
		const colon = name.indexOf(':');
		const local = (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
		if (current.lastOpen === current.parts.length && current.lastOpen > 0) {
			// Nothing inside: write `<x/>` (or `<br>`).
			const open = current.parts[current.lastOpen - 1]!;
			current.parts[current.lastOpen - 1] = voidElements.has(local) ? open : open.slice(0, -1) + '/>';
		} else if (!voidElements.has(local)) {
			push(`</${name}>`);
		}

		current.lastOpen = -1;
		if (depth === current.depth + 1 && current.children === 1) {
			current.wrapEnd = current.parts.length - (voidElements.has(local) ? 0 : 1);
		}
	}

	const parser = new Parser({
		onopentag(name, attributes) {
			depth++;
			if (depth > limits.maxDepth) {
				throw new FeedError('too-deep', `nesting deeper than ${limits.maxDepth} levels`);
			}

			if (Object.hasOwn(attributes, 'xml:base')) {
				baseStack.push({depth, base, explicit: baseExplicit});
				base = resolveHttpUrl(decodeEntities(attributes['xml:base']!), base) ?? base;
				baseExplicit = true;
			}

			const current = capture;
			if (current !== undefined) {
				if (current.mode !== 'text') {
					serializeOpen(name, attributes, current);
				}

				return;
			}

			let declared: Map<string, string> | undefined;
			for (const key in attributes) {
				if (key.startsWith('xmlns:') && Object.hasOwn(attributes, key)) {
					declared ??= new Map(namespaces);
					declared.set(key.slice(6), attributes[key]!.trim());
				}
			}

			if (declared !== undefined) {
				namespaceStack.push({depth, namespaces});
				namespaces = declared;
				tagCache = new Map();
			}

			const tag = classify(name);

			if (depth === 1) {
				root = name;
				if (tag.local === 'rss' || tag.local === 'rdf' || tag.local === 'feed') {
					isFeed = true;
					isAtom = tag.local === 'feed';
					raw.format = tag.local === 'rdf' ? 'rdf' : (isAtom ? 'atom' : 'rss');
					if (isAtom) {
						channelDepth = 1;
						channelOpen = true;
					}
				} else {
					throw stop;
				}

				return;
			}

			if (item !== undefined) {
				openItemChild(tag, attributes, item);
				return;
			}

			const itemName = isAtom ? 'entry' : 'item';
			if (tag.local === itemName && (tag.ns === '' || (isAtom && tag.ns === 'atom'))) {
				startItem(attributes);
				return;
			}

			if (channelDepth === -1 && depth === 2 && tag.local === 'channel' && tag.ns === '') {
				channelDepth = depth;
				channelOpen = true;
				return;
			}

			if (channelOpen && depth === channelDepth + 1) {
				openFeedChild(tag, attributes);
				return;
			}

			if (feedAuthorDepth !== -1 && depth === feedAuthorDepth + 1 && tag.local === 'name' && (tag.ns === '' || tag.ns === 'atom')) {
				startCapture('feed-author', 'text');
			}
		},

		ontext(data) {
			const current = capture;
			if (current === undefined) {
				return;
			}

			if (depth === current.depth && current.mode === 'xhtml' && data.trim() !== '') {
				current.textOutside = true;
			}

			if (inCdata) {
				push(current.mode === 'xhtml' ? escapeHtml(data) : data);
			} else {
				if (data.includes('&')) {
					noteUndefinedEntities(data);
				}

				push(current.mode === 'xhtml' ? data : decodeEntities(data));
			}
		},

		oncdatastart() {
			inCdata = true;
		},

		oncdataend() {
			inCdata = false;
		},

		onclosetag(name) {
			if (ending) {
				truncated = true;
			}

			const current = capture;
			if (current !== undefined) {
				if (depth === current.depth) {
					finishCapture(current);
				} else if (current.mode !== 'text') {
					serializeClose(name, current);
				}
			}

			if (item !== undefined && depth === item.depth) {
				if (ending) {
					// Cut off mid-item: what it holds is incomplete.
					item = undefined;
				} else {
					finishItem(item);
				}
			}

			if (depth === channelDepth) {
				channelOpen = false;
			}

			if (depth === itemAuthorDepth) {
				itemAuthorDepth = -1;
			}

			if (depth === feedAuthorDepth) {
				feedAuthorDepth = -1;
			}

			const lastBase = baseStack.at(-1);
			if (lastBase !== undefined && lastBase.depth === depth) {
				baseStack.pop();
				base = lastBase.base;
				baseExplicit = lastBase.explicit;
			}

			const lastNamespaces = namespaceStack.at(-1);
			if (lastNamespaces !== undefined && lastNamespaces.depth === depth) {
				namespaceStack.pop();
				namespaces = lastNamespaces.namespaces;
				tagCache = new Map();
			}

			depth--;
		},
	}, {xmlMode: true, decodeEntities: false});

	try {
		parser.write(text);
		ending = true;
		parser.end();
	} catch (error) {
		if (error !== stop) {
			throw error;
		}
	}

	if (!isFeed) {
		return {kind: 'not-a-feed', root};
	}

	if (tooMany) {
		raw.warnings.push(`too many items: kept the first ${limits.maxItems}`);
	}

	if (truncated) {
		raw.warnings.push(`truncated document: kept ${raw.items.length} item${raw.items.length === 1 ? '' : 's'}`);
	}

	if (undefinedEntities.size > 0) {
		const names = [...undefinedEntities].slice(0, 5).map(name => `&${name};`);
		raw.warnings.push(`undefined entit${undefinedEntities.size === 1 ? 'y' : 'ies'} ${names.join(' ')} left as text`);
	}

	return {kind: 'feed', raw};
}
