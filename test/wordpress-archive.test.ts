/**
The archive of site posts inside a feed's snapshot (source/wordpress/archive.ts and the refresh's keepArchived):
merged with the feed items' ids, kept by the next refresh, and one post matched by its WordPress number when the
site spells its home differently (http/https).
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {htmlToMarkdown} from '../source/feed/html-to-markdown.js';
import {readBody, readSnapshot, writeSnapshot} from '../source/store/cache.js';
import {storeSitePosts, wordpressNumber} from '../source/wordpress/archive.js';
import {keepArchived} from '../source/wordpress/on-fetch.js';
import {mapPosts} from '../source/wordpress/posts.js';

const feedUrl = 'https://site.example/feed/';
const rest = (id: number, author?: string) => ({
	id,
	link: `https://site.example/p${id}/`,
	title: {rendered: `Post ${id}`},
	excerpt: {rendered: `<p>Excerpt ${id}</p>`},
	content: {rendered: `<p>Body ${id}</p><img src="x.png" onerror="alert(1)">`},
	date_gmt: '2026-11-01T10:00:00',
	...(author ? {_embedded: {author: [{name: author}]}} : {}),
});

function cacheDirectory(t: {teardown(fn: () => void): void}): string {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-wpa-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	return directory;
}

test('storeSitePosts: new posts added with bodies (sanitised on the way out); a known one keeps its id and gains its author', t => {
	const directory = cacheDirectory(t);
	const [feedPost] = mapPosts([rest(5)], {root: 'https://site.example/wp-json/', feedUrl});
	writeSnapshot({version: 1, url: feedUrl, title: 'Site', link: null, posts: [{...feedPost!, author: null}], validators: {}, lastSuccess: '2026-12-01T00:00:00Z', lastError: null, nextAllowed: null, lastAttempt: null}, {}, directory);
	// The same post 5, its home spelled http://, plus post 6.
	const incoming = mapPosts([rest(5, 'Maja'), rest(6, 'Tomasz')], {root: 'http://site.example/wp-json/', feedUrl});
	t.not(incoming[0]!.id, feedPost!.id);
	const stored = storeSitePosts(feedUrl, incoming, directory);
	t.is(stored.added, 1);
	t.deepEqual(stored.ids, [feedPost!.id, incoming[1]!.id]);
	const snapshot = readSnapshot(feedUrl, directory).value!;
	t.is(snapshot.posts.length, 2);
	t.like(snapshot.posts[0], {id: feedPost!.id, author: 'Maja'});
	t.is(snapshot.lastSuccess, '2026-12-01T00:00:00Z');
	const body = readBody(feedUrl, incoming[1]!.id, directory)!;
	t.regex(body.html, /Body 6/);
	// Stored as feed bodies are; the one sanitizer runs on the way out, as for feed content.
	const markdown = htmlToMarkdown(body.html, body.base);
	t.regex(markdown, /Body 6/);
	t.notRegex(markdown, /onerror|alert/);
	// Control: another post number is another post.
	t.is(wordpressNumber('https://site.example/?p=5'), '5');
	t.is(wordpressNumber('https://site.example/p5/'), undefined);
});

test('keepArchived: the refresh keeps archived posts the feed no longer lists, and nothing else', t => {
	const directory = cacheDirectory(t);
	const posts = mapPosts([rest(1), rest(2), rest(3)], {root: 'https://site.example/wp-json/', feedUrl});
	storeSitePosts(feedUrl, posts.slice(0, 2), directory);
	const fresh = mapPosts([rest(9)], {root: 'https://site.example/wp-json/', feedUrl});
	const kept = keepArchived(feedUrl, fresh, posts, directory);
	t.deepEqual(kept.map(post => post.title), ['Post 9', 'Post 1', 'Post 2']);
	// Control: without an archive record the old posts go.
	t.deepEqual(keepArchived('https://other.example/feed/', fresh, posts, directory).map(post => post.title), ['Post 9']);
});
