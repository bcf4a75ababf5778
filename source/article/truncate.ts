/** The one truncator of the article stack (and of the reader's panes): plain text cut to a width, with `…`. */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

/** Plain ASCII printable text: its width is its length. */
export const asciiPrintable = /^[\u0020-\u007E]*$/;

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Display width of plain text (no escape sequences), in terminal columns. */
export function textWidth(text: string): number {
	return asciiPrintable.test(text) ? text.length : stringWidth(text);
}

/**
Cut plain text to at most `width` columns, ending with `…` when cut. Counts wide (CJK) characters and emoji as
two columns and never splits a grapheme cluster.
*/
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (asciiPrintable.test(text)) {
		return text.length <= width ? text : text.slice(0, width - 1) + '…';
	}

	if (stringWidth(text) <= width) {
		return text;
	}

	let result = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = stringWidth(segment);
		if (used + w > width - 1) {
			break;
		}

		result += segment;
		used += w;
	}

	return result + '…';
}

/** A line that may carry SGR codes, cut to `width` columns when wider (styles kept, `…` at the cut). */
export function fitLine(line: string, width: number): string {
	if (asciiPrintable.test(line)) {
		return line.length <= width ? line : truncate(line, width);
	}

	return stringWidth(line) > width ? cliTruncate(line, width) : line;
}
