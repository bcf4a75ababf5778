import wrapAnsi from 'wrap-ansi';
import {asciiPrintable, textWidth, truncate} from '../article/truncate.js';

export {textWidth, truncate} from '../article/truncate.js';

/** Truncate, then pad with spaces to exactly `width` columns. */
export function fit(text: string, width: number): string {
	const cut = truncate(text, width);
	const w = textWidth(cut);
	return w >= width ? cut : cut + ' '.repeat(width - w);
}

/**
Word-wrap plain text to `width` columns (wrap-ansi, the one wrapper); words longer than a line are cut. At most
`maxLines` lines (the last one marked `…`).
*/
export function wrap(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
	if (width <= 0) {
		return [];
	}

	const words = text.split(/\s+/).filter(Boolean).join(' ');
	// A character wider than the whole line (an emoji at width 1) is cut to `…`.
	const lines = words === '' ? [] : wrapAnsi(words, width, {hard: true}).split('\n').map(line => textWidth(line) > width ? truncate(line, width) : line);
	if (lines.length > maxLines) {
		const kept = lines.slice(0, maxLines);
		kept[maxLines - 1] = truncate(kept[maxLines - 1] + ' ' + lines[maxLines]!, width);
		if (!kept[maxLines - 1]!.endsWith('…')) {
			kept[maxLines - 1] = truncate(kept[maxLines - 1]!, width - 1) + '…';
		}

		return kept;
	}

	return lines;
}

// Any escape sequence or control; SGR sequences (ESC [ … m) are matched separately so they can be kept.
const sgr = /\u001B\[[\d;:]*m/gu;
const anyControl = /\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|\u001B[\]PX^_][\s\S]*?(?:\u0007|\u001B\\|$)|\u001B.?|[\u0000-\u001F\u007F-\u009F]/gu;

// An OSC 8 hyperlink opener to an http(s) URL without controls or spaces, or the closer.

const hyperlinkCodes = /\u001B\]8;;(?:https?:\/\/[^\u0000-\u0020\u007F-\u009F]{1,2048})?\u001B\\/gu;

/**
Keep colour (SGR) sequences in a rendered line (and, with `hyperlinks`, OSC 8 links to http(s) URLs) and drop every
other escape sequence and control character. Defence in depth for lines coming back from the article renderer.
*/
export function keepSgrOnly(line: string, hyperlinks = false): string {
	const kept = hyperlinks ? new RegExp(`${sgr.source}|${hyperlinkCodes.source}`, 'gu') : sgr;
	const parts = line.split(kept);
	const codes = line.match(kept) ?? [];
	let result = '';
	for (const [index, part] of parts.entries()) {
		result += part.replaceAll(anyControl, '');
		if (index < codes.length) {
			result += codes[index];
		}
	}

	return result;
}

/** SGR codes and OSC 8 hyperlink codes: what a styled line may carry, none of it taking a column. */

const sgrCodes = /\u001B\[[\d;]*m|\u001B]8;;[^\u0007\u001B]*\u001B\\/g;

/** Display width of a line that may carry SGR codes (and OSC 8 hyperlinks). */
export function styledWidth(line: string): number {
	return textWidth(line.includes('\u001B') ? line.replaceAll(sgrCodes, '') : line);
}

/**
A styled line that fits in `width` columns: unchanged when it fits; otherwise its plain text, cut (a safety net for
lines that are supposed to be cut already: their styles are dropped rather than split).
*/
export function fitStyled(line: string, width: number): string {
	if (!line.includes('\u001B') && asciiPrintable.test(line)) {
		return line.length <= width ? line : truncate(line, width);
	}

	if (styledWidth(line) <= width) {
		return line;
	}

	return truncate(line.replaceAll(sgrCodes, ''), width);
}
