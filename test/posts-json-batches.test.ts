import {Buffer} from 'node:buffer';
import {Writable} from 'node:stream';
import test from 'ava';
import {stringifyJsonSafe} from '../source/feed/sanitize.js';
import {limits} from '../source/feed/limits.js';
import {renderJson, writeParts} from '../source/commands/posts-json.js';
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
		t.is([...renderJson(posts, toObject, false)].join(''), stringifyJsonSafe(objects, 2) + '\n', `${count} posts`);
		t.is([...renderJson(posts, toObject, true)].join(''), objects.map(object => stringifyJsonSafe(object) + '\n').join(''), `${count} posts, lines`);
	}
});

test('the control: batches joined with their own brackets are not one array', t => {
	const posts = postsOf(limits.jsonBatchPosts + 1);
	const naive = [posts.slice(0, limits.jsonBatchPosts), posts.slice(limits.jsonBatchPosts)].map(part => stringifyJsonSafe(part.map(post => toObject(post)), 2)).join(',\n') + '\n';
	t.not(naive, [...renderJson(posts, toObject, false)].join(''));
	t.throws(() => JSON.parse(naive) as unknown);
	t.is((JSON.parse([...renderJson(posts, toObject, false)].join('')) as unknown[]).length, posts.length);
});

/** A reader that takes one chunk per turn of the event loop, and notes how many posts had been made by then. */
function slowReader(made: () => number) {
	const seen: number[] = [];
	const chunks: string[] = [];
	const stream = new Writable({
		highWaterMark: 1,
		write(chunk: Uint8Array, _encoding, done) {
			seen.push(made());
			chunks.push(Buffer.from(chunk).toString());
			setImmediate(done);
		},
	});
	return {stream, seen, text: () => chunks.join('')};
}

test('a slow reader gets one batch at a time: the next batch is made only once it has taken the last', async t => {
	const posts = postsOf((3 * limits.jsonBatchPosts) + 1);
	let made = 0;
	const counting = (post: OutputPost) => {
		made++;
		return toObject(post);
	};

	const reader = slowReader(() => made);
	await writeParts(renderJson(posts, counting, false), reader.stream, false);
	t.deepEqual(reader.seen.slice(0, 4), [1, 2, 3, 4].map(batches => Math.min(batches * limits.jsonBatchPosts, posts.length)));
	t.is(reader.text(), stringifyJsonSafe(posts.map(post => toObject(post)), 2) + '\n');

	// The control: writing every part without waiting makes them all before the reader has taken the second.
	made = 0;
	const eager = slowReader(() => made);
	for (const part of renderJson(posts, counting, false)) {
		eager.stream.write(part);
	}

	await new Promise(resolve => {
		eager.stream.end(resolve);
	});
	t.is(eager.seen[1], posts.length);
});

/** Posts whose output object fails to be made at `index` (a bug, say). */
function failingAt(index: number) {
	let count = 0;
	return (post: OutputPost) => {
		if (count++ === index) {
			throw new Error('no object');
		}

		return toObject(post);
	};
}

test('a failure part-way closes the array first, so stdout is still valid JSON; JSON Lines keeps whole lines', async t => {
	const posts = postsOf((2 * limits.jsonBatchPosts) + 5);
	for (const [at, expected] of [[limits.jsonBatchPosts + 3, limits.jsonBatchPosts], [2, 0]] as const) {
		const reader = slowReader(() => 0);
		// eslint-disable-next-line no-await-in-loop -- one case after the other
		await t.throwsAsync(writeParts(renderJson(posts, failingAt(at), false), reader.stream, false), {message: 'no object'});
		const printed = JSON.parse(reader.text()) as Array<{id: string}>;
		t.deepEqual(printed.map(post => post.id), posts.slice(0, expected).map(post => post.id), `failing at ${at}`);
	}

	const lines = slowReader(() => 0);
	await t.throwsAsync(writeParts(renderJson(posts, failingAt(limits.jsonBatchPosts), true), lines.stream, true), {message: 'no object'});
	t.is(lines.text().split('\n').filter(Boolean).map(line => JSON.parse(line) as unknown).length, limits.jsonBatchPosts);
});
