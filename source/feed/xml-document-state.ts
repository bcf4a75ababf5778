import {newRawFeed, type RawFeed, type RawItem} from './normalize.js';
import type {Capture} from './xml-capture.js';
import {XmlScopes} from './xml-scopes.js';
import type {DateSlot} from './xml-vocabulary.js';

/**
The mutable state of one XML document's extraction. One factory makes it, for the extractor's constructor and for its
reset alike, so a field added here is reset with the others.
*/

export type ItemState = {
	raw: RawItem;
	depth: number;
	dates: Record<DateSlot, string | undefined>;
	/** The open Atom author had a `<name>`; else its `<email>`, if any, is the author. */
	authorNamed: boolean;
	authorEmail: string | undefined;
	/** The item's link came from an Atom link of type text/html (a later one of another type does not replace it). */
	linkIsHtml: boolean;
};

export type DocumentState = {
	raw: RawFeed;
	/** Entity references that neither XML nor HTML defines: kept literally, and reported once (checklist item 49). */
	undefinedEntities: Set<string>;
	root: string | undefined;
	isFeed: boolean;
	isAtom: boolean;
	channelDepth: number;
	channelOpen: boolean;
	depth: number;
	scopes: XmlScopes;
	capture: Capture | undefined;
	inCdata: boolean;
	item: ItemState | undefined;
	feedAuthorDepth: number;
	itemAuthorDepth: number;
	/** `parser.end()` was called: a close tag seen now was made up for a document that ended early. */
	ending: boolean;
	truncated: boolean;
	/** Atom entries whose content was of a non-text type (refused), and the first such type. */
	refusedContent: number;
	refusedType: string;
	/** Items past the cap were not read. */
	tooMany: boolean;
	// Set by the attributes of the element about to open, so that most elements skip looking for them.
	sawXmlBase: boolean;
	sawNamespace: boolean;
};

export function newDocumentState(feedBase: string | undefined): DocumentState {
	return {
		raw: newRawFeed('rss'),
		undefinedEntities: new Set<string>(),
		root: undefined,
		isFeed: false,
		isAtom: false,
		channelDepth: -1,
		channelOpen: false,
		depth: 0,
		scopes: new XmlScopes(feedBase),
		capture: undefined,
		inCdata: false,
		item: undefined,
		feedAuthorDepth: -1,
		itemAuthorDepth: -1,
		ending: false,
		truncated: false,
		refusedContent: 0,
		refusedType: '',
		tooMany: false,
		sawXmlBase: false,
		sawNamespace: false,
	};
}

export function newItemState(raw: RawItem, depth: number): ItemState {
	return {
		raw,
		depth,
		dates: {
			pubDate: undefined,
			dcDate: undefined,
			atomPublished: undefined,
			issued: undefined,
			created: undefined,
			dctermsIssued: undefined,
			dctermsCreated: undefined,
			updated: undefined,
			modified: undefined,
			dctermsModified: undefined,
		},
		authorNamed: false,
		authorEmail: undefined,
		linkIsHtml: false,
	};
}
