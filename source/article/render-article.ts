/**
One article for the terminal: header lines, body lines (HTML → markdown → marked-terminal), and the numbered links
(the enclosures first, then the body's links). Shared by the full-screen reader and `evnews read`; no Ink.
Loaded only through dynamic `import()`.
*/
import chalk from 'chalk';
import {htmlToMarkdown} from '../feed/html-to-markdown.js';
import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {ByteLru, stringBytes} from '../store/lru.js';
import {renderHeader, usableEnclosures, type HeaderInput} from './article-header.js';
import type {TimeZone} from './dates.js';
import {hyperlink} from './hyperlinks.js';
import {renderMarkdown} from './markdown-terminal.js';
import {wrapLine} from './wrap-line.js';

export type ArticleInput = HeaderInput & {
	html: string;
	base: string;
};

export type ArticleOptions = {
	/** Columns available. */
	width: number;
	/** ANSI styles (false: plain text, no escape sequence at all). */
	color: boolean;
	/** The reading width preference: the body is set at `min(width, articleWidth)`. Default 80. */
	articleWidth?: number | undefined;
	timeZone?: TimeZone | undefined;
	/** OSC 8 hyperlinks on the link numbers of the link list (with colour only). */
	hyperlinks?: boolean | undefined;
	/**
	Render only about this much of a longer body's HTML, unless the whole is memoised: the result is then `partial`,
	its first screen right, while the whole is rendered next (the reader draws it meanwhile; never memoised).
	*/
	firstScreenHtml?: number | undefined;
};

export type RenderedArticle = {
	header: string[];
	/** Body lines, then the numbered list of links. */
	lines: string[];
	/** The http(s) URLs behind `[1]`, `[2]`… in order (for "a number, then o"). */
	links: string[];
	/** Only the first part of the body (`firstScreenHtml`): its links are the first of the whole's, in order. */
	partial?: boolean;
};

const defaultArticleWidth = 80;

type Body = {lines: string[]; links: string[]; partial?: boolean};

/** Where a block ends in the HTML: a first part cut there renders as the whole's first blocks do. */
const blockEnd = /<\/(?:p|pre|ul|ol|table|blockquote|figure|h[1-6]|div|section)\s*>/gi;

/**
The HTML up to the last block end within `size` characters (or `size` characters when none: an HTML parser closes
what a cut leaves open, and drops a cut tag).
*/
export function htmlFirstPart(html: string, size: number): string {
	const head = html.slice(0, size);
	let end = 0;
	for (const match of head.matchAll(blockEnd)) {
		end = match.index + match[0].length;
	}

	return end > 0 ? head.slice(0, end) : head;
}

/** The one memo of rendered bodies (the reader's and the CLI's), bounded in bytes and entries. */
const memo = new ByteLru<string, Body>(
	limits.readerRenderedCacheBytes,
	body => [...body.lines, ...body.links].reduce((sum, line) => sum + stringBytes(line) + 32, 64),
	limits.readerCacheEntries,
);

function linkList(links: readonly string[], width: number, color: boolean, hyperlinks: boolean): string[] {
	const lines = ['', color ? chalk.bold('Links') : 'Links'];
	const numberWidth = String(links.length).length + 2;
	for (const [index, url] of links.entries()) {
		const label = `[${index + 1}]`.padStart(numberWidth);
		const wrapped = wrapLine(`${label} ${sanitizeLine(url, limits.shownUrlMax)}`, width);
		for (const [lineIndex, line] of wrapped.entries()) {
			const styled = color ? chalk.cyan(line) : line;
			// The escape goes around the label only, after wrapping: widths are measured without it.
			lines.push(lineIndex === 0 && color && hyperlinks ? hyperlinkLabel(styled, label, url) : styled);
		}
	}

	return lines;
}

function hyperlinkLabel(line: string, label: string, url: string): string {
	const at = line.indexOf(label);
	return at === -1 ? line : line.slice(0, at) + hyperlink(label, url) + line.slice(at + label.length);
}

function renderBody(html: string, base: string, seed: readonly string[], width: number, options: ArticleOptions): Body {
	const {color} = options;
	const hyperlinks = options.hyperlinks === true && color;
	const key = [width, color ? 1 : 0, hyperlinks ? 1 : 0, seed.join(' '), base, html].join('\u0000');
	const cached = memo.get(key);
	if (cached) {
		return cached;
	}

	const firstPart = options.firstScreenHtml !== undefined && html.length > options.firstScreenHtml;
	const body = renderHtml(firstPart ? htmlFirstPart(html, options.firstScreenHtml!) : html, base, seed, width, options);
	if (firstPart) {
		return {...body, partial: true};
	}

	memo.set(key, body);
	return body;
}

function renderHtml(html: string, base: string, seed: readonly string[], width: number, options: ArticleOptions): Body {
	const {color} = options;
	const hyperlinks = options.hyperlinks === true && color;
	const markdown = htmlToMarkdown(html, base);
	const rendered = renderMarkdown(markdown, {width, color, links: seed});
	const lines = [...rendered.lines];
	if (lines.length === 0) {
		for (const line of wrapLine('(no content; open the link to read the article)', width)) {
			lines.push(color ? chalk.dim(line) : line);
		}
	}

	if (rendered.links.length > 0) {
		lines.push(...linkList(rendered.links, width, color, hyperlinks));
	}

	return {lines, links: rendered.links};
}

/** The text width: `min(columns, articleWidth)`, at least 10. */
function textWidthFor(columns: number, articleWidth: number | undefined): number {
	const available = Math.max(10, Math.floor(Number.isFinite(columns) ? columns : 80));
	const cap = articleWidth !== undefined && Number.isFinite(articleWidth) && articleWidth > 0 ? Math.floor(articleWidth) : defaultArticleWidth;
	return Math.max(10, Math.min(available, cap));
}

/** Render one article. Bodies are memoised on (html, base, links, width, colour); every line fits in `width`. */
export function renderArticle(input: ArticleInput, options: ArticleOptions): RenderedArticle {
	const width = textWidthFor(options.width, options.articleWidth);
	const header = renderHeader(input, {width, color: options.color, timeZone: options.timeZone});
	const seed = usableEnclosures(input.enclosures).map(enclosure => enclosure.url);
	const body = renderBody(typeof input.html === 'string' ? input.html : '', typeof input.base === 'string' ? input.base : '', seed, width, options);
	// Copies: the memoised body must not be changed by a caller.
	return {header, lines: [...body.lines], links: [...body.links], ...(body.partial ? {partial: true} : {})};
}

