/**
The reader's WordPress rules (issue 11 §2, §3, §4, §6, §7) in the reducer, no Ink: the feed's site category tree,
a category filled from the site, "older posts…", the site search and the feed-only reason. Every effect is data.
*/
import test from 'ava';
import {resolveKeymap} from '../source/ui/keymap.js';
import {computeLayout} from '../source/ui/layout.js';
import {olderRowId} from '../source/ui/site-state.js';
import {categoriesOf, initialState, type ReaderState, reduce, viewOf, visiblePanes} from '../source/ui/state.js';
import {statusSegments} from '../source/ui/status-line.js';
import {treeRowText} from '../source/ui/tree.js';
import type {ReaderPost} from '../source/ui/types.js';
import type {ReaderSite} from '../source/wordpress/reader-sites.js';
import {makePosts} from './fixtures/ui/posts.js';
import {press} from './helpers/reader-keys.js';

const wp = 'https://feed0.example.com/feed';
const other = 'https://feed1.example.com/feed';

const site: ReaderSite = {
	categories: [
		{id: 1, name: 'Electric Vehicles', slug: 'electric-vehicles', count: 50, parent: 0},
		{id: 2, name: 'Batteries', slug: 'batteries', count: 40, parent: 1},
		{id: 3, name: 'Tesla', slug: 'tesla', count: 12, parent: 1},
	],
	ended: {all: false},
};

function make(options: {sites?: Record<string, ReaderSite>; posts?: ReaderPost[]; columns?: number} = {}): ReaderState {
	// Feed 0 (even posts): Electric Vehicles and Batteries; feed 1 (odd posts): Charging.
	const posts = options.posts ?? makePosts(30, {feeds: 2});
	return initialState({
		posts,
		feeds: [{source: wp, title: 'Feed 0'}, {source: other, title: 'Feed 1'}],
		keymap: resolveKeymap(),
		columns: options.columns ?? 160,
		rows: 40,
		sites: options.sites ?? {[wp]: site},
	});
}

/** Into the tree, then down to the row with `key`. */
function goTo(state: ReaderState, key: string): ReaderState {
	let next = press(state, 'h', 'g');
	for (let step = 0; step < 60 && categoriesOf(next)[next.categoryIndex]?.key !== key; step++) {
		next = press(next, 'j');
	}

	return next;
}

const teslaKey = `site-category:${wp}\ntesla`;
const batteriesKey = `site-category:${wp}\nbatteries`;

test('a WordPress feed unfolds with - into its site\'s category tree: parents, children, unread / site count', t => {
	const state = goTo(make(), 'feed:' + wp);
	const folded = categoriesOf(state);
	t.true(folded.find(row => row.key === 'feed:' + wp)!.foldable);
	t.false(folded.some(row => row.kind === 'site-category'));
	const open = categoriesOf(press(state, '-'));
	const rows = open.filter(row => row.kind === 'site-category');
	t.deepEqual(rows.map(row => [row.label, row.depth, row.unread, row.total]), [
		['Electric Vehicles', 1, 15, 50],
		['Batteries', 2, 15, 40],
		['Tesla', 2, 0, 12],
	]);
	t.regex(treeRowText(rows[1]!, 30, false), /Batteries +15\/40$/);
	t.regex(treeRowText(open.find(row => row.key === 'feed:' + wp)!, 30, false), /▾ Feed 0/);
	// Reading a post lowers its categories' unread counts (the site's count stays).
	const read = press(goTo(press(state, '-'), batteriesKey), 'l', 'enter');
	t.like(categoriesOf(read).find(row => row.key === batteriesKey), {unread: 14, total: 40});
	// Control: a feed that is not WordPress does not unfold.
	const plain = goTo(make({sites: {}}), 'feed:' + wp);
	t.falsy(categoriesOf(plain).find(row => row.key === 'feed:' + wp)!.foldable);
	t.false(categoriesOf(press(plain, '-')).some(row => row.kind === 'site-category'));
});

test('a site\'s category shows its posts; with few cached it asks the site for them once (an effect), never twice', t => {
	const open = press(goTo(make(), 'feed:' + wp), '-');
	const tesla = goTo(open, teslaKey);
	t.is(tesla.scope, teslaKey);
	t.deepEqual(tesla.effects.filter(effect => effect.type === 'load-older'), [{type: 'load-older', key: teslaKey, source: wp, category: 'tesla', auto: true}]);
	t.true(tesla.loadingOlder.has(teslaKey));
	// Leaving and coming back does not ask again.
	const back = goTo(goTo(tesla, 'all'), teslaKey);
	t.is(back.effects.filter(effect => effect.type === 'load-older').length, 1);
	// Batteries holds 15 cached posts of the feed: shown, and nothing asked (control for "few").
	const batteries = goTo(open, batteriesKey);
	t.is(viewOf(batteries).list.length, 15);
	t.true(viewOf(batteries).list.every(post => post.feed.url === wp));
	t.is(batteries.effects.filter(effect => effect.type === 'load-older').length, 0);
	// A dropped load (the cursor moved on) can be asked again.
	const dropped = reduce(tesla, {type: 'older-loaded', key: teslaKey, source: wp, category: 'tesla', auto: true, added: 0, end: false, dropped: true});
	t.false(dropped.askedOlder.has(teslaKey));
});

test('"older posts…" ends a WordPress list: Enter loads the next page; the selection keeps its place; gone at the end', t => {
	const feed = press(goTo(make(), 'feed:' + wp), 'l', 'G');
	const count = viewOf(feed).list.length;
	t.is(feed.selectedId, olderRowId);
	t.is(feed.selectedIndex, count);
	// Posts arriving from elsewhere meanwhile (a category filled from the site) leave the row selected, at the end.
	const extra = {...makePosts(1)[0]!, id: 'from-a-category', feed: {title: 'Feed 0', url: wp}, published: '2026-11-20T11:30:00.000Z'};
	const grown = reduce(feed, {type: 'posts', posts: [...feed.posts, extra]});
	t.is(grown.selectedId, olderRowId);
	t.is(grown.selectedIndex, count + 1);
	// Control: the same posts with a post selected keep that post.
	t.is(reduce(press(feed, 'k'), {type: 'posts', posts: [...feed.posts, extra]}).selectedId, press(feed, 'k').selectedId);
	const asked = press(feed, 'enter');
	t.deepEqual(asked.effects.at(-1), {type: 'load-older', key: 'feed:' + wp, source: wp, auto: false});
	t.is(press(asked, 'enter').message, 'already loading older posts');
	// The site's page arrives: older posts (one id each), then the load's answer.
	const older = makePosts(40, {feeds: 2}).slice(30).map(post => ({...post, id: `older-${post.id}`}));
	const loaded = reduce(reduce(asked, {type: 'posts', posts: [...asked.posts, ...older]}), {type: 'older-loaded', key: 'feed:' + wp, source: wp, auto: false, added: 5, end: false});
	t.is(loaded.selectedIndex, count);
	t.is(loaded.selectedId, viewOf(loaded).list[count]!.id);
	t.true(loaded.selectedId!.startsWith('older-'));
	t.false(loaded.loadingOlder.has('feed:' + wp));
	// The last page (the archive's end): the row goes, and the selection still lands on the first older post.
	const last1 = reduce(reduce(asked, {type: 'posts', posts: [...asked.posts, ...older]}), {type: 'older-loaded', key: 'feed:' + wp, source: wp, auto: false, added: 5, end: true});
	t.is(last1.selectedIndex, count);
	t.true(last1.selectedId!.startsWith('older-'));
	// At the archive's end the row is gone: G lands on the last post.
	const ended = reduce(loaded, {type: 'older-loaded', key: 'feed:' + wp, source: wp, auto: false, added: 0, end: true});
	const last = press(ended, 'G');
	t.is(last.selectedId, viewOf(last).list.at(-1)!.id);
	// Control: a feed that is not WordPress has no such row.
	const plain = press(goTo(make(), 'feed:' + other), 'l', 'G');
	t.is(plain.selectedId, viewOf(plain).list.at(-1)!.id);
});

test('S searches the WordPress site: a prompt, an effect, then the feed at the first result; elsewhere it says why not', t => {
	const prompted = press(goTo(make(), 'feed:' + wp), 'S');
	t.is(prompted.prompt?.kind, 'site-search');
	const asked = press(prompted, 'f', 'e', 'r', 'r', 'y', 'enter');
	t.deepEqual(asked.effects.at(-1), {type: 'site-search', source: wp, text: 'ferry'});
	const done = reduce(press(asked, 'h', 'g'), {type: 'site-search-done', source: wp, text: 'ferry', ids: ['post-8', 'post-4']});
	t.is(done.scope, 'feed:' + wp);
	t.is(done.selectedId, 'post-4');
	t.regex(done.message!, /2 posts from the site for "ferry"/);
	// Control: on a feed that is not WordPress, S asks nothing.
	const plain = press(goTo(make(), 'feed:' + other), 'S');
	t.is(plain.prompt, undefined);
	t.regex(plain.message!, /needs a WordPress feed/);
});

test('the status bar names a WordPress feed\'s feed-only reason when it is in scope', t => {
	const feedOnly = make({sites: {[wp]: {...site, feedOnly: 'REST unavailable: HTTP 401 rest_not_logged_in'}}});
	const text = (state: ReaderState) => statusSegments(state, 160).map(segment => segment.text).join('');
	t.regex(text(goTo(feedOnly, 'feed:' + wp)), /feed-only: REST unavailable: HTTP 401 rest_not_logged_in/);
	// Control: the same reader on All, or on another feed, says nothing of it.
	t.notRegex(text(feedOnly), /feed-only/);
	t.notRegex(text(goTo(feedOnly, 'feed:' + other)), /feed-only/);
});

test('t hides the tree pane; at 120–159 columns the article has at least 72 columns of text either way', t => {
	const state = make({columns: 130});
	t.deepEqual(visiblePanes(state), ['categories', 'posts', 'article']);
	const hidden = press(state, 't');
	t.deepEqual(visiblePanes(hidden), ['posts', 'article']);
	t.deepEqual(visiblePanes(press(hidden, 't')), ['categories', 'posts', 'article']);
	// Hidden, the tree cannot take the focus (h says how to bring it back).
	t.is(press(hidden, 'h').pane, 'posts');
	for (let columns = 120; columns < 160; columns++) {
		for (const hide of [false, true]) {
			const layout = computeLayout(columns, 40, false, hide);
			t.true(layout.articleWidth - 2 >= 72, `${columns} columns, tree ${hide ? 'hidden' : 'shown'}`);
			t.is(layout.categoriesWidth + layout.postsWidth + layout.articleWidth + (hide ? 1 : 2), columns);
		}
	}

	// Control: hiding it gives its columns to the posts and the article.
	t.true(computeLayout(130, 40, false, true).postsWidth + computeLayout(130, 40, false, true).articleWidth > computeLayout(130, 40).postsWidth + computeLayout(130, 40).articleWidth);
});
