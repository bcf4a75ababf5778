/**
One article for the terminal: header lines, body lines (HTML → markdown → marked-terminal), and the numbered links.
Shared by the full-screen reader and `evnews read`. Loaded only through dynamic `import()`.
*/
import chalk from 'chalk';
import {htmlToMarkdown} from '../../feed/html-to-markdown.js';
import {sanitizeLine} from '../../feed/sanitize.js';
import {renderHeader, type HeaderInput} from './article-header.js';
import {displayWidth, renderMarkdown, wrapLine} from './markdown-terminal.js';

export type ArticleInput = HeaderInput & {
	html: string;
	base: string;
};

export type ArticleOptions = {
	/** Columns available. */
	width: number;
	/** ANSI styles (false: plain text, no escape sequence at all). */
	color: boolean;
	/** The reading width preference: the body is set at `min(width, articleWidth)`. Default 100. */
	articleWidth?: number;
};

export type RenderedArticle = {
	header: string[];
	/** Body lines, then the numbered list of links. */
	lines: string[];
	/** The http(s) URLs behind `[1]`, `[2]`… in order (for "a number, then o"). */
	links: string[];
};

export const defaultArticleWidth = 100;

type Body = {lines: string[]; links: string[]};

const bodyMemo = new Map<string, Body>();
const bodyMemoSize = 12;

function renderBody(html: string, base: string, width: number, color: boolean): Body {
	const key = `${width}\u0000${color ? 1 : 0}\u0000${base}\u0000${html}`;
	const cached = bodyMemo.get(key);
	if (cached) {
		bodyMemo.delete(key);
		bodyMemo.set(key, cached);
		return cached;
	}

	const markdown = htmlToMarkdown(html, base);
	const rendered = renderMarkdown(markdown, {width, color});
	const lines = [...rendered.lines];
	if (lines.length === 0) {
		for (const line of wrapLine('(no content; open the link to read the article)', width)) {
			lines.push(color ? chalk.dim(line) : line);
		}
	}

	if (rendered.links.length > 0) {
		lines.push('', color ? chalk.bold('Links') : 'Links');
		const numberWidth = String(rendered.links.length).length + 2;
		for (const [index, url] of rendered.links.entries()) {
			const label = `[${index + 1}]`.padStart(numberWidth);
			const text = `${label} ${sanitizeLine(url, 4096)}`;
			for (const line of wrapLine(text, width)) {
				lines.push(color ? chalk.cyan(line) : line);
			}
		}
	}

	const body = {lines, links: rendered.links};
	bodyMemo.set(key, body);
	if (bodyMemo.size > bodyMemoSize) {
		const oldest = bodyMemo.keys().next().value;
		if (oldest !== undefined) {
			bodyMemo.delete(oldest);
		}
	}

	return body;
}

/** Render one article. Memoised on (html, base, width, colour); every returned line fits in `width` columns. */
export function renderArticle(input: ArticleInput, options: ArticleOptions): RenderedArticle {
	const columns = Math.max(10, Math.floor(Number.isFinite(options.width) ? options.width : 80));
	const articleWidth = options.articleWidth ?? defaultArticleWidth;
	const width = Math.max(10, Math.min(columns, Number.isFinite(articleWidth) && articleWidth > 0 ? Math.floor(articleWidth) : defaultArticleWidth));
	const header = renderHeader(input, {width, color: options.color});
	const body = renderBody(typeof input.html === 'string' ? input.html : '', typeof input.base === 'string' ? input.base : '', width, options.color);
	// Copies: the memoised body must not be changed by a caller.
	return {header, lines: [...body.lines], links: [...body.links]};
}

/** True when no line is wider than `width` (for callers that re-check after a resize). */
export function fitsWidth(lines: readonly string[], width: number): boolean {
	return lines.every(line => displayWidth(line) <= width);
}
