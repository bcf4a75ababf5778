import test from 'ava';
import {limits} from '../source/feed/limits.js';
import {emptyStateLines, emptyStateText} from '../source/ui/empty-state.js';
import {errorsViewLines} from '../source/ui/errors-view.js';
import {resolveKeymap} from '../source/ui/keymap.js';
import {categoriesOf, initialState, type ReaderState, reduce, scopeSources, viewOf} from '../source/ui/state.js';
import {textWidth} from '../source/ui/text.js';
import {buildTree, isIdLikeCategory, treeRowText} from '../source/ui/tree.js';
import type {ReaderFeed, ReaderPost} from '../source/ui/types.js';
import {makePosts} from './fixtures/ui/posts.js';
import {press} from './helpers/reader-keys.js';

/** The tree pane (tree.ts), the empty state and the `!` view, without Ink; and the reducer rules that use them. */

const feedUrl = (index: number) => `https://feed${index}.example.com/feed`;
const threeFeeds: ReaderFeed[] = [0, 1, 2].map(index => ({source: feedUrl(index), title: `Feed ${index}`}));
const folders = new Map([[feedUrl(0), 'Cars'], [feedUrl(1), 'Cars']]);

function make(options: {posts?: ReaderPost[]; feeds?: ReaderFeed[]; errors?: ReaderState['errors']; rows?: number; scope?: string} = {}): ReaderState {
	return initialState({
		posts: options.posts ?? makePosts(40, {feeds: 2}),
		feeds: options.feeds ?? threeFeeds,
		folders,
		keymap: resolveKeymap(),
		columns: 100,
		rows: options.rows ?? 40,
		errors: options.errors ?? {},
		...(options.scope ? {scope: options.scope} : {}),
		now: Date.parse('2026-11-21T00:00:00Z'),
	});
}

test('the tree: views, then Feeds by folder (with counts), then Categories; a feed with no posts is listed with ⚠', t => {
	const state = make({errors: {[feedUrl(1)]: {title: 'Feed 1', message: 'HTTP 503'}}});
	const rows = categoriesOf(state);
	t.deepEqual(rows.map(row => [row.kind, row.label, row.depth]), [
		['view', 'All', 0],
		['view', 'Unread', 0],
		['view', 'Starred', 0],
		['heading', 'Feeds', 0],
		['folder', 'Cars', 0],
		['feed', 'Feed 0', 1],
		['feed', 'Feed 1', 1],
		['feed', 'Feed 2', 0],
		['heading', 'Categories', 0],
		['category', 'Batteries', 0],
		['category', 'Charging', 0],
		['category', 'Electric Vehicles', 0],
	]);
	const byLabel = new Map(rows.map(row => [row.label, row]));
	t.like(byLabel.get('Cars'), {unread: 40, total: 40, warning: '1 feed with a problem'});
	t.is(byLabel.get('Feed 1')!.warning, 'HTTP 503');
	// Feed 2 is configured but has no posts: listed, never hidden.
	t.like(byLabel.get('Feed 2'), {total: 0, warning: 'no posts'});
	t.is(byLabel.get('Feed 0')!.warning, undefined);
	// Rows as drawn: headings upper case with a fold arrow; warnings with ⚠; every row fits.
	t.is(treeRowText(byLabel.get('Feeds')!, 24, false).trimEnd(), ' ▾ FEEDS (3)');
	t.regex(treeRowText(byLabel.get('Feed 1')!, 24, false), /^ {5}⚠ Feed 1 +20\/20$/);
	t.regex(treeRowText(byLabel.get('Feed 0')!, 24, false), /^ {5}Feed 0 +20\/20$/);
	for (const width of [1, 5, 12, 24, 40]) {
		for (const row of rows) {
			t.true(textWidth(treeRowText(row, width, true)) <= width);
		}
	}
});

test('id-like categories are left out; a long tail goes behind more…', t => {
	for (const id of ['medium:id=abc123', 'tag:example.com,2026:post=5', '12345', '0f8fad5b-d9cb-469f-a165-70867728950e', 'a1b2c3d4e5f6a7b8c9d0e1f2']) {
		t.true(isIdLikeCategory(id), id);
	}

	for (const name of ['EV', 'Electric Vehicles', 'Model 3', 'B2B', 'e-bikes', 'COVID-19', 'category: news']) {
		t.false(isIdLikeCategory(name), name);
	}

	const many = 30;
	const posts = makePosts(60).map((post, index) => ({...post, categories: [`Topic ${String(index % many).padStart(2, '0')}`, 'medium:id=4f2a']}));
	let state = make({posts, feeds: [{source: feedUrl(0), title: 'Feed 0'}]});
	let rows = categoriesOf(state);
	t.false(rows.some(row => row.label.includes('medium')));
	const categories = rows.filter(row => row.kind === 'category');
	t.is(categories.length, limits.treeCategoriesShown);
	t.is(rows.at(-1)!.kind, 'more');
	t.is(rows.at(-1)!.label, `more… (${many - limits.treeCategoriesShown})`);
	// Enter on "more…" unfolds the tail (the cursor stays there, on the first of the tail).
	const more = rows.length - 1;
	state = press({...state, pane: 'categories'}, ...Array.from({length: more}, () => 'j'));
	t.is(state.categoryIndex, more);
	const {scope} = state;
	state = press(state, 'enter');
	rows = categoriesOf(state);
	t.is(rows.filter(row => row.kind === 'category').length, many);
	t.is(state.pane, 'categories');
	t.is(rows[state.categoryIndex]!.kind, 'category');
	t.is(state.scope, scope);
});

test('sorted by count: the most used category first', t => {
	const posts = makePosts(10).map((post, index) => ({...post, categories: index < 7 ? ['Rare', 'Common'] : ['Common']}));
	const rows = buildTree({posts: posts.map((post, index) => ({...post, categories: index === 0 ? ['Rare', 'Common'] : ['Common']})), folders: new Map(), feeds: [], errors: {}, collapsed: new Set()});
	t.deepEqual(rows.filter(row => row.kind === 'category').map(row => [row.label, row.total]), [['Common', 10], ['Rare', 1]]);
});

test('folders and sections fold with - (and Enter on a heading); a heading never changes the posts', t => {
	let state = press(make(), 'h');
	// Down to the Feeds heading: the posts stay those of Starred (the last scope row passed).
	state = press(state, 'j', 'j', 'j');
	t.is(categoriesOf(state)[state.categoryIndex]!.kind, 'heading');
	t.is(state.scope, 'starred');
	// Down to the folder: its feeds' posts.
	state = press(state, 'j');
	t.is(state.scope, 'folder:cars');
	t.is(viewOf(state).list.length, 40);
	t.deepEqual(scopeSources(state), [feedUrl(0), feedUrl(1)]);
	// Into the folder, then - folds it: the cursor goes to the folder.
	state = press(state, 'j');
	t.is(state.scope, 'feed:' + feedUrl(0));
	state = press(state, '-');
	t.is(state.scope, 'folder:cars');
	t.false(categoriesOf(state).some(row => row.label === 'Feed 0'));
	t.true(categoriesOf(state).find(row => row.key === 'folder:cars')!.collapsed);
	state = press(state, '-');
	t.true(categoriesOf(state).some(row => row.label === 'Feed 0'));
	// Enter on the Feeds heading folds the whole section.
	state = press(state, 'k', 'enter');
	t.is(state.pane, 'categories');
	t.false(categoriesOf(state).some(row => row.kind === 'feed' || row.kind === 'folder'));
	// Enter on a scope row goes to the posts (the control).
	state = press(state, 'k', 'enter');
	t.is(state.pane, 'posts');
});

test('r reloads the selected feed, folder or category; R re-reads the feed list; both refuse while refreshing', t => {
	let state = make();
	state = press(state, 'r');
	t.deepEqual(state.effects, [{type: 'refresh', force: true}]);
	state = press({...make(), effects: []}, 'h', 'j', 'j', 'j', 'j', 'j', 'r');
	t.is(state.scope, 'feed:' + feedUrl(0));
	t.deepEqual(state.effects.at(-1), {type: 'refresh', force: true, sources: [feedUrl(0)]});
	state = press(state, 'k', 'r');
	t.deepEqual(state.effects.at(-1), {type: 'refresh', force: true, sources: [feedUrl(0), feedUrl(1)]});
	state = press(make({scope: 'category:charging'}), 'r');
	// Charging is on the odd posts: all in feed 1.
	t.deepEqual(state.effects.at(-1), {type: 'refresh', force: true, sources: [feedUrl(1)]});
	state = press(make(), 'R');
	t.deepEqual(state.effects, [{type: 'reload-feeds'}]);
	const busy = {...make(), refreshing: []};
	t.is(press(busy, 'R').message, 'already refreshing');
	t.deepEqual(press(busy, 'r').effects, []);
});

test('a opens a prompt for a URL; Enter queues add-feed, Esc cancels; keys typed there are text', t => {
	let state = press(make(), 'a');
	t.truthy(state.prompt);
	state = press(state, ...'example.org/q', 'backspace', 'j', 'space');
	t.is(state.prompt!.text, 'example.org/j ');
	// J was text, not a move (the control: outside the prompt j moves).
	t.is(state.selectedId, 'post-0');
	t.is(press(make(), 'j').selectedId, 'post-1');
	state = press(state, 'enter');
	t.is(state.prompt, undefined);
	t.deepEqual(state.effects, [{type: 'add-feed', url: 'example.org/j'}]);
	const cancelled = press(make(), 'a', 'x', 'escape');
	t.is(cancelled.prompt, undefined);
	t.deepEqual(cancelled.effects, []);
});

test('feeds re-read (R, a): new feeds appear in the tree and the selection stays', t => {
	let state = press(make({feeds: threeFeeds.slice(0, 2)}), 'j', 'j');
	t.false(categoriesOf(state).some(row => row.label === 'Feed 2'));
	state = {...state, effects: []};
	const next = press(state, 'R');
	t.deepEqual(next.effects, [{type: 'reload-feeds'}]);
	state = reduce(state, {type: 'feeds', feeds: threeFeeds, folders});
	t.true(categoriesOf(state).some(row => row.label === 'Feed 2'));
	t.is(state.selectedId, 'post-2');
});

test('! shows every feed\'s last error and next retry; Esc or ! closes it', t => {
	const now = Date.parse('2026-11-21T00:00:00Z');
	let state = make({errors: {[feedUrl(2)]: {title: 'Feed 2', message: 'HTTP 503 Service Unavailable'}}});
	state = {...state, retryAt: {[feedUrl(2)]: now + 12 * 60_000}};
	state = press(state, '!');
	t.true(state.errorsView);
	const lines = errorsViewLines(state, 60);
	const text = lines.join('\n');
	t.regex(text, /1 of 3 feeds failed/);
	t.regex(text, /⚠ Feed 2\n {3}HTTP 503 Service Unavailable\n {3}next retry: in 12 min/);
	t.regex(text, /✓ Feed 0 · 20 posts/);
	for (const line of errorsViewLines(state, 40)) {
		t.true(textWidth(line) <= 40, line);
	}

	t.false(press(state, 'escape').errorsView);
	t.false(press(state, '!').errorsView);
	// Keys other than those do nothing there (the control: j moves in the list).
	t.is(press(state, 'j').selectedId, state.selectedId);
});

test('y copies the link and shows it in full; any key closes the note', t => {
	let state = press(make(), 'y');
	t.deepEqual(state.effects, [{type: 'copy-url', url: 'https://example.com/posts/0'}]);
	t.true(state.notice!.lines.includes('https://example.com/posts/0'));
	state = press(state, 'j');
	t.is(state.notice, undefined);
	t.is(state.selectedId, 'post-0');
});

const emptyBase = {keymap: resolveKeymap(), feeds: threeFeeds, totalPosts: 0, errors: {}, refreshing: false, unreadOnly: false, search: '', scope: 'all'};

test('the empty state says why and gives only the hints that apply', t => {
	const noFeeds = emptyStateText({...emptyBase, feeds: []});
	t.deepEqual(noFeeds.reason, ['No feeds yet.']);
	t.deepEqual(noFeeds.hints, ['a  add a feed here', 'or: evnews import FILE.opml']);
	const failing = emptyStateText({...emptyBase, errors: {[feedUrl(0)]: {title: 'Feed 0', message: 'connection refused'}, [feedUrl(2)]: {title: 'Feed 2', message: 'HTTP 404'}}});
	t.deepEqual(failing.reason, ['No posts: 2 of 3 feeds failed.', '⚠ Feed 0: connection refused', '⚠ Feed 2: HTTP 404']);
	t.true(failing.hints.includes('R  retry'));
	t.true(failing.hints.includes('a  add a feed here'));
	// While refreshing, no "retry".
	t.false(emptyStateText({...emptyBase, refreshing: true, errors: {[feedUrl(0)]: {title: 'Feed 0', message: 'x'}}}).hints.includes('R  retry'));
	t.deepEqual(emptyStateText({...emptyBase, refreshing: true}).reason, ['Fetching 3 feeds…']);
	// Posts exist, but the filter hides them: the hint for that filter only.
	const unread = emptyStateText({...emptyBase, totalPosts: 5, unreadOnly: true});
	t.deepEqual(unread, {reason: ['No unread posts here.'], hints: ['u  show read posts too']});
	t.deepEqual(emptyStateText({...emptyBase, totalPosts: 5, search: 'zeppelin'}), {reason: ['Nothing matches "zeppelin".'], hints: ['Esc  clear the search']});
	// The control: with unread-only off, no "u" hint.
	t.false(emptyStateText({...emptyBase, totalPosts: 5}).hints.some(hint => hint.startsWith('u ')));
	// Rebound keys are the ones shown.
	t.true(emptyStateText({...emptyBase, feeds: [], keymap: resolveKeymap({'add-feed': 'A'})}).hints.includes('A  add a feed here'));
});

test('the empty state fits every width down to 40 columns and below, errors cut before the hints', t => {
	const errors = Object.fromEntries(Array.from({length: 30}, (_, index) => [`https://f${index}.example/`, {title: `Feed number ${index}`, message: 'getaddrinfo ENOTFOUND f.example '.repeat(3)}]));
	const feeds = Object.keys(errors).map(source => ({source, title: errors[source]!.title}));
	for (const width of [10, 20, 40, 41, 80]) {
		const lines = emptyStateLines({...emptyBase, feeds, errors}, width, 12);
		t.true(lines.length <= 12);
		for (const line of lines) {
			t.true(textWidth(line) <= width, `${width}: ${line}`);
		}

		if (width >= 40) {
			t.regex(lines.join('\n'), /evnews import FILE\.opml/);
			t.regex(lines.join('\n'), /… \d+ more lines/);
		}
	}
});

test('e opens the feed menu; Enter acts on the highlighted item; remove asks first; Esc closes', t => {
	// In the posts pane: the selected post's feed.
	let state = press(make(), 'e');
	t.like(state.menu, {source: feedUrl(0), title: 'Feed 0', stage: 'menu', highlighted: 'refresh'});
	t.deepEqual(press(state, 'enter').effects, [{type: 'refresh', force: true, sources: [feedUrl(0)]}]);
	t.is(press(state, 'escape').menu, undefined);
	// J is ink-select-input's, not a move of ours (the control: without the menu j moves).
	t.is(press(state, 'j').selectedId, 'post-0');
	// Rename: a prompt with the current name; its Enter renames.
	state = reduce(state, {type: 'menu-highlight', value: 'rename'});
	state = press(state, 'enter');
	t.is(state.menu, undefined);
	t.like(state.prompt, {kind: 'rename', text: 'Feed 0', source: feedUrl(0)});
	state = press(state, 'backspace', '0', 'space', 'X', 'enter');
	t.deepEqual(state.effects, [{type: 'rename-feed', source: feedUrl(0), title: 'Feed 0 X'}]);
	// Remove: a question first; n cancels, y removes.
	let remove = reduce(press(make(), 'e'), {type: 'menu-highlight', value: 'remove'});
	remove = press(remove, 'enter');
	t.is(remove.menu?.stage, 'confirm-remove');
	t.deepEqual(remove.effects, []);
	t.is(press(remove, 'n').message, 'cancelled');
	t.deepEqual(press(remove, 'n').effects, []);
	t.deepEqual(press(remove, 'y').effects, [{type: 'remove-feed', source: feedUrl(0)}]);
	// Mark all read: the feed's unread posts, asked first.
	let all = press(reduce(press(make(), 'e'), {type: 'menu-highlight', value: 'mark-all-read'}), 'enter');
	t.regex(all.confirm!.prompt, /Mark 20 posts of Feed 0 read\?/);
	all = press(all, 'y');
	t.is(all.posts.filter(post => post.feed.url === feedUrl(0) && !post.read).length, 0);
	t.is(all.posts.filter(post => post.feed.url === feedUrl(1) && !post.read).length, 20);
	// Open the site: the feed's site, else the origin of its posts' links.
	const site = press(reduce(press({...make(), feeds: [{source: feedUrl(0), title: 'Feed 0', site: 'https://site.example/'}]}, 'e'), {type: 'menu-highlight', value: 'open-site'}), 'enter');
	t.deepEqual(site.effects, [{type: 'open-url', url: 'https://site.example/'}]);
	const origin = press(reduce(press(make(), 'e'), {type: 'menu-highlight', value: 'open-site'}), 'enter');
	t.deepEqual(origin.effects, [{type: 'open-url', url: 'https://example.com/'}]);
	// In the tree, on the folder row: not a feed.
	t.regex(press(make(), 'h', 'j', 'j', 'j', 'j', 'e').message ?? '', /no feed here/);
});

test('P plays the post\'s enclosure; a post without one says so', t => {
	const posts = makePosts(3).map((post, index) => (index === 0 ? {...post, enclosures: [{url: 'https://cdn.example/one.mp3', type: 'audio/mpeg', length: null, duration: null}]} : post));
	const state = make({posts});
	t.deepEqual(press(state, 'P').effects, [{type: 'open-media', url: 'https://cdn.example/one.mp3'}]);
	const other = press(state, 'j', 'P');
	t.deepEqual(other.effects, []);
	t.is(other.message, 'this post has no enclosure');
});
