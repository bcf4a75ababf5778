import test from 'ava';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {narrowText, textWidth, truncate} from '../source/article/truncate.js';

/** Every BMP character the fast path takes as one column and one grapheme. */
function narrowCharacters(): string[] {
	const found: string[] = [];
	for (let code = 0; code <= 0xFF_FF; code++) {
		const character = String.fromCodePoint(code);
		if (narrowText.test(character)) {
			found.push(character);
		}
	}

	return found;
}

const narrow = narrowCharacters();
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

/** True when `cut` is `text` cut as truncate promises: the longest prefix of whole graphemes that leaves room for `…`. */
function isTruncation(text: string, width: number, cut: string): boolean {
	if (stringWidth(text) <= width) {
		return cut === text;
	}

	const kept = cut.slice(0, -1);
	const graphemes = [...segmenter.segment(text)].map(part => part.segment);
	const count = [...segmenter.segment(kept)].length;
	const next = graphemes[count] ?? '';
	return cut.endsWith('…') && text.startsWith(kept) && graphemes.slice(0, count).join('') === kept
		&& stringWidth(kept) <= width - 1 && stringWidth(kept + next) > width - 1;
}

test('every character of the narrow class is one column wide for string-width', t => {
	t.true(narrow.length > 1000);
	const wide = narrow.filter(character => stringWidth(character) !== 1);
	t.deepEqual(wide.map(character => character.codePointAt(0)!.toString(16)), []);
});

test('a run of narrow characters is one grapheme per character, so any index is a safe cut', t => {
	const all = narrow.join('');
	t.is([...segmenter.segment(all)].length, all.length);
	t.is(stringWidth(all), all.length);
	// Each next to the reader's marks and to itself (the pairs a row puts side by side).
	for (const character of narrow) {
		t.is([...segmenter.segment('●' + character + character + '·')].length, 4, character.codePointAt(0)!.toString(16));
	}
});

test('control: characters that are wide, zero-width or combine are outside the class', t => {
	for (const character of ['電', '🚗', '\u0301', '\u200D', '\u00AD', '\uFE0F', '\u25FD', '\u2614', '\u1100', '\u0007', '\u001B']) {
		t.false(narrowText.test(character), character.codePointAt(0)!.toString(16));
		// Each is one a fast path would get wrong: its width is not its length.
		t.not(stringWidth(character + 'a'), 2, character.codePointAt(0)!.toString(16));
	}
});

test('property: truncate and textWidth agree with string-width on mixed narrow and other text', t => {
	const unit = fc.oneof(
		fc.constantFrom(...narrow),
		fc.constantFrom('電', '🚗', 'é', '\u0301', '\u200D', '🇦🇺', 'a'),
	);
	fc.assert(fc.property(fc.string({unit, maxLength: 40}), fc.integer({min: 1, max: 40}), (text, width) =>
		textWidth(text) === stringWidth(text) && isTruncation(text, width, truncate(text, width))), {numRuns: 2000});
	t.pass();
});
