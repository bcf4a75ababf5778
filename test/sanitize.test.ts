import test from 'ava';
import fc from 'fast-check';
import {everyPass, sanitizeLine, sanitizeText, stringifyJsonSafe} from '../source/feed/sanitize.js';

// Anything a terminal could act on: C0 (but \n and \t in text), DEL, C1, bidi controls, invisibles.
// A zero-width joiner is allowed only inside an emoji sequence.
const strayJoiner = /(?<![\p{Extended_Pictographic}\uFE0F\u{1F3FB}-\u{1F3FF}])\u200D|\u200D(?!\p{Extended_Pictographic})/u;
const forbiddenLine = /[\u0000-\u001F\u007F-\u009F\u200B\u200C\u200E\u200F\u202A-\u202E\u2028\u2029\u2060-\u2069\uFEFF\u061C]/u;
const forbiddenText = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B\u200C\u202A-\u202E\u2028\u2029\u2060-\u2069\uFEFF]/u;
const forbiddenInLine = {test: (text: string) => forbiddenLine.test(text) || strayJoiner.test(text)};
const forbiddenInText = {test: (text: string) => forbiddenText.test(text) || strayJoiner.test(text)};

// Strings rich in the characters that matter: escapes, controls, bidi, surrogates, combining marks.
const nasty = fc.oneof(
	fc.string({unit: 'binary', maxLength: 80}),
	fc
		.array(
			fc.constantFrom('\u001B', '[', ']', 'P', '_', '^', 'X', '\\', '2J', ';', '\u0007', '\u009B', '\u009D', '\u009C', '\u0090', '\r', '\n', '\t', '\b', '\u0000', '\u007F', '\u0085', '\u202E', '\u2066', '\u200B', '\u200D', '\uFEFF', '\u00AD', '\u2028', '\u2029', '\uD800', '\uDC00', '\u0301', 'a', ' ', '漢', 'ع', '👩‍💻', '\u{E0041}', '8;;https://x\u0007', ']52;c;QUFB'),
			{maxLength: 60},
		)
		.map(parts => parts.join('')),
);

test('a single-line field keeps no control, escape, bidi or invisible character, whatever the input', t => {
	fc.assert(
		fc.property(nasty, input => {
			const output = sanitizeLine(input);
			return !forbiddenInLine.test(output) && output.isWellFormed() && !output.includes('\n');
		}),
		{numRuns: 3000},
	);
	t.pass();
});

test(String.raw`a multi-line field keeps only \n and \t among the controls, whatever the input`, t => {
	fc.assert(
		fc.property(nasty, input => {
			const output = sanitizeText(input);
			return !forbiddenInText.test(output) && output.isWellFormed();
		}),
		{numRuns: 3000},
	);
	t.pass();
});

test('both sanitisers are idempotent', t => {
	fc.assert(
		fc.property(nasty, fc.integer({min: 1, max: 50}), (input, max) => {
			const line = sanitizeLine(input, max);
			const text = sanitizeText(input, max);
			return sanitizeLine(line, max) === line && sanitizeText(text, max) === text && line.length <= max && text.length <= max;
		}),
		{numRuns: 3000},
	);
	t.pass();
});

// Text of the kind the shortcuts see: whitespace of every sort around ordinary letters, now and then a character
// that needs a real pass. Runs of 9+ combining marks are left out: outside the "Zalgo" blocks they are a documented gap.
const everyday = fc
	.array(fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', '\u00A0', '\u3000', 'EV', 'é', '’', '漢', 'ع', '👩‍💻', '\u200D', '\u0085', '\u001B[2J', '\u202E', '\u0301'), {maxLength: 30})
	.map(parts => parts.join(''));

test('the shortcuts give what every pass gives (control: a shortcut that skips the fold differs)', t => {
	fc.assert(
		fc.property(everyday, input => sanitizeLine(input, Number.MAX_SAFE_INTEGER) === everyPass(input, false) && sanitizeText(input, Number.MAX_SAFE_INTEGER) === everyPass(input, true)),
		{numRuns: 5000},
	);
	// The control: returning such text untouched, as a shortcut without the fold would, is caught by the comparison.
	t.not(everyPass('A summary ending in a space ', false), 'A summary ending in a space ');
	t.is(sanitizeLine('Two\tlines\nof  title '), 'Two lines of title');
});

test('JSON output escapes what a terminal would act on, and leaves plain text as JSON.stringify writes it', t => {
	const plain = {title: 'EV news: “range” & price', summary: 'é 漢 🇦🇺'};
	t.is(stringifyJsonSafe(plain), JSON.stringify(plain));
	t.is(stringifyJsonSafe({a: 'x\u2028y\u009Bz\u202E'}), String.raw`{"a":"x\u2028y\u009bz\u202e"}`);
});

test('CJK, RTL text and emoji survive', t => {
	const input = '漢字かな 한국어 العربية עברית 👩‍💻 🇦🇺 é';
	t.is(sanitizeLine(input), input);
	t.is(sanitizeText(input), input);
});

test('escape sequences are removed with their payload (checklist items 1-4, 9-11)', t => {
	t.is(sanitizeLine('Breaking\u001B[2J\u001B[HNews'), 'BreakingNews');
	t.is(sanitizeText('a\u001B]52;c;Y3VybCBldmlsLnNofHNo\u0007b'), 'ab');
	t.is(sanitizeLine('\u001B]0;sudo: password expired\u0007Bob'), 'Bob');
	t.is(sanitizeLine('\u001B]8;;https://phish.example\u0007Your bank\u001B]8;;\u0007'), 'Your bank');
	t.is(sanitizeLine('x\u001BP$q\u001B\\y'), 'xy');
	t.is(sanitizeLine('x\u001B[>0qy\u001B[6n'), 'xy');
	// Unterminated OSC runs to the end of the field.
	t.is(sanitizeLine('title\u001B]8;;https://evil'), 'title');
	// Splices cannot rebuild an opener.
	for (const splice of ['\u001B\u001B[[2J', '\u001B\u0007[2J', '\u001B\u009B2J']) {
		t.false(forbiddenInLine.test(sanitizeLine(splice)), JSON.stringify(splice));
	}
});

test('C1 controls without a windows-1252 meaning are removed, with their sequences (item 7)', t => {
	t.is(sanitizeLine('a\u009D0;title\u009Cb'), 'ab');
	t.is(sanitizeLine('a\u00900;dcs\u009Cb'), 'ab');
	t.is(sanitizeLine('a\u009D8;;https://phish.example'), 'a');
	t.is(sanitizeLine('a\u0081\u008D\u008Fb'), 'ab');
	t.is(sanitizeText('a\u0081\nb'), 'a\nb');
});

test('U+0080–U+009F are read as windows-1252 punctuation, as HTML5 does (issue 7 §1.5)', t => {
	// The UTF-8 bytes C2 92 (a latin1-decoded cp1252 apostrophe) give ’.
	const fixture = Buffer.from([0x49, 0x74, 0xC2, 0x92, 0x73, 0x20, 0xC2, 0x93, 0x6F, 0x6B, 0xC2, 0x94, 0x20, 0xC2, 0x96, 0x20, 0xC2, 0x80, 0x35, 0xC2, 0x85]).toString('utf8');
	t.is(fixture, 'It\u0092s \u0093ok\u0094 \u0096 \u00805\u0085');
	t.is(sanitizeLine(fixture), 'It’s “ok” – €5…');
	t.is(sanitizeText(fixture), 'It’s “ok” – €5…');
	// U+009B is ›, never an 8-bit CSI; U+0085 is …, not a line break; U+009C outside a string command is œ.
	t.is(sanitizeLine('a\u009B2Jb'), 'a›2Jb');
	t.is(sanitizeText('a\u0085b'), 'a…b');
	t.is(sanitizeLine('c\u009Cur'), 'cœur');
	t.is(sanitizeLine('\u0098\u009E\u009F\u008A\u0099'), '˜žŸŠ™');
	// Control: the mapped text is left alone by a second pass, and plain text needs no mapping.
	t.is(sanitizeLine(sanitizeLine(fixture)), 'It’s “ok” – €5…');
	t.is(sanitizeLine('It’s ok'), 'It’s ok');
});

test('lone C0 controls: BEL, BS, CR overwrite, NUL (item 8)', t => {
	t.is(sanitizeLine('safe\b\b\b\bEVIL'), 'safe EVIL');
	t.is(sanitizeLine('Official notice\rPhishing text'), 'Official notice Phishing text');
	t.is(sanitizeText('one\r\ntwo\rthree'), 'one\ntwo\nthree');
	t.is(sanitizeLine('a\u0000\u0007b'), 'a b');
	t.is(sanitizeText('keep\ttab\nand newline'), 'keep\ttab\nand newline');
});

test('bidi overrides and invisible characters are removed (items 12, 13)', t => {
	t.is(sanitizeLine('Invoice\u202Efdp.exe'), 'Invoicefdp.exe');
	t.is(sanitizeLine('a\u2066b\u2069c\u200Bd\u00ADe\uFEFFf\u{E0041}g'), 'abcdefg');
	t.is(sanitizeText('line\u2028next'), 'line\nnext');
	// Direction marks are kept in running text only.
	t.is(sanitizeText('a\u200Fb'), 'a\u200Fb');
	t.is(sanitizeLine('a\u200Fb'), 'ab');
});

test('combining marks are capped and lone surrogates repaired (items 14, 15)', t => {
	const zalgo = sanitizeLine('e' + '\u0301'.repeat(5000));
	t.is(zalgo, 'e' + '\u0301'.repeat(8));
	t.is(sanitizeLine('a\uD800b'), 'a\uFFFDb');
});

test('fields are length-capped with an ellipsis, on a code point boundary (item 16)', t => {
	const title = sanitizeLine('x'.repeat(1_000_000), 1024);
	t.is(title.length, 1024);
	t.true(title.endsWith('…'));
	const emoji = sanitizeLine('😀'.repeat(10), 6);
	t.true(emoji.isWellFormed());
	t.true(emoji.length <= 6);
});

test('non-strings become empty strings, numbers become text', t => {
	t.is(sanitizeLine(undefined), '');
	t.is(sanitizeLine({toString: () => '\u001B[2J'}), '');
	t.is(sanitizeLine(12), '12');
});

test('JSON output escapes C1, bidi and line separators and stays valid (item 22)', t => {
	const value = {title: 'a\u009Bb\u202Ec\u2028d'};
	const json = stringifyJsonSafe(value);
	t.notRegex(json, /[\u0080-\u009F\u202E\u2028]/u);
	t.deepEqual(JSON.parse(json), value);
});
