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
import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {renderTable} from './terminal-table.js';
import {httpUrlWithoutLogin} from './http-url.js';
import {displayWidth, sgrAll, sgrSplit, wrapLine} from './wrap-line.js';

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
