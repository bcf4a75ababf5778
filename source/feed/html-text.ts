import {decodeHTML, DecodingMode} from 'entities/decode';
import {limits} from './limits.js';

/**
HTML → one line of plain text, for summaries and `type="html"` titles. A linear scanner, not a DOM: tags are dropped,
the text of script/style-like elements is dropped, block elements become spaces, entities are decoded (HTML named and
numeric references; undefined ones stay literal), whitespace is folded, and the result is cut at a word boundary with
`…` so that it is at most `max` characters. It stops reading once it has enough text, so a 500 KB body costs little.
The result is not sanitised: callers run it through `sanitizeLine`.
*/

// MathML keeps its text (`<math><mi>x</mi><mo>+</mo><mn>1</mn></math>` reads `x+1`); its annotations (TeX source, a
// second copy of the formula) are dropped.
const droppedElements = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'annotation', 'annotation-xml', 'head', 'title', 'textarea', 'select', 'button']);
const blockElements = new Set([
	'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
	'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
	'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'video', 'audio', 'picture',
]);
/** `\s` in a regular expression: ECMAScript WhiteSpace and LineTerminator. */
function isSpaceCode(code: number): boolean {
	if (code <= 0x20) {
		return code === 0x20 || (code >= 0x09 && code <= 0x0D);
	}

	return code >= 0xA0 && (code === 0xA0 || code === 0x16_80 || (code >= 0x20_00 && code <= 0x20_0A) || code === 0x20_28 || code === 0x20_29
		|| code === 0x20_2F || code === 0x20_5F || code === 0x30_00 || code === 0xFE_FF);
}

/** The same as `text.replaceAll(/\s+/g, ' ')`, in one pass that copies nothing when there is nothing to fold. */
export function foldWhitespace(text: string): string {
	const {length} = text;
	let out = '';
	// Start of the text not yet copied to `out`.
	let start = 0;
	let index = 0;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (!isSpaceCode(code)) {
			index++;
			continue;
		}

		let end = index + 1;
		while (end < length && isSpaceCode(text.charCodeAt(end))) {
			end++;
		}

		if (end - index > 1 || code !== 0x20) {
			out += text.slice(start, index) + ' ';
			start = end;
		}

		index = end;
	}

	return start === 0 ? text : out + text.slice(start);
}

/** `[a-zA-Z]` */
function isAsciiLetter(code: number): boolean {
	return (code >= 0x61 && code <= 0x7A) || (code >= 0x41 && code <= 0x5A);
}

/** `[a-zA-Z\d:-]` */
function isTagNameCode(code: number): boolean {
	return isAsciiLetter(code) || (code >= 0x30 && code <= 0x3A) || code === 0x2D;
}

export function decodeEntities(text: string): string {
	return text.includes('&') ? decodeHTML(text, DecodingMode.Strict) : text;
}

/** Cut `text` to at most `max` characters, at a word boundary when there is one near the end, marking the cut with `…`. */
export function cutText(text: string, max: number): string {
	if (text.length <= max) {
		return text;
	}

	if (max <= 1) {
		return max === 1 ? '…' : '';
	}

	let cut = text.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	if (space >= Math.floor(max * 0.6)) {
		cut = cut.slice(0, space);
	}

	// Never leave half a surrogate pair.
	const last = cut.codePointAt(cut.length - 1);
	if (last !== undefined && last >= 0xD8_00 && last <= 0xDB_FF) {
		cut = cut.slice(0, -1);
	}

	return cut.trimEnd() + '…';
}

/** What one `<` at `lt` stands for: the text it adds (`''`, a space for a block or dropped element, or `<` itself)
and where reading goes on (-1: stop, the rest is markup). */
type TagStep = {text: string; index: number};

function tagStep(html: string, lt: number, lower: () => string): TagStep {
	const {length} = html;
	const next = html.charCodeAt(lt + 1);
	if (next === 0x21 && html.startsWith('<!--', lt)) {
		const close = html.indexOf('-->', lt + 4);
		return {text: '', index: close === -1 ? length : close + 3};
	}

	// The tag name, as /<(\/?)([a-zA-Z][a-zA-Z\d:-]*)/y would read it.
	const closing = next === 0x2F;
	const nameStart = closing ? lt + 2 : lt + 1;
	if (!isAsciiLetter(html.charCodeAt(nameStart))) {
		if (next === 0x21 || next === 0x3F) {
			// <!DOCTYPE …>, <![CDATA[…]]>, <?…?>: markup, not text.
			const gt = html.indexOf('>', lt);
			return {text: '', index: gt === -1 ? length : gt + 1};
		}

		return {text: '<', index: lt + 1};
	}

	let nameEnd = nameStart + 1;
	while (nameEnd < length && isTagNameCode(html.charCodeAt(nameEnd))) {
		nameEnd++;
	}

	const gt = html.indexOf('>', nameEnd);
	if (gt === -1) {
		// An unterminated tag: the rest is markup.
		return {text: '', index: -1};
	}

	const name = html.slice(nameStart, nameEnd).toLowerCase();
	if (!closing && droppedElements.has(name) && html.charCodeAt(gt - 1) !== 0x2F) {
		const close = lower().indexOf(`</${name}`, gt);
		const closeEnd = close === -1 ? -1 : lower().indexOf('>', close);
		return {text: ' ', index: close === -1 ? -1 : (closeEnd === -1 ? length : closeEnd + 1)};
	}

	return {text: blockElements.has(name) ? ' ' : '', index: gt + 1};
}

export function htmlToText(html: string, max: number = limits.summaryMax): string {
	if (typeof html !== 'string' || html === '') {
		return '';
	}

	const budget = Math.min(Number.isFinite(max) ? (max * 2) + 64 : html.length, html.length);
	const {length} = html;
	let lowerCase: string | undefined;
	const lower = () => {
		lowerCase ??= html.toLowerCase();
		return lowerCase;
	};

	let out = '';
	let index = 0;
	while (index < length && out.length <= budget) {
		const lt = html.indexOf('<', index);
		const end = lt === -1 ? length : lt;
		if (end > index) {
			out += decodeEntities(html.slice(index, end));
		}

		if (lt === -1) {
			break;
		}

		const step = tagStep(html, lt, lower);
		if (step.index === -1) {
			break;
		}

		out += step.text;
		index = step.index;
	}

	const folded = foldWhitespace(out).trim();
	return Number.isFinite(max) ? cutText(folded, Math.max(0, Math.floor(max))) : folded;
}
