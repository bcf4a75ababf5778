import {limits} from './limits.js';
import {addRawEnclosure, newRawFeed, newRawItem, type RawFeed, type RawItem} from './normalize.js';
import {resolveHttpUrl} from './urls.js';

/**
JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/). The version URL decides (https or http, `/1` or
`/1.1`); anything else, such as RSS-in-JSON (`{"rss": …}`), is not a JSON Feed. Fields are read with explicit type
checks, never by merging objects, so `__proto__` keys are inert.
*/

export const jsonFeedVersion = /^https?:\/\/(?:www\.)?jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/i;

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(object: JsonObject, key: string): unknown {
	return Object.hasOwn(object, key) ? object[key] : undefined;
}

function string(object: JsonObject, key: string): string | undefined {
	const value = field(object, key);
	return typeof value === 'string' ? value : undefined;
}

function authorNames(object: JsonObject): string[] {
	const names: string[] = [];
	const authors = field(object, 'authors');
	if (Array.isArray(authors)) {
		for (const author of authors.slice(0, 16)) {
			if (isObject(author)) {
				const name = string(author, 'name');
				if (name !== undefined && name.trim() !== '') {
					names.push(name);
				}
			}
		}
	}

	const author = field(object, 'author');
	if (names.length === 0 && isObject(author)) {
		const name = string(author, 'name');
		if (name !== undefined && name.trim() !== '') {
			names.push(name);
		}
	}

	return names;
}

/** JSON Feed `attachments`: url, mime_type, size_in_bytes, duration_in_seconds. */
function addAttachments(item: RawItem, entry: JsonObject, feedBase: string | undefined): void {
	const attachments = field(entry, 'attachments');
	if (!Array.isArray(attachments)) {
		return;
	}

	for (const attachment of attachments.slice(0, limits.maxEnclosures * 2)) {
		if (!isObject(attachment)) {
			continue;
		}

		const url = resolveHttpUrl(string(attachment, 'url'), feedBase);
		if (url === null) {
			continue;
		}

		const size = field(attachment, 'size_in_bytes');
		const duration = field(attachment, 'duration_in_seconds');
		addRawEnclosure(item, {
			url,
			type: string(attachment, 'mime_type'),
			length: typeof size === 'number' || typeof size === 'string' ? size : undefined,
			duration: typeof duration === 'number' || typeof duration === 'string' ? duration : undefined,
		});
	}
}

/** One JSON Feed item as a raw item. */
function jsonItem(entry: JsonObject, feedBase: string | undefined): RawItem {
	const item: RawItem = newRawItem();
	item.base = feedBase;
	const id = field(entry, 'id');
	if (typeof id === 'string' && id.trim() !== '') {
		item.guid = id.trim();
	} else if (typeof id === 'number' && Number.isFinite(id)) {
		item.guid = String(id);
	}

	item.guidIsPermaLink = false;
	const itemTitle = string(entry, 'title');
	if (itemTitle !== undefined) {
		item.title = {value: itemTitle, type: 'text'};
	}

	item.link = resolveHttpUrl(string(entry, 'url'), feedBase) ?? undefined;
	item.altLink = resolveHttpUrl(string(entry, 'external_url'), feedBase) ?? undefined;
	const contentHtml = string(entry, 'content_html');
	const contentText = string(entry, 'content_text');
	if (contentHtml !== undefined && contentHtml.trim() !== '') {
		item.content = {value: contentHtml, type: 'html'};
	} else if (contentText !== undefined && contentText.trim() !== '') {
		item.content = {value: contentText, type: 'text'};
	}

	const summary = string(entry, 'summary');
	if (summary !== undefined && summary.trim() !== '') {
		item.description = {value: summary, type: 'text'};
	} else if (contentText !== undefined && contentText.trim() !== '') {
		item.description = {value: contentText, type: 'text'};
	}

	const published = string(entry, 'date_published');
	if (published !== undefined) {
		item.published.push(published);
	}

	const modified = string(entry, 'date_modified');
	if (modified !== undefined) {
		item.updated.push(modified);
	}

	item.authors = authorNames(entry);
	const tags = field(entry, 'tags');
	if (Array.isArray(tags)) {
		for (const tag of tags.slice(0, limits.maxCategories * 4)) {
			if (typeof tag === 'string' && tag.trim() !== '') {
				item.categories.push(tag);
			}
		}
	}

	addAttachments(item, entry, feedBase);
	item.image = resolveHttpUrl(string(entry, 'image'), feedBase) ?? resolveHttpUrl(string(entry, 'banner_image'), feedBase) ?? undefined;
	return item;
}

export function isJsonFeed(document: unknown): document is JsonObject {
	if (!isObject(document)) {
		return false;
	}

	const version = string(document, 'version');
	return version !== undefined && jsonFeedVersion.test(version.trim());
}

export function extractJsonFeed(document: JsonObject, feedUrl: string): RawFeed {
	const feedBase = resolveHttpUrl(feedUrl, undefined) ?? undefined;
	const raw: RawFeed = newRawFeed('json', authorNames(document));
	const title = string(document, 'title');
	if (title !== undefined) {
		raw.title = {value: title, type: 'text'};
	}

	raw.link = resolveHttpUrl(string(document, 'home_page_url'), feedBase) ?? undefined;

	const items = field(document, 'items');
	if (!Array.isArray(items)) {
		raw.warnings.push({code: 'no-items', text: 'JSON feed without an items array'});
		return raw;
	}

	// The item cap, applied here as the items are read (as the XML extractor stops reading at it).
	if (items.length > limits.maxItems) {
		raw.itemsPastCap = items.length - limits.maxItems;
		raw.warnings.push({code: 'too-many-items', text: `too many items: kept the first ${limits.maxItems}`});
	}

	for (const entry of items.slice(0, limits.maxItems)) {
		if (!isObject(entry)) {
			continue;
		}

		raw.items.push(jsonItem(entry, feedBase));
	}

	return raw;
}
