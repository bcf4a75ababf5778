import {Parser, Tokenizer} from 'htmlparser2';
import {FeedError} from './errors.js';
import {decodeEntities} from './html-text.js';
import {limits} from './limits.js';
import {
	newRawFeed, newRawItem, type RawFeed, type RawItem, type TextType,
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
	/** What was read while no markup was serialised (the whole value, for most fields). */
	text: string;
	/** Once markup is serialised (html/xhtml with child elements): `text`, then each piece. */
	parts: string[] | undefined;
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

/**
The fields of htmlparser2's Tokenizer (12.x) that `CdataSkippingTokenizer` relies on. They are private in the type
declarations, so they are described here and checked at run time (`skipSupported`).
*/
type TokenizerInternals = {
	buffer: string;
	index: number;
	offset: number;
	xmlMode: boolean;
	currentSequence: ArrayLike<number> | undefined;
	sequenceIndex: number;
};

type CommentLikeState = (this: unknown, c: number) => void;

const baseStateInCommentLike = (Tokenizer.prototype as unknown as {stateInCommentLike?: CommentLikeState}).stateInCommentLike;

function isCdataEnd(sequence: ArrayLike<number> | undefined): boolean {
	return sequence !== undefined && sequence.length === 3 && sequence[0] === 0x5D && sequence[1] === 0x5D && sequence[2] === 0x3E;
}

/**
htmlparser2's tokenizer looks for the `]]>` that ends a CDATA section one character at a time in JavaScript; a WordPress
feed is mostly CDATA (~5 KB of HTML per item), so that loop is the largest single cost of a parse. This tokenizer jumps
straight to the first `]]>` with the native `indexOf` and lets the stock state machine take it from there: the stock
loop, starting with nothing matched, would only skip characters until that very point, so the events (and their
indices) are the same. Anything else (a partial match in progress, no `]]>` in the buffer, a comment, a tokenizer whose
internals are not the expected ones) goes to the stock code unchanged.
*/
class CdataSkippingTokenizer extends (Tokenizer as unknown as new (...arguments_: ConstructorParameters<typeof Tokenizer>) => TokenizerInternals) {
	stateInCommentLike(c: number): void {
		if (c !== 0x5D && this.sequenceIndex === 0 && this.xmlMode && isCdataEnd(this.currentSequence)) {
			const at = this.buffer.indexOf(']]>', this.index - this.offset);
			if (at !== -1) {
				this.index = at + this.offset;
				c = 0x5D;
			}
		}

		baseStateInCommentLike!.call(this, c);
	}
}

/** Use the skipping tokenizer only where the stock one has the shape it was written against. */
const skipSupported = (() => {
	if (typeof baseStateInCommentLike !== 'function') {
		return false;
	}

	try {
		const probe = new Tokenizer({xmlMode: true}, {} as ConstructorParameters<typeof Tokenizer>[1]) as unknown as Record<string, unknown>;
		return typeof probe['buffer'] === 'string' && typeof probe['index'] === 'number' && typeof probe['offset'] === 'number'
			&& typeof probe['sequenceIndex'] === 'number' && probe['xmlMode'] === true && 'currentSequence' in probe;
	} catch {
		return false;
	}
})();

type Handlers = {
	onattribute(name: string): void;
	onopentag(name: string, attributes: Record<string, string>): void;
	ontext(data: string): void;
	oncdatastart(): void;
	oncdataend(): void;
	onclosetag(name: string): void;
};

const parserOptions = {xmlMode: true, decodeEntities: false, Tokenizer: skipSupported ? CdataSkippingTokenizer as unknown as typeof Tokenizer : Tokenizer};

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

/** One extraction: the state of a parse, and the handlers htmlparser2 calls. A class (not closures made per call),
so that V8 optimises its methods once for all feeds rather than once per parse. */
class XmlExtractor implements Handlers {
	raw: RawFeed = newRawFeed('rss');
	// Entity references that neither XML nor HTML defines: kept literally, and reported once (checklist item 49).
	undefinedEntities = new Set<string>();
	root: string | undefined = undefined;
	isFeed = false;
	isAtom = false;
	channelDepth = -1;
	channelOpen = false;
	depth = 0;
	// xml:base scope: the base in force and whether a document set it.
	base: string | undefined;
	baseExplicit = false;
	baseStack: Array<{depth: number; base: string | undefined; explicit: boolean}> = [];
	// Namespace scope (prefixed declarations only).
	namespaces: Map<string, string> = new Map();
	namespaceStack: Array<{depth: number; namespaces: Map<string, string>}> = [];
	tagCache = new Map<string, Tag>();
	capture: Capture | undefined = undefined;
	inCdata = false;
	item: ItemState | undefined = undefined;
	feedAuthorDepth = -1;
	itemAuthorDepth = -1;
	ending = false;
	truncated = false;
	tooMany = false;
	// Set by the attributes of the element about to open, so that most elements skip looking for them.
	sawXmlBase = false;
	sawNamespace = false;
	// Captures never nest (nothing is classified while one is open), so one object serves them all.
	readonly scratch: Capture = {
		field: 'title',
		mode: 'text',
		depth: 0,
		text: '',
		parts: undefined,
		size: 0,
		limit: maxCaptureText,
		lastOpen: -1,
		children: 0,
		textOutside: false,
		wrapStart: -1,
		wrapEnd: -1,
		firstChildIsDiv: false,
		slot: undefined,
	};

	constructor(feedBase: string | undefined) {
		this.base = feedBase;
	}

	/** Make this extractor as new, for another document (or to let go of the last one). */
	reset(feedBase: string | undefined): void {
		this.raw = newRawFeed('rss');
		this.undefinedEntities = new Set<string>();
		this.root = undefined;
		this.isFeed = false;
		this.isAtom = false;
		this.channelDepth = -1;
		this.channelOpen = false;
		this.depth = 0;
		this.base = feedBase;
		this.baseExplicit = false;
		this.baseStack = [];
		this.namespaces = new Map();
		this.namespaceStack = [];
		this.tagCache = new Map<string, Tag>();
		this.capture = undefined;
		// The last capture's text may be a slice of the last document: keeping it would keep the whole document.
		this.scratch.text = '';
		this.scratch.parts = undefined;
		this.inCdata = false;
		this.item = undefined;
		this.feedAuthorDepth = -1;
		this.itemAuthorDepth = -1;
		this.ending = false;
		this.truncated = false;
		this.tooMany = false;
		this.sawXmlBase = false;
		this.sawNamespace = false;
	}

	noteUndefinedEntities(data: string): void {
		for (const [reference, name] of data.matchAll(/&([A-Za-z][\w.-]{0,31});/g)) {
			if (this.undefinedEntities.size < 32 && decodeEntities(reference) === reference) {
				this.undefinedEntities.add(name!);
			}
		}
	}

	classify(name: string): Tag {
		let tag = this.tagCache.get(name);
		if (tag === undefined) {
			const colon = name.indexOf(':');
			if (colon === -1) {
				tag = {ns: '', local: name.toLowerCase()};
			} else {
				const prefix = name.slice(0, colon);
				const uri = this.namespaces.get(prefix);
				const known = uri === undefined ? undefined : knownNamespaces.get(uri);
				const local = name.slice(colon + 1).toLowerCase();
				tag = {ns: known ?? namespaceByLocalName.get(local) ?? prefix.toLowerCase(), local};
			}

			this.tagCache.set(name, tag);
		}

		return tag;
	}


	startCapture(field: Field, mode: TextType, slot?: Capture['slot']): void {
		this.scratch.field = field;
		this.scratch.mode = mode;
		this.scratch.depth = this.depth;
		this.scratch.text = '';
		this.scratch.parts = undefined;
		this.scratch.size = 0;
		this.scratch.limit = mode === 'text' ? maxCaptureText : maxCaptureHtml;
		this.scratch.lastOpen = -1;
		this.scratch.children = 0;
		this.scratch.textOutside = false;
		this.scratch.wrapStart = -1;
		this.scratch.wrapEnd = -1;
		this.scratch.firstChildIsDiv = false;
		this.scratch.slot = slot;
		this.capture = this.scratch;
	}

	push(piece: string): void {
		if (this.capture === undefined || this.capture.size > this.capture.limit) {
			return;
		}

		if (this.capture.parts === undefined) {
			this.capture.text += piece;
		} else {
			this.capture.parts.push(piece);
		}

		this.capture.size += piece.length;
	}

	/** Switch a capture to a list of pieces, so that serialised tags can be found again by index. */
	markupParts(current: Capture): string[] {
		if (current.parts === undefined) {
			current.parts = current.text === '' ? [] : [current.text];
			current.text = '';
		}

		return current.parts;
	}

	finishCapture(current: Capture): void {
		this.capture = undefined;
		let value: string;
		if (current.parts === undefined) {
			value = current.text;
		} else if (current.mode === 'xhtml' && current.children === 1 && !current.textOutside && current.firstChildIsDiv && current.wrapEnd > current.wrapStart) {
			value = current.parts.slice(current.wrapStart, current.wrapEnd).join('');
		} else {
			value = current.parts.join('');
		}

		switch (current.field) {
			case 'feed-title': {
				this.raw.title ??= {value, type: current.mode};
				break;
			}

			case 'feed-link': {
				this.raw.link ??= resolveHttpUrl(value, this.base) ?? undefined;
				break;
			}

			case 'feed-author': {
				if (value.trim() !== '') {
					this.raw.authors.push(value);
				}

				break;
			}

			default: {
				if (this.item !== undefined) {
					this.finishItemField(this.item, current, value);
				}
			}
		}
	}

	finishItemField(state: ItemState, current: Capture, value: string): void {
		const target = state.raw;
		switch (current.field) {
			case 'title': {
				target.title ??= {value, type: current.mode};
				break;
			}

			case 'alt-title': {
				target.altTitle ??= value;
				break;
			}

			case 'link': {
				target.link ??= resolveHttpUrl(value, this.base) ?? undefined;
				break;
			}

			case 'orig-link': {
				target.origLink ??= resolveHttpUrl(value, this.base) ?? undefined;
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
					target.description ??= {value, type: current.mode};
				}

				break;
			}

			case 'content': {
				if (value.trim() !== '' && target.content === undefined) {
					target.content = {value, type: current.mode};
					if (this.baseExplicit && this.base !== undefined) {
						target.contentBase = this.base;
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

	startItem(attributes: Record<string, string>): void {
		if (this.raw.items.length >= limits.maxItems) {
			this.tooMany = true;
			throw stop;
		}

		const rawItem = newRawItem();
		rawItem.base = this.base;
		const about = attribute(attributes, 'rdf:about');
		if (about !== undefined && about.trim() !== '') {
			rawItem.about = about.trim();
		}

		this.item = {
			raw: rawItem,
			depth: this.depth,
			dates: {
				pubDate: undefined, dcDate: undefined, atomPublished: undefined, issued: undefined, created: undefined, updated: undefined, modified: undefined, dctermsModified: undefined,
			},
		};
	}

	finishItem(state: ItemState): void {
		this.item = undefined;
		this.itemAuthorDepth = -1;
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

		this.raw.items.push(rawItem);
	}

	openMedia(tag: Tag, attributes: Record<string, string>, state: ItemState): void {
		if (tag.ns === 'media') {
			if (tag.local === 'content' && state.raw.mediaImage === undefined) {
				const url = attribute(attributes, 'url');
				const type = (attribute(attributes, 'type') ?? '').toLowerCase();
				const medium = (attribute(attributes, 'medium') ?? '').toLowerCase();
				const isImage = medium === 'image' || type.startsWith('image/') || (medium === '' && type === '' && url !== undefined && imageExtension.test(url));
				if (isImage) {
					state.raw.mediaImage = resolveHttpUrl(url, this.base) ?? undefined;
				}
			} else if (tag.local === 'thumbnail' && state.raw.thumbnail === undefined) {
				state.raw.thumbnail = resolveHttpUrl(attribute(attributes, 'url'), this.base) ?? undefined;
			}
		}
	}

	openItemChild(tag: Tag, attributes: Record<string, string>, state: ItemState): void {
		const relative = this.depth - state.depth;
		const {ns, local} = tag;
		if (ns === 'media') {
			this.openMedia(tag, attributes, state);
			return;
		}

		if (relative === 2 && this.itemAuthorDepth === this.depth - 1 && local === 'name' && (ns === '' || ns === 'atom')) {
			this.startCapture('author', 'text');
			return;
		}

		if (relative !== 1) {
			return;
		}

		if (ns === 'dc') {
			if (local === 'creator') {
				this.startCapture('author', 'text');
			} else if (local === 'date') {
				this.startCapture('published', 'text', 'dcDate');
			} else if (local === 'subject') {
				this.startCapture('category', 'text');
			} else if (local === 'title') {
				this.startCapture('alt-title', 'text');
			}

			return;
		}

		if (ns === 'content') {
			if (local === 'encoded') {
				this.startCapture('content', 'html');
			}

			return;
		}

		if (ns === 'dcterms') {
			if (local === 'modified') {
				this.startCapture('updated', 'text', 'dctermsModified');
			}

			return;
		}

		if (ns === 'feedburner') {
			if (local === 'origlink') {
				this.startCapture('orig-link', 'text');
			}

			return;
		}

		if (ns === 'enc') {
			if (local === 'enclosure') {
				this.enclosure(attribute(attributes, 'rdf:resource') ?? attribute(attributes, 'enc:url'), attribute(attributes, 'enc:type'), state);
			}

			return;
		}

		if (this.isAtom || ns === 'atom') {
			if (ns !== '' && ns !== 'atom') {
				return;
			}

			this.openAtomChild(local, attributes, state, !this.isAtom);
			return;
		}

		if (ns !== '') {
			return;
		}

		switch (local) {
			case 'title': {
				this.startCapture('title', 'text');
				break;
			}

			case 'link': {
				this.startCapture('link', 'text');
				break;
			}

			case 'description': {
				this.startCapture('description', 'html');
				break;
			}

			case 'guid': {
				const permaLink = attribute(attributes, 'isPermaLink') ?? attribute(attributes, 'ispermalink');
				state.raw.guidIsPermaLink ??= permaLink === undefined || permaLink.trim().toLowerCase() !== 'false';
				this.startCapture('guid', 'text');
				break;
			}

			case 'pubdate': {
				this.startCapture('published', 'text', 'pubDate');
				break;
			}

			case 'author': {
				this.startCapture('author', 'text');
				break;
			}

			case 'category': {
				this.startCapture('category', 'text');
				break;
			}

			case 'enclosure': {
				this.enclosure(attribute(attributes, 'url'), attribute(attributes, 'type'), state);
				break;
			}

			default: {
				break;
			}
		}
	}

	enclosure(url: string | undefined, type: string | undefined, state: ItemState): void {
		if (state.raw.enclosureImage !== undefined || url === undefined) {
			return;
		}

		const mime = (type ?? '').trim().toLowerCase();
		if (mime.startsWith('image/') || (mime === '' && imageExtension.test(url))) {
			state.raw.enclosureImage = resolveHttpUrl(url, this.base) ?? undefined;
		}
	}

	/** Atom entry children; `inRss` for atom:* elements inside an RSS item (only second-choice fields). */
	openAtomChild(local: string, attributes: Record<string, string>, state: ItemState, inRss: boolean): void {
		switch (local) {
			case 'title': {
				if (!inRss) {
					this.startCapture('title', atomTextType(attributes));
				}

				break;
			}

			case 'link': {
				const rel = (attribute(attributes, 'rel') ?? 'alternate').trim().toLowerCase();
				const href = attribute(attributes, 'href');
				if (rel === 'alternate' || rel === '') {
					const url = resolveHttpUrl(href, this.base) ?? undefined;
					if (inRss) {
						state.raw.altLink ??= url;
					} else {
						state.raw.link ??= url;
					}
				} else if (rel === 'enclosure') {
					this.enclosure(href, attribute(attributes, 'type') ?? '', state);
				}

				break;
			}

			case 'id': {
				if (!inRss) {
					this.startCapture('guid', 'text');
				}

				break;
			}

			case 'published': {
				this.startCapture('published', 'text', 'atomPublished');
				break;
			}

			case 'issued': {
				this.startCapture('published', 'text', 'issued');
				break;
			}

			case 'created': {
				this.startCapture('published', 'text', 'created');
				break;
			}

			case 'updated': {
				this.startCapture('updated', 'text', 'updated');
				break;
			}

			case 'modified': {
				this.startCapture('updated', 'text', 'modified');
				break;
			}

			case 'author': {
				this.itemAuthorDepth = this.depth;
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
					this.startCapture('description', atomTextType(attributes));
				}

				break;
			}

			case 'content': {
				if (!inRss && !Object.hasOwn(attributes, 'src')) {
					this.startCapture('content', atomTextType(attributes));
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	openFeedChild(tag: Tag, attributes: Record<string, string>): void {
		const {ns, local} = tag;
		if (this.isAtom) {
			if (ns !== '' && ns !== 'atom') {
				return;
			}

			if (local === 'title') {
				this.startCapture('feed-title', atomTextType(attributes));
			} else if (local === 'link') {
				const rel = (attribute(attributes, 'rel') ?? 'alternate').trim().toLowerCase();
				if ((rel === 'alternate' || rel === '') && this.raw.link === undefined) {
					this.raw.link = resolveHttpUrl(attribute(attributes, 'href'), this.base) ?? undefined;
				}
			} else if (local === 'author') {
				this.feedAuthorDepth = this.depth;
			}

			return;
		}

		if (ns !== '') {
			return;
		}

		if (local === 'title') {
			this.startCapture('feed-title', 'text');
		} else if (local === 'link') {
			this.startCapture('feed-link', 'text');
		}
	}

	serializeOpen(name: string, attributes: Record<string, string>, current: Capture): void {
		let markup = '<' + name;
		for (const key in attributes) {
			if (Object.hasOwn(attributes, key) && !key.startsWith('xmlns')) {
				markup += ` ${key}="${attributes[key]!.replaceAll('"', '&quot;')}"`;
			}
		}

		const parts = this.markupParts(current);
		this.push(markup + '>');
		current.lastOpen = parts.length;
		if (this.depth === current.depth + 1) {
			current.children++;
			if (current.children === 1) {
				const colon = name.indexOf(':');
				current.firstChildIsDiv = (colon === -1 ? name : name.slice(colon + 1)).toLowerCase() === 'div';
				current.wrapStart = parts.length;
			}
		}
	}

	serializeClose(name: string, current: Capture): void {
		const colon = name.indexOf(':');
		const local = (colon === -1 ? name : name.slice(colon + 1)).toLowerCase();
		const parts = this.markupParts(current);
		if (current.lastOpen === parts.length && current.lastOpen > 0) {
			// Nothing inside: write `<x/>` (or `<br>`).
			const open = parts[current.lastOpen - 1]!;
			parts[current.lastOpen - 1] = voidElements.has(local) ? open : open.slice(0, -1) + '/>';
		} else if (!voidElements.has(local)) {
			this.push(`</${name}>`);
		}

		current.lastOpen = -1;
		if (this.depth === current.depth + 1 && current.children === 1) {
			current.wrapEnd = parts.length - (voidElements.has(local) ? 0 : 1);
		}
	}

	onattribute(name: string): void {
		if (name === 'xml:base') {
			this.sawXmlBase = true;
		} else if (name.startsWith('xmlns:')) {
			this.sawNamespace = true;
		}
	}

	onopentag(name: string, attributes: Record<string, string>): void {
		const hasXmlBase = this.sawXmlBase;
		const hasNamespace = this.sawNamespace;
		this.sawXmlBase = false;
		this.sawNamespace = false;
		this.depth++;
		if (this.depth > limits.maxDepth) {
			throw new FeedError('too-deep', `nesting deeper than ${limits.maxDepth} levels`);
		}

		if (hasXmlBase && Object.hasOwn(attributes, 'xml:base')) {
			this.baseStack.push({depth: this.depth, base: this.base, explicit: this.baseExplicit});
			this.base = resolveHttpUrl(decodeEntities(attributes['xml:base']!), this.base) ?? this.base;
			this.baseExplicit = true;
		}

		const current = this.capture;
		if (current !== undefined) {
			if (current.mode !== 'text') {
				this.serializeOpen(name, attributes, current);
			}

			return;
		}

		let declared: Map<string, string> | undefined;
		if (hasNamespace) {
			for (const key in attributes) {
				if (key.startsWith('xmlns:') && Object.hasOwn(attributes, key)) {
					declared ??= new Map(this.namespaces);
					declared.set(key.slice(6), attributes[key]!.trim());
				}
			}
		}

		if (declared !== undefined) {
			this.namespaceStack.push({depth: this.depth, namespaces: this.namespaces});
			this.namespaces = declared;
			this.tagCache = new Map();
		}

		const tag = this.classify(name);

		if (this.depth === 1) {
			this.root = name;
			if (tag.local === 'rss' || tag.local === 'rdf' || tag.local === 'feed') {
				this.isFeed = true;
				this.isAtom = tag.local === 'feed';
				this.raw.format = tag.local === 'rdf' ? 'rdf' : (this.isAtom ? 'atom' : 'rss');
				if (this.isAtom) {
					this.channelDepth = 1;
					this.channelOpen = true;
				}
			} else {
				throw stop;
			}

			return;
		}

		if (this.item !== undefined) {
			this.openItemChild(tag, attributes, this.item);
			return;
		}

		const itemName = this.isAtom ? 'entry' : 'item';
		if (tag.local === itemName && (tag.ns === '' || (this.isAtom && tag.ns === 'atom'))) {
			this.startItem(attributes);
			return;
		}

		if (this.channelDepth === -1 && this.depth === 2 && tag.local === 'channel' && tag.ns === '') {
			this.channelDepth = this.depth;
			this.channelOpen = true;
			return;
		}

		if (this.channelOpen && this.depth === this.channelDepth + 1) {
			this.openFeedChild(tag, attributes);
			return;
		}

		if (this.feedAuthorDepth !== -1 && this.depth === this.feedAuthorDepth + 1 && tag.local === 'name' && (tag.ns === '' || tag.ns === 'atom')) {
			this.startCapture('feed-author', 'text');
		}
	}

	ontext(data: string): void {
		const current = this.capture;
		if (current === undefined) {
			return;
		}

		if (this.depth === current.depth && current.mode === 'xhtml' && data.trim() !== '') {
			current.textOutside = true;
		}

		if (this.inCdata) {
			this.push(current.mode === 'xhtml' ? escapeHtml(data) : data);
		} else {
			if (data.includes('&')) {
				this.noteUndefinedEntities(data);
			}

			this.push(current.mode === 'xhtml' ? data : decodeEntities(data));
		}
	}

	oncdatastart(): void {
		this.inCdata = true;
	}

	oncdataend(): void {
		this.inCdata = false;
	}

	onclosetag(name: string): void {
		if (this.ending) {
			this.truncated = true;
		}

		const current = this.capture;
		if (current !== undefined) {
			if (this.depth === current.depth) {
				this.finishCapture(current);
			} else if (current.mode !== 'text') {
				this.serializeClose(name, current);
			}
		}

		if (this.item !== undefined && this.depth === this.item.depth) {
			if (this.ending) {
				// Cut off mid-item: what it holds is incomplete.
				this.item = undefined;
			} else {
				this.finishItem(this.item);
			}
		}

		if (this.depth === this.channelDepth) {
			this.channelOpen = false;
		}

		if (this.depth === this.itemAuthorDepth) {
			this.itemAuthorDepth = -1;
		}

		if (this.depth === this.feedAuthorDepth) {
			this.feedAuthorDepth = -1;
		}

		const lastBase = this.baseStack.at(-1);
		if (lastBase !== undefined && lastBase.depth === this.depth) {
			this.baseStack.pop();
			this.base = lastBase.base;
			this.baseExplicit = lastBase.explicit;
		}

		const lastNamespaces = this.namespaceStack.at(-1);
		if (lastNamespaces !== undefined && lastNamespaces.depth === this.depth) {
			this.namespaceStack.pop();
			this.namespaces = lastNamespaces.namespaces;
			this.tagCache = new Map();
		}

		this.depth--;
	}
}

/*
One extractor and one parser serve every call. V8's optimised code for htmlparser2's methods and for the extractor's
refers to the objects (and hidden classes) it ran on: with new ones per call, a GC that collects the last ones throws
that code away, and the next parse starts unoptimised again (a 1,000-item feed right after a full GC: ~80 ms instead
of ~15 ms). A parse that starts while another is running (it cannot happen today: parsing is synchronous and handlers
never parse) gets objects of its own.
*/
let sharedExtractor: XmlExtractor | undefined;
let sharedParser: Parser | undefined;
let sharedBusy = false;

/** Parse `text`; the extractor holds the result. Exceptions thrown by a handler come out of here. */
function runExtractor(text: string, feedBase: string | undefined, use: (extractor: XmlExtractor) => XmlResult): XmlResult {
	let extractor: XmlExtractor;
	let parser: Parser;
	if (sharedBusy) {
		extractor = new XmlExtractor(feedBase);
		parser = new Parser(extractor, parserOptions);
	} else {
		sharedExtractor ??= new XmlExtractor(undefined);
		sharedParser ??= new Parser(sharedExtractor, parserOptions);
		extractor = sharedExtractor;
		parser = sharedParser;
		extractor.reset(feedBase);
		parser.reset();
		sharedBusy = true;
	}

	try {
		try {
			parser.write(text);
			extractor.ending = true;
			parser.end();
		} catch (error) {
			if (error !== stop) {
				throw error;
			}
		}

		return use(extractor);
	} finally {
		if (extractor === sharedExtractor) {
			// Let go of the document and of what was read from it.
			parser.reset();
			extractor.reset(undefined);
			sharedBusy = false;
		}
	}
}

export function extractXml(input: string, feedUrl: string): XmlResult {
	return runExtractor(stripDoctype(input), resolveHttpUrl(feedUrl, undefined) ?? undefined, extractor => {
		const {raw, undefinedEntities} = extractor;
		if (!extractor.isFeed) {
			return {kind: 'not-a-feed', root: extractor.root};
		}

		if (extractor.tooMany) {
			raw.warnings.push(`too many items: kept the first ${limits.maxItems}`);
		}

		if (extractor.truncated) {
			raw.warnings.push(`truncated document: kept ${raw.items.length} item${raw.items.length === 1 ? '' : 's'}`);
		}

		if (undefinedEntities.size > 0) {
			const names = [...undefinedEntities].slice(0, 5).map(name => `&${name};`);
			raw.warnings.push(`undefined entit${undefinedEntities.size === 1 ? 'y' : 'ies'} ${names.join(' ')} left as text`);
		}

		return {kind: 'feed', raw};
	});
}
