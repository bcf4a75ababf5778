import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import fc from 'fast-check';
import {htmlToMarkdown, maxHtmlDepth, resolveHttpUrl} from '../source/feed/html-to-markdown.js';
import {limits} from '../source/feed/limits.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'articles');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const base = 'https://thedriven.example/2026/11/20/post/';

const unsafe = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

test('script and style are dropped with their text (checklist 23)', t => {
	const markdown = htmlToMarkdown('<p>before</p><script>alert("x")</script><style>p{color:red}</style><p>after</p>', base);
	t.false(markdown.includes('alert("x")'));
	t.false(markdown.includes('color:red'));
	t.regex(markdown, /before\s+after/);
});

test('noscript, template, iframe, svg, object, form and button content is dropped', t => {
	const markdown = htmlToMarkdown(fixture('hostile.html'), base);
	for (const text of ['noscript text', 'template text', 'svg text', 'object text', 'button text', 'alert("x")', 'p{color:red}']) {
		t.false(markdown.includes(text), text);
	}
});

test('entities that decode to ESC, BEL or C1 yield no control characters (checklist 24)', t => {
	const markdown = htmlToMarkdown('<p>&#x1b;[2J &#7; &#x9b; &#27;]0;title&#7; ok</p>', base);
	t.notRegex(markdown, unsafe);
	t.true(markdown.includes('ok'));
});

test('OSC 52, OSC 8 and bidi controls written with entities never survive', t => {
	const markdown = htmlToMarkdown(fixture('hostile.html'), base);
	t.notRegex(markdown, unsafe);
	// The sequences are removed whole, payload included.
	t.false(markdown.includes('52;c;'));
	t.false(markdown.includes('8;;https://phish.example'));
	t.true(markdown.includes('Your bank'));
	t.true(markdown.includes('fdp.exe'));
});

test('non-http(s) links are inert text; relative and scheme-relative links become absolute (checklist 25)', t => {
	const markdown = htmlToMarkdown(fixture('hostile.html'), base);
	for (const scheme of ['javascript:', 'data:', 'file:', 'vbscript:', 'ms-officecmd:']) {
		t.false(markdown.toLowerCase().includes(scheme), scheme);
	}

	for (const text of ['js link', 'mixed case', 'tab link', 'data link', 'file link', 'vb link', 'custom link']) {
		t.true(markdown.includes(text), text);
		t.false(markdown.includes(`[${text}]`), text);
	}

	t.true(markdown.includes('[relative link](https://thedriven.example/2026/11/20/post/relative/page.html)'));
	t.true(markdown.includes('[scheme-relative](https://evil.example/x)'));
});

test('images are absolute http(s) or inert [image: alt] text', t => {
	const markdown = htmlToMarkdown(fixture('hostile.html'), base);
	t.true(markdown.includes('![good image](https://thedriven.example/ok.png)'));
	t.true(markdown.includes(String.raw`\[image: bad image\]`));
	t.true(markdown.includes(String.raw`\[image: inline image\]`));
	t.false(markdown.includes('AAAA'));
});

test('a WordPress post converts to markdown with absolute links, headings, lists, quotes and code', t => {
	const markdown = htmlToMarkdown(fixture('wordpress-post.html'), base);
	t.true(markdown.includes('[latest grid battery](https://thedriven.example/2026/11/20/grid-batteries/)'));
	t.true(markdown.includes('## What it means for drivers'));
	t.true(markdown.includes('**250 MW**'));
	t.true(markdown.includes('![The battery site at dusk](https://thedriven.example/wp-content/uploads/2026/11/battery-site.jpg)'));
	t.regex(markdown, /^-\s+Overnight charging from \*\*8 c\/kWh\*\*$/m);
	t.regex(markdown, /^> We expect the battery/m);
	t.regex(markdown, /^```\ncharge --from 22:00/m);
	t.true(markdown.includes('(https://operator.example/news/2026/storage?ref=feed&id=42)'));
	t.false(markdown.includes('trackingPixel'));
	t.false(markdown.includes('Site tour'));
});

test('a code language from the pre or code class is kept; none stays unlabelled', t => {
	t.regex(htmlToMarkdown('<pre class="language-js"><code>let a = 1;</code></pre>', base), /^```js\n/);
	t.regex(htmlToMarkdown('<pre><code class="language-python">x = 1</code></pre>', base), /^```python\n/);
	t.regex(htmlToMarkdown('<pre><code>x = 1</code></pre>', base), /^```\nx = 1\n```$/);
	// A hostile class cannot break out of the info string.
	t.false(htmlToMarkdown('<pre><code class="language-a```b">x</code></pre>', base).includes('a```b'));
});

test('CJK, emoji and IDN links are kept (the host in punycode)', t => {
	const markdown = htmlToMarkdown(fixture('cjk-emoji.html'), base);
	t.true(markdown.includes('# 電気自動車の販売が増加'));
	t.true(markdown.includes('中文测试：电动汽车在澳大利亚越来越受欢迎。'));
	t.true(markdown.includes('🚗⚡'));
	t.true(markdown.includes('🇦🇺'));
	t.true(markdown.includes('](https://xn--r8jz45g.jp/'));
});

test('text that looks like markdown or HTML is escaped', t => {
	const markdown = htmlToMarkdown('<p>[a](javascript:x) &lt;script&gt; *not bold*</p>', base);
	t.true(markdown.includes(String.raw`\[a\](javascript:x)`));
	t.true(markdown.includes(String.raw`\<script>`));
	t.true(markdown.includes(String.raw`\*not bold\*`));
});

test('20,000 nested divs finish, keep the text and carry a notice (checklist 26)', t => {
	const html = '<div>'.repeat(20_000) + 'deep text' + '</div>'.repeat(20_000);
	const markdown = htmlToMarkdown(html, base);
	t.true(markdown.includes('deep text'));
	t.regex(markdown, /content too complex/);
});

test('2,000 nested lists finish with a notice (checklist 27)', t => {
	const html = '<ul><li>item'.repeat(2000) + '</li></ul>'.repeat(2000);
	const markdown = htmlToMarkdown(html, base);
	t.true(markdown.includes('item'));
	t.regex(markdown, /content too complex/);
	t.true(markdown.length < 200_000);
});

test('nesting past the structural limit is flattened, keeping the structure above it', t => {
	const depth = maxHtmlDepth + 40;
	const html = '<div>'.repeat(depth) + '<p>inner <a href="/x">link</a></p>' + '</div>'.repeat(depth) + '<p>outer</p>';
	const markdown = htmlToMarkdown(html, base);
	t.true(markdown.includes('inner'));
	t.true(markdown.includes('outer'));
	t.regex(markdown, /flattened/);
	// Links below the limit are still links; the flattened part keeps its text.
	t.true(htmlToMarkdown('<div><p><a href="/y">shallow</a></p></div>', base).includes('[shallow](https://thedriven.example/y)'));
});

test('deep lists are flattened past 16 levels with a notice', t => {
	const html = '<ul><li>level'.repeat(30) + '</li></ul>'.repeat(30);
	const markdown = htmlToMarkdown(html, base);
	t.regex(markdown, /flattened/);
	const indents = markdown.split('\n').map(line => /^ */.exec(line)![0].length);
	t.true(Math.max(...indents) <= 16 * 4);
});

test('HTML over limits.htmlMax is cut with a notice', t => {
	const paragraph = '<p>' + 'word '.repeat(100) + '</p>';
	const html = paragraph.repeat(Math.ceil((limits.htmlMax + 10_000) / paragraph.length));
	const markdown = htmlToMarkdown(html, base);
	t.regex(markdown, /cut at 512 KiB/);
});

test('"[a](" repeated as text converts (escaped) and completes', t => {
	const markdown = htmlToMarkdown('<p>' + '[a]('.repeat(2000) + '</p>', base);
	t.true(markdown.startsWith(String.raw`\[a\](`));
});

test('empty and non-string input give an empty string', t => {
	t.is(htmlToMarkdown('', base), '');
	t.is(htmlToMarkdown('   ', base), '');
	t.is(htmlToMarkdown(undefined as unknown as string, base), '');
});

test('resolveHttpUrl keeps http(s) only, absolute, without userinfo', t => {
	t.is(resolveHttpUrl('/a', 'https://x.example/b/c'), 'https://x.example/a');
	t.is(resolveHttpUrl('https://user:pw@bank.example@evil.example/p', ''), 'https://evil.example/p');
	t.is(resolveHttpUrl(' java\tscript:alert(1)', 'https://x.example/'), undefined);
	t.is(resolveHttpUrl('//evil.example/x', 'https://x.example/'), 'https://evil.example/x');
	t.is(resolveHttpUrl('relative', ''), undefined);
	t.is(resolveHttpUrl('blob:https://x.example/1', 'https://x.example/'), undefined);
});

test('property: for any HTML-ish input, the markdown has no controls or bidi, and only http(s) link targets', t => {
	const pieces = fc.constantFrom('<p>', '</p>', '<a href="javascript:x">', '<a href="/rel">', '</a>', '<img src="data:x" alt="i">', '<ul><li>', '</li></ul>', '<script>', '</script>', '&#x1b;', '&#x9b;', '&#7;', '\u001B]52;c;QUFB\u0007', '\u202E', '<pre><code>', '</code></pre>', '[a](', '*', '中文', '😀');
	fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string({maxLength: 8})), {maxLength: 60}), parts => {
		const markdown = htmlToMarkdown(parts.join(''), base);
		if (unsafe.test(markdown)) {
			return false;
		}

		// Link destinations: `](` not preceded by a backslash (`\](` is escaped text), outside code blocks (fenced
		// blocks may be indented inside list items) and code spans.
		const prose = markdown.replaceAll(/^(?:[ >]*(?:[-*+]|\d+\.))? *(`{3,})[^\n]*\n[\s\S]*?^[ >]*\1`*$/gm, '').replaceAll(/`[^`\n]*`/g, '');
		const targets = [...prose.matchAll(/(?<!\\)]\(([^)\s]+)/g)].map(match => match[1]!);
		return targets.every(target => target.startsWith('https://') || target.startsWith('http://'));
	}), {numRuns: 300});
	t.pass();
});

test('a link around blocks keeps the blocks and gets a link of its own', t => {
	const markdown = htmlToMarkdown('<a href="/big"><h2>Heading</h2><p>Para</p></a>', base);
	t.is(markdown, '## Heading\n\nPara\n\n[thedriven.example](https://thedriven.example/big)');
});

test('inline elements that only wrap text are unwrapped, bdo included', t => {
	const markdown = htmlToMarkdown('<p><span class="x">a</span> <font color="red">b</font> <bdo dir="rtl">c</bdo> <a name="anchor">d</a></p>', base);
	t.is(markdown, 'a b c d');
});

test('code blocks come out verbatim: entities decoded, <br> as newline, tags dropped, indentation kept, no escapes', t => {
	const markdown = htmlToMarkdown(fixture('code-blocks.html'), base);
	t.true(markdown.includes('```xml\n<add key="max_retries" value="3" />\n<path>c:\\data\\logs\\</path>\n```'));
	t.true(markdown.includes('```\n/** Retries, with back-off. */\nfunction retry(count_max) {\n\treturn count_max * 2;\n}\n```'));
	t.true(markdown.includes('one & two\nbold stays plain\n```'));
	// The fence is longer than the longest backtick run inside, and names the language.
	t.true(markdown.includes('````python\ndef _th(x):\n    return x ** 2  # `quoted` and ```fenced```\n````'));
	// Control: the same text outside code is escaped.
	t.is(htmlToMarkdown('<p>/** x */ _th</p>', base), String.raw`/\*\* x \*/ \_th`);
});

test('inline code is a code span with enough backticks, never escaped', t => {
	const markdown = htmlToMarkdown(fixture('code-blocks.html'), base);
	t.true(markdown.includes('Set the `max_retries` key in `app_config.xml`, then run ```a``b```.'));
	t.is(htmlToMarkdown('<p><code>`tick</code></p>', base), '`` `tick ``');
});

test('outside code only what markdown needs is escaped: ordinary words stay as written', t => {
	const markdown = htmlToMarkdown(fixture('code-blocks.html'), base);
	t.true(markdown.includes('Plain words like snake_case, file_name_here and 5 * 3 stay as written;'));
	t.true(markdown.includes(String.raw`\_emphasis\_ and \*stars\* and \[brackets\] are escaped.`));
	t.is(htmlToMarkdown(String.raw`<p>c:\data &amp;copy; &lt;b&gt; ~~no~~ a~b</p>`, base), String.raw`c:\data \&copy; \<b> \~\~no\~\~ a\~b`);
	// Line-start markers that would make a list or a heading.
	t.is(htmlToMarkdown('<p>* not a list</p><p>2) not a list</p><p>3. nor this</p><p># nor a heading</p>', base), '\\* not a list\n\n2\\) not a list\n\n3\\. nor this\n\n\\# nor a heading');
});

test('tables become GFM tables: header, inline markup, breaks as spaces, | escaped, colspan blank; layout tables unwrapped', t => {
	const markdown = htmlToMarkdown(fixture('tables.html'), base);
	t.true(markdown.includes([
		'Rated range',
		'',
		'| Model | Battery | Range (WLTP) |',
		'| --- | --- | --- |',
		'| **Alpha** GT | 77 kWh | 520 km (18" wheels) |',
		String.raw`| Beta \| Sport | not yet rated |  |`,
		'| [Gamma](https://thedriven.example/models/gamma) |  | `n_a` |',
	].join('\n')), markdown);
	// No <th>: the first row is the header.
	t.true(markdown.includes('| Charger | Power |\n| --- | --- |\n| Home wallbox | 7 kW |'));
	// Layout: one cell, or a table holding a table, is unwrapped; the inner data table stays a table.
	t.true(markdown.includes('\n\nLayout text in one cell.\n\nSidebar cell\n\n| Inner | Value |\n| --- | --- |\n| x | 1 |'));
	t.is(markdown.match(/^\| --- /gm)?.length, 3);
	// Control: private-use marker characters in the feed text cannot forge cells.
	t.is(htmlToMarkdown('<table><tr><td>a\uE003\uE001</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>', base), '| a | b |\n| --- | --- |\n| c | d |');
});
