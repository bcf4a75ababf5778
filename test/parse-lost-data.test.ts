import fs from 'node:fs';
import test from 'ava';
import {parseFeed} from '../source/feed/parse.js';
import {makePostId} from '../source/feed/post-id.js';
import type {ParsedFeed, ParsedPost} from '../source/feed/types.js';

const fixture = (name: string) => fs.readFileSync(new URL(`fixtures/feeds/${name}`, import.meta.url), 'utf8');
const url = 'https://feeds.demo.example/feed';
const parse = (name: string) => parseFeed(fixture(name), {url});

function byTitle(feed: ParsedFeed, title: string): ParsedPost {
	const found = feed.posts.find(post => post.title === title);
	if (found === undefined) {
		throw new Error(`no post "${title}"`);
	}

	return found;
}

test('issue 7 §1.1: guid-less posts that share a link all survive; true duplicates still go', t => {
	const feed = parse('shared-links.xml');
	t.deepEqual(feed.posts.map(post => post.title), ['Degraded charging in zone B', 'Zone B resolved', 'Planned maintenance', 'Firmware 4.2 notes']);
	t.is(new Set(feed.posts.map(post => post.id)).size, 4);
	t.is(feed.droppedItems, 1);
	t.deepEqual(feed.warnings.map(warning => warning.code), ['duplicates']);
});

test('issue 7 §1.1: ids of posts with a guid, and of guid-less posts with a unique link, do not change', t => {
	const feed = parse('shared-links.xml');
	t.is(byTitle(feed, 'Firmware 4.2 notes').id, makePostId(url, {guid: 'fw-4.2'}));
	t.is(byTitle(feed, 'Planned maintenance').id, makePostId(url, {link: 'https://status.chargepoint-demo.example/maintenance'}));
	// Control: the shared-link ones no longer have the plain link id (which would have merged them).
	t.not(byTitle(feed, 'Zone B resolved').id, makePostId(url, {link: 'https://status.chargepoint-demo.example/'}));
});

test('issue 7 §1.2: itunes:author on the item, else the channel\'s; itunes:summary and dc:description as the summary', t => {
	const feed = parse('podcast-dc.xml');
	const twelve = byTitle(feed, 'Episode 12: heat pumps');
	t.is(twelve.author, 'Mara Quill');
	t.is(twelve.summary, 'We talk about heat pumps in winter.');
	t.true(twelve.html.includes('We talk about heat pumps in winter.'));
	const eleven = byTitle(feed, 'Episode 11: towing');
	t.is(eleven.author, 'The Range Crew');
	t.is(eleven.summary, 'Towing a trailer, with numbers.');
	// Control: the item's own author and description win over the fallbacks.
	const ten = byTitle(feed, 'Episode 10: both');
	t.is(ten.author, 'Real Author');
	t.is(ten.summary, 'The real description.');
});

test('issue 7 §1.2: dcterms:issued / created as published, dcterms:modified as updated', t => {
	const feed = parse('podcast-dc.xml');
	t.is(byTitle(feed, 'Episode 12: heat pumps').published, '2024-02-01T09:00:00.000Z');
	t.is(byTitle(feed, 'Episode 12: heat pumps').updated, '2024-02-03T09:00:00.000Z');
	t.is(byTitle(feed, 'Episode 11: towing').published, '2024-01-20T09:00:00.000Z');
	t.is(byTitle(feed, 'Episode 10: both').published, null);
});

test('issue 7 §1.2: itunes:category (nested, attribute text), media:category and itunes:keywords as categories', t => {
	const feed = parse('podcast-dc.xml');
	t.deepEqual(byTitle(feed, 'Episode 12: heat pumps').categories, ['Technology', 'Automotive', 'Batteries', 'winter', 'heat pump', 'range']);
	t.deepEqual(byTitle(feed, 'Episode 11: towing').categories, []);
});

test('issue 7 §1.3: "Name (email)" gives the name; "email (Name)" still does; several dc:creator are joined', t => {
	const feed = parse('authors-rss.xml');
	t.deepEqual(feed.posts.map(post => post.author), ['Jane Doe', 'Kit Kline', 'Lee Lo', 'Mo Ma, Ny Ne', 'Ozzy (the third)']);
});

test('issue 7 §1.3: an Atom author with only an email is known by it; several authors are joined', t => {
	const feed = parse('authors.xml');
	t.deepEqual(feed.posts.map(post => post.author), ['tess@wattage-demo.example', 'Ada Volt, Ben Amp', 'Cy Ohm, dee@wattage-demo.example']);
});

test('issue 7 §1.7: of several rel=alternate links, the first text/html one', t => {
	const feed = parse('atom-alternates.xml');
	t.deepEqual(feed.posts.map(post => post.link), [
		'https://alt-demo.example/e1.html',
		'https://alt-demo.example/e2-first',
		'https://alt-demo.example/e3.html',
	]);
});
