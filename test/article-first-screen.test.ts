import test from 'ava';
import {htmlFirstPart, renderArticle, type ArticleInput} from '../source/article/render-article.js';
import {limits} from '../source/feed/limits.js';

/** A long article of our own: numbered paragraphs, each with a link, and a table and code block half way. */
function longArticle(paragraphs: number, tag = 'a'): ArticleInput {
	const blocks: string[] = [];
	for (let index = 1; index <= paragraphs; index++) {
		blocks.push(`<p>Paragraph ${index} (${tag}) on charging networks, with <a href="https://volt.example/${tag}/${index}">source ${index}</a> and more words to fill the line.</p>`);
		if (index === Math.floor(paragraphs / 2)) {
			blocks.push('<table><tr><th>Model</th><th>Range</th></tr><tr><td>Ioniq</td><td>480 km</td></tr></table><pre><code>let charge = 80;</code></pre>');
		}
	}

	return {title: `Long ${tag}`, author: null, published: null, categories: [], link: null, feedTitle: 'The Volt', html: blocks.join('\n'), base: 'https://volt.example/'};
}

const options = {width: 70, color: false};

test('htmlFirstPart cuts after the last block end within the size, or at the size when there is none', t => {
	const html = '<p>one</p><p>two</p><p>three</p>';
	t.is(htmlFirstPart(html, 14), '<p>one</p>');
	t.is(htmlFirstPart(html, 21), '<p>one</p><p>two</p>');
	t.is(htmlFirstPart(html, html.length), html);
	t.is(htmlFirstPart('<span>no blocks at all here</span>', 12), '<span>no blo');
	// Case and spaces in the end tag.
	t.is(htmlFirstPart('<H2>Title</H2 ><p>x', 17), '<H2>Title</H2 >');
});

test('a long body rendered for the first screen is partial: the same first lines and first links as the whole', t => {
	const input = longArticle(400, 'first');
	t.true(input.html.length > limits.articleFirstScreenHtml * 4);
	const first = renderArticle(input, {...options, firstScreenHtml: limits.articleFirstScreenHtml});
	t.true(first.partial);
	const whole = renderArticle(input, options);
	t.falsy(whole.partial);
	t.true(first.lines.length < whole.lines.length / 2, `${first.lines.length} of ${whole.lines.length} lines`);
	// The first screen (well past 60 rows) is the whole's, line for line; its links are the whole's first ones.
	t.true(first.lines.length > 60);
	t.deepEqual(first.lines.slice(0, 60), whole.lines.slice(0, 60));
	t.deepEqual(first.links, whole.links.slice(0, first.links.length));
	t.deepEqual(first.header, whole.header);
});

test('the first-screen option gives the whole when the body is short or the whole is memoised', t => {
	const short = longArticle(3, 'short');
	t.falsy(renderArticle(short, {...options, firstScreenHtml: limits.articleFirstScreenHtml}).partial);
	const input = longArticle(400, 'memo');
	// Control: not rendered yet, so partial.
	t.true(renderArticle(input, {...options, firstScreenHtml: limits.articleFirstScreenHtml}).partial);
	const whole = renderArticle(input, options);
	const again = renderArticle(input, {...options, firstScreenHtml: limits.articleFirstScreenHtml});
	t.falsy(again.partial);
	t.deepEqual(again.lines, whole.lines);
});

test('a partial render is never memoised as the whole', t => {
	const input = longArticle(400, 'nomemo');
	renderArticle(input, {...options, firstScreenHtml: limits.articleFirstScreenHtml});
	const whole = renderArticle(input, options);
	t.falsy(whole.partial);
	t.regex(whole.lines.join('\n'), /Paragraph 400 \(nomemo\)/);
});
