import test from 'ava';
import fc from 'fast-check';
import stringWidth from 'string-width';
import {fit, keepSgrOnly, textWidth, truncate, wrap} from '../source/ui/text.js';
import {relativeTime} from '../source/ui/relative-time.js';
import {linkHost} from '../source/ui/article-header.js';
import {postRowLines} from '../source/ui/components/posts-pane.js';
import {makePosts} from './fixtures/ui/posts.js';

test('truncate counts CJK and emoji as two columns and never splits a grapheme', t => {
	t.is(truncate('電気自動車', 5), '電気…');
	t.is(stringWidth(truncate('電気自動車', 5)), 5);
	t.is(truncate('👨‍👩‍👧‍👦👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 5), '👨‍👩‍👧‍👦👨‍👩‍👧‍👦…');
	t.is(truncate('plain', 5), 'plain');
	t.is(truncate('plainer', 5), 'plai…');
	t.is(truncate('x', 0), '');
	t.is(fit('電気', 6), '電気  ');
	t.is(textWidth('🇦🇺'), 2);
});

test('property: truncate, fit and wrap never exceed the width', t => {
	const text = fc.string({unit: fc.constantFrom('a', ' ', '電', '🚗', '👨‍👩‍👧', 'é', '\u0301', 'Z', '🇦🇺')});
	fc.assert(fc.property(text, fc.integer({min: 1, max: 30}), (value, width) => {
		if (stringWidth(truncate(value, width)) > width || stringWidth(fit(value, width)) !== width) {
			return false;
		}

		return wrap(value, width).every(line => stringWidth(line) <= width);
	}), {numRuns: 500});
	t.pass();
});

test('wrap breaks long CJK runs and caps the number of lines', t => {
	t.deepEqual(wrap('電気自動車の販売', 6), ['電気自', '動車の', '販売']);
	const capped = wrap('one two three four five six', 9, 2);
	t.is(capped.length, 2);
	t.true(capped[1]!.endsWith('…'));
});

test('keepSgrOnly keeps colours and drops every other escape', t => {
	t.is(keepSgrOnly('\u001B[1mbold\u001B[22m'), '\u001B[1mbold\u001B[22m');
	t.is(keepSgrOnly('a\u001B]52;c;Y3VybA==\u0007b\u001B[2Jc\u0007d\u009B2J'), 'abcd2J');
});

test('relative time and link hosts (punycode)', t => {
	const now = Date.parse('2026-11-21T00:00:00Z');
	t.is(relativeTime('2026-11-20T23:57:00Z', now), '3 min ago');
	t.is(relativeTime('2026-11-20T21:00:00Z', now), '3 h ago');
	t.is(relativeTime('2026-11-18T00:00:00Z', now), '3 d ago');
	t.is(relativeTime('2025-01-01T00:00:00Z', now), '2025-01-01');
	t.is(relativeTime(null, now), '');
	t.is(linkHost('https://аpple.com/x'), 'xn--pple-43d.com');
	t.is(linkHost('javascript:alert(1)'), '');
});

test('a post row has the unread dot, the star, the title and author · time · feed', t => {
	const [post] = makePosts(1);
	const [title, meta] = postRowLines({...post!, starred: true, author: 'Ann'}, 60, Date.parse('2026-11-20T15:00:00Z'), true);
	t.is(title.trimEnd(), '›●★ Post number 0 about batteries');
	t.is(meta.trimEnd(), '    Ann · 3 h ago · Feed 0');
	const [read] = postRowLines({...post!, read: true, title: 'T\u001B[2Jx'}, 20, 0, false);
	t.is(read.trimEnd(), '    Tx');
});
