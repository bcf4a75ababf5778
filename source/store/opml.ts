import {Parser} from 'htmlparser2';
import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {type FeedEntry, preferenceLimits} from './preferences-schema.js';
import {checkFeedUrl} from './feed-url.js';

/**
OPML 1.0 / 2.0 import and OPML 2.0 export (security checklist item 82).

- Parsed with htmlparser2 in xmlMode: the five XML entities and numeric references are decoded, nothing else;
  no DTD, no external or custom entities.
- A feed is an `<outline>` with an `xmlUrl` (any case). Only http(s) URLs are kept; `file:`, `javascript:`,
  `exec:`, `|cmd`, values with whitespace or controls… are skipped with a reason. Other attributes
  (`filtercmd`, scripts…) are never read.
- Nested outlines without `xmlUrl` are folders; a feed's `folder` is the path of folder titles joined by `/`.
- Bounded: at most `maxFeeds` feeds, at most `maxDepth` levels of outlines; everything beyond is counted
  and reported, not kept.
*/

export const opmlLimits = {
	maxFeeds: preferenceLimits.maxFeeds,
	maxDepth: 32,
	/** Distinct skip reasons listed one by one (the rest are summed per reason). */
	maxListedSkips: 20,
} as const;

export type OpmlSkip = {url: string; title?: string; reason: string};

export type OpmlImport = {
	feeds: FeedEntry[];
	skipped: OpmlSkip[];
	/** Counts of outlines not even looked at (beyond a limit), by reason. */
	overLimit: {tooDeep: number; tooMany: number};
	/** The document's `<head><title>`. */
	title: string | undefined;
};

export class OpmlError extends Error {
	override name = 'OpmlError';
}

function attribute(attributes: Record<string, string>, name: string): string | undefined {
	if (Object.hasOwn(attributes, name)) {
		return attributes[name];
	}

	for (const [key, value] of Object.entries(attributes)) {
		if (key.toLowerCase() === name.toLowerCase()) {
			return value;
		}
	}

	return undefined;
}

function cleanFolder(name: string): string {
	// `/` separates levels; inside one title it becomes a look-alike so the path stays unambiguous.
	return sanitizeLine(name, limits.opmlNameMax).replaceAll('/', '∕');
}

/** A feed outline (one with `xmlUrl`): added to `result.feeds`, or to `skipped` with the reason, or counted over the cap. */
function addFeedOutline(result: OpmlImport, outline: {attributes: Record<string, string>; xmlUrl: string; rawTitle: string | undefined; folders: string[]; known: Set<string>}): void {
	const {attributes, xmlUrl, rawTitle, folders, known} = outline;
	if (result.feeds.length >= opmlLimits.maxFeeds) {
		result.overLimit.tooMany++;
		return;
	}

	const checked = checkFeedUrl(xmlUrl);
	const title = rawTitle === undefined ? undefined : sanitizeLine(rawTitle, preferenceLimits.titleMax);
	if ('reason' in checked) {
		result.skipped.push({url: sanitizeLine(xmlUrl, limits.opmlNameMax), ...(title ? {title} : {}), reason: checked.reason});
		return;
	}

	if (known.has(checked.url)) {
		result.skipped.push({url: checked.url, ...(title ? {title} : {}), reason: 'already in your feeds'});
		return;
	}

	known.add(checked.url);
	const feed: FeedEntry = {url: checked.url};
	if (title && title !== checked.url && title !== xmlUrl) {
		feed.title = title;
	}

	const refresh = Number(attribute(attributes, 'evnews:refreshMinutes'));
	if (Number.isFinite(refresh) && refresh >= 1) {
		feed.refreshMinutes = refresh;
	}

	if (folders.length > 0) {
		feed.folder = folders.join('/').slice(0, preferenceLimits.folderMax);
	}

	result.feeds.push(feed);
}

/**
Parse an OPML document. `existing`: URLs already configured (skipped as duplicates).
Throws OpmlError when the text is not OPML at all.
*/
export function parseOpml(text: string, existing: Iterable<string> = []): OpmlImport {
	const known = new Set(existing);
	const result: OpmlImport = {feeds: [], skipped: [], overLimit: {tooDeep: 0, tooMany: 0}, title: undefined};
	// One entry per open <outline>: the folder it opens (undefined for a feed or an ignored outline).
	const stack: Array<string | undefined> = [];
	const folders: string[] = [];
	let root: string | undefined;
	let depthAll = 0;
	let inHeadTitle = false;
	let headTitle = '';
	let sawOpml = false;

	const parser = new Parser({
		onopentag(name, attributes) {
			depthAll++;
			const tag = name.toLowerCase();
			if (root === undefined) {
				root = tag;
				sawOpml = tag === 'opml';
				return;
			}

			if (!sawOpml) {
				return;
			}

			if (tag === 'title' && depthAll === 3 && stack.length === 0) {
				inHeadTitle = true;
				return;
			}

			if (tag !== 'outline') {
				return;
			}

			if (stack.length >= opmlLimits.maxDepth) {
				stack.push(undefined);
				if (attribute(attributes, 'xmlUrl') !== undefined) {
					result.overLimit.tooDeep++;
				}

				return;
			}

			const xmlUrl = attribute(attributes, 'xmlUrl');
			const rawTitle = attribute(attributes, 'title') ?? attribute(attributes, 'text');
			if (xmlUrl === undefined) {
				// A folder (or a link outline, whose children are still read).
				const folder = rawTitle === undefined ? '' : cleanFolder(rawTitle);
				stack.push(folder === '' ? undefined : folder);
				if (folder !== '') {
					folders.push(folder);
				}

				return;
			}

			stack.push(undefined);
			addFeedOutline(result, {attributes, xmlUrl, rawTitle, folders, known});
		},
		ontext(data) {
			if (inHeadTitle && headTitle.length < limits.opmlHeadTitleReadMax) {
				headTitle += data;
			}
		},
		onclosetag(name) {
			depthAll = Math.max(0, depthAll - 1);
			const tag = name.toLowerCase();
			if (tag === 'title') {
				inHeadTitle = false;
				return;
			}

			if (tag === 'outline' && sawOpml && stack.length > 0) {
				const folder = stack.pop();
				if (folder !== undefined) {
					folders.pop();
				}
			}
		},
	}, {xmlMode: true, decodeEntities: true, recognizeSelfClosing: true});
	parser.write(text);
	parser.end();
	if (!sawOpml) {
		throw new OpmlError(root === undefined ? 'not an OPML file (no XML elements found)' : `not an OPML file (its root element is <${sanitizeLine(root, limits.shownArgumentMax)}>)`);
	}

	const title = sanitizeLine(headTitle, limits.opmlNameMax);
	result.title = title === '' ? undefined : title;
	return result;
}

function escapeAttribute(value: string): string {
	return value
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll('\t', '&#9;')
		.replaceAll('\n', '&#10;')
		.replaceAll('\r', '&#13;');
}

/** OPML 2.0 for these feeds. Folders become nested outlines; feed order is kept (runs of one folder). */
export function buildOpml(feeds: FeedEntry[], now = new Date()): string {
	const lines = [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<opml version="2.0" xmlns:evnews="urn:evnews">',
		'\t<head>',
		'\t\t<title>evnews feeds</title>',
		`\t\t<dateCreated>${now.toUTCString()}</dateCreated>`,
		'\t</head>',
		'\t<body>',
	];
	let open: string[] = [];
	for (const feed of feeds) {
		const path = (feed.folder ?? '').split('/').filter(part => part !== '');
		let shared = 0;
		while (shared < open.length && shared < path.length && open[shared] === path[shared]) {
			shared++;
		}

		for (let level = open.length; level > shared; level--) {
			lines.push(`${'\t'.repeat(level + 1)}</outline>`);
		}

		open = open.slice(0, shared);
		for (const part of path.slice(shared)) {
			lines.push(`${'\t'.repeat(open.length + 2)}<outline text="${escapeAttribute(part)}" title="${escapeAttribute(part)}">`);
			open.push(part);
		}

		const attributes = ['type="rss"', `text="${escapeAttribute(feed.title ?? feed.url)}"`];
		if (feed.title !== undefined) {
			attributes.push(`title="${escapeAttribute(feed.title)}"`);
		}

		attributes.push(`xmlUrl="${escapeAttribute(feed.url)}"`);
		if (feed.refreshMinutes !== undefined) {
			attributes.push(`evnews:refreshMinutes="${feed.refreshMinutes}"`);
		}

		lines.push(`${'\t'.repeat(open.length + 2)}<outline ${attributes.join(' ')}/>`);
	}

	for (let level = open.length; level > 0; level--) {
		lines.push(`${'\t'.repeat(level + 1)}</outline>`);
	}

	lines.push('\t</body>', '</opml>', '');
	return lines.join('\n');
}
