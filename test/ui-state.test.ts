import test from 'ava';
import {resolveKeymap} from '../source/ui/keymap.js';
import {
	categoriesOf, type ReaderState, articleBodyWidth, articleLines, articlePost, initialState, layoutOf, reduce, selectedPost, viewOf, visiblePanes,
} from '../source/ui/state.js';
import {makePosts} from './fixtures/ui/posts.js';
import {press} from './helpers/reader-keys.js';

function make(options: {count?: number; columns?: number; rows?: number; feeds?: number} = {}): ReaderState {
	const posts = makePosts(options.count ?? 50, {feeds: options.feeds ?? 1});
	return initialState({
		posts,
		feeds: [{source: 'https://feed0.example.com/feed', title: 'Feed 0'}],
		keymap: resolveKeymap(),
		columns: options.columns ?? 100,
		rows: options.rows ?? 30,
		now: Date.parse('2026-11-21T00:00:00Z'),
	});
}

test('j/k and arrows move the selection; g/G go to the ends', t => {
	let state = make();
	t.is(state.selectedId, 'post-0');
	state = press(state, 'j', 'j', 'down');
	t.is(state.selectedId, 'post-3');
	state = press(state, 'k', 'up');
	t.is(state.selectedId, 'post-1');
	state = press(state, 'G');
	t.is(state.selectedId, 'post-49');
	state = press(state, 'j');
	t.is(state.selectedId, 'post-49');
	state = press(state, 'g', 'k');
	t.is(state.selectedId, 'post-0');
});

test('the window follows the selection and only pages of visiblePosts are scrolled', t => {
	let state = make({rows: 12});
	const {visiblePosts} = layoutOf(state);
	t.is(visiblePosts, 4);
	state = press(state, 'j', 'j', 'j', 'j', 'j');
	t.is(state.selectedIndex, 5);
	t.true(state.postsTop <= 5 && state.postsTop + visiblePosts > 5);
	state = press(state, 'space');
	t.is(state.selectedIndex, 9);
	state = press(state, 'pageup');
	t.is(state.selectedIndex, 5);
});

test('keys queued together act on the latest state (Down Down Enter opens the third post)', t => {
	const state = press(make(), 'down', 'down', 'enter');
	t.is(state.pane, 'article');
	t.is(state.openId, 'post-2');
	t.true(state.posts.find(post => post.id === 'post-2')!.read);
	t.deepEqual(state.effects, [{type: 'mark-read', ids: ['post-2']}]);
});

test('opening marks read once; Esc and Backspace go back; J/K open the next and previous posts', t => {
	let state = press(make(), 'enter');
	t.is(articlePost(state)?.id, 'post-0');
	state = press(state, 'J');
	t.is(state.openId, 'post-1');
	state = press(state, 'J', 'K');
	t.is(state.openId, 'post-1');
	t.deepEqual(state.effects.map(effect => effect.type === 'mark-read' ? effect.ids[0] : ''), ['post-0', 'post-1', 'post-2']);
	state = press(state, 'escape');
	t.is(state.pane, 'posts');
	t.is(state.selectedId, 'post-1');
	state = press(state, 'enter', 'backspace');
	t.is(state.pane, 'posts');
});

test('panes by width: three from 120 columns, two from 80, one below', t => {
	t.is(layoutOf(make({columns: 120})).mode, 'three');
	t.is(layoutOf(make({columns: 119})).mode, 'two');
	t.is(layoutOf(make({columns: 80})).mode, 'two');
	t.is(layoutOf(make({columns: 79})).mode, 'one');
	t.deepEqual(visiblePanes(make({columns: 130})), ['categories', 'posts', 'article']);
	t.deepEqual(visiblePanes(make({columns: 100})), ['categories', 'posts']);
	t.deepEqual(visiblePanes(press(make({columns: 100}), 'enter')), ['article']);
	t.deepEqual(visiblePanes(make({columns: 60})), ['posts']);
	t.deepEqual(visiblePanes(press(make({columns: 60}), 'h')), ['categories']);
	// Three panes preview the selected post without marking it read.
	const three = press(make({columns: 130}), 'j');
	t.is(articlePost(three)?.id, 'post-1');
	t.false(three.posts[1]!.read);
	t.deepEqual(three.effects, []);
});

test('Tab and h/l move between panes; in the categories pane j/k change the scope', t => {
	let state = make({feeds: 2});
	state = press(state, 'shift-tab');
	t.is(state.pane, 'categories');
	const items = categoriesOf(state);
	t.deepEqual(items.slice(0, 3).map(item => item.label), ['All', 'Unread', 'Starred']);
	t.deepEqual(items.slice(3, 6).map(item => [item.kind, item.label]), [['heading', 'Feeds'], ['feed', 'Feed 0'], ['feed', 'Feed 1']]);
	// Categories, most used first, with unread/total counts, under their heading.
	t.deepEqual(items.slice(6).map(item => [item.label, item.unread, item.total]), [
		['Categories', 0, 3],
		['Batteries', 25, 25],
		['Charging', 25, 25],
		['Electric Vehicles', 25, 25],
	]);
	state = press(state, 'j', 'j', 'j', 'j');
	t.is(state.scope, 'feed:https://feed0.example.com/feed');
	t.is(viewOf(state).list.length, 25);
	t.true(viewOf(state).list.every(post => post.feed.title === 'Feed 0'));
	state = press(state, 'j', 'j', 'j', 'j');
	t.is(state.scope, 'category:charging');
	t.true(viewOf(state).list.every(post => post.categories.includes('Charging')));
	state = press(state, 'l');
	t.is(state.pane, 'posts');
	t.is(selectedPost(state)?.id, 'post-1');
});

test('unread only keeps a post that was just read listed until the view changes', t => {
	let state = press(make(), 'u');
	t.true(state.unreadOnly);
	state = press(state, 'enter', 'escape');
	t.is(viewOf(state).list.length, 50);
	t.is(state.selectedId, 'post-0');
	state = press(state, 'u', 'u');
	t.is(viewOf(state).list.length, 49);
	t.is(state.selectedId, 'post-1');
});

test('search filters incrementally over title, summary, author and categories; Esc clears it', t => {
	let state = press(make(), '/', 'K', 'e', 'y', 'w', 'o', 'r', 'd', '4', '2');
	t.true(state.searching);
	t.deepEqual(viewOf(state).list.map(post => post.id), ['post-42']);
	state = press(state, 'enter');
	t.false(state.searching);
	t.is(state.search, 'Keyword42');
	// Keys act again after Enter.
	state = press(state, 'escape');
	t.is(state.search, '');
	t.is(viewOf(state).list.length, 50);
	state = press(state, '/', 'a', 'u', 't', 'h', 'o', 'r', 'space', '4');
	const found = viewOf(state).list;
	t.true(found.length > 0 && found.every(post => post.author !== null));
	t.true(found.some(post => post.author === 'Author 4'));
	state = press(state, 'escape');
	t.is(state.search, '');
	state = press(state, '/', 'c', 'h', 'a', 'r', 'g', 'i', 'n', 'g', 'enter');
	t.is(viewOf(state).list.length, 25);
	state = press(state, '/', 'backspace', 'backspace', 'enter');
	t.is(state.search, 'chargi');
});

test('M asks for confirmation naming the count; y marks everything in scope read', t => {
	let state = press(make(), 'enter', 'escape');
	state = {...state, effects: []};
	state = press(state, 'M');
	t.is(state.confirm?.prompt, 'Mark 49 posts in All read? (y/n)');
	const cancelled = press(state, 'n');
	t.is(cancelled.confirm, undefined);
	t.true(cancelled.posts.filter(post => !post.read).length === 49);
	state = press(state, 'y');
	t.true(state.posts.every(post => post.read));
	t.is(state.effects.length, 1);
	t.is((state.effects[0] as {ids: string[]}).ids.length, 49);
	t.is(press(state, 'M').message, 'nothing unread here');
});

test('m toggles read, s toggles the star, both queue writes', t => {
	let state = press(make(), 'm');
	t.true(state.posts[0]!.read);
	state = press(state, 'm');
	t.false(state.posts[0]!.read);
	state = press(state, 's');
	t.true(state.posts[0]!.starred);
	state = press(state, 's');
	t.false(state.posts[0]!.starred);
	t.deepEqual(state.effects.map(effect => effect.type), ['mark-read', 'mark-unread', 'star', 'unstar']);
	t.is(categoriesOf(press(make(), 's'))[2]!.total, 1);
});

test('o opens the post link; a number then o opens link N of the article', t => {
	let state = press(make(), 'o');
	t.deepEqual(state.effects, [{type: 'open-url', url: 'https://example.com/posts/0'}]);
	state = press(make(), 'enter');
	state = reduce(state, {type: 'article-loaded', body: {id: 'post-0', width: articleBodyWidth(state), lines: ['body', '[1] a', '[2] b'], links: ['https://a.example/', 'https://b.example/']}});
	state = {...state, effects: []};
	state = press(state, '2', 'o');
	t.deepEqual(state.effects, [{type: 'open-url', url: 'https://b.example/'}]);
	t.is(press(state, '9', 'o').message, 'no link 9 in this article');
	// The count is cleared by any other key.
	t.deepEqual(press({...state, effects: []}, '2', 'j', 'o').effects, [{type: 'open-url', url: 'https://example.com/posts/0'}]);
});

test('a refresh with new posts keeps the selected post and its row on screen', t => {
	let state = make({rows: 30});
	state = press(state, 'j', 'j', 'j');
	const row = state.selectedIndex - state.postsTop;
	const fresh = [...makePosts(3, {titles: index => `New ${index}`}).map(post => ({...post, id: 'new-' + post.id})), ...state.posts];
	state = reduce(state, {type: 'posts', posts: fresh});
	t.is(state.selectedId, 'post-3');
	t.is(state.selectedIndex, 6);
	t.is(state.selectedIndex - state.postsTop, row);
	// The selected post vanishing: the post now at its index is taken.
	state = reduce(state, {type: 'posts', posts: fresh.filter(post => post.id !== 'post-3')});
	t.is(state.selectedId, 'post-4');
});

test('article scrolling is line based and bounded; resize keeps the place', t => {
	let state = press(make({rows: 12}), 'enter');
	const lines = Array.from({length: 100}, (_, index) => `line ${index}`);
	state = reduce(state, {type: 'article-loaded', body: {id: 'post-0', width: articleBodyWidth(state), lines, links: []}});
	const total = articleLines(state)!.lines.length;
	state = press(state, 'j', 'j');
	t.is(state.articleScroll, 2);
	state = press(state, 'space');
	t.is(state.articleScroll, 2 + layoutOf(state).paneHeight - 1);
	state = press(state, 'G');
	t.is(state.articleScroll, total - layoutOf(state).paneHeight);
	state = reduce(state, {type: 'resize', columns: 100, rows: 40});
	t.is(state.articleScroll, total - layoutOf(state).paneHeight);
	state = press(state, 'g');
	t.is(state.articleScroll, 0);
});

test('refresh events: progress, per-feed errors that keep the posts, then the time', t => {
	let state = press(make(), 'r');
	t.deepEqual(state.effects, [{type: 'refresh', force: true}]);
	state = reduce(state, {type: 'refresh-start', feeds: state.feeds});
	t.is(press(state, 'r').message, 'already refreshing');
	state = reduce(state, {type: 'refresh-feed', source: 'https://feed0.example.com/feed', ok: false, error: 'timeout'});
	t.deepEqual(state.errors['https://feed0.example.com/feed'], {title: 'Feed 0', message: 'timeout'});
	t.is(viewOf(state).list.length, 50);
	state = reduce(state, {type: 'refresh-end', at: state.now});
	t.is(state.refreshing, undefined);
	t.is(state.lastUpdated, state.now);
});

test('? opens help, Esc closes it, q quits from anywhere', t => {
	let state = press(make(), '?');
	t.true(state.help);
	state = press(state, 'j', 'escape');
	t.false(state.help);
	state = press(state, 'q');
	t.true(state.quitting);
	t.deepEqual(state.effects, [{type: 'quit'}]);
});

test('10,000 posts: moving does not recompute the view', t => {
	let state = make({count: 10_000});
	const view = viewOf(state);
	state = press(state, 'j', 'j', 'G', 'k');
	t.is(viewOf(state), view);
	t.is(state.selectedId, 'post-9998');
});

test('in the Unread scope a post opened stays listed until the scope changes', t => {
	let state = press(make(), 'h', 'j', 'l');
	t.is(state.scope, 'unread');
	state = press(state, 'enter', 'escape');
	t.is(viewOf(state).list.length, 50);
	state = press(state, 'h', 'k', 'j');
	t.is(viewOf(state).list.length, 49);
});

test('the initial scope and search can come from the command line', t => {
	const state = initialState({
		posts: makePosts(10),
		feeds: [],
		keymap: resolveKeymap(),
		columns: 100,
		rows: 30,
		scope: 'category:charging',
		search: 'post 3',
	});
	t.is(state.scope, 'category:charging');
	t.is(categoriesOf(state)[state.categoryIndex]!.label, 'Charging');
	t.deepEqual(viewOf(state).list.map(post => post.id), ['post-3']);
});

test('the status bar fits its width and keeps the help hint on narrow screens', async t => {
	const {statusSegments} = await import('../source/ui/status-line.js');
	const {textWidth} = await import('../source/ui/text.js');
	for (const width of [10, 40, 80, 200]) {
		const state = reduce(make({columns: width}), {type: 'refresh-start', feeds: [{source: 'a', title: 'A very long feed title indeed'}]});
		const text = statusSegments(state, width).map(segment => segment.text).join('');
		t.true(textWidth(text) <= width, text);
		if (width >= 40) {
			t.regex(text, /\? help/);
			t.regex(text, /refreshing 0\/1/);
		}
	}
});

test('a refresh where every feed failed does not claim "updated"', t => {
	let state: ReaderState = {...make(), lastUpdated: 1000};
	state = reduce(reduce(state, {type: 'refresh-start', feeds: state.feeds}), {type: 'refresh-end'});
	t.is(state.lastUpdated, 1000);
	t.is(state.refreshing, undefined);
});
