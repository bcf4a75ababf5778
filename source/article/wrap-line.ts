/**
Display width and word wrap for terminal lines that may carry SGR sequences. Apart from the markdown renderer so
that the reader's first frame (the article header) wraps lines without loading marked and marked-terminal.
*/
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

// SGR only: colours and text attributes. Everything else is removed by the sanitiser.

export const sgrSplit = /(\u001B\[[\d;]*m)/;

export const sgrAll = /\u001B\[[\d;]*m/g;
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
