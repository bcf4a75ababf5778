import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {extractFromHtml, extractFullText} from '../source/article/full-text.js';
import {serveRoutes} from './helpers/servers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'full-text');
const page = (trap: string) => fs.readFileSync(path.join(fixtures, 'article.html'), 'utf8').replaceAll('{{TRAP}}', trap);
const html = {'content-type': 'text/html; charset=utf-8'};

test('the article is extracted as markdown with absolute links, and no subresource is ever fetched', async t => {
	const trap = await serveRoutes({});
	const site = await serveRoutes({'/2026/depot': {headers: html, body: page(trap.origin)}});
	try {
		const result = await extractFullText(site.url('/2026/depot'));
		if (!result.ok) {
			t.fail(result.reason);
			return;
		}

		t.true(result.markdown.includes('forty buses to overnight depot charging'));
		t.true(result.markdown.includes(`[full annual report](${site.origin}/reports/annual-2026)`));
		t.true(result.markdown.includes('[independent analysis](https://other.example/analysis)'));
		t.false(result.markdown.includes('Privacy'));
		t.false(result.markdown.includes('onerror'));
		t.is(result.host, new URL(site.origin).host);
		await new Promise(resolve => {
			setTimeout(resolve, 300);
		});
		t.deepEqual(trap.requests.map(request => request.path), []);
		// Control: the trap does count requests.
		await fetch(trap.url('/control'));
		t.deepEqual(trap.requests.map(request => request.path), ['/control']);
	} finally {
		await site.close();
		await trap.close();
	}
});

test('404, too large, too slow, not a web page, not readerable and paywalled give one-line reasons', async t => {
	const short = '<html><body><p>Just a line.</p></body></html>';
	const paywalled = page('http://127.0.0.1:9').replace('</head>', '<script type="application/ld+json">{"isAccessibleForFree": false}</script></head>')
		.replaceAll(/<p>The operator plans[\s\S]*<\/article>/g, '</article>').replaceAll(/<p>Energy[^<]*<\/p>/g, '').replaceAll(/<p>The city's[^<]*<\/p>/g, '<p>Subscribe to read.</p>');
	const site = await serveRoutes({
		'/missing': {status: 404, headers: html, body: 'no'},
		'/big': {headers: html, body: page('http://127.0.0.1:9') + '<!--' + 'x'.repeat(200_000) + '-->'},
		'/slow'(_request, response) {
			response.writeHead(200, html);
			response.write('<html>');
		},
		'/image': {headers: {'content-type': 'image/png'}, body: 'png'},
		'/short': {headers: html, body: short},
		'/paywalled': {headers: html, body: paywalled},
	});
	try {
		const reason = async (route: string) => {
			// Only the slow page gets a short deadline: under load, the others must not time out instead.
			const result = await extractFullText(site.url(route), {fetchOptions: {maxBytes: 100_000, deadlineMs: route === '/slow' ? 500 : 15_000}});
			return result.ok ? 'ok' : result.reason;
		};

		t.is(await reason('/missing'), 'HTTP 404');
		t.regex(await reason('/big'), /over/);
		t.regex(await reason('/slow'), /timeout/);
		t.is(await reason('/image'), 'not a web page (image/png)');
		t.is(await reason('/short'), 'not readerable');
		t.is(await reason('/paywalled'), 'paywalled');
		for (const route of ['/missing', '/image', '/short']) {
			t.false((await reason(route)).includes('\n'));
		}
	} finally {
		await site.close();
	}
});

test('a code block keeps the language its class names, through Readability, the sanitizer and turndown', t => {
	const code = (attributes: string) => page('http://127.0.0.1:9').replace(
		'<p>Drivers were trained',
		`<pre><code ${attributes}>const depots = 4;\nif (depots &lt; 5) plan();</code></pre><p>Drivers were trained`,
	);
	const fenced = (attributes: string) => {
		const result = extractFromHtml(code(attributes), 'https://transit.example/2026/depot');
		return result.ok ? /```(\w*)\nconst depots = 4;\nif \(depots < 5\) plan\(\);\n```/.exec(result.markdown)?.[1] : result.reason;
	};

	t.is(fenced('class="language-ts"'), 'ts');
	t.is(fenced('class="hljs lang-python"'), 'python');
	// Control: without a class, the block is fenced with no language.
	t.is(fenced(''), '');
});

test('inert elements are removed anywhere in the page (nested deep, after </html>) before Readability, which would keep video embeds, templates and meta refreshes', t => {
	const inert = [
		'<iframe src="https://www.youtube.com/embed/x1"></iframe>',
		'<embed src="https://player.vimeo.com/x2">',
		'<object data="https://www.youtube.com/x3"><p>object-text</p></object>',
		'<frameset><frame src="https://frames.example/x4"></frameset>',
		'<template><p>template-text</p></template>',
		'<meta http-equiv="refresh" content="0;url=https://refresh.example/x5">',
		'<link rel="stylesheet" href="https://styles.example/x6.css">',
	].join('');
	const nested = '<div><section>'.repeat(40) + inert + '</section></div>'.repeat(40);
	const source = page('http://127.0.0.1:9')
		.replace('<head>', '<head><base href="https://base.example/">')
		.replace('<p>Drivers were trained', `${inert}<p>Drivers were trained${nested}`)
		.replace('</html>', `</html><base href="https://base.example/again/">${inert}`);
	const result = extractFromHtml(source, 'https://transit.example/2026/depot');
	if (!result.ok) {
		t.fail(result.reason);
		return;
	}

	for (const text of ['x1', 'x2', 'x3', 'object-text', 'x4', 'template-text', 'x5', 'x6', 'base.example']) {
		t.false(result.html.includes(text), text);
		t.false(result.markdown.includes(text), text);
	}

	t.true(result.markdown.includes('[full annual report](https://transit.example/reports/annual-2026)'));
	t.true(result.markdown.includes('Drivers were trained'));
});
