/**
HTML → markdown for article bodies (the reader, `evnews read` and `--fields content`).
Only ever loaded through dynamic `import()`: it pulls in turndown, which parses with `@mixmark-io/domino` in Node.

Feed HTML is hostile (security checklist items 23–28). It is parsed once, by turndown's own parser (domino, an
HTML5 tree builder), and one walk over that DOM prepares it before the node is handed to turndown:
- the input is cut at `limits.htmlMax` first;
- drops script, style, iframe, svg, forms… with their content, and comments;
- unwraps inline wrappers (span, font…), and links that are not http(s);
- sets the attributes turndown reads to clean values (href, src, alt, title, start, a `language-x` class);
- resolves links and images against `base`: only http(s) survive, anything else becomes inert text;
- removes control characters from text (escape sequences whole, through the sanitiser);
- flattens any element deeper than `maxHtmlDepth` (turndown recurses, and throws RangeError at ~20,000 levels),
  and lists/blockquotes deeper than `maxListDepth`.
A linear pre-scan sends documents nested past `maxScanDepth` (256) to a text-only extraction before any DOM is
built (domino, the walk and turndown all recurse per level). Every cut, flattening or fallback adds a one-line
notice to the markdown. The output goes through `sanitizeText`.
*/
// @ts-expect-error domino's bundled types declare the module 'domino', not '@mixmark-io/domino'.
import dominoModule from '@mixmark-io/domino';
import TurndownService from 'turndown';
import {decodeHTML} from 'entities';
import {addTableRules, tableMarkers, unwrapLayoutTable} from './html-tables.js';
import {limits} from './limits.js';
import {sanitizeLine, sanitizeText} from './sanitize.js';
import {resolveHttpUrl as resolveFeedUrl} from './urls.js';

type IncrementalParser = {end: (html: string) => void; process: (shouldPause: () => boolean) => boolean; document: () => Document};
/** Turndown's own DOM parser in Node (turndown 7 requires it): parsed once here, the node is handed to turndown. */
const domino = dominoModule as {createIncrementalHTMLParser: () => IncrementalParser};
const neverPause = () => false;

/** Element nesting kept as structure; deeper elements keep only their text. */
export const maxHtmlDepth = 64;
/** List and blockquote nesting kept as structure. */
const maxListDepth = 16;
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
	// MathML keeps its text (issue 9 §8): only its annotations (TeX source, a second copy of the formula) go.
	'annotation',
	'annotation-xml',
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

const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

const controlsOrEscape = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** An absolute http(s) URL (userinfo removed), or undefined for anything else. */
export function resolveHttpUrl(href: string, base: string): string | undefined {
	// The one URL check of the feed layer (http(s) only, absolute, no login, length-capped).
	return resolveFeedUrl(href, base) ?? undefined;
}

/**
Deep nesting is costly before any limit can be applied: DOM building, the walk and turndown recurse per level (and
htmlparser2, used by the other feed code, is quadratic on it). A cheap linear scan estimates the nesting first;
past `maxScanDepth` the article is shown as text only.
*/
const maxScanDepth = limits.htmlScanDepthMax;
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

const rawTextElements = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'annotation', 'annotation-xml', 'head', 'title', 'textarea', 'select', 'xmp', 'plaintext']);

/** Escape plain text so that marked reads it as text. */
function escapePlainMarkdown(text: string): string {
	return text
		.replaceAll(/[\\`*_[\]<>|~]/g, String.raw`\$&`)
		.replaceAll(/^([ \t]*)([#+=-]|\d+[.)])/gm, String.raw`$1\$2`);
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

	const text = decodeHTML(parts.join('')).replaceAll(controls, '');
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
		if (tagNames.size < limits.htmlTagNamesMax) {
			tagNames.set(name, valid);
		}
	}

	return valid;
}

type WalkState = {
	document: Document;
	base: string;
	listDepth: number;
	flattened: boolean;
	textSinceBreak: boolean;
	preLanguage: string | undefined;
};

const elementNode = 1;
const textNode = 3;

/**
The pre-pass, as a walk over the DOM that turndown then converts (one parse, no re-serialisation): drops
elements with their content, unwraps inline wrappers, keeps only the attribute values turndown reads (resolved,
filtered, sanitised), cleans text, and flattens nesting that is too deep.
*/
function prepareTree(root: Element, state: WalkState): void {
	walkChildren(root, 0, state);
}

function walkChildren(parent: Node, depth: number, state: WalkState): void {
	let changed = false;
	let child = parent.firstChild;
	while (child) {
		const next = child.nextSibling;
		if (child.nodeType === elementNode) {
			changed = walkElement(child as Element, depth, state) || changed;
		} else if (child.nodeType === textNode) {
			changed = walkText(child as Text, state) || changed;
		} else {
			// Comments, processing instructions.
			child.remove();
			changed = true;
		}

		child = next;
	}

	if (changed) {
		joinTexts(parent);
	}
}

/**
Join adjacent text nodes (left by unwrapped or removed elements): turndown escapes each text node on its own, and
escapes line-start markers (`-`, `>`, `=`…) at the start of every one.
*/
function joinTexts(parent: Node): void {
	let child = parent.firstChild;
	while (child) {
		const next = child.nextSibling;
		if (child.nodeType === textNode && next?.nodeType === textNode) {
			(child as Text).appendData((next as Text).data);
			next.remove();
			continue;
		}

		child = next;
	}
}

const privateMarkers = /[\uE001-\uE005]/;

/** Clean one text node; true when it was removed. */
function walkText(node: Text, state: WalkState): boolean {
	const text = node.data;
	let clean = text;
	if (controlsOrEscape.test(text) || privateMarkers.test(text)) {
		clean = sanitizeText(text, Number.MAX_SAFE_INTEGER).replaceAll(controls, '').replaceAll(tableMarkers, '');
		if (clean === '') {
			node.remove();
			return true;
		}

		node.data = clean;
	}

	if (!state.textSinceBreak && /\S/.test(clean)) {
		state.textSinceBreak = true;
	}

	return false;
}

/** Replace an element by its (already walked) children. */
function unwrap(element: Element): void {
	const parent = element.parentNode!;
	let child = element.firstChild;
	while (child) {
		const next = child.nextSibling;
		parent.insertBefore(child, element);
		child = next;
	}

	element.remove();
}

/** Clean one element; true when it was removed or replaced by its content. */
function walkElement(element: Element, depth: number, state: WalkState): boolean {
	const name = element.localName;
	const nesting = nestingElements.has(name);
	if (droppedElements.has(name)) {
		element.remove();
		return true;
	}

	if (nesting) {
		state.listDepth++;
	}

	let replaced = false;
	if (unwrappedElements.has(name) || !isPlainTagName(name) || (name === 'a' && !isLink(element, state.base))) {
		walkChildren(element, depth + 1, state);
		unwrap(element);
		replaced = true;
	} else if (depth >= maxHtmlDepth || (state.listDepth > maxListDepth && (nesting || name === 'li' || name === 'dd' || name === 'dt'))) {
		// Too deep: the text only, with line breaks where blocks were.
		state.flattened = true;
		const block = blockElements.has(name);
		if (block && state.textSinceBreak) {
			element.parentNode!.insertBefore(state.document.createElement('br'), element);
			state.textSinceBreak = false;
		}

		walkChildren(element, depth + 1, state);
		if (block && state.textSinceBreak) {
			element.appendChild(state.document.createElement('br'));
			state.textSinceBreak = false;
		}

		unwrap(element);
		replaced = true;
	} else {
		if (name === 'pre') {
			state.preLanguage = languageOf(element);
		}

		cleanAttributes(element, name, state);
		if (blockElements.has(name) || name === 'br') {
			state.textSinceBreak = false;
		}

		walkChildren(element, depth + 1, state);
		if (name === 'pre') {
			state.preLanguage = undefined;
		}

		if (blockElements.has(name)) {
			state.textSinceBreak = false;
		}

		if (name === 'table') {
			replaced = unwrapLayoutTable(element, state.document);
		}
	}

	if (nesting) {
		state.listDepth--;
	}

	return replaced;
}

function isLink(element: Element, base: string): boolean {
	const href = element.getAttribute('href');
	return href !== null && resolveHttpUrl(href, base) !== undefined;
}

/** The language a class names: `language-x`, `lang-x`, or SyntaxHighlighter's `brush: x`. */
function languageOf(element: Element): string | undefined {
	const classes = element.getAttribute('class') ?? '';
	return /(?:^|\s)(?:language|lang)-([\w+#-]{1,32})(?:\s|$)/.exec(classes)?.[1]
		?? /(?:^|[\s;])brush:\s*([\w+#-]{1,32})/.exec(classes)?.[1];
}

/** Set an attribute turndown reads to a clean value, or remove it. */
function setClean(element: Element, key: string, value: string | undefined): void {
	const clean = value?.replaceAll(controls, '');
	if (clean) {
		element.setAttribute(key, clean);
	} else if (element.hasAttribute(key)) {
		element.removeAttribute(key);
	}
}

/** The attributes turndown (and the rules below) read: resolved, filtered and sanitised; others are never read. */
function cleanAttributes(element: Element, name: string, state: WalkState): void {
	switch (name) {
		case 'a': {
			const href = element.getAttribute('href');
			const url = href === null ? undefined : resolveHttpUrl(href, state.base);
			setClean(element, 'href', url);
			const title = element.getAttribute('title');
			setClean(element, 'title', url && title ? sanitizeLine(title, limits.linkTitleMax) : undefined);
			break;
		}

		case 'img': {
			const source = element.getAttribute('src') ?? element.getAttribute('data-src');
			setClean(element, 'src', source === null ? undefined : resolveHttpUrl(source, state.base));
			const alt = element.getAttribute('alt');
			setClean(element, 'alt', alt ? sanitizeLine(alt, limits.altTextMax) : undefined);
			break;
		}

		case 'ol': {
			const start = element.getAttribute('start')?.trim();
			setClean(element, 'start', start && /^\d{1,6}$/.test(start) ? start : undefined);
			break;
		}

		case 'pre':
		case 'code': {
			const language = languageOf(element) ?? (name === 'code' ? state.preLanguage : undefined);
			setClean(element, 'class', language ? `language-${language}` : undefined);
			break;
		}

		default: {
			break;
		}
	}
}

/** Escape a string for use as markdown link or image text. */
function escapeMarkdownText(text: string): string {
	return text.replaceAll(/[\\[\]*_`<>]/g, String.raw`\$&`);
}

/**
Escapes outside code: only what marked would otherwise read as markup, so ordinary words stay as written.
- `\\` only before ASCII punctuation or at the end (elsewhere a backslash is literal);
- `_` unless inside a word (intraword `_` never opens or closes emphasis), `*` unless between spaces;
- `` ` ``, `[`, `]` always; `<` where it starts like an HTML tag; `&` where it starts like an entity;
- `~` next to text when the text holds another one (GFM strikethrough).
*/
const escapedCharacters = /\\(?=[!-/:-@[-`{-~]|$)|[`[\]]|_(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])_|\*(?=\S)|(?<=\S)\*|<(?=[a-zA-Z/!?])|&(?=#?\w+;)/gu;
// Every match of `escapedCharacters` starts with one of these: most text nodes hold none, and this test is far
// cheaper than the lookbehinds of a full `replaceAll` pass.
const escapedFirst = /[\\`[\]_*<&]/;
const tilde = /~(?=\S)|(?<=\S)~/g;
// Line-start markers (turndown applies them to the start of each text node only).
const escapedStart = /^(?:-|[+*] |=+|#{1,6}(?: |$)|~~~|>|\d+[.)] )/;

/** Escape a text node for markdown. */
function escapeText(text: string): string {
	let escaped = escapedFirst.test(text) ? text.replaceAll(escapedCharacters, String.raw`\$&`) : text;
	if (escaped.indexOf('~') !== escaped.lastIndexOf('~')) {
		escaped = escaped.replaceAll(tilde, String.raw`\~`);
	}

	const start = escapedStart.exec(escaped);
	if (!start) {
		return escaped;
	}

	const marker = start[0];
	const first = marker.charCodeAt(0);
	// Digits: `1\. `, `1\) `; anything else gets a backslash in front.
	return first >= 48 && first <= 57 ? `${marker.slice(0, -2)}\\${marker.at(-2)!} ${escaped.slice(marker.length)}` : `\\${escaped}`;
}

/** The text of a code element as written: `<br>` as a newline, blocks on lines of their own, other tags dropped. */
function codeText(node: Node): string {
	let text = '';
	const visit = (parent: Node) => {
		for (let child = parent.firstChild; child; child = child.nextSibling) {
			if (child.nodeType === textNode) {
				text += (child as Text).data;
			} else if (child.nodeType === elementNode) {
				const name = (child as Element).localName;
				if (name === 'br') {
					text += '\n';
					continue;
				}

				const block = blockElements.has(name);
				if (block && text !== '' && !text.endsWith('\n')) {
					text += '\n';
				}

				visit(child);
				if (block && !text.endsWith('\n')) {
					text += '\n';
				}
			}
		}
	};

	visit(node);
	return text;
}

/** A fence (or code-span delimiter) longer than any run of `character` in `text`. */
function fenceFor(text: string, character: string, minimum: number): string {
	let longest = 0;
	for (const run of text.match(character === '`' ? /`+/g : /~+/g) ?? []) {
		longest = Math.max(longest, run.length);
	}

	return character.repeat(Math.max(minimum, longest + 1));
}

/** A code block: fenced, with the language when a class names one, its text verbatim. */
function codeBlock(node: Element): string {
	const code = node.localName === 'pre' ? node : undefined;
	const inner = code?.firstElementChild?.localName === 'code' && code.children.length === 1 ? code.firstElementChild : undefined;
	const language = (inner ? inner.getAttribute('class') : undefined)?.replace(/^language-/, '') ?? node.getAttribute('class')?.replace(/^language-/, '') ?? '';
	const text = codeText(node).replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
	const fence = fenceFor(text, '`', 3);
	return `\n\n${fence}${language}\n${text}\n${fence}\n\n`;
}

/** An inline code span with a delimiter longer than any backtick run inside. */
function codeSpan(node: Element): string {
	const text = codeText(node).replaceAll(/\s*\n\s*/g, ' ');
	if (text.trim() === '') {
		return text;
	}

	const fence = fenceFor(text, '`', 1);
	const pad = text.startsWith('`') || text.endsWith('`') || (text.startsWith(' ') && text.endsWith(' ')) ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

/** An image: http(s) sources only (the walk removed the others), else its alt text, inert. */
function imageMarkdown(element: HTMLElement): string {
	const alt = escapeMarkdownText(sanitizeLine(element.getAttribute('alt') ?? '', limits.altTextMax));
	const source = element.getAttribute('src');
	if (source) {
		return `![${alt}](${source.replaceAll(/[()]/g, String.raw`\$&`)})`;
	}

	return alt ? String.raw`\[image: ${alt}\]` : '';
}

function hostOf(href: string): string | undefined {
	try {
		return new URL(href).host;
	} catch {
		return undefined;
	}
}

/** A link: no href (or one that was not http(s)) gives the text alone; an empty text gives the host. */
function linkMarkdown(content: string, element: HTMLElement): string {
	const href = element.getAttribute('href');
	if (!href) {
		return content;
	}

	const title = element.getAttribute('title');
	const titlePart = title ? ` "${title.replaceAll(/["\\]/g, String.raw`\$&`)}"` : '';
	const target = href.replaceAll(/[()]/g, String.raw`\$&`);
	if (content.includes('\n')) {
		// A link around blocks is not valid markdown: keep the blocks (on lines of their own: a fence must start a line), then a link of their own.
		return `\n\n${content.trim()}\n\n[${escapeMarkdownText(hostOf(href) ?? 'link')}](${target}${titlePart})\n\n`;
	}

	const host = hostOf(href);
	const text = content.trim() === '' ? (host === undefined ? 'link' : escapeMarkdownText(host)) : content;
	return `[${text}](${target}${titlePart})`;
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
		'script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'annotation', 'annotation-xml', 'head',
		'title', 'meta', 'link', 'form', 'button',
	] as TurndownService.TagName[]);

	created.escape = escapeText;

	addTableRules(created);

	created.addRule('evnewsCodeBlock', {
		filter: 'pre',
		replacement: (_content, node) => codeBlock(node),
	});

	created.addRule('evnewsCode', {
		filter: node => node.nodeName === 'CODE' && node.parentNode?.nodeName !== 'PRE',
		replacement: (_content, node) => codeSpan(node),
	});

	created.addRule('evnewsImage', {filter: 'img', replacement: (_content, node) => imageMarkdown(node)});
	created.addRule('evnewsLink', {filter: node => node.nodeName === 'A', replacement: linkMarkdown});
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

/**
The last parse (its parser and tree; up to `keptTreeMax` of HTML, ~1.5 MB of heap per 100 KB) stays referenced until
the next conversion. V8 drops its optimised domino and turndown code when objects it was specialised on (parser
state, node shapes with turndown's added properties) die in a major GC; the next article is then converted up to
~2× slower while that code is recompiled. Keeping one parse alive keeps them.
*/
const kept: {parse?: {parser: IncrementalParser; root: Element} | undefined} = {};
const keptTreeMax = 256 * 1024;

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

	const notices: string[] = [];
	if (input.length < html.length) {
		notices.push(truncatedNotice);
	}

	let markdown: string;
	try {
		// `<body>` first: everything lands in the body (a later `<frameset>` or `</body>` cannot move it away).
		// domino's `createDocument`, keeping the parser (see `kept`): `end` parses one token, `process` the rest.
		const parser = domino.createIncrementalHTMLParser();
		parser.end('<body>' + input);
		while (parser.process(neverPause)) {
			// Parsing.
		}

		const document = parser.document();
		const state: WalkState = {document, base, listDepth: 0, flattened: false, textSinceBreak: false, preLanguage: undefined};
		prepareTree(document.body, state);
		if (state.flattened) {
			notices.push(`evnews: content too complex (nesting deeper than ${maxHtmlDepth} levels, or lists deeper than ${maxListDepth}, was flattened); open it in a browser for the original.`);
		}

		// Turndown copies a node it is given (`cloneNode(true)`, as much work as the walk above). This tree was
		// built for it alone and is dropped afterwards, so it converts the tree itself.
		const root = document.body;
		Object.defineProperty(root, 'cloneNode', {value: () => root});
		markdown = getService().turndown(root);
		kept.parse = input.length <= keptTreeMax ? {parser, root} : undefined;
	} catch {
		markdown = textFallback(input);
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
