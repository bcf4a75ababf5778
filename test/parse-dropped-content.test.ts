import fs from 'node:fs';
import test from 'ava';
import {parseFeed} from '../source/feed/parse.js';

const fixture = (name: string) => fs.readFileSync(new URL(`fixtures/feeds/${name}`, import.meta.url), 'utf8');
const url = 'https://dropped-demo.example/feed';

test('issue 9 §8: Atom base64 content of a text type is decoded, as its type says', t => {
	const feed = parseFeed(fixture('atom-base64.xml'), {url});
	const [html, text] = feed.posts;
	t.is(html!.html, '<p>Decoded <b>body</b> – ünïcode</p>');
	t.is(html!.summary, 'Decoded body – ünïcode');
	t.is(text!.html, '<p>Plain decoded text</p>');
});

test('issue 9 §8: content of a non-text type (image/png) gives no body and one warning; the summary stays', t => {
	const feed = parseFeed(fixture('atom-base64.xml'), {url});
	const image = feed.posts[2]!;
	t.is(image.html, '<p>The summary stays.</p>');
	t.false(image.html.includes('iVBOR'));
	t.deepEqual(feed.warnings, [{code: 'content-type', text: 'content of type image/png not shown (1 entry)'}]);
	// Control: ordinary html content is untouched.
	t.is(feed.posts[3]!.html, '<p>Ordinary</p>');
});

test('issue 9 §8: escaped HTML in an RSS title loses its tags; a lone < or > is kept', t => {
	const feed = parseFeed(fixture('content-dropped.xml'), {url});
	t.is(feed.posts[0]!.title, 'Bold news & more');
	t.is(feed.posts[1]!.title, 'Why 3 < 4 and 5 > 2');
});

test('issue 9 §8: MathML keeps its text in the summary (annotations dropped)', t => {
	const feed = parseFeed(fixture('content-dropped.xml'), {url});
	t.is(feed.posts[2]!.summary, 'Energy: E=mc2 holds.');
});

test('issue 9 §8: media:title and media:description when the item has nothing else; never over its own', t => {
	const feed = parseFeed(fixture('content-dropped.xml'), {url});
	const clip = feed.posts[3]!;
	t.is(clip.title, 'Clip from the track day');
	t.is(clip.summary, 'Lap two, in the rain.');
	t.is(clip.enclosures[0]!.url, 'https://dropped-demo.example/clip.mp4');
	const own = feed.posts[4]!;
	t.is(own.title, 'Own title');
	t.is(own.summary, 'Own description.');
});
