import test from 'ava';
import {resolveKeymap} from '../source/ui/keymap.js';
import {type ReaderState, categoriesOf, initialState, viewOf} from '../source/ui/state.js';
import type {ReaderPost} from '../source/ui/types.js';
import {makePosts} from './fixtures/ui/posts.js';
import {press} from './helpers/reader-keys.js';

/** Reducer tests for the navigation rules of issue 10 §5 (no Ink). */

function make(options: {posts?: ReaderPost[]; sort?: 'newest' | 'oldest'; folders?: Map<string, string>; scope?: string} = {}): ReaderState {
	return initialState({
		posts: options.posts ?? makePosts(40, {feeds: 2}),
		feeds: [],
		keymap: resolveKeymap(),
		columns: 100,
		rows: 30,
		...(options.sort ? {sort: options.sort} : {}),
		...(options.folders ? {folders: options.folders} : {}),
		...(options.scope ? {scope: options.scope} : {}),
		now: Date.parse('2026-11-21T00:00:00Z'),
	});
}

function withRead(posts: ReaderPost[], read: (index: number) => boolean): ReaderPost[] {
	return posts.map((post, index) => ({...post, read: read(index)}));
}

test('switching scope selects the newest post; returning to a scope brings its selection back', t => {
	let state = press(make(), 'j', 'j', 'j', 'j', 'j');
	t.is(state.selectedId, 'post-5');
	// Into the categories pane, down to the next scope (Unread): its newest post.
	state = press(state, 'h', 'j');
	t.is(state.scope, 'unread');
	t.is(state.selectedId, 'post-0');
	state = press(state, 'l', 'j', 'j', 'h', 'j');
	t.is(state.scope, 'starred');
	// Back up to Unread, then All: each selection comes back.
	state = press(state, 'k');
	t.is(state.selectedId, 'post-2');
	state = press(state, 'k');
	t.is(state.scope, 'all');
	t.is(state.selectedId, 'post-5');
	// Past the FEEDS heading (the cursor moves, the posts stay), a feed never visited starts on its newest post
	// (the control: not the row number of the last one).
	state = press(state, 'j', 'j', 'j');
	t.is(categoriesOf(state)[state.categoryIndex]!.kind, 'heading');
	t.is(state.scope, 'starred');
	state = press(state, 'j');
	t.is(state.scope, 'feed:https://feed0.example.com/feed');
	t.is(state.selectedId, 'post-0');
	state = press(state, 'j');
	t.is(state.selectedId, 'post-1');
});

test('oldest first: a new scope starts on its newest post, at the bottom', t => {
	const state = press(make({sort: 'oldest'}), 'h', 'j', 'j', 'j', 'j', 'j');
	t.is(state.scope, 'feed:https://feed1.example.com/feed');
	const {list} = viewOf(state);
	t.is(state.selectedId, list.at(-1)!.id);
	t.is(state.selectedId, 'post-1');
});

test('a search starts on its first result, wherever the selection was', t => {
	let state = press(make(), 'G');
	t.is(state.selectedId, 'post-39');
	state = press(state, '/', 'p', 'o', 's', 't', 'space', '1');
	t.is(viewOf(state).list[0]!.id, 'post-1');
	t.is(state.selectedId, 'post-1');
	t.is(state.postsTop, 0);
	// Esc clears the search and keeps the selected post.
	state = press(state, 'enter', 'j', 'escape');
	t.is(state.search, '');
	t.is(state.selectedId, 'post-10');
});

test('search means every word, case- and accent-insensitive, as --search does', t => {
	const posts = makePosts(4, {titles: index => ['Škoda Elroq review', 'Skoda price cut', 'Elroq charging', 'Other'][index]!});
	let state = press(make({posts}), '/', ...'SKODA ELRÒQ');
	t.deepEqual(viewOf(state).list.map(post => post.id), ['post-0']);
	state = press(state, 'escape', '/', ...'elroq');
	t.deepEqual(viewOf(state).list.map(post => post.id), ['post-0', 'post-2']);
});

test('u keeps the selected post when it stays listed, else the nearest below, else above', t => {
	// Posts 3, 4 and 5 are read; 6 is unread.
	const posts = withRead(makePosts(10), index => index >= 3 && index <= 5);
	let state = press(make({posts}), 'j', 'j', 'j', 'j');
	t.is(state.selectedId, 'post-4');
	state = press(state, 'u');
	t.true(state.unreadOnly);
	t.is(state.selectedId, 'post-6');
	t.deepEqual(state.effects.at(-1), {type: 'save-preferences', patch: {unreadOnly: true}});
	// Still listed: kept.
	state = press(state, 'u');
	t.is(state.selectedId, 'post-6');
	t.deepEqual(state.effects.at(-1), {type: 'save-preferences', patch: {unreadOnly: false}});
	// Nothing unread below: the nearest above.
	const tail = withRead(makePosts(10), index => index >= 7);
	state = press(make({posts: tail}), 'G', 'u');
	t.is(state.selectedId, 'post-6');
});

test('n/p go to the next and previous unread post, across feeds; J/K step through every post', t => {
	// Two feeds, interleaved (even posts in feed 0, odd in feed 1); posts 1 to 4 read.
	const posts = withRead(makePosts(12, {feeds: 2}), index => index >= 1 && index <= 4);
	let state = make({posts});
	t.is(state.selectedId, 'post-0');
	state = press(state, 'n');
	t.is(state.selectedId, 'post-5');
	state = press(state, 'p');
	t.is(state.selectedId, 'post-0');
	state = press(state, 'p');
	t.is(state.selectedId, 'post-0');
	t.is(state.message, 'no unread posts above');
	state = press(state, 'J');
	t.is(state.selectedId, 'post-1');
	// In feed 0's scope, past its last unread post, n goes on to the next feed with unread posts.
	const feed0 = 'feed:https://feed0.example.com/feed';
	state = make({posts, scope: feed0});
	state = press(state, 'G', 'n');
	t.is(state.scope, 'feed:https://feed1.example.com/feed');
	t.is(state.selectedId, 'post-5');
	t.is(categoriesOf(state)[state.categoryIndex]!.key, state.scope);
	// From the article, n opens (and marks read) the next unread post.
	state = press(state, 'enter', 'n');
	t.is(state.pane, 'article');
	t.is(state.openId, 'post-7');
	t.deepEqual(state.effects.filter(effect => effect.type === 'mark-read').map(effect => (effect as {ids: string[]}).ids[0]), ['post-5', 'post-7']);
});

test('O toggles newest/oldest first, keeps the selection and remembers it', t => {
	let state = press(make(), 'j', 'j', 'O');
	t.is(state.sort, 'oldest');
	t.is(state.selectedId, 'post-2');
	t.is(viewOf(state).list[0]!.id, 'post-39');
	t.deepEqual(state.effects, [{type: 'save-preferences', patch: {sort: 'oldest'}}]);
	state = press(state, 'O');
	t.is(state.sort, 'newest');
});

test('an OPML folder is a category in the reader, and the initial scope is folded as --category folds it', t => {
	const folders = new Map([['https://feed1.example.com/feed', 'EV News']]);
	const state = make({folders, scope: 'category:ev news'});
	// The folder's row in the tree (the same posts as `--json --category "EV News"`).
	t.is(state.scope, 'folder:ev news');
	t.is(categoriesOf(state)[state.categoryIndex]!.key, 'folder:ev news');
	t.true(viewOf(state).list.every(post => post.feed.url === 'https://feed1.example.com/feed'));
	t.is(viewOf(state).list.length, 20);
	// The control: without the folder map nothing is in that category, as with --json: no posts (not All).
	const without = make({scope: 'category:ev news'});
	t.is(viewOf(without).list.length, 0);
	t.is(without.categoryIndex, 0);
});
