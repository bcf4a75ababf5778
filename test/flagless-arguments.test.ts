import process from 'node:process';
import test from 'ava';
import fc from 'fast-check';
import {checkFlags} from '../source/commands/flag-check.js';
import {isFlagLike, parseFlagless, type ParsedArguments} from '../source/commands/flag-spec.js';
import {parseWithMeow} from '../source/commands/meow-arguments.js';
import {version} from '../source/version.js';

// An argv of words alone is parsed without meow (issue 8 §6). It must come out as meow's parse does: the same input
// (strings, never numbers), the same flags, the same process title. The help text is not compared: cli.tsx reads it
// only for `--help`, which is a flag, so meow parses it.

type Parse = {input: string[]; flags: ParsedArguments['flags']; title: string};

function withTitle(parse: () => ParsedArguments): Parse {
	process.title = 'node-test';
	const {input, flags} = parse();
	return {input, flags, title: process.title};
}

const byMeow = (argv: string[]) => withTitle(() => parseWithMeow(checkFlags(argv), '', version));
const flagless = (argv: string[]) => withTitle(() => parseFlagless(checkFlags(argv)));

// Words as a shell passes them: command names, ids, numbers in their many spellings, spaces, unicode, empty strings.
const word = fc.oneof(
	fc.constantFrom('unread', 'read', 'star', 'feeds', 'add', 'posts', 'mark-read', '42', '007', '1e3', '0x10', '3.5', ' 7', 'NaN', 'true', 'false', 'null', '', '=', 'a=b', 'é', '🚗', 'https://thedriven.io/feed/'),
	fc.string(),
	fc.string({unit: 'grapheme'}),
	fc.integer().map(String),
	fc.double({noNaN: true}).map(String),
).filter(argument => !isFlagLike(argument));

test('an argv of words alone parses as meow parses it', t => {
	fc.assert(fc.property(fc.array(word, {maxLength: 6}), argv => {
		t.deepEqual(flagless(argv), byMeow(argv));
	}), {numRuns: 300});
});

test('the defaults are fresh arrays: one parse cannot change the next', t => {
	const first = parseFlagless([]);
	first.flags.feed.push('https://example.invalid/feed');
	t.deepEqual(parseFlagless([]).flags.feed, []);
});

test('control: with a flag in the argv the two parses differ, so the comparison can fail', t => {
	for (const argv of [['--json'], ['unread', '--offline'], ['--feed', 'x', 'unread'], ['--', 'read']]) {
		t.notDeepEqual(flagless(argv), byMeow(argv), argv.join(' '));
	}
});
