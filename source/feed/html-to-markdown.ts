/**
HTML → markdown for article bodies (the reader, `evnews read` and `--fields content`).
Only ever loaded through dynamic `import()`: it pulls in turndown, which parses with `@mixmark-io/domino` in Node.

Feed HTML is hostile (security checklist items 23–28), so before turndown sees it, one streaming htmlparser2 pass:
- cuts the input at `limits.htmlMax`;
- drops script, style, iframe, svg, forms… with their content;
- keeps only the attributes turndown uses (href, src, alt, title, start, a `language-x` class);
- resolves links and images against `base`: only http(s) survive, anything else becomes inert text;
- flattens any element deeper than `maxHtmlDepth` (turndown recurses, and throws RangeError at ~20,000 levels),
  and lists/blockquotes deeper than `maxListDepth`.
A linear pre-scan sends documents nested past `maxScanDepth` (256) to a text-only extraction instead, because
htmlparser2 itself is quadratic on very deep nesting. Every cut, flattening or fallback adds a one-line notice to
the markdown. The output goes through `sanitizeText`.
*/
import {Parser} from 'htmlparser2';
import TurndownService from 'turndown';
import {decodeHTML} from 'entities';
import {limits} from './limits.js';
import {sanitizeLine, sanitizeText} from './sanitize.js';

/** Element nesting kept as structure; deeper elements keep only their text. */
export const maxHtmlDepth = 64;
/** List and blockquote nesting kept as structure. */
export const maxListDepth = 16;
/** Cap of the markdown returned. */
const markdownMax = 1024 * 1024;

/** Dropped with everything inside them. */
const droppedElements = new Set([
	'script',
	'style',
	'noscript',
	'template',
	'iframe',
	'object',
	'embed',
	'svg',
	'math',
	'head',
	'title',
	'meta',
	'link',
	'form',
	'button',
	'base',
	'textarea',
	'select',
	'frameset',
	'frame',
	'applet',
	'audio',
	'video',
	'canvas',
	'dialog',
]);

/**
Tags that are not emitted, but whose content is: the document wrapper, and inline elements turndown renders as
their content anyway (fewer elements for domino and turndown; `bdo` also carries a bidi override).
*/
const unwrappedElements = new Set([
	'html', 'body', 'span', 'font', 'small', 'big', 'abbr', 'acronym', 'time', 'mark', 'u', 'ins', 'bdi', 'bdo', 'data',
	'var', 'samp', 'kbd', 'q', 'dfn', 'label', 'sup', 'sub', 's', 'strike', 'del', 'tt', 'nobr', 'wbr', 'picture', 'source',
]);

const voidElements = new Set(['area', 'br', 'col', 'hr', 'img', 'input', 'param', 'source', 'track', 'wbr', 'keygen', 'command', 'basefont', 'isindex']);

const nestingElements = new Set(['ul', 'ol', 'blockquote', 'dl', 'menu']);

const blockElements = new Set([
	'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
	'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section',
	'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

// C0 (except \t \n \r), DEL and C1: removed from text early; the full sanitiser runs on the output.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// eslint-disable-next-line no-control-regex
const controlsOrEscape = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

const needsEscape = /[&<>"]/;

function escapeHtmlText(text: string): string {
	if (!needsEscape.test(text)) {
		return text;
	}

	return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function escapeAttribute(text: string): string {
	return escapeHtmlText(text).replaceAll('"', '&quot;');
}

/** An absolute http(s) URL (userinfo removed), or undefined for anything else. */
export function resolveHttpUrl(href: string, base: string): string | undefined {
	const raw = href.trim();
	if (raw === '' || raw.length > limits.urlMax * 2) {
		return undefined;
	}

	let url: URL;
	try {
		url = base ? new URL(raw, base) : new URL(raw);
	} catch {
		try {
			url = new URL(raw);
		} catch {
			return undefined;
		}
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return undefined;
	}

	url.username = '';
	url.password = '';
	const result = url.href;
	return result.length > limits.urlMax ? undefined : result;
}

/**
htmlparser2 keeps its open-element stack with `unshift` and searches it with `indexOf`, which is quadratic on
thousands of nested (or stray closing) tags: 20,000 nested divs cost ~300 ms. A cheap linear scan estimates the
nesting first; past `maxScanDepth` the article is shown as text only.
*/
const maxScanDepth = 256;
const notCounted = new Set([...voidElements, 'p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'option', 'optgroup', 'rt', 'rp', 'tbody', 'thead', 'tfoot', 'colgroup', 'caption', 'base', 'link', 'meta', 'embed', 'frame']);

function tooDeepToParse(html: string): boolean {
	const tags = /<(\/?)([a-zA-Z][a-zA-Z\d-]*)/g;
	let depth = 0;
	for (let match = tags.exec(html); match; match = tags.exec(html)) {
		const name = match[2]!.toLowerCase();
		if (notCounted.has(name)) {
			continue;
		}

		if (match[1]) {
			depth = Math.max(0, depth - 1);
		} else if (++depth > maxScanDepth) {
			return true;
		}
	}

	return false;
}

const rawTextElements = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head', 'title', 'textarea', 'select', 'xmp', 'plaintext']);

/** Escape plain text so that marked reads it as text. */
function escapePlainMarkdown(text: string): string {
	return text
		.replaceAll(/[\\`*_[\]<>|~]/g, '\\$&')
		.replaceAll(/^([ \t]*)([#+=-]|\d+[.)])/gm, '$1\\$2');
}

/** A linear, tag-stripping text extraction, for documents too deep to parse. */
function textFallback(html: string): string {
	const parts: string[] = [];
	let index = 0;
	const tagName = /^\/?([a-zA-Z][a-zA-Z\d-]*)/;
	while (index < html.length) {
		const open = html.indexOf('<', index);
		if (open === -1) {
			parts.push(html.slice(index));
			break;
		}

		parts.push(html.slice(index, open));
		if (html.startsWith('<!--', open)) {
			const end = html.indexOf('-->', open + 4);
			index = end === -1 ? html.length : end + 3;
			continue;
		}

		const close = html.indexOf('>', open + 1);
		if (close === -1) {
			break;
		}

		const tag = html.slice(open + 1, Math.min(close, open + 64));
		const match = tagName.exec(tag);
		if (!match) {
			parts.push('&lt;');
			index = open + 1;
			continue;
		}

		const name = match[1]!.toLowerCase();
		index = close + 1;
		if (!tag.startsWith('/') && rawTextElements.has(name)) {
			const end = new RegExp(`</${name}`, 'gi');
			end.lastIndex = index;
			const found = end.exec(html);
			if (!found) {
				break;
			}

			const after = html.indexOf('>', found.index);
			index = after === -1 ? html.length : after + 1;
			continue;
		}

		if (name === 'br') {
			parts.push('\n');
		} else if (blockElements.has(name)) {
			parts.push('\n\n');
		}
	}

	const text = decodeHTML(parts.join('')).replace(controls, '');
	return text
		.split(/\n{2,}/)
		.map(paragraph => paragraph.replaceAll(/[ \t\r]+/g, ' ').replaceAll(/ ?\n ?/g, '\n').trim())
		.filter(Boolean)
		.map(paragraph => escapePlainMarkdown(paragraph).replaceAll('\n', '  \n'))
		.join('\n\n');
}

const truncatedNotice = `evnews: the article was cut at ${Math.round(limits.htmlMax / 1024)} KiB; open it in a browser for the rest.`;

const tagNames = new Map<string, boolean>();

function isPlainTagName(name: string): boolean {
	let valid = tagNames.get(name);
	if (valid === undefined) {
		valid = /^[a-z][a-z\d-]{0,31}$/.test(name);
		if (tagNames.size < 1000) {
			tagNames.set(name, valid);
		}
	}

	return valid;
}

type Prepared = {html: string; notices: string[]};

/** The streaming pre-pass: a bounded, filtered, re-serialised copy of the HTML. */
function prepareHtml(input: string, base: string): Prepared {
	const notices: string[] = [];
	let html = input;
	if (html.length > limits.htmlMax) {
		html = html.slice(0, limits.htmlMax);
		notices.push(truncatedNotice);
	}

	const out: string[] = [];
	// One entry per open element (htmlparser2's view): emitted, flattened (too deep: text only) or hidden (dropped).
	const stack: Array<{state: 'emitted' | 'flattened' | 'hidden' | 'unwrapped'; nesting: boolean}> = [];
	let listDepth = 0;
	let hidden = 0;
	let flattened = false;
	let textSinceBreak = false;
	let preLanguage: string | undefined;
	// htmlparser2 reports decoded entities as separate text events: join them, so that an escape sequence written
	// with entities (`&#x1b;]52;…&#x07;`) is removed whole by the sanitiser, payload included.
	let pendingText = '';
	const flushText = () => {
		if (pendingText === '') {
			return;
		}

		const clean = (controlsOrEscape.test(pendingText) ? sanitizeText(pendingText, Number.MAX_SAFE_INTEGER) : pendingText).replace(controls, '');
		pendingText = '';
		if (clean !== '') {
			out.push(escapeHtmlText(clean));
			if (/\S/.test(clean)) {
				textSinceBreak = true;
			}
		}
	};

	const lineBreak = () => {
		if (textSinceBreak) {
			out.push('<br>');
			textSinceBreak = false;
		}
	};

	const parser = new Parser(
		{
			onopentag(name, attributes) {
				flushText();
				const nesting = nestingElements.has(name);
				if (nesting) {
					listDepth++;
				}

				if (hidden > 0 || droppedElements.has(name)) {
					hidden++;
					stack.push({state: 'hidden', nesting});
					return;
				}

				if (unwrappedElements.has(name) || !isPlainTagName(name) || (name === 'a' && !isLink(attributes, base))) {
					stack.push({state: 'unwrapped', nesting});
					return;
				}

				const tooDeep = stack.length >= maxHtmlDepth
					|| (listDepth > maxListDepth && (nesting || name === 'li' || name === 'dd' || name === 'dt'));
				if (tooDeep) {
					flattened = true;
					stack.push({state: 'flattened', nesting});
					if (blockElements.has(name)) {
						lineBreak();
					}

					return;
				}

				if (name === 'pre') {
					preLanguage = languageOf(attributes);
				}

				out.push('<', name, serializeAttributes(name, attributes, base, preLanguage), '>');
				stack.push({state: 'emitted', nesting});
				if (blockElements.has(name) || name === 'br') {
					textSinceBreak = false;
				}
			},
			ontext(text) {
				if (hidden === 0) {
					pendingText += text;
				}
			},
			onclosetag(name) {
				flushText();
				const entry = stack.pop();
				if (!entry) {
					return;
				}

				if (entry.nesting) {
					listDepth--;
				}

				switch (entry.state) {
					case 'hidden': {
						hidden--;
						break;
					}

					case 'emitted': {
						if (!voidElements.has(name)) {
							out.push('</', name, '>');
						}

						if (name === 'pre') {
							preLanguage = undefined;
						}

						if (blockElements.has(name)) {
							textSinceBreak = false;
						}

						break;
					}

					case 'flattened': {
						if (blockElements.has(name)) {
							lineBreak();
						}

						break;
					}

					default: {
						break;
					}
				}
			},
		},
		{decodeEntities: true},
	);
	parser.write(html);
	parser.end();
	flushText();

	if (flattened) {
		notices.push(`evnews: content too complex (nesting deeper than ${maxHtmlDepth} levels, or lists deeper than ${maxListDepth}, was flattened); open it in a browser for the original.`);
	}

	return {html: out.join(''), notices};
}

function isLink(attributes: Record<string, string>, base: string): boolean {
	const href = attributes['href'];
	return href !== undefined && resolveHttpUrl(href, base) !== undefined;
}

function languageOf(attributes: Record<string, string>): string | undefined {
	return /(?:^|\s)(?:language|lang)-([\w+#-]{1,32})(?:\s|$)/.exec(attributes['class'] ?? '')?.[1];
}

function serializeAttributes(name: string, attributes: Record<string, string>, base: string, preLanguage?: string): string {
	let result = '';
	const add = (key: string, value: string) => {
		result += ` ${key}="${escapeAttribute(value.replace(controls, ''))}"`;
	};

	const title = attributes['title'];
	switch (name) {
		case 'a': {
			const href = attributes['href'];
			const url = href === undefined ? undefined : resolveHttpUrl(href, base);
			if (url) {
				add('href', url);
				if (title) {
					add('title', sanitizeLine(title, 200));
				}
			}

			break;
		}

		case 'img': {
			const source = attributes['src'] ?? attributes['data-src'];
			const url = source === undefined ? undefined : resolveHttpUrl(source, base);
			if (url) {
				add('src', url);
			}

			const alt = attributes['alt'];
			if (alt) {
				add('alt', sanitizeLine(alt, 300));
			}

			break;
		}

		case 'ol': {
			const start = attributes['start'];
			if (start && /^\d{1,6}$/.test(start.trim())) {
				add('start', start.trim());
			}

			break;
		}

		case 'pre':
		case 'code': {
			const language = languageOf(attributes) ?? (name === 'code' ? preLanguage : undefined);
			if (language) {
				add('class', `language-${language}`);
			}

			break;
		}

		default: {
			break;
		}
	}

	return result;
}

/** Escape a string for use as markdown link or image text. */
function escapeMarkdownText(text: string): string {
	return text.replaceAll(/[\\[\]*_`<>]/g, '\\$&');
}

let service: TurndownService | undefined;

function getService(): TurndownService {
	if (service) {
		return service;
	}

	const created = new TurndownService({
		headingStyle: 'atx',
		codeBlockStyle: 'fenced',
		bulletListMarker: '-',
		emDelimiter: '_',
		strongDelimiter: '**',
	});
	created.remove([
		'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'meta',
		'link', 'form', 'button',
	] as TurndownService.TagName[]);

	// Text that starts like an HTML tag would become raw HTML in marked: escape it too.
	const escape = created.escape.bind(created);
	created.escape = (text: string) => escape(text).replaceAll(/<(?=[a-zA-Z/!?])/g, '\\<');

	created.addRule('evnewsImage', {
		filter: 'img',
		replacement(_content, node) {
			const element = node as HTMLElement;
			const alt = escapeMarkdownText(sanitizeLine(element.getAttribute('alt') ?? '', 300));
			const source = element.getAttribute('src');
			if (source) {
				return `![${alt}](${source.replaceAll(/[()]/g, '\\$&')})`;
			}

			// Not an http(s) image: inert text.
			return alt ? `\\[image: ${alt}\\]` : '';
		},
	});

	created.addRule('evnewsLink', {
		filter: node => node.nodeName === 'A',
		replacement(content, node) {
			const element = node as HTMLElement;
			const href = element.getAttribute('href');
			if (!href) {
				// No href, or one that was not http(s): the text alone.
				return content;
			}

			const title = element.getAttribute('title');
			const titlePart = title ? ` "${title.replaceAll(/["\\]/g, '\\$&')}"` : '';
			const target = href.replaceAll(/[()]/g, '\\$&');
			if (content.includes('\n')) {
				// A link around blocks is not valid markdown: keep the blocks, then a link of their own.
				let host = 'link';
				try {
					host = new URL(href).host;
				} catch {}

				return `${content.trim()}\n\n[${escapeMarkdownText(host)}](${target}${titlePart})\n\n`;
			}

			let text = content.trim() === '' ? '' : content;
			if (text === '') {
				try {
					text = escapeMarkdownText(new URL(href).host);
				} catch {
					text = 'link';
				}
			}

			return `[${text}](${target}${titlePart})`;
		},
	});

	service = created;
	return created;
}

const memo = new Map<string, string>();
const memoSize = 16;

/**
Convert an item's HTML to markdown. Links and images are absolute http(s) URLs; anything else is inert text.
Never throws for any input; oversized or over-nested input is cut or flattened, with a notice at the end.
*/
export function htmlToMarkdown(html: string, base: string): string {
	const input = typeof html === 'string' ? html : '';
	const baseUrl = typeof base === 'string' ? base : '';
	const key = baseUrl + '\u0000' + input;
	const cached = memo.get(key);
	if (cached !== undefined) {
		// Refresh its place in the LRU order.
		memo.delete(key);
		memo.set(key, cached);
		return cached;
	}

	const result = convert(input, baseUrl);
	memo.set(key, result);
	if (memo.size > memoSize) {
		const oldest = memo.keys().next().value;
		if (oldest !== undefined) {
			memo.delete(oldest);
		}
	}

	return result;
}

function convert(html: string, base: string): string {
	if (html.trim() === '') {
		return '';
	}

	const input = html.length > limits.htmlMax ? html.slice(0, limits.htmlMax) : html;
	if (tooDeepToParse(input)) {
		const notices = [`evnews: content too complex (nesting deeper than ${maxScanDepth} levels); shown as plain text. Open it in a browser for the original.`];
		if (input.length < html.length) {
			notices.push(truncatedNotice);
		}

		return finish(textFallback(input), notices);
	}

	const {html: prepared, notices} = prepareHtml(html, base);
	let markdown: string;
	try {
		markdown = getService().turndown(prepared);
	} catch {
		markdown = textFallback(prepared);
		notices.push('evnews: content too complex to convert; shown as plain text. Open it in a browser for the original.');
	}

	return finish(markdown, notices);
}

function finish(text: string, notices: string[]): string {
	let markdown = text.trim();
	if (notices.length > 0) {
		markdown += (markdown ? '\n\n' : '') + notices.map(notice => `_${escapeMarkdownText(notice)}_`).join('\n\n');
	}

	return sanitizeText(markdown, markdownMax);
}
