import {decodeEntities} from './html-text.js';
import type {TextType} from './normalize.js';

/**
The feed vocabulary as a table: (context, namespace, local name) → what the element gives. A rule either captures the
element's text into a field (with how to read it: text, html, or Atom's `type` attribute), or names an action for
elements whose value is in attributes. Namespaces are the short names of `xml-scopes.ts` ('' is RSS's own, or Atom's
in an Atom document). Contexts:
- `rss-channel`, `atom-feed`: children of the channel / feed element;
- `rss-item`, `atom-entry`: children of an item / entry (atom:* inside an RSS item gives only second-choice fields);
- `item-author`: children of an Atom author inside an item, `feed-author` inside the feed;
- `nested`: elements read anywhere inside an item (media:group nests media:*, itunes:category nests itself).
*/

export type Field
	= | 'feed-title' | 'feed-link' | 'feed-author'
		| 'title' | 'alt-title' | 'link' | 'orig-link' | 'guid' | 'description' | 'content'
		| 'content-base64' | 'media-title' | 'duration' | 'author' | 'fallback-author' | 'author-email' | 'alt-summary' | 'category' | 'keywords' | 'published' | 'updated';

export type DateSlot = 'pubDate' | 'dcDate' | 'atomPublished' | 'issued' | 'created' | 'dctermsIssued' | 'dctermsCreated'
	| 'updated' | 'modified' | 'dctermsModified';

export type Action
	= | 'rss-guid' | 'rss-enclosure' | 'enc-enclosure'
		| 'atom-link' | 'atom-alt-link' | 'atom-author' | 'atom-category' | 'atom-content' | 'itunes-category'
		| 'media-content' | 'media-thumbnail'
		| 'feed-atom-link' | 'feed-atom-author';

export type Rule
	= | {kind: 'capture'; field: Field; mode: TextType | 'atom'; slot: DateSlot | undefined}
		| {kind: 'action'; action: Action};

export type Context = 'rss-channel' | 'atom-feed' | 'rss-item' | 'atom-entry' | 'item-author' | 'feed-author' | 'nested';

/** Published candidates in order of preference, then updated ones. */
export const publishedSlots = ['pubDate', 'atomPublished', 'dcDate', 'issued', 'created', 'dctermsIssued', 'dctermsCreated'] as const satisfies readonly DateSlot[];
export const updatedSlots = ['updated', 'modified', 'dctermsModified'] as const satisfies readonly DateSlot[];

function capture(field: Field, mode: TextType | 'atom' = 'text', slot?: DateSlot): Rule {
	return {kind: 'capture', field, mode, slot};
}

function action(name: Action): Rule {
	return {kind: 'action', action: name};
}

type Entries = Array<[string, Rule]>;

/** The same rules under Atom's namespace and, for an Atom document, under no prefix. */
function atomAndBare(entries: Array<[string, Rule]>): Entries {
	return entries.flatMap(([local, rule]): Entries => [[`atom ${local}`, rule], [` ${local}`, rule]]);
}

/** Extension namespaces read the same way in RSS items and Atom entries. */
const itemExtensions: Entries = [
	['dc creator', capture('author')],
	['dc date', capture('published', 'text', 'dcDate')],
	['dc subject', capture('category')],
	['dc title', capture('alt-title')],
	['content encoded', capture('content', 'html')],
	['dcterms modified', capture('updated', 'text', 'dctermsModified')],
	['dcterms issued', capture('published', 'text', 'dctermsIssued')],
	['dcterms created', capture('published', 'text', 'dctermsCreated')],
	['dc description', capture('alt-summary')],
	['itunes summary', capture('alt-summary')],
	['itunes author', capture('fallback-author')],
	['itunes keywords', capture('keywords')],
	['itunes duration', capture('duration')],
	['feedburner origlink', capture('orig-link')],
	['enc enclosure', action('enc-enclosure')],
];

/** Atom dates, read in entries and (as atom:*) in RSS items. */
const atomDates: Array<[string, Rule]> = [
	['published', capture('published', 'text', 'atomPublished')],
	['issued', capture('published', 'text', 'issued')],
	['created', capture('published', 'text', 'created')],
	['updated', capture('updated', 'text', 'updated')],
	['modified', capture('updated', 'text', 'modified')],
	['author', action('atom-author')],
	['category', action('atom-category')],
];

const tables: Record<Context, Map<string, Rule>> = {
	'rss-channel': new Map([
		[' title', capture('feed-title')],
		[' link', capture('feed-link')],
		['itunes author', capture('feed-author')],
	]),
	'atom-feed': new Map(atomAndBare([
		['title', capture('feed-title', 'atom')],
		['link', action('feed-atom-link')],
		['author', action('feed-atom-author')],
	])),
	'rss-item': new Map([
		...itemExtensions,
		[' title', capture('title')],
		[' link', capture('link')],
		[' description', capture('description', 'html')],
		[' guid', action('rss-guid')],
		[' pubdate', capture('published', 'text', 'pubDate')],
		[' author', capture('author')],
		[' category', capture('category')],
		[' enclosure', action('rss-enclosure')],
		['atom link', action('atom-alt-link')],
		...atomDates.map(([local, rule]): [string, Rule] => [`atom ${local}`, rule]),
	]),
	'atom-entry': new Map([
		...itemExtensions,
		...atomAndBare([
			['title', capture('title', 'atom')],
			['link', action('atom-link')],
			['id', capture('guid')],
			['summary', capture('description', 'atom')],
			['content', action('atom-content')],
			...atomDates,
		]),
	]),
	'item-author': new Map(atomAndBare([['name', capture('author')], ['email', capture('author-email')]])),
	'feed-author': new Map(atomAndBare([['name', capture('feed-author')]])),
	nested: new Map([
		['media content', action('media-content')],
		['media thumbnail', action('media-thumbnail')],
		['media category', capture('category')],
		['media title', capture('media-title')],
		['media description', capture('alt-summary')],
		['itunes category', action('itunes-category')],
	]),
};

export function lookupRule(context: Context, key: string): Rule | undefined {
	return tables[context].get(key);
}

/** How an Atom text construct is to be read, from its `type` (and Atom 0.3's `mode`). */
export function atomTextType(attributes: Record<string, string>): TextType {
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

/**
How Atom `<content>` is to be read: a text construct, base64 of a text type (decoded), or a type that is not text
(refused: an image/png body is no article). RFC 4287 §4.1.3.3: a MIME type that is neither text/* nor XML is base64;
Atom 0.3 says so with `mode="base64"`.
*/
export function atomContentKind(attributes: Record<string, string>): {mode: TextType; base64: boolean} | {refused: string} {
	const type = (Object.hasOwn(attributes, 'type') ? attributes.type! : '').trim().toLowerCase();
	const mode = (Object.hasOwn(attributes, 'mode') ? attributes.mode! : '').trim().toLowerCase();
	const isMime = type.includes('/');
	const isXml = type.endsWith('/xml') || type.endsWith('+xml');
	const isText = !isMime || type.startsWith('text/') || isXml;
	if (!isText) {
		return {refused: type};
	}

	if (mode === 'base64') {
		return {mode: type.startsWith('text/html') || type.includes('xhtml') ? 'html' : 'text', base64: true};
	}

	return {mode: atomTextType(attributes), base64: false};
}

/** An attribute's value with entities decoded, or undefined. */
export function attribute(attributes: Record<string, string>, name: string): string | undefined {
	return Object.hasOwn(attributes, name) ? decodeEntities(attributes[name]!) : undefined;
}
