import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import fc from 'fast-check';
import {sanitizeLine} from '../source/feed/sanitize.js';
import {buildOpml, OpmlError, opmlLimits, parseOpml} from '../source/store/opml.js';
import {type FeedEntry, validatePreferences} from '../source/store/preferences-schema.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'state');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'latin1');

test('OPML 1.0: nested outlines become folders, xmlurl in any case, XML entities decoded', t => {
	const result = parseOpml(fixture('opml1.opml'));
	t.is(result.title, 'My subscriptions');
	t.deepEqual(result.feeds, [
		{url: 'https://charged.example/feed?a=1&b=2', title: 'Charged & Ready', folder: 'Electric cars'},
		{url: 'http://cafe.example/rss', title: 'Café EV', folder: 'Electric cars'},
		{url: 'https://top.example/atom.xml', title: 'Top level'},
	]);
	t.deepEqual(result.skipped, []);
});

test('hostile URLs are skipped with a reason; no DTD entity is expanded; shell characters stay inert text', t => {
	const result = parseOpml(fixture('opml2-hostile.opml'));
	t.deepEqual(result.feeds.map(feed => feed.url), [
		'https://good.example/feed',
		'https://meta.example/feed?q=$(id)&r=`id`;x|y',
		'https://entity.example/feed',
	]);
	t.is(result.feeds[2]!.title, 'Entity &boom2;');
	t.notRegex(JSON.stringify(result), /BOOM/);
	const reasons: Record<string, string> = Object.fromEntries(result.skipped.map(skip => [skip.title ?? skip.url, skip.reason]));
	t.deepEqual(reasons, {
		File: 'not an http(s) URL (file:)',
		Script: 'not an http(s) URL (javascript:)',
		Exec: 'not an http(s) URL (exec:)',
		Pipe: 'URL contains spaces or control characters',
		Filter: 'not an http(s) URL (filter:)',
		Newline: 'URL contains spaces or control characters',
		Duplicate: 'already in your feeds',
		Data: 'not an http(s) URL (data:)',
	});
});

test('existing feeds are skipped as duplicates', t => {
	const result = parseOpml(fixture('opml1.opml'), ['https://top.example/atom.xml']);
	t.is(result.feeds.length, 2);
	t.deepEqual(result.skipped, [{url: 'https://top.example/atom.xml', title: 'Top level', reason: 'already in your feeds'}]);
});

test('not OPML at all is a clear error', t => {
	t.throws(() => parseOpml('<rss version="2.0"><channel/></rss>'), {instanceOf: OpmlError, message: 'not an OPML file (its root element is <rss>)'});
	t.throws(() => parseOpml('just text'), {instanceOf: OpmlError, message: 'not an OPML file (no XML elements found)'});
	t.throws(() => parseOpml(''), {instanceOf: OpmlError});
});

test('100,000 outlines: at most 5,000 feeds kept, the rest counted', t => {
	const outlines = Array.from({length: 100_000}, (_, index) => `<outline text="F${index}" xmlUrl="https://feeds.example/${index}"/>`).join('');
	const result = parseOpml(`<opml version="2.0"><body>${outlines}</body></opml>`);
	t.is(result.feeds.length, opmlLimits.maxFeeds);
	t.is(result.overLimit.tooMany, 100_000 - opmlLimits.maxFeeds);
	t.is(result.feeds.at(-1)!.url, `https://feeds.example/${opmlLimits.maxFeeds - 1}`);
	// What is kept fits the preferences schema.
	t.is(validatePreferences({feeds: result.feeds}), undefined);
});

test('10,000 levels of nesting: bounded depth, deep feeds counted, shallow ones kept', t => {
	const depth = 10_000;
	const open = Array.from({length: depth}, (_, index) => `<outline text="L${index}">`).join('');
	const deepFeed = '<outline text="Deep" xmlUrl="https://deep.example/feed"/>';
	const close = '</outline>'.repeat(depth);
	const result = parseOpml(`<opml version="2.0"><body>${open}${deepFeed}${close}<outline text="Shallow" xmlUrl="https://shallow.example/feed"/></body></opml>`);
	t.deepEqual(result.feeds.map(feed => feed.url), ['https://shallow.example/feed']);
	t.is(result.overLimit.tooDeep, 1);
	t.is(result.feeds[0]!.folder, undefined);
});

test('a feed at the depth limit is kept with its folder path', t => {
	const levels = opmlLimits.maxDepth - 1;
	const open = Array.from({length: levels}, (_, index) => `<outline text="L${index}">`).join('');
	const result = parseOpml(`<opml version="2.0"><body>${open}<outline text="Edge" xmlUrl="https://edge.example/"/>${'</outline>'.repeat(levels)}</body></opml>`);
	t.is(result.feeds.length, 1);
	t.is(result.feeds[0]!.folder!.split('/').length, levels);
});

test('export is OPML 2.0 and escapes attributes', t => {
	const text = buildOpml([{url: 'https://a.example/?x=1&y="2"', title: 'A <b> & "c"', folder: 'EV/News', refreshMinutes: 30}]);
	t.regex(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<opml version="2.0"/);
	t.regex(text, /xmlUrl="https:\/\/a\.example\/\?x=1&amp;y=&quot;2&quot;"/);
	t.regex(text, /title="A &lt;b&gt; &amp; &quot;c&quot;"/);
	t.regex(text, /<outline text="EV" title="EV">\n\t{3}<outline text="News" title="News">/);
});

const segment = fc.string({minLength: 1, maxLength: 12}).map(text => sanitizeLine(text, 200).replaceAll('/', '∕')).filter(text => text !== '');
const feedArbitrary: fc.Arbitrary<FeedEntry> = fc.record({
	url: fc.webUrl({validSchemes: ['http', 'https'], withQueryParameters: true, withFragments: true}).map(url => new URL(url).href),
	title: fc.string({minLength: 1, maxLength: 40}).map(text => sanitizeLine(text)).filter(text => text !== ''),
	refreshMinutes: fc.integer({min: 1, max: 1440}),
	folder: fc.array(segment, {minLength: 1, maxLength: 3}).map(parts => parts.join('/')),
}, {requiredKeys: ['url']}).filter(feed => feed.url.length <= 2048 && !/\s/.test(feed.url) && feed.title !== feed.url);

test('property: import(export(feeds)) is lossless, order included', t => {
	fc.assert(fc.property(fc.uniqueArray(feedArbitrary, {selector: feed => feed.url, maxLength: 15}), feeds => {
		const result = parseOpml(buildOpml(feeds));
		t.deepEqual(result.feeds, feeds);
		t.deepEqual(result.skipped, []);
		return true;
	}), {numRuns: 200});
});
