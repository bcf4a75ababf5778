import fs from 'node:fs';
import test from 'ava';
import {limits} from '../source/feed/limits.js';
import {durationSeconds} from '../source/feed/normalize.js';
import {parseFeed} from '../source/feed/parse.js';
import type {ParsedFeed, ParsedPost} from '../source/feed/types.js';
import {slimPost} from '../source/store/slim-post.js';
import {defaultFields, pickFields} from '../source/commands/post-fields.js';

const fixture = (name: string) => fs.readFileSync(new URL(`fixtures/feeds/${name}`, import.meta.url), 'utf8');
const url = 'https://plugtalk-demo.example/feed';

function byTitle(feed: ParsedFeed, title: string): ParsedPost {
	const found = feed.posts.find(post => post.title === title);
	if (found === undefined) {
		throw new Error(`no post "${title}"`);
	}

	return found;
}

test('issue 9 §4: RSS <enclosure> with length and itunes:duration (hh:mm:ss), URL resolved', t => {
	const feed = parseFeed(fixture('enclosures.xml'), {url});
	t.deepEqual(byTitle(feed, 'Episode 3').enclosures, [{url: 'https://plugtalk-demo.example/audio/ep3.mp3', type: 'audio/mpeg', length: 48_213_000, duration: 3733}]);
});

test('issue 9 §4: length 0 is null, the type is lowercased, mm:ss durations, a javascript: URL is dropped', t => {
	const feed = parseFeed(fixture('enclosures.xml'), {url});
	t.deepEqual(byTitle(feed, 'Episode 2').enclosures, [{url: 'https://plugtalk-demo.example/audio/ep2.m4a', type: 'audio/mp4', length: null, duration: 2525}]);
});

test('issue 9 §4: media:content in media:group, fileSize and duration; itunes:duration fills the first without one', t => {
	const feed = parseFeed(fixture('enclosures.xml'), {url});
	t.deepEqual(byTitle(feed, 'Video').enclosures, [
		{url: 'https://plugtalk-demo.example/v/1080.mp4', type: 'video/mp4', length: 900_000, duration: 95},
		{url: 'https://plugtalk-demo.example/v/720.mp4', type: 'video/mp4', length: null, duration: 3605},
	]);
});

test('issue 9 §4: enclosures are deduplicated and capped; none gives []', t => {
	const feed = parseFeed(fixture('enclosures.xml'), {url});
	const many = byTitle(feed, 'Many').enclosures;
	t.is(many.length, limits.maxEnclosures);
	t.is(new Set(many.map(enclosure => enclosure.url)).size, many.length);
	t.is(many[1]!.type, null);
	t.deepEqual(byTitle(feed, 'None').enclosures, []);
});

test('issue 9 §4: Atom rel="enclosure" and JSON Feed attachments', t => {
	const atom = parseFeed(fixture('enclosures-atom.xml'), {url: 'https://atom-enc-demo.example/feed'});
	t.deepEqual(atom.posts[0]!.enclosures, [{url: 'https://atom-enc-demo.example/1.ogg', type: 'audio/ogg', length: 1234, duration: null}]);
	t.is(atom.posts[0]!.link, 'https://atom-enc-demo.example/1');
	const json = parseFeed(fixture('enclosures.json'), {url: 'https://json-enc-demo.example/feed.json'});
	t.deepEqual(json.posts[0]!.enclosures, [
		{url: 'https://json-enc-demo.example/a.mp3', type: 'audio/mpeg', length: 5000, duration: 61.5},
		{url: 'https://json-enc-demo.example/c.pdf', type: 'application/pdf', length: null, duration: null},
	]);
	t.deepEqual(json.posts[1]!.enclosures, []);
});

test('issue 9 §4: durations: hh:mm:ss, mm:ss, seconds; anything else is null', t => {
	t.is(durationSeconds('1:02:13'), 3733);
	t.is(durationSeconds('42:05'), 2525);
	t.is(durationSeconds('3605'), 3605);
	t.is(durationSeconds('12.5'), 12.5);
	t.is(durationSeconds('1h 2m'), null);
	t.is(durationSeconds(''), null);
	t.is(durationSeconds(undefined), null);
	t.is(durationSeconds(-3), null);
});

test('issue 9 §4: enclosures are a default JSON field after image; an old snapshot post without them reads as []', t => {
	t.is(defaultFields.indexOf('enclosures'), defaultFields.indexOf('image') + 1);
	const feed = parseFeed(fixture('enclosures.xml'), {url});
	const {enclosures: _dropped, ...old} = slimPost(byTitle(feed, 'Episode 3'));
	const loaded = slimPost(old as unknown as ParsedPost);
	t.deepEqual(loaded.enclosures, []);
	const picked = pickFields({...byTitle(feed, 'Episode 3'), read: false, starred: false}, defaultFields);
	t.deepEqual(Object.keys(picked).slice(9, 11), ['image', 'enclosures']);
	t.deepEqual(picked.enclosures, byTitle(feed, 'Episode 3').enclosures);
	// Control: a hostile cached enclosure is cleaned at render time.
	const hostile = pickFields({...loaded, enclosures: [{url: 'https://x.example/\u001B]52;c;Zm9v\u0007a', type: 'audio/\u001B[2Jmpeg', length: '5' as unknown as number, duration: null}], read: false, starred: false}, ['enclosures']);
	const [clean] = hostile.enclosures as Array<Record<string, unknown>>;
	t.false(JSON.stringify(clean).includes(String.raw`\u001b`));
	t.is(clean!.length, null);
});
