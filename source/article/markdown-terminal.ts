/**
Markdown → terminal lines: a private `Marked` instance with marked-terminal (never the global `marked`), plus:
- links rendered as `text [n]` and collected in order (no OSC 8, no raw URLs inline), http(s) only;
- images as `[image: alt]`;
- code blocks without a language labelled `text`, so highlight.js never auto-detects (perf-notes §3);
- the marked-terminal#304 workaround (inline markup in list items);
- a size and nesting guard before marked (security checklist 27–28);
- wrapping done here, measured with string-width (CJK, emoji), with hanging indents for list items;
- every line sanitised again; with colour, only SGR sequences survive.
*/
import chalk from 'chalk';
import {Marked, type Tokens} from 'marked';
import {markedTerminal, type MarkedTerminalOptions} from 'marked-terminal';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {renderTable} from './terminal-table.js';
import {httpUrlWithoutLogin} from './http-url.js';

export const markdownMax = 256 * 1024;
/** Container markers (`>`, list bullets) and indentation allowed at the start of one line. */
const maxPrefixMarkers = 24;
const maxPrefixColumns = 96;

export type RenderedMarkdown = {lines: string[]; links: string[]};

type RenderState = {links: string[]; numbers: Map<string, number>; width: number; color: boolean};

// Marked renders synchronously, so one module-level state per render is enough.
let state: RenderState | undefined;

const identity = (text: string) => text;

function styleOptions(color: boolean): MarkedTerminalOptions {
	if (color) {
		return {
			firstHeading: chalk.bold.underline,
			heading: chalk.bold,
			blockquote: chalk.italic,
			// No chalk.reset wrappers: they cancel the styles of enclosing blocks (a paragraph in a quote).
			paragraph: identity,
			listitem: identity,
			table: identity,
			hr: identity,
			tableOptions: {style: {head: ['bold'], border: ['gray']}},
		};
	}

	return {
		code: identity,
		blockquote: identity,
		html: identity,
		heading: identity,
		firstHeading: identity,
		hr: identity,
		listitem: identity,
		table: identity,
		paragraph: identity,
		strong: identity,
		em: identity,
		codespan: identity,
		del: identity,
		link: identity,
		href: identity,
		text: identity,
		tableOptions: {style: {head: [], border: []}},
	};
}

const instances = new Map<boolean, Marked>();

function getMarked(color: boolean): Marked {
	const existing = instances.get(color);
	if (existing) {
		return existing;
	}

	const marked = new Marked({gfm: true, breaks: false, async: false});
	marked.use(markedTerminal({
		...styleOptions(color),
		// Wrapping is done after rendering, with string-width (marked-terminal's reflow counts UTF-16 units
		// and can split surrogate pairs), so its reflow stays off.
		reflowText: false,
		emoji: false,
		showSectionPrefix: false,
		tab: 2,
		image: (_href, _title, text) => imageText(text, color),
	}));
	marked.use({
		walkTokens(token) {
			// Never let highlight.js guess a language (132 ms per 100 KB article against 10 ms).
			if (token.type === 'code' && !(token as Tokens.Code).lang) {
				(token as Tokens.Code).lang = 'text';
			}
		},
		renderer: {
			// Marked-terminal#304: inline markup in tight list items is printed raw. Render the inline tokens.
			text(token) {
				if ('tokens' in token && token.tokens && token.tokens.length > 0) {
					return this.parser.parseInline(token.tokens);
				}

				return false;
			},
			link(token) {
				const text = this.parser.parseInline(token.tokens);
				const href = httpUrlWithoutLogin(token.href);
				if (!href || !state) {
					return text;
				}

				let number = state.numbers.get(href);
				if (number === undefined) {
					state.links.push(href);
					number = state.links.length;
					state.numbers.set(href, number);
				}

				const label = `[${number}]`;
				return state.color ? `${chalk.blue(text)} ${chalk.cyan(label)}` : `${text} ${label}`;
			},
			image(token) {
				return imageText(token.text, color);
			},
			table(token) {
				const cells = (row: Tokens.TableCell[]) => row.map(cell => this.parser.parseInline(cell.tokens).replaceAll('\n', ' ').trim());
				const lines = renderTable(cells(token.header), token.rows.map(row => cells(row)), {
					width: state?.width ?? 80,
					color,
					wrap: wrapLine,
					measure: displayWidth,
				});
				return lines.join('\n') + '\n\n';
			},
			hr() {
				const line = '-'.repeat(Math.max(1, Math.min(state?.width ?? 40, 80)));
				return (color ? chalk.dim(line) : line) + '\n\n';
			},
			...(color
				? {}
				: {
					code(token: Tokens.Code) {
						const body = token.text.split('\n').map(line => '  ' + line).join('\n');
						return body + '\n\n';
					},
				}),
		},
	});
	instances.set(color, marked);
	return marked;
}

function imageText(alt: string, color: boolean): string {
	const clean = sanitizeLine(alt, limits.shownMessageMax);
	const text = clean ? `[image: ${clean}]` : '[image]';
	return color ? chalk.dim(text) : text;
}

/** Bound the markdown before marked: a size cap, and a cap on container markers and indentation per line. */
export function guardMarkdown(markdown: string): {markdown: string; notices: string[]} {
	const notices: string[] = [];
	let text = markdown;
	if (text.length > markdownMax) {
		const cut = text.lastIndexOf('\n', markdownMax);
		text = text.slice(0, cut > markdownMax / 2 ? cut : markdownMax);
		notices.push(`evnews: the article was cut at ${markdownMax / 1024} KiB; open it in a browser for the rest.`);
	}

	const prefix = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+[ \t]*/;
	let clamped = false;
	let fence: string | undefined;
	const lines = text.split('\n');
	for (const [index, line] of lines.entries()) {
		const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
		if (fenceMatch) {
			if (fence === undefined) {
				fence = fenceMatch[1]!;
			} else if (fenceMatch[1]!.startsWith(fence)) {
				fence = undefined;
			}

			continue;
		}

		if (fence !== undefined || line.length <= maxPrefixColumns / 4) {
			continue;
		}

		const match = prefix.exec(line);
		const leading = /^[ \t]*/.exec(line)![0].length;
		if (!match && leading <= maxPrefixColumns) {
			continue;
		}

		const head = match ? match[0] : line.slice(0, leading);
		const markers = match ? (head.match(/>|[-*+]|\d+[.)]/g) ?? []).length : 0;
		if (markers > maxPrefixMarkers || head.length > maxPrefixColumns) {
			clamped = true;
			lines[index] = head.slice(0, maxPrefixColumns).replace(/[ \t]*[^ \t>]*$/, ' ') + line.slice(head.length);
		}
	}

	if (clamped) {
		notices.push('evnews: some lists or quotes were nested too deeply and were flattened.');
	}

	return {markdown: clamped ? lines.join('\n') : text, notices};
}

// SGR only: colours and text attributes. Everything else is removed by the sanitiser.

const sgrSplit = /(\u001B\[[\d;]*m)/;

const sgrAll = /\u001B\[[\d;]*m/g;
// Characters that are one column wide each (string-width agrees; it treats East Asian ambiguous as narrow):
// ASCII, Latin-1, Latin Extended, IPA, spacing modifiers, Greek, Cyrillic (without its combining marks), and the
// general punctuation and currency blocks (quotes, dashes, …, €) without their invisible characters.
const singleWidth = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u20A0-\u20C0]*$/;

// Plus the common double-width blocks, where every code unit is one grapheme of two columns: CJK ideographs,
// kana, Hangul syllables, CJK punctuation and fullwidth forms.
const simpleWidth = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u3000-\u3029\u302E-\u303E\u3041-\u3096\u30A1-\u30FA\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uFF01-\uFF60\uFFE0-\uFFE6]*$/;
const doubleWidth = /[\u3000-\u3029\u302E-\u303E\u3041-\u3096\u30A1-\u30FA\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7A3\uFF01-\uFF60\uFFE0-\uFFE6]/g;
/** Intl.Segmenter (and string-width, which uses it) is superlinear on long strings: work in chunks of this size. */
const chunkSize = 512;

/** Display width of a line (string-width semantics; SGR ignored). */
export function displayWidth(text: string): number {
	const plain = text.includes('\u001B') ? text.replaceAll(sgrAll, '') : text;
	// String-width segments graphemes, which is slow; most text needs none of it.
	if (singleWidth.test(plain)) {
		return plain.length;
	}

	if (simpleWidth.test(plain)) {
		return (2 * plain.length) - plain.replaceAll(doubleWidth, '').length;
	}

	if (plain.length <= chunkSize) {
		return stringWidth(plain);
	}

	let width = 0;
	for (const chunk of graphemeChunks(plain)) {
		width += stringWidth(chunk);
	}

	return width;
}

const separator = '\uE000';

/**
Sanitise rendered output (many lines) in one pass of the sanitiser. With colour, the SGR sequences are set aside,
the text between them is sanitised as one string (joined by a private-use separator) and the codes are put back.
*/
function sanitizeStyled(text: string, color: boolean): string {
	if (!color || !text.includes('\u001B')) {
		return sanitizeText(text, Number.MAX_SAFE_INTEGER);
	}

	const parts = text.replaceAll(separator, '\uFFFD').split(sgrSplit);
	const texts: string[] = [];
	for (let index = 0; index < parts.length; index += 2) {
		texts.push(parts[index]!);
	}

	const cleaned = sanitizeText(texts.join(separator), Number.MAX_SAFE_INTEGER).split(separator);
	if (cleaned.length !== texts.length) {
		// Should not happen (the separator is never removed); sanitise piece by piece instead.
		for (let index = 0; index < parts.length; index += 2) {
			parts[index] = sanitizeText(parts[index], Number.MAX_SAFE_INTEGER);
		}

		return parts.join('');
	}

	for (let index = 0; index < parts.length; index += 2) {
		parts[index] = cleaned[index / 2]!;
	}

	return parts.join('');
}

let segmenter: Intl.Segmenter | undefined;

/** Consecutive pieces of `text`, cut between graphemes, each at most about `chunkSize` code units. */
function * graphemeChunks(text: string): Generator<string> {
	segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	let start = 0;
	while (text.length - start > chunkSize) {
		const piece = text.slice(start, start + chunkSize);
		// The last grapheme of the piece may continue after it: cut before it.
		let last = 0;
		for (const segment of segmenter.segment(piece)) {
			last = segment.index;
		}

		const end = last > 0 ? last : piece.length;
		yield text.slice(start, start + end);
		start += end;
	}

	if (start < text.length) {
		yield text.slice(start);
	}
}

function graphemes(text: string): string[] {
	if (simpleWidth.test(text)) {
		// One code unit per grapheme in these blocks.
		return [...text];
	}

	segmenter ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'});
	const result: string[] = [];
	for (const chunk of graphemeChunks(text)) {
		for (const segment of segmenter.segment(chunk)) {
			result.push(segment.segment);
		}
	}

	return result;
}

/** Marks a word broken at the pane's edge (one column). */
// `…`: one column for every string-width in use (wrap-ansi's string-width 7 counts `↩` as two).
const continuationMark = '…';

/**
Cut a word wider than `width` into pieces of at most `width` columns, between graphemes (style codes travel with
the text after them). A word of narrow characters (a URL, a path, a long Latin word) gets a continuation mark at
the end of every piece but the last; runs of CJK or emoji, which break anywhere, get none.
*/
function splitWord(word: string, width: number): string[] {
	const plain = word.includes('\u001B') ? word.replaceAll(sgrAll, '') : word;
	const marked = singleWidth.test(plain) && width > 1;
	const room = marked ? width - 1 : width;
	const pieces: string[] = [];
	let current = '';
	let currentWidth = 0;
	for (const [partIndex, part] of word.split(sgrSplit).entries()) {
		if (partIndex % 2 === 1) {
			current += part;
			continue;
		}

		for (const grapheme of marked ? part : graphemes(part)) {
			const graphemeWidth = marked ? 1 : displayWidth(grapheme);
			if (currentWidth + graphemeWidth > room && currentWidth > 0) {
				pieces.push(marked ? current + continuationMark : current);
				current = '';
				currentWidth = 0;
			}

			current += grapheme;
			currentWidth += graphemeWidth;
		}
	}

	pieces.push(current);
	return pieces;
}

/** The line's leading indentation and list bullet (or link number): continuation lines hang under its text. */
const hangPattern = /^ *(?:(?:[*-]|\d{1,9}\.|\[\d{1,6}]) +)?/;

/**
Wrap one line (which may carry SGR sequences) to `width` display columns, with wrap-ansi. Words move to the next
line whole; a word wider than a line is cut at the edge (see `splitWord`). Continuation lines keep the line's
indentation and list bullet (a hanging indent); wrap-ansi closes styles at each break and re-opens them.
A style code glued to a word travels with it: words are split on spaces only.
*/
export function wrapLine(line: string, width: number): string[] {
	if (displayWidth(line) <= width) {
		return [line];
	}

	// The hang is measured on the plain text; codes inside it move to the start of the rest.
	const plainLine = line.replaceAll(sgrAll, '');
	let hang = hangPattern.exec(plainLine)![0].length;
	if (hang > width / 2) {
		hang = 0;
	}

	let prefix = '';
	let codes = '';
	let index = 0;
	while (prefix.length < hang) {
		const code = line.startsWith('\u001B[', index) ? /^\u001B\[[\d;]*m/.exec(line.slice(index, index + 32)) : undefined;
		if (code) {
			codes += code[0];
			index += code[0].length;
		} else {
			prefix += line[index];
			index++;
		}
	}

	const available = width - hang;
	const words = (codes + line.slice(index)).split(' ').flatMap(word => displayWidth(word) > available ? splitWord(word, available) : [word]);
	const indent = ' '.repeat(hang);
	const text = words.join(' ');
	const rows = !text.includes('\u001B') && singleWidth.test(text) ? wrapNarrow(text, available) : wrapAnsi(text, available, {hard: true}).split('\n');
	return rows.map((wrapped, lineIndex) => (lineIndex === 0 ? prefix : indent) + wrapped);
}

/**
The word wrap of wrap-ansi (`{hard: true}`, words no wider than `columns`) for text without style codes whose every
character is one column wide: the same rows, measured by length. wrap-ansi's string-width (v7) segments graphemes
for every word and every row: hundreds of ms for a 100 KB article (profiled on a loaded 2-core machine); a property test in
test/render-article.test.ts checks that both give the same rows (exported for it).
*/
export function wrapNarrow(line: string, columns: number): string[] {
	if (line.trim() === '') {
		return [''];
	}

	const rows = [''];
	for (const [index, word] of line.normalize().split(' ').entries()) {
		let row = rows.at(-1)!.trimStart();
		if (index !== 0 && row.length > 0) {
			row += ' ';
		}

		if (row.length + word.length > columns && row.length > 0 && word.length > 0) {
			rows[rows.length - 1] = row;
			row = '';
			rows.push('');
		}

		rows[rows.length - 1] = row + word;
	}

	return rows.map(row => row.replace(/ +$/, ''));
}

/**
Render markdown (from `htmlToMarkdown`) to terminal lines of at most `width` columns, plus the http(s) links in order.
Whatever the input, the output is sanitised (with colour, only SGR sequences remain).
*/
export function renderMarkdown(markdown: string, options: {width: number; color: boolean; links?: readonly string[]}): RenderedMarkdown {
	const width = Math.max(10, Math.floor(options.width));
	const {color} = options;
	// The markdown comes from htmlToMarkdown, which sanitised it; the output is sanitised again below.
	const guarded = guardMarkdown(markdown);
	// Links numbered before the body (the header's enclosures) keep their numbers; the body continues after them.
	const links: string[] = [...(options.links ?? [])];
	state = {links, numbers: new Map(links.map((link, index) => [link, index + 1])), width, color};
	let output: string;
	try {
		output = getMarked(color).parse(guarded.markdown, {async: false});
	} catch {
		// A RangeError on input that still got past the guards: show the text rather than nothing.
		output = guarded.markdown + '\n\nevnews: this article could not be formatted; shown as markdown.';
	} finally {
		state = undefined;
	}

	if (guarded.notices.length > 0) {
		output += '\n\n' + guarded.notices.join('\n\n');
	}

	const lines: string[] = [];
	let blank = true;
	// Sanitised again after rendering (every line), in one pass of the sanitiser.
	for (const raw of sanitizeStyled(output.replaceAll('\t', '    '), color).split('\n')) {
		const line = raw.trimEnd();
		if (line === '' || line.replaceAll(sgrAll, '').trim() === '') {
			if (!blank) {
				lines.push('');
			}

			blank = true;
			continue;
		}

		blank = false;
		for (const wrapped of wrapLine(line, width)) {
			lines.push(wrapped);
		}
	}

	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	return {lines, links};
}
