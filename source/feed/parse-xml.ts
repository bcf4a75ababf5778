import {Buffer} from 'node:buffer';
import {Parser} from 'htmlparser2';
import {FeedError} from './errors.js';
import {decodeEntities} from './html-text.js';
import {limits} from './limits.js';
import {addRawEnclosure, newRawItem, type RawFeed, type TextType} from './normalize.js';
import {resolveHttpUrl} from './urls.js';
import {
	captureValue, clearCapture, escapeHtml, newCapture, pushPiece, restartCapture, serializeClose, serializeOpen, type Capture,
} from './xml-capture.js';
import {parserOptions} from './xml-cdata-tokenizer.js';
import {
	newDocumentState, newItemState, type DocumentState, type ItemState,
} from './xml-document-state.js';
import {stripDoctype} from './xml-doctype.js';
import type {Tag} from './xml-scopes.js';
import {
	atomContentKind, atomTextType, attribute, lookupRule, publishedSlots, updatedSlots, type Action, type Context, type DateSlot, type Field, type Rule,
} from './xml-vocabulary.js';

export {stripDoctype} from './xml-doctype.js';

/**
The XML extractor for RSS 0.9x, RSS 1.0 (RDF), RSS 2.0 and Atom 0.3/1.0: one pass of htmlparser2's streaming
`Parser` in xmlMode, no DOM (perf-notes §2). Its parts: the CDATA-skipping tokenizer (xml-cdata-tokenizer.ts), DOCTYPE
stripping (xml-doctype.ts), namespace and xml:base scopes (xml-scopes.ts), capture and serialisation (xml-capture.ts),
the vocabulary table (xml-vocabulary.ts) and the document state (xml-document-state.ts).

- Entities are decoded here, not by htmlparser2: outside CDATA with the HTML decoder (named references such as
  `&nbsp;` and `&rsquo;`, numeric ones; undefined ones and a stray `&` stay literal); CDATA is left as it is.
- The DOCTYPE is cut out before parsing and never expanded: billion laughs, quadratic blowup and XXE stay inert.
- Nesting deeper than `limits.maxDepth` is a FeedError('too-deep'); items past `limits.maxItems` are not read.
- An `<item>` inside an `<item>` is not an item. A document that ends early keeps the complete items before the break.
*/

export type XmlResult
	= | {kind: 'feed'; raw: RawFeed}
		| {kind: 'not-a-feed'; root: string | undefined};

const imageExtension = /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i;

const stop = {stop: true};

function pushCapped(list: string[], value: string, max: number): void {
	if (list.length < max) {
		list.push(value);
	}
}

function isHtmlType(type: string | undefined): boolean {
	const mime = (type ?? '').trim().toLowerCase();
	return mime.startsWith('text/html') || mime.startsWith('application/xhtml+xml');
}

type Handlers = {
	onattribute(name: string): void;
	onopentag(name: string, attributes: Record<string, string>): void;
	ontext(data: string): void;
	oncdatastart(): void;
	oncdataend(): void;
	onclosetag(name: string): void;
};

/** One extraction: the state of a parse, and the handlers htmlparser2 calls. A class (not closures made per call),
so that V8 optimises its methods once for all feeds rather than once per parse. */
class XmlExtractor implements Handlers {
	doc: DocumentState;
	// Captures never nest (nothing is classified while one is open), so one object serves them all.
	readonly scratch: Capture = newCapture();

	constructor(feedBase: string | undefined) {
		this.doc = newDocumentState(feedBase);
	}

	/** Make this extractor as new, for another document (or to let go of the last one). */
	reset(feedBase: string | undefined): void {
		this.doc = newDocumentState(feedBase);
		clearCapture(this.scratch);
	}

	noteUndefinedEntities(data: string): void {
		const {undefinedEntities} = this.doc;
		for (const [reference, name] of data.matchAll(/&([A-Za-z][\w.-]{0,31});/g)) {
			if (undefinedEntities.size < 32 && decodeEntities(reference) === reference) {
				undefinedEntities.add(name!);
			}
		}
	}

	startCapture(field: Field, mode: TextType, slot?: DateSlot): void {
		restartCapture(this.scratch, field, mode, this.doc.depth, slot);
		this.doc.capture = this.scratch;
	}

	finishCapture(current: Capture): void {
		const {doc} = this;
		doc.capture = undefined;
		const value = captureValue(current);
		switch (current.field) {
			case 'feed-title': {
				doc.raw.title ??= {value, type: current.mode};
				break;
			}

			case 'feed-link': {
				doc.raw.link ??= resolveHttpUrl(value, doc.scopes.base) ?? undefined;
				break;
			}

			case 'feed-author': {
				if (value.trim() !== '') {
					doc.raw.authors.push(value);
				}

				break;
			}

			default: {
				if (doc.item !== undefined) {
					this.finishItemField(doc.item, current, value);
				}
			}
		}
	}

	finishItemField(state: ItemState, current: Capture, value: string): void {
		const target = state.raw;
		const {scopes} = this.doc;
		const blank = value.trim() === '';
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
				target.link ??= resolveHttpUrl(value, scopes.base) ?? undefined;
				break;
			}

			case 'orig-link': {
				target.origLink ??= resolveHttpUrl(value, scopes.base) ?? undefined;
				break;
			}

			case 'guid': {
				if (!blank) {
					target.guid ??= value.trim();
				}

				break;
			}

			case 'media-title': {
				target.mediaTitle ??= value;
				break;
			}

			case 'duration': {
				target.duration ??= value;
				break;
			}

			default: {
				this.finishBodyField(state, current, value, blank);
			}
		}
	}

	/** Summary, body and the other fields that keep only a non-blank value. */
	finishBodyField(state: ItemState, current: Capture, value: string, blank: boolean): void {
		const target = state.raw;
		const {scopes} = this.doc;
		switch (current.field) {
			case 'description': {
				if (!blank) {
					target.description ??= {value, type: current.mode};
				}

				break;
			}

			case 'content-base64': {
				// Base64 of a text type: decoded as UTF-8 (invalid bytes become U+FFFD), then read as its type says.
				const decoded = Buffer.from(value.replaceAll(/\s+/g, ''), 'base64').toString('utf8');
				if (decoded.trim() !== '') {
					target.content ??= {value: decoded, type: current.mode};
				}

				break;
			}

			case 'alt-summary': {
				if (!blank) {
					target.altSummary ??= value;
				}

				break;
			}

			case 'author-email': {
				if (!blank) {
					state.authorEmail ??= value;
				}

				break;
			}

			case 'content': {
				if (!blank && target.content === undefined) {
					target.content = {value, type: current.mode};
					if (scopes.baseExplicit && scopes.base !== undefined) {
						target.contentBase = scopes.base;
					}
				}

				break;
			}

			default: {
				this.finishListField(state, current, value, blank);
			}
		}
	}

	finishListField(state: ItemState, current: Capture, value: string, blank: boolean): void {
		const target = state.raw;
		if (current.slot !== undefined) {
			state.dates[current.slot] ??= value;
		} else if (blank) {
			// Nothing to add.
		} else {
			switch (current.field) {
				case 'author':
				case 'fallback-author': {
					state.authorNamed ||= current.field === 'author';
					pushCapped(current.field === 'author' ? target.authors : target.fallbackAuthors, value, 16);

					break;
				}

				case 'category': {
					pushCapped(target.categories, value, limits.maxCategories * 4);

					break;
				}

				case 'keywords': {
					for (const keyword of value.split(',')) {
						if (keyword.trim() !== '') {
							pushCapped(target.categories, keyword, limits.maxCategories * 4);
						}
					}

					break;
				}
 // No default
			}
		}
	}

	/** The Atom author inside the item closes: one with only an `<email>` is known by it. */
	finishItemAuthor(state: ItemState): void {
		if (!state.authorNamed && state.authorEmail !== undefined) {
			pushCapped(state.raw.authors, state.authorEmail, 16);
		}

		state.authorNamed = false;
		state.authorEmail = undefined;
	}

	startItem(attributes: Record<string, string>): void {
		const {doc} = this;
		if (doc.raw.items.length >= limits.maxItems) {
			doc.tooMany = true;
			// A sentinel, caught by the parse loop: the cheapest way out of htmlparser2's callbacks.
			// eslint-disable-next-line @typescript-eslint/only-throw-error
			throw stop;
		}

		const rawItem = newRawItem();
		rawItem.base = doc.scopes.base;
		const about = attribute(attributes, 'rdf:about');
		if (about !== undefined && about.trim() !== '') {
			rawItem.about = about.trim();
		}

		doc.item = newItemState(rawItem, doc.depth);
	}

	finishItem(state: ItemState): void {
		const {doc} = this;
		doc.item = undefined;
		doc.itemAuthorDepth = -1;
		const {dates, raw: rawItem} = state;
		for (const key of publishedSlots) {
			if (dates[key] !== undefined) {
				rawItem.published.push(dates[key]);
			}
		}

		for (const key of updatedSlots) {
			if (dates[key] !== undefined) {
				rawItem.updated.push(dates[key]);
			}
		}

		doc.raw.items.push(rawItem);
	}

	openItemChild(tag: Tag, attributes: Record<string, string>, state: ItemState): void {
		const {doc} = this;
		const relative = doc.depth - state.depth;
		let context: Context | undefined;
		if (relative === 1) {
			context = doc.isAtom ? 'atom-entry' : 'rss-item';
		} else if (relative === 2 && doc.itemAuthorDepth === doc.depth - 1) {
			context = 'item-author';
		}

		const rule = (context === undefined ? undefined : lookupRule(context, tag.key)) ?? lookupRule('nested', tag.key);
		if (rule !== undefined) {
			this.apply(rule, attributes, state);
		}
	}

	openFeedChild(tag: Tag, attributes: Record<string, string>): void {
		const rule = lookupRule(this.doc.isAtom ? 'atom-feed' : 'rss-channel', tag.key);
		if (rule !== undefined) {
			this.apply(rule, attributes, undefined);
		}
	}

	apply(rule: Rule, attributes: Record<string, string>, state: ItemState | undefined): void {
		if (rule.kind === 'capture') {
			this.startCapture(rule.field, rule.mode === 'atom' ? atomTextType(attributes) : rule.mode, rule.slot);
		} else if (state === undefined) {
			this.feedAction(rule.action, attributes);
		} else {
			this.itemAction(rule.action, attributes, state);
		}
	}

	feedAction(action: Action, attributes: Record<string, string>): void {
		const {doc} = this;
		if (action === 'feed-atom-link') {
			const rel = (attribute(attributes, 'rel') ?? 'alternate').trim().toLowerCase();
			if ((rel === 'alternate' || rel === '') && doc.raw.link === undefined) {
				doc.raw.link = resolveHttpUrl(attribute(attributes, 'href'), doc.scopes.base) ?? undefined;
			}
		} else if (action === 'feed-atom-author') {
			doc.feedAuthorDepth = doc.depth;
		}
	}

	itemAction(action: Action, attributes: Record<string, string>, state: ItemState): void {
		switch (action) {
			case 'rss-guid': {
				const permaLink = attribute(attributes, 'isPermaLink') ?? attribute(attributes, 'ispermalink');
				state.raw.guidIsPermaLink ??= permaLink?.trim().toLowerCase() !== 'false';
				this.startCapture('guid', 'text');
				break;
			}

			case 'rss-enclosure': {
				this.enclosure(attribute(attributes, 'url'), attribute(attributes, 'type'), attribute(attributes, 'length'), state);
				break;
			}

			case 'enc-enclosure': {
				const url = attribute(attributes, 'rdf:resource') ?? attribute(attributes, 'enc:url');
				this.enclosure(url, attribute(attributes, 'enc:type'), attribute(attributes, 'enc:length'), state);
				break;
			}

			case 'atom-link':
			case 'atom-alt-link': {
				this.atomLink(attributes, state, action === 'atom-alt-link');
				break;
			}

			case 'atom-author': {
				this.doc.itemAuthorDepth = this.doc.depth;
				state.authorNamed = false;
				state.authorEmail = undefined;
				break;
			}

			case 'itunes-category': {
				const text = attribute(attributes, 'text');
				if (text !== undefined && text.trim() !== '') {
					pushCapped(state.raw.categories, text, limits.maxCategories * 4);
				}

				break;
			}

			case 'atom-category': {
				const term = attribute(attributes, 'term') ?? attribute(attributes, 'label');
				if (term !== undefined && term.trim() !== '' && state.raw.categories.length < limits.maxCategories * 4) {
					state.raw.categories.push(term);
				}

				break;
			}

			case 'atom-content': {
				if (!Object.hasOwn(attributes, 'src')) {
					this.atomContent(attributes);
				}

				break;
			}

			default: {
				this.mediaAction(action, attributes, state);
			}
		}
	}

	atomContent(attributes: Record<string, string>): void {
		const kind = atomContentKind(attributes);
		if ('refused' in kind) {
			const {doc} = this;
			doc.refusedContent++;
			doc.refusedType ||= kind.refused;
			return;
		}

		this.startCapture(kind.base64 ? 'content-base64' : 'content', kind.mode);
	}

	atomLink(attributes: Record<string, string>, state: ItemState, inRss: boolean): void {
		const rel = (attribute(attributes, 'rel') ?? 'alternate').trim().toLowerCase();
		const href = attribute(attributes, 'href');
		if (rel === 'alternate' || rel === '') {
			const url = resolveHttpUrl(href, this.doc.scopes.base) ?? undefined;
			if (inRss) {
				state.raw.altLink ??= url;
				return;
			}

			// Several alternates (HTML, JSON, a feed of comments…): the first text/html one, else the first.
			const isHtml = isHtmlType(attribute(attributes, 'type'));
			if (url !== undefined && (state.raw.link === undefined || (isHtml && !state.linkIsHtml))) {
				state.raw.link = url;
				state.linkIsHtml = isHtml;
			}
		} else if (rel === 'enclosure') {
			this.enclosure(href, attribute(attributes, 'type') ?? '', attribute(attributes, 'length'), state);
		}
	}

	mediaAction(action: Action, attributes: Record<string, string>, state: ItemState): void {
		const {base} = this.doc.scopes;
		if (action === 'media-content') {
			const url = attribute(attributes, 'url');
			const type = attribute(attributes, 'type');
			const resolved = resolveHttpUrl(url, base) ?? undefined;
			if (resolved !== undefined) {
				addRawEnclosure(state.raw, {url: resolved, type, length: attribute(attributes, 'fileSize') ?? attribute(attributes, 'filesize'), duration: attribute(attributes, 'duration')});
			}

			const mime = (type ?? '').toLowerCase();
			const medium = (attribute(attributes, 'medium') ?? '').toLowerCase();
			const isImage = medium === 'image' || mime.startsWith('image/') || (medium === '' && mime === '' && url !== undefined && imageExtension.test(url));
			if (isImage) {
				state.raw.mediaImage ??= resolved;
			}
		} else if (action === 'media-thumbnail' && state.raw.thumbnail === undefined) {
			state.raw.thumbnail = resolveHttpUrl(attribute(attributes, 'url'), base) ?? undefined;
		}
	}

	enclosure(url: string | undefined, type: string | undefined, length: string | undefined, state: ItemState): void {
		const resolved = resolveHttpUrl(url, this.doc.scopes.base) ?? undefined;
		if (url === undefined || resolved === undefined) {
			return;
		}

		addRawEnclosure(state.raw, {url: resolved, type, length, duration: undefined});
		const mime = (type ?? '').trim().toLowerCase();
		if (state.raw.enclosureImage === undefined && (mime.startsWith('image/') || (mime === '' && imageExtension.test(url)))) {
			state.raw.enclosureImage = resolved;
		}
	}

	onattribute(name: string): void {
		if (name === 'xml:base') {
			this.doc.sawXmlBase = true;
		} else if (name.startsWith('xmlns:')) {
			this.doc.sawNamespace = true;
		}
	}

	onopentag(name: string, attributes: Record<string, string>): void {
		const {doc} = this;
		const hasXmlBase = doc.sawXmlBase;
		const hasNamespace = doc.sawNamespace;
		doc.sawXmlBase = false;
		doc.sawNamespace = false;
		doc.depth++;
		if (doc.depth > limits.maxDepth) {
			throw new FeedError('too-deep', `nesting deeper than ${limits.maxDepth} levels`);
		}

		if (hasXmlBase && Object.hasOwn(attributes, 'xml:base')) {
			doc.scopes.enterBase(doc.depth, attributes['xml:base']!);
		}

		const current = doc.capture;
		if (current !== undefined) {
			if (current.mode !== 'text') {
				serializeOpen(current, name, attributes, doc.depth);
			}

			return;
		}

		if (hasNamespace) {
			doc.scopes.enterNamespaces(doc.depth, attributes);
		}

		this.openElement(doc.scopes.classify(name), name, attributes);
	}

	openElement(tag: Tag, name: string, attributes: Record<string, string>): void {
		const {doc} = this;
		if (doc.depth === 1) {
			this.openRoot(tag, name);
			return;
		}

		if (doc.item !== undefined) {
			this.openItemChild(tag, attributes, doc.item);
			return;
		}

		const itemName = doc.isAtom ? 'entry' : 'item';
		if (tag.local === itemName && (tag.ns === '' || (doc.isAtom && tag.ns === 'atom'))) {
			this.startItem(attributes);
			return;
		}

		if (doc.channelDepth === -1 && doc.depth === 2 && tag.local === 'channel' && tag.ns === '') {
			doc.channelDepth = doc.depth;
			doc.channelOpen = true;
			return;
		}

		if (doc.channelOpen && doc.depth === doc.channelDepth + 1) {
			this.openFeedChild(tag, attributes);
			return;
		}

		if (doc.feedAuthorDepth !== -1 && doc.depth === doc.feedAuthorDepth + 1) {
			const rule = lookupRule('feed-author', tag.key);
			if (rule !== undefined) {
				this.apply(rule, attributes, undefined);
			}
		}
	}

	openRoot(tag: Tag, name: string): void {
		const {doc} = this;
		doc.root = name;
		if (tag.local !== 'rss' && tag.local !== 'rdf' && tag.local !== 'feed') {
			// eslint-disable-next-line @typescript-eslint/only-throw-error -- the sentinel, as above
			throw stop;
		}

		doc.isFeed = true;
		doc.isAtom = tag.local === 'feed';
		doc.raw.format = tag.local === 'rdf' ? 'rdf' : (doc.isAtom ? 'atom' : 'rss');
		if (doc.isAtom) {
			doc.channelDepth = 1;
			doc.channelOpen = true;
		}
	}

	ontext(data: string): void {
		const {doc} = this;
		const current = doc.capture;
		if (current === undefined) {
			return;
		}

		if (doc.depth === current.depth && current.mode === 'xhtml' && data.trim() !== '') {
			current.textOutside = true;
		}

		if (doc.inCdata) {
			pushPiece(current, current.mode === 'xhtml' ? escapeHtml(data) : data);
		} else {
			if (data.includes('&')) {
				this.noteUndefinedEntities(data);
			}

			pushPiece(current, current.mode === 'xhtml' ? data : decodeEntities(data));
		}
	}

	oncdatastart(): void {
		this.doc.inCdata = true;
	}

	oncdataend(): void {
		this.doc.inCdata = false;
	}

	onclosetag(name: string): void {
		const {doc} = this;
		if (doc.ending) {
			doc.truncated = true;
		}

		const current = doc.capture;
		if (current !== undefined) {
			if (doc.depth === current.depth) {
				this.finishCapture(current);
			} else if (current.mode !== 'text') {
				serializeClose(current, name, doc.depth);
			}
		}

		if (doc.item?.depth === doc.depth) {
			if (doc.ending) {
				// Cut off mid-item: what it holds is incomplete.
				doc.item = undefined;
			} else {
				this.finishItem(doc.item);
			}
		}

		this.closeScopes(doc);
		doc.depth--;
	}

	closeScopes(doc: DocumentState): void {
		if (doc.depth === doc.channelDepth) {
			doc.channelOpen = false;
		}

		if (doc.depth === doc.itemAuthorDepth) {
			doc.itemAuthorDepth = -1;
			if (doc.item !== undefined) {
				this.finishItemAuthor(doc.item);
			}
		}

		if (doc.depth === doc.feedAuthorDepth) {
			doc.feedAuthorDepth = -1;
		}

		doc.scopes.leave(doc.depth);
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
function runExtractor(text: string, feedBase: string | undefined, use: (doc: DocumentState) => XmlResult): XmlResult {
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
			extractor.doc.ending = true;
			parser.end();
		} catch (error) {
			if (error !== stop) {
				throw error;
			}
		}

		return use(extractor.doc);
	} finally {
		if (extractor === sharedExtractor) {
			// Let go of the document and of what was read from it.
			parser.reset();
			extractor.reset(undefined);
			sharedBusy = false;
		}
	}
}

/**
How many start tags named `local` (with or without a prefix) the text holds: the items past the cap are counted, not
parsed (an estimate: nested or commented-out ones count too).
*/
function countStartTags(text: string, local: string): number {
	const pattern = new RegExp(String.raw`<(?:[A-Za-z_][\w.-]*:)?${local}[\s/>]`, 'g');
	let count = 0;
	while (pattern.exec(text) !== null) {
		count++;
	}

	return count;
}

export function extractXml(input: string, feedUrl: string): XmlResult {
	const text = stripDoctype(input);
	return runExtractor(text, resolveHttpUrl(feedUrl, undefined) ?? undefined, doc => {
		const {raw, undefinedEntities} = doc;
		if (!doc.isFeed) {
			return {kind: 'not-a-feed', root: doc.root};
		}

		if (doc.tooMany) {
			raw.itemsPastCap = Math.max(1, countStartTags(text, doc.isAtom ? 'entry' : 'item') - raw.items.length);
			raw.warnings.push({code: 'too-many-items', text: `too many items: kept the first ${limits.maxItems}`});
		}

		if (doc.truncated) {
			raw.truncated = true;
			raw.warnings.push({code: 'truncated', text: `truncated document: kept ${raw.items.length} item${raw.items.length === 1 ? '' : 's'}`});
		}

		if (doc.refusedContent > 0) {
			const entries = `${doc.refusedContent} entr${doc.refusedContent === 1 ? 'y' : 'ies'}`;
			raw.warnings.push({code: 'content-type', text: `content of type ${doc.refusedType.slice(0, 64)} not shown (${entries})`});
		}

		if (undefinedEntities.size > 0) {
			const names = [...undefinedEntities].slice(0, 5).map(name => `&${name};`);
			raw.warnings.push({code: 'undefined-entities', text: `undefined entit${undefinedEntities.size === 1 ? 'y' : 'ies'} ${names.join(' ')} left as text`});
		}

		return {kind: 'feed', raw};
	});
}
