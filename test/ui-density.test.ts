import test from 'ava';
import {resolveKeymap} from '../source/ui/keymap.js';
import {computeLayout} from '../source/ui/layout.js';
import {compactRowLine} from '../source/ui/components/posts-pane.js';
import {initialState, isCompact, layoutOf, type Density} from '../source/ui/state.js';
import {textWidth} from '../source/ui/text.js';
import {makePosts} from './fixtures/ui/posts.js';
import {press} from './helpers/reader-keys.js';

function make(rows: number, density?: Density) {
	return initialState({
		posts: makePosts(100),
		feeds: [],
		keymap: resolveKeymap(),
		columns: 100,
		rows,
		...(density ? {density} : {}),
		now: Date.parse('2026-11-21T00:00:00Z'),
	});
}

test('compact rows: the default under 40 rows with density auto; v toggles and remembers it', t => {
	t.true(isCompact(make(39, 'auto')));
	t.false(isCompact(make(40, 'auto')));
	// The control: two-line rows when asked, whatever the height.
	t.false(isCompact(make(20, 'comfortable')));
	t.true(isCompact(make(60, 'compact')));
	// One line per post: twice as many posts on screen.
	t.is(layoutOf(make(30, 'compact')).visiblePosts, 27);
	t.is(layoutOf(make(30, 'comfortable')).visiblePosts, 13);
	let state = press(make(30, 'auto'), 'v');
	t.is(state.density, 'comfortable');
	t.deepEqual(state.effects, [{type: 'save-preferences', patch: {density: 'comfortable'}}]);
	state = press(state, 'v');
	t.is(state.density, 'compact');
});

test('a compact row is title · feed · time and fits its width', t => {
	const [post] = makePosts(1);
	const line = compactRowLine(post!, 60, Date.parse('2026-11-21T00:00:00Z'), true);
	t.regex(line, /^›● {2}Post number 0 about batteries +· Feed 0 · 12 h ago$/);
	for (const width of [1, 8, 20, 40, 200]) {
		t.true(textWidth(compactRowLine(post!, width, 0, false)) <= width);
		t.is(textWidth(compactRowLine(post!, width, 0, true)), width);
	}
});

test('at 120–159 columns the article pane gets at least 74 columns (72 of text); from 160 the proportions hold', t => {
	for (const columns of [120, 130, 140, 159]) {
		const layout = computeLayout(columns, 40);
		t.is(layout.mode, 'three');
		t.true(layout.articleWidth >= 74, `${columns}: ${layout.articleWidth}`);
		t.is(layout.categoriesWidth + layout.postsWidth + layout.articleWidth + 2, columns);
	}

	const wide = computeLayout(200, 40);
	t.is(wide.categoriesWidth, 30);
	t.is(wide.categoriesWidth + wide.postsWidth + wide.articleWidth + 2, 200);
});
