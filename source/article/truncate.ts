/** The one truncator of the article stack (and of the reader's panes): plain text cut to a width, with `…`. */
import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';

/** Plain ASCII printable text: its width is its length. */
export const asciiPrintable = /^[\u0020-\u007E]*$/;

/**
Text made only of characters that are one column wide and one grapheme each whatever surrounds them (ASCII, Latin,
Greek and Cyrillic letters without combining marks, general punctuation such as `·`, `’`, `…`, `›`, arrows, box
drawing, and the marks the reader draws: `●`, `★`, `⚠`): its width is its length, and cutting it at any index splits
no grapheme. The rows of the reader are mostly such text; string-width would segment them one grapheme at a time.
(test/truncate-narrow.test.ts checks every character of the class against string-width and Intl.Segmenter.)
*/
const narrowRanges = [
	String.raw`\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF`, // ASCII and Latin (not the soft hyphen)
	String.raw`\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u0482\u048A-\u052F`, // Greek, Cyrillic
	String.raw`\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u2190-\u21FF\u2500-\u25FC`, // Punctuation, currency, arrows, boxes
	String.raw`\u2605\u2606\u26A0\u2713\u2717`, // ★ ☆ ⚠ ✓ ✗
].join('');
export const narrowText = new RegExp(`^[${narrowRanges}]*$`);

const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** Display width of plain text (no escape sequences), in terminal columns. */
export function textWidth(text: string): number {
	return narrowText.test(text) ? text.length : stringWidth(text);
}

/**
Cut plain text to at most `width` columns, ending with `…` when cut. Counts wide (CJK) characters and emoji as
two columns and never splits a grapheme cluster.
*/
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (narrowText.test(text)) {
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
