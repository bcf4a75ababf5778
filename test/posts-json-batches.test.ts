import test from 'ava';
import {stringifyJsonSafe} from '../source/feed/sanitize.js';
import {limits} from '../source/feed/limits.js';
import {renderJson} from '../source/commands/posts-json.js';
import {defaultFields, pickFields, type OutputPost} from '../source/commands/post-fields.js';
import {makePosts} from './fixtures/ui/posts.js';

// `--json` renders limits.jsonBatchPosts posts at a time (issue 8): the text must be that of one stringify.
const toObject = (post: OutputPost) => pickFields(post, defaultFields);
const postsOf = (count: number): OutputPost[] => makePosts(count).map((post, index) => ({...post, title: `${post.title} \u2028 ${index}`, read: index % 3 === 0, starred: false}));

test('the batched JSON and JSON Lines equal one stringify of every post, across batch edges', t => {
	const batch = limits.jsonBatchPosts;
	for (const count of [0, 1, batch - 1, batch, batch + 1, (2 * batch) + 7]) {
		const posts = postsOf(count);
		const objects = posts.map(post => toObject(post));
		t.is(renderJson(posts, toObject, false).join(''), stringifyJsonSafe(objects, 2) + '\n', `${count} posts`);
		t.is(renderJson(posts, toObject, true).join(''), objects.map(object => stringifyJsonSafe(object) + '\n').join(''), `${count} posts, lines`);
	}
});

test('the control: batches joined with their own brackets are not one array', t => {
	const posts = postsOf(limits.jsonBatchPosts + 1);
	const naive = [posts.slice(0, limits.jsonBatchPosts), posts.slice(limits.jsonBatchPosts)].map(part => stringifyJsonSafe(part.map(post => toObject(post)), 2)).join(',\n') + '\n';
	t.not(naive, renderJson(posts, toObject, false).join(''));
	t.throws(() => JSON.parse(naive) as unknown);
	t.is((JSON.parse(renderJson(posts, toObject, false).join('')) as unknown[]).length, posts.length);
});
