/**
Two shortcuts for string-width 8, Ink's measure of every line on the screen, patched into it by scripts/build.js.
string-width segments graphemes with Intl.Segmenter (11 ms to load ICU's data) and tests each grapheme against
`/^\p{RGI_Emoji}$/v` (66 ms to build and run the first time): the reader's first frame paid both for its
box-drawing and bullet characters (issue 8 §6). test/narrow-width.test.ts checks both against string-width itself.
*/

// Characters string-width counts one column each (with ambiguous characters narrow, its default), none of which
// joins its neighbours into a grapheme: ASCII, Latin-1 (without the soft hyphen), Latin Extended, IPA, Greek,
// Cyrillic without its combining marks, general punctuation, currency, arrows, box drawing and block elements,
// less the pictographs among them (© ↔ ▶…), which string-width 7 counts as two.
const narrow = /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u2190-\u21FF\u2500-\u25FC]*$/;

const pictograph = /\p{Extended_Pictographic}/u;

/** The width of `text` when every character is one column wide, else undefined (measure it in full). */
export function narrowWidth(text: string): number | undefined {
	return narrow.test(text) && !pictograph.test(text) ? text.length : undefined;
}

// Every RGI emoji holds one of these: a pictographic base, a flag's regional indicator, a skin tone, a keycap.
const emojiPart = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u20E3]/u;

/** False when `segment` cannot be an RGI emoji, so string-width's costly emoji test can be skipped. */
export function mayBeEmoji(segment: string): boolean {
	return emojiPart.test(segment);
}
