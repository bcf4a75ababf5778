/**
The reader's WordPress data (source/wordpress/reader-data.ts): the site's category tree with site and unread counts,
"older posts…" one page at a time until the end, against the fake WordPress and a temp cache (no UI).
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {refreshFeeds} from '../source/refresh/refresh.js';
import {readSnapshot} from '../source/store/cache.js';
import {buildTree, loadOlderPosts, olderPostsEnd, siteCategoryTree} from '../source/wordpress/reader-data.js';
import {fakeWordPress, type FakeOptions} from './helpers/fake-wordpress.js';

async function setup(t: ExecutionContext, options: FakeOptions = {}) {
	const fake = await fakeWordPress(options);
	t.teardown(async () => fake.close());
	const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-wpr-'));
	t.teardown(() => {
		fs.rmSync(cacheDirectory, {recursive: true, force: true});
	});
	await refreshFeeds([fake.feedUrl], {force: true, cacheDirectory});
	return {fake, cacheDirectory, snapshot: () => readSnapshot(fake.feedUrl, cacheDirectory).value!};
}

test('buildTree: parents hold children; unknown parents and loops go to the top; counts by folded name', t => {
	const tree = buildTree([
		{id: 2, name: 'EV News', slug: 'ev-news', count: 6, parent: 0},
		{id: 7, name: 'Tesla', slug: 'tesla', count: 5, parent: 2},
		{id: 9, name: 'Orphan', slug: 'orphan', count: 1, parent: 99},
		{id: 5, name: 'Self', slug: 'self', count: 1, parent: 5},
	], [{categories: ['tesla'], read: false}, {categories: ['Tesla', 'EV News'], read: true}, {categories: ['ev news'], read: false}]);
	t.deepEqual(tree.map(node => node.name), ['EV News', 'Orphan', 'Self']);
	t.like(tree[0], {siteCount: 6, cached: 2, unread: 1});
	t.like(tree[0]!.children[0], {name: 'Tesla', siteCount: 5, cached: 2, unread: 1, children: []});
	// Control: with Tesla's parent unknown it is a root, not a child.
	t.true(buildTree([{id: 7, name: 'Tesla', slug: 'tesla', count: 5, parent: 2}], []).some(node => node.name === 'Tesla'));
});

test('siteCategoryTree: the fake site\'s tree after a refresh, with no request of its own; a non-WordPress feed has none', async t => {
	const {fake, cacheDirectory, snapshot} = await setup(t);
	const before = fake.requests.length;
	const posts = snapshot().posts.map(post => ({...post, read: false}));
	const site = siteCategoryTree(fake.feedUrl, cacheDirectory, posts);
	t.is(fake.requests.length, before);
	t.like(site, {wordpress: true, api: {state: 'ok'}});
	t.like(site.tree[0], {name: 'EV News', siteCount: 23, children: [{name: 'Tesla', siteCount: 12}]});
	t.is(site.tree[0]!.unread + site.tree[0]!.children[0]!.unread, 10);
	// Control: another URL (never fetched) is not WordPress and has no tree.
	t.deepEqual(siteCategoryTree(`${fake.origin}/other/`, cacheDirectory, posts).tree, []);
});

test('loadOlderPosts: one page at a time until the end, then olderPostsEnd; by REST and by ?paged', async t => {
	for (const options of [{}, {categories: 'off', postsMode: 'off'}] as FakeOptions[]) {
		const {fake, cacheDirectory, snapshot} = await setup(t, options);
		let pages = 0;
		while (!olderPostsEnd(fake.feedUrl, cacheDirectory) && pages < 10) {
			await loadOlderPosts(snapshot(), {cacheDirectory});
			pages++;
		}

		t.is(snapshot().posts.length, 35);
		t.true(pages >= 3 && pages <= 5, String(pages));
		// Control: a category's end is its own.
		t.false(olderPostsEnd(fake.feedUrl, cacheDirectory, 'Tesla'));
	}
});
