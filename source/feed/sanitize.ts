/**
The one sanitiser for everything a feed (or a remote server) wrote. It runs on ingestion, before a string
is stored, and again at render time. See ../shared/docs/security-checklist.md §A.

- `sanitizeLine` is for single-line fields (title, author, category, URL, error messages).
- `sanitizeText` is for multi-line fields (HTML content, markdown, summaries before folding); it keeps `\n` and `\t`.

Both are idempotent and keep CJK, RTL text and emoji intact.

U+0080–U+009F in text almost always come from windows-1252 punctuation decoded as latin1 (the UTF-8 bytes `C2 92`
for `’`), so they are mapped through windows-1252, as HTML5 does for `&#146;`: `’`, `€`, `…`, `›` (never an 8-bit
CSI). The five without a windows-1252 meaning (U+0081, U+008D, U+008F, U+0090, U+009D) are real controls: U+0090
(DCS) and U+009D (OSC) still open a string command, removed up to its terminator, and all five are removed.
*/

// Escape sequences, 7-bit and 8-bit forms.
// String commands (OSC, DCS, SOS, PM, APC) run to BEL, ST (ESC \ or U+009C), or, unterminated, to the end of the field.
// The 8-bit openers are only those without a windows-1252 meaning (U+0090 DCS, U+009D OSC): the others are text.
const stringCommand = /(?:\u001B[\]PX^_]|[\u0090\u009D])[\s\S]*?(?:\u0007|\u001B\\|\u009C|$)/gu;
// CSI: ESC [, parameter bytes, intermediate bytes, one final byte (or the end of the field). U+009B is `›`.
const csi = /\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?/gu;
// Other two-byte escapes: ESC followed by one character (and an intermediate run, e.g. ESC ( B).
const escPair = /\u001B[\u0020-\u002F]*[\u0030-\u007E]?/gu;
// Bidi embeddings, overrides and isolates, and invisible characters.
const bidiAndInvisible = /[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060-\u2064\uFEFF\u00AD\u{E0000}-\u{E007F}]/gu;
// A zero-width joiner is kept only inside an emoji sequence (👩‍💻), where it is what keeps the emoji intact.
const strayJoiner = /(?<![\p{Extended_Pictographic}\uFE0F\u{1F3FB}-\u{1F3FF}])\u200D|\u200D(?!\p{Extended_Pictographic})/gu;
// Marks that only make sense in running text.
const directionMarks = /[\u200E\u200F\u061C]/gu;
// Final sweep: every remaining C0, DEL and C1, except \n and \t (handled per mode).
const controlsKeepingNewlineTab = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;
const controlsAll = /[\u0000-\u001F\u007F-\u009F]/gu;
// Line breaks of every kind (U+0085 is `…` in windows-1252, so it is not one).
const lineBreaks = /\r\n?|[\u2028\u2029]/gu;
// U+0080–U+009F → windows-1252 (HTML5's table for `&#128;`–`&#159;`); '' where windows-1252 has no character.
const cp1252 = [
	'€', '', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '', 'Ž', '',
	'', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '', 'ž', 'Ÿ',
];
const c1 = /[\u0080-\u009F]/gu;
const fromCp1252 = (character: string): string => cp1252[character.charCodeAt(0) - 0x80]!;
// Runs of combining marks longer than maxCombining are cut.
const combiningRun = /(\p{M}{8})\p{M}+/gu;

function stripEscapes(text: string): string {
	// Repeat until stable, so a splice (ESC ESC [ [ 2 J) cannot rebuild an opener after one pass.
	let previous;
	let current = text;
	do {
		previous = current;
		current = current.replaceAll(stringCommand, '').replaceAll(csi, '').replaceAll(escPair, '');
	} while (current !== previous);

	return current;
}

function toText(input: unknown): string {
	if (typeof input === 'string') {
		return input;
	}

	if (typeof input === 'number' || typeof input === 'boolean' || typeof input === 'bigint') {
		return String(input);
	}

	return '';
}

function cap(text: string, max: number): string {
	if (text.length <= max) {
		return text;
	}

	// Cut on a code point boundary, then mark the cut. The result stays within max.
	let cut = text.slice(0, Math.max(0, max - 1));
	const last = cut.codePointAt(cut.length - 1);
	if (last !== undefined && last >= 0xD8_00 && last <= 0xDB_FF) {
		cut = cut.slice(0, -1);
	}

	// No joiner left dangling before the ellipsis (it would be dropped on the next pass).
	return cut.replace(/\u200D+$/u, '').trimEnd() + '…';
}

// Anything any pass below would change. Most feed text has none of it, and one scan is cheap (~2 ns a character).
// Combining floods are looked for in the combining blocks that "Zalgo" text uses: `\p{M}` costs 30 times more
// to scan for, so the general cap runs only when another pass is needed anyway.
const needsWork
	= /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF\u{E0000}-\u{E007F}]|[\u0300-\u036F\u0483-\u0489\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]{2}/u;
// Trim removes every kind of white space at the ends (no-break, ideographic…), as `\s` matches it. Every such
// character is in the BMP, so no `u` flag: the scan is several times faster without it.
const needsWorkInLine = /[\t\n]| {2}|^\s|\s$/;
// A cheaper first look (no `u` flag, ~3 times faster on text with accents and curly quotes): every character that
// `needsWork` looks for, plus every combining mark and surrogate. Text without any of them needs nothing.
const unusual
	= /[^\t\n\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u061B\u061D-\u1AAF\u1B00-\u1DBF\u1E00-\u200A\u2010-\u2027\u202F-\u205F\u206A-\u20CF\u2100-\uD7FF\uE000-\uFE1F\uFE30-\uFEFE\uFF00-\uFFFF]/;

function clean(input: unknown, multiline: boolean): string {
	const text = toText(input);
	if (text === '') {
		return '';
	}

	if (!unusual.test(text) || (!needsWork.test(text) && text.isWellFormed())) {
		// Nothing but the line's own whitespace rules can apply (a summary's trailing space, a title's line break).
		return multiline || !needsWorkInLine.test(text) ? text : foldLine(text);
	}

	return everyPass(text, multiline);
}

/** What the line mode does to text that needs no other pass: tabs and line feeds become spaces, runs fold, ends trim. */
function foldLine(text: string): string {
	return text.replaceAll(/[\t\n]/g, ' ').replaceAll(/ {2,}/g, ' ').trim();
}

/** Every pass, in order. `clean` skips to `foldLine` or to nothing when it can tell they would change nothing else. */
export function everyPass(input: string, multiline: boolean): string {
	let text = input.toWellFormed();
	text = text.replaceAll(lineBreaks, '\n');
	text = stripEscapes(text).replaceAll(c1, fromCp1252);
	text = text.replaceAll(bidiAndInvisible, '').replaceAll(strayJoiner, '');
	if (multiline) {
		text = text.replaceAll(controlsKeepingNewlineTab, '');
	} else {
		text = text.replaceAll(directionMarks, '');
		text = text.replaceAll(controlsAll, ' ');
		text = text.replaceAll(/ {2,}/g, ' ').trim();
	}

	return text.replaceAll(combiningRun, '$1');
}

/** A single-line field: no controls at all, whitespace folded, trimmed, capped at `max` characters. */
export function sanitizeLine(input: unknown, max = 1024): string {
	// Cap before and after cleaning: before, so a huge field costs little; after, to honour the bound.
	const raw = toText(input);
	return cap(clean(raw.length > max * 4 ? raw.slice(0, max * 4) : raw, false), max);
}

/** A multi-line field: keeps `\n` and `\t`, removes every other control, capped at `max` characters. */
export function sanitizeText(input: unknown, max = 512 * 1024): string {
	const raw = toText(input);
	return cap(clean(raw.length > max * 2 ? raw.slice(0, max * 2) : raw, true), max);
}

// All in the BMP, so no `u` flag: the scan of a large document is several times faster without it.
const jsonUnsafe = /[\u007F-\u009F\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2069\uFEFF]/;
const jsonUnsafeAll = new RegExp(jsonUnsafe.source, 'g');

/**
`JSON.stringify` that also escapes what it leaves raw but a terminal would act on or hide:
C1 controls, bidi controls and U+2028/U+2029 (checklist item 22). Lossless and still valid JSON.
*/
export function stringifyJsonSafe(value: unknown, space?: number): string {
	const json = JSON.stringify(value, undefined, space);
	return jsonUnsafe.test(json) ? json.replaceAll(jsonUnsafeAll, character => String.raw`\u` + character.charCodeAt(0).toString(16).padStart(4, '0')) : json;
}
