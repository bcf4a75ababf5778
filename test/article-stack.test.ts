import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import stringWidth from 'string-width';
import {chooseBody} from '../source/article/article-body.js';
import {enclosureLine, formatDuration, formatSize, headerFields, renderHeader} from '../source/article/article-header.js';
import {formatDate, formatDay, isTimeZone} from '../source/article/dates.js';
import {hyperlink, hyperlinkTarget, wantsHyperlinks} from '../source/article/hyperlinks.js';
import {renderArticle} from '../source/article/render-article.js';
import {fitLine, truncate} from '../source/article/truncate.js';
import type {Enclosure} from '../source/feed/types.js';
import {keepSgrOnly, styledWidth} from '../source/ui/text.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const episode: Enclosure = {url: 'https://cdn.example/ep42.mp3', type: 'audio/mpeg', length: 48_000_000, duration: 3733};
const input = {
	title: 'Episode 42',
	author: 'Jo',
	published: '2026-11-26T07:36:00Z',
	categories: ['Podcasts'],
	link: 'https://pod.example/42',
	feedTitle: 'The Pod',
	enclosures: [episode],
	html: '<p>Show notes with <a href="https://pod.example/notes">notes</a> and <a href="https://cdn.example/ep42.mp3">the file</a>.</p>',
	base: 'https://pod.example/42',
};

test('one date format: local or a named zone, the date part for the plain list', t => {
	t.is(formatDate('2026-11-26T07:36:00Z', 'UTC'), '2026-11-26 07:36');
	t.is(formatDate('2026-11-26T07:36:00Z', 'Asia/Tokyo'), '2026-11-26 16:36');
	t.is(formatDate('2026-11-25T23:30:00Z', 'Europe/Paris'), '2026-11-26 00:30');
	t.is(formatDay('2026-11-25T23:30:00Z', 'Europe/Paris'), '2026-11-26');
	t.is(formatDay('2026-11-25T23:30:00Z', 'UTC'), '2026-11-25');
	t.is(formatDate('not a date', 'UTC'), '');
	t.is(formatDate(null), '');
	t.true(isTimeZone('local'));
	t.true(isTimeZone('UTC'));
	t.true(isTimeZone('America/New_York'));
	// Control: a made-up zone is refused.
	t.false(isTimeZone('Mars/Olympus'));
	t.false(isTimeZone(''));
});

test('the header shows each enclosure with its link number, and the body numbers continue after it', t => {
	t.is(formatSize(48_000_000), '48 MB');
	t.is(formatSize(1_500_000), '1.5 MB');
	t.is(formatSize(null), '');
	t.is(formatDuration(3733), '1:02:13');
	t.is(formatDuration(245), '4:05');
	t.is(enclosureLine(episode, 1), '▶ audio/mpeg · 48 MB · 1:02:13 [1]');
	t.is(enclosureLine({url: 'https://x.example/a.pdf', type: null, length: null, duration: null}, 2), '↓ file [2]');
	const fields = headerFields(input, 'UTC');
	t.deepEqual(fields.enclosures, ['▶ audio/mpeg · 48 MB · 1:02:13 [1]']);
	t.is(fields.meta, 'Jo · 2026-11-26 07:36 · The Pod');
	const article = renderArticle(input, {width: 80, color: false, timeZone: 'UTC'});
	t.true(article.header.includes('▶ audio/mpeg · 48 MB · 1:02:13 [1]'));
	// 1 is the episode; the body's own link to the same file shares its number.
	t.deepEqual(article.links, ['https://cdn.example/ep42.mp3', 'https://pod.example/notes']);
	t.true(article.lines.join('\n').includes('notes [2] and the file [1]'));
	// Control: without enclosures the body numbers start at 1.
	const bare = renderArticle({...input, enclosures: []}, {width: 80, color: false});
	t.deepEqual(bare.links, ['https://pod.example/notes', 'https://cdn.example/ep42.mp3']);
	// A javascript: enclosure is never shown nor numbered.
	t.deepEqual(headerFields({...input, enclosures: [{...episode, url: 'javascript:alert(1)'}]}).enclosures, []);
});

test('the header wraps to the width and marks full text with its host', t => {
	const lines = renderHeader({...input, title: 'A very long title '.repeat(10), fullTextFrom: 'arstechnica.com'}, {width: 30, color: false, maxTitleLines: 2});
	t.true(lines.every(line => stringWidth(line) <= 30));
	t.true(lines[1]!.endsWith('…'));
	t.true(lines.includes('full text from arstechnica.com'));
});

test('one body order: cached full text, then the feed body, then the starred snapshot, then fetched text, then the summary', t => {
	const post = {id: 'a', summary: 'Two <lines>', link: 'https://site.example/a', feed: {url: 'https://site.example/feed'}};
	const fullText = {html: '<p>full</p>', base: 'https://site.example/a', from: 'site.example'};
	const content = {html: '<p>feed</p>', base: 'https://site.example/a'};
	const starred = {html: '<p>starred</p>', base: 'https://site.example/a'};
	t.is(chooseBody(post, {fullText, content, starred}).source, 'full-text');
	t.is(chooseBody(post, {fullText, content}).fullTextFrom, 'site.example');
	t.is(chooseBody(post, {content, starred}).html, '<p>feed</p>');
	t.is(chooseBody(post, {starred, fetched: fullText}).html, '<p>starred</p>');
	t.is(chooseBody(post, {fetched: fullText}).source, 'full-text');
	const summary = chooseBody(post, {content: {html: '   ', base: ''}});
	t.is(summary.source, 'summary');
	t.true(summary.html.includes('Two &lt;lines&gt;'));
});

test('OSC 8: http(s) targets only, sanitised, off by preference or EVNEWS_HYPERLINKS=0, and widths skip the escape', t => {
	t.is(hyperlinkTarget('https://user:pw@site.example/a b'), 'https://site.example/a%20b');
	t.is(hyperlinkTarget('javascript:alert(1)'), undefined);
	t.is(hyperlinkTarget('file:///etc/passwd'), undefined);
	t.is(hyperlink('[1]', 'javascript:alert(1)'), '[1]');
	const link = hyperlink('[1]', 'https://site.example/\u001B]8;;evil');
	t.false(link.slice(link.indexOf(';;') + 2, link.indexOf('\u001B\\')).includes('\u001B'));
	t.is(styledWidth(hyperlink('[1]', 'https://site.example/x')), 3);
	t.is(stringWidth(hyperlink('[1]', 'https://site.example/x')), 3);
	const tty = {isTTY: true};
	t.true(wantsHyperlinks(true, {TERM_PROGRAM: 'WezTerm'}, tty));
	t.false(wantsHyperlinks(true, {TERM_PROGRAM: 'WezTerm', EVNEWS_HYPERLINKS: '0'}, tty));
	t.false(wantsHyperlinks(false, {TERM_PROGRAM: 'WezTerm'}, tty));
	t.false(wantsHyperlinks(true, {TERM_PROGRAM: 'WezTerm'}, {isTTY: false}));
	t.false(wantsHyperlinks(true, {TERM: 'xterm'}, tty));
	t.true(wantsHyperlinks(true, {TERM: 'xterm', EVNEWS_HYPERLINKS: '1'}, tty));
	// The link list carries them only when asked, and every line still fits.
	const on = renderArticle(input, {width: 40, color: true, hyperlinks: true});
	const off = renderArticle(input, {width: 40, color: true, hyperlinks: false});
	t.true(on.lines.some(line => line.includes('\u001B]8;;https://cdn.example/ep42.mp3\u001B\\')));
	t.false(off.lines.some(line => line.includes('\u001B]8;;')));
	t.true(on.lines.every(line => styledWidth(line) <= 40));
	// The reader keeps them (http(s) only) when on, and drops every OSC when off.
	const kept = on.lines.find(line => line.includes('\u001B]8;;'))!;
	t.is(keepSgrOnly(kept, true), kept);
	t.false(keepSgrOnly(kept, false).includes('\u001B]'));
	t.false(keepSgrOnly('\u001B]8;;javascript:x\u001B\\[1]\u001B]8;;\u001B\\', true).includes('javascript'));
});

test('one truncator: plain and styled lines are cut to the width', t => {
	t.is(truncate('abcdef', 4), 'abc…');
	t.is(truncate('日本語テキスト', 5), '日本…');
	t.is(fitLine('abcdef', 4), 'abc…');
	t.is(stringWidth(fitLine('\u001B[1m日本語テキスト\u001B[22m', 5)), 5);
	t.is(fitLine('short', 10), 'short');
});

test('source/article imports neither ui nor ink nor react (layers point down)', t => {
	const directory = path.join(root, 'source/article');
	const offenders: string[] = [];
	for (const name of fs.readdirSync(directory)) {
		const text = fs.readFileSync(path.join(directory, name), 'utf8');
		for (const match of text.matchAll(/from '([^']+)'|import\('([^']+)'\)/g)) {
			const target = match[1] ?? match[2]!;
			if (/^(?:ink|react)(?:\/|$)|\/ui\/|^\.\.\/ui|\/commands\//.test(target)) {
				offenders.push(`${name}: ${target}`);
			}
		}
	}

	t.deepEqual(offenders, []);
	// Control: the pattern does catch a ui import.
	t.regex('../ui/text.js', /\/ui\//);
});
