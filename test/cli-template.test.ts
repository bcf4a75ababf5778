import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {renderTemplate, timeago, timefmt} from '../source/commands/template.js';
import {runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/cli/ev-news.xml');
const posts = [
	{id: 'a1', title: 'Solar ute', link: 'https://ev.example/1', published: '2026-11-25T22:30:00.000Z', categories: ['Utes', 'Solar'], feed: {title: 'EV', url: 'https://ev.example/feed'}},
	{id: 'b2', title: 'Bus depot opened in town', link: null, published: null, categories: [], feed: {title: 'Grid', url: 'https://grid.example/rss'}},
];
const plain = {env: {NO_COLOR: '1'}, isTTY: false, now: Date.parse('2026-11-26T01:30:00Z')};
const colour = {env: {FORCE_COLOR: '1'}, isTTY: false, now: plain.now};

const table: Array<[string, string]> = [
	['{{ id }} ', 'a1 b2 '],
	['{{ title | truncate: 8 }}|', 'Solar u…|Bus dep…|'],
	['{{ categories | join: "+" }};', 'Utes+Solar;;'],
	['{{ published | timeago }};', '3 hours ago;;'],
	['{{ published | timefmt: "%Y-%m-%d %H:%M %Z" }};', '2026-11-25 22:30 UTC;;'],
	['{{ feed.title }}/', 'EV/Grid/'],
	['{{ link | default: "-" }} ', 'https://ev.example/1 - '],
	['{% for post in posts %}{{ post.id }},{% endfor %}', 'a1,b2,'],
	['{{ posts | pluck: "id" | join: " " }}', 'a1 b2'],
	['{{ posts | size }}', '2'],
	['{% for p in posts %}{{ p.id | tablerow: p.title }}{% endfor %}{{ "" | tablerender }}', 'a1  Solar ute\nb2  Bus depot opened in town\n'],
	['{{ title | color: "red" }} ', 'Solar ute Bus depot opened in town '],
	['{{ title | hyperlink: link }} ', 'Solar ute Bus depot opened in town '],
];

for (const [template, expected] of table) {
	test(`template: ${template}`, async t => {
		t.is(await renderTemplate(posts, template, plain), expected);
	});
}

test('color follows FORCE_COLOR/NO_COLOR; autocolor and hyperlink also need a terminal', async t => {
	t.is(await renderTemplate(posts.slice(0, 1), '{{ title | color: "red" }}', colour), '\u001B[31mSolar ute\u001B[39m');
	t.is(await renderTemplate(posts.slice(0, 1), '{{ title | autocolor: "red" }}', colour), '\u001B[31mSolar ute\u001B[39m', 'FORCE_COLOR counts as a terminal');
	t.is(await renderTemplate(posts.slice(0, 1), '{{ title | autocolor: "red" }}', {env: {}, isTTY: false}), 'Solar ute');
	t.is(await renderTemplate(posts.slice(0, 1), '{{ title | autocolor: "bold" }}', {env: {}, isTTY: true}), '\u001B[1mSolar ute\u001B[22m');
	t.is(await renderTemplate(posts.slice(0, 1), '{{ title | hyperlink: link }}', {env: {}, isTTY: true}), '\u001B]8;;https://ev.example/1\u001B\\Solar ute\u001B]8;;\u001B\\');
});

test('templates cannot reach code: process, constructor, __proto__ and prototypes give nothing', async t => {
	const probe = '[{{ process.env.HOME }}{{ title.constructor }}{{ __proto__ }}{{ constructor.name }}{{ feed.__proto__.toString }}{{ feed.constructor.constructor }}{{ categories.constructor.name }}]';
	t.is(await renderTemplate(posts.slice(0, 1), probe, plain), '[]');
	// Control: the same paths on own properties do render.
	t.is(await renderTemplate([{process: {env: {HOME: 'h'}}}], '[{{ process.env.HOME }}]', plain), '[h]');
	await t.throwsAsync(renderTemplate(posts, '{% include "/etc/passwd" %}', plain), {name: 'UsageError', message: /not allowed/});
	await t.throwsAsync(renderTemplate(posts, '{% render "x" %}', plain), {name: 'UsageError'});
});

test('timeago and timefmt', t => {
	const now = Date.parse('2026-11-26T00:00:00Z');
	t.is(timeago('2026-11-25T23:59:30Z', now), 'just now');
	t.is(timeago('2026-11-25T23:58:00Z', now), '2 minutes ago');
	t.is(timeago('2026-11-24T00:00:00Z', now), '2 days ago');
	t.is(timeago('2026-11-26T01:00:00Z', now), 'in 1 hour');
	t.is(timeago(null, now), '');
	t.is(timefmt('2026-02-03T04:05:06Z', '%a %e %b %Y %H:%M:%S %j %%'), 'Tue 3 Feb 2026 04:05:06 034 %');
	t.is(timefmt('nope'), '');
});

test('the CLI: --template STRING and @FILE; a template error is one line, exit 2', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const ok = await runCli(['--feed', fixture, '--limit', '2', '--template', '{{ author }}\n'], {env: temporary.env});
	t.is(ok.code, 0, ok.stderr);
	t.is(ok.stdout, 'Priya Raman\nTom Whitfield\n');
	const file = path.join(temporary.dir, 'list.liquid');
	fs.writeFileSync(file, '{% for post in posts %}{{ forloop.index }}. {{ post.author }}\n{% endfor %}');
	const fromFile = await runCli(['--feed', fixture, '--template', `@${file}`], {env: temporary.env});
	t.is(fromFile.stdout, '1. Priya Raman\n2. Tom Whitfield\n3. Priya Raman\n');
	for (const bad of ['{% if %}', '{{ x | nosuchfilter }}', '@/nonexistent/t.liquid']) {
		const result = await runCli(['--feed', fixture, '--template', bad], {env: temporary.env});
		t.is(result.code, 2, bad);
		t.regex(result.stderr, /^evnews: (template|--template)[^\n]*\n$/, bad);
		t.is(result.stdout, '');
	}
});
