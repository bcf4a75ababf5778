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
import {renderMarkdown, wrapLine} from './markdown-terminal.js';

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
};

export type RenderedArticle = {
	header: string[];
	/** Body lines, then the numbered list of links. */
	lines: string[];
	/** The http(s) URLs behind `[1]`, `[2]`… in order (for "a number, then o"). */
	links: string[];
};

const defaultArticleWidth = 80;

type Body = {lines: string[]; links: string[]};

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

	const body = {lines, links: rendered.links};
	memo.set(key, body);
	return body;
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
	return {header, lines: [...body.lines], links: [...body.links]};
}

