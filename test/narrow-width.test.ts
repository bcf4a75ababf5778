import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import stringWidth from 'string-width';
import {mayBeEmoji, narrowWidth} from '../source/terminal/narrow-width.js';

// The string-width 7 of wrap-ansi, patched the same way.
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const stringWidthSeven = (await import(pathToFileURL(path.join(root, 'node_modules/wrap-ansi/node_modules/string-width/index.js')).href) as {default: (text: string) => number}).default;

// The shortcuts patched into string-width (scripts/build.js) must give what string-width gives.
const everyCodePoint = function * () {
	for (let codePoint = 0; codePoint <= 0x10_FF_FF; codePoint++) {
		if (codePoint < 0xD8_00 || codePoint > 0xDF_FF) {
			yield String.fromCodePoint(codePoint);
		}
	}
};

test('every character the narrow shortcut accepts is one column wide in string-width 8 and 7', t => {
	const wrong: string[] = [];
	for (const character of everyCodePoint()) {
		if (narrowWidth(character) !== undefined && (stringWidth(character) !== 1 || stringWidthSeven(character) !== 1)) {
			wrong.push(`U+${character.codePointAt(0)!.toString(16)}`);
		}
	}

	t.deepEqual(wrong, []);
	t.is(narrowWidth('│ Post 0 › ● ▾ ─ ⇗ “quoted” – 10 €'), stringWidth('│ Post 0 › ● ▾ ─ ⇗ “quoted” – 10 €'));
	// Controls: wide, zero-width and joining characters are left to string-width.
	for (const text of ['漢字', 'e\u0301', 'a\u00ADb', '👩‍💻', '◽', 'x\u200Dy', '↔', '©']) {
		t.is(narrowWidth(text), undefined, text);
	}
});

test('every RGI emoji passes the emoji pre-check; plain text does not (control)', t => {
	const rgi = /^\p{RGI_Emoji}$/v;
	const missed: string[] = [];
	for (const character of everyCodePoint()) {
		if ((rgi.test(character) || rgi.test(character + '\uFE0F')) && !mayBeEmoji(character)) {
			missed.push(`U+${character.codePointAt(0)!.toString(16)}`);
		}
	}

	t.deepEqual(missed, []);
	for (const sequence of ['#\uFE0F\u20E3', '🇦🇺', '👍🏽', '👩‍💻', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '©\uFE0F']) {
		t.true(rgi.test(sequence) && mayBeEmoji(sequence), sequence);
	}

	t.false(mayBeEmoji('│'));
	t.false(mayBeEmoji('漢'));
});
