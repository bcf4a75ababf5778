import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import chalk from 'chalk';
import fc from 'fast-check';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {renderArticle, type ArticleInput} from '../source/article/render-article.js';
import {guardMarkdown, markdownMax, renderMarkdown} from '../source/article/markdown-terminal.js';
import {wrapLine, wrapNarrow} from '../source/article/wrap-line.js';

// Make chalk emit colour in this (piped) test process, so that `color: false` is really tested against a
// renderer that would otherwise colour, and `color: true` really produces SGR.
chalk.level = 3;

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'articles');
const fixture = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');

function article(html: string, extra: Partial<ArticleInput> = {}): ArticleInput {
	return {
		title: 'A new grid battery',
		author: 'Jo Citizen',
		published: '2026-11-20T10:00:00Z',
		categories: ['Batteries', 'Grid'],
		link: 'https://thedriven.example/2026/11/20/battery/',
		feedTitle: 'The Driven Example',
		html,
		base: 'https://thedriven.example/2026/11/20/battery/',
		...extra,
	};
}

const anyEscape = /[\u001B\u009B]/;

const controlsOtherThanSgr = /[\u0000-\u0008\u000B-\u001A\u001C-\u001F\u007F-\u009F]|\u001B(?!\[[\d;]*m)/;
const bidi = /[\u202A-\u202E\u2066-\u2069]/;

const sgr = /\u001B\[[\d;]*m/g;
const plainWidth = (line: string) => stringWidth(line);
/** The lines as one string of words (wrapping undone), for matching phrases. */
const flat = (lines: string[]) => lines.join(' ').replaceAll(/\s+/g, ' ');

test('links are numbered in the text and listed at the end; `links` returns them in order', t => {
	const {lines, links} = renderArticle(article(fixture('wordpress-post.html')), {width: 80, color: false});
	const text = lines.join('\n');
	t.deepEqual(links, [
		'https://thedriven.example/2026/11/20/grid-batteries/',
		'https://operator.example/news/2026/storage?ref=feed&id=42',
		'https://thedriven.example/tariffs/',
		'https://thedriven.example/2026/11/20/battery/',
		'https://thedriven.example/',
	]);
	t.true(flat(lines).includes('latest grid battery [1]'));
	t.true(flat(lines).includes('the new tariff [2]'));
	t.true(flat(lines).includes('tariffs page [3]'));
	t.regex(text, /^Links$/m);
	t.regex(text, /^\[1] https:\/\/thedriven\.example\/2026\/11\/20\/grid-batteries\/$/m);
	t.regex(text, /^\[5] https:\/\/thedriven\.example\/$/m);
	// No raw URL in the running text, and no OSC 8.
	const body = text.slice(0, text.indexOf('\nLinks'));
	t.false(body.includes('https://'));
	t.notRegex(text, anyEscape);
});

test('the same URL gets the same number', t => {
	const {lines, links} = renderArticle(article('<p><a href="/a">one</a> <a href="/b">two</a> <a href="/a">again</a></p>'), {width: 80, color: false});
	t.is(links.length, 2);
	t.true(flat(lines).includes('again [1]'));
});

test('javascript:, data:, file: links are inert and never numbered', t => {
	const {lines, links} = renderArticle(article(fixture('hostile.html')), {width: 80, color: false});
	t.deepEqual(links, ['https://evil.example/x', 'https://thedriven.example/2026/11/20/battery/relative/page.html']);
	const text = lines.join('\n');
	t.regex(flat(lines), /js link, mixed case, tab link, data link, file link, vb link, custom link, scheme-relative \[1], relative link \[2]/);
	t.notRegex(text, /javascript:|data:|file:|vbscript:/i);
});

test('images appear as [image: alt]', t => {
	const {lines} = renderArticle(article(fixture('wordpress-post.html')), {width: 80, color: false});
	t.true(lines.includes('[image: The battery site at dusk]'));
	const hostile = flat(renderArticle(article(fixture('hostile.html')), {width: 80, color: false}).lines);
	t.true(hostile.includes('[image: bad image] [image: inline image] [image: good image]'));
});

test('color: false gives no escape sequence at all, even when chalk could colour', t => {
	for (const name of ['wordpress-post.html', 'hostile.html', 'cjk-emoji.html']) {
		const {header, lines} = renderArticle(article(fixture(name)), {width: 60, color: false});
		for (const line of [...header, ...lines]) {
			t.notRegex(line, anyEscape, `${name}: ${JSON.stringify(line)}`);
		}
	}
});

test('color: true uses SGR styles only', t => {
	const {header, lines} = renderArticle(article(fixture('wordpress-post.html')), {width: 60, color: true});
	const text = [...header, ...lines].join('\n');
	t.regex(text, /\u001B\[1m/);
	t.notRegex(text, controlsOtherThanSgr);
});

test('OSC 52, OSC 8 and bidi in the HTML never reach the output', t => {
	for (const color of [false, true]) {
		const raw = '<p>a\u001B]52;c;Y3VybCBldmlsLnNofHNo\u0007b \u001B]8;;https://phish.example\u0007Your bank\u001B]8;;\u0007 \u202Eevil\u2066 \u009B2J</p>';
		const {header, lines} = renderArticle(article(raw + fixture('hostile.html'), {title: 'T\u001B]0;pwn\u0007itle \u202E'}), {width: 70, color});
		const text = [...header, ...lines].join('\n');
		t.notRegex(text, controlsOtherThanSgr);
		t.notRegex(text, bidi);
		t.false(text.includes(']52;'));
		t.false(text.includes(']8;;'));
		t.false(text.includes(']0;'));
	}
});

test('every line fits the width (string width), at several widths, with CJK, emoji, code and long URLs', t => {
	const html = fixture('wordpress-post.html') + fixture('cjk-emoji.html')
		+ '<p>' + 'x'.repeat(300) + ' <a href="/' + 'long-path/'.repeat(30) + '">long link</a></p>'
		+ '<pre><code>' + 'const value = "a very long line of code that does not fit anywhere";'.repeat(4) + '</code></pre>'
		+ '<ul><li>A list item with a lot of words that must wrap with a hanging indent under the bullet point</li></ul>';
	for (const width of [20, 33, 60, 80, 200]) {
		for (const color of [false, true]) {
			const {header, lines} = renderArticle(article(html, {title: '電気自動車 '.repeat(20)}), {width, color, articleWidth: 1000});
			for (const line of [...header, ...lines]) {
				t.true(plainWidth(line) <= width, `width ${width}: ${JSON.stringify(line)}`);
			}
		}
	}
});

test('the body is set at min(width, articleWidth)', t => {
	const html = '<p>' + 'word '.repeat(200) + '</p>';
	const wide = renderArticle(article(html), {width: 200, color: false, articleWidth: 50});
	t.true(wide.lines.every(line => plainWidth(line) <= 50));
	t.true(wide.lines.some(line => plainWidth(line) > 40));
	const defaults = renderArticle(article(html), {width: 300, color: false});
	t.true(defaults.lines.every(line => plainWidth(line) <= 100));
});

test('CJK and emoji are preserved', t => {
	const {header, lines} = renderArticle(article(fixture('cjk-emoji.html'), {title: '電気自動車の販売 🚗'}), {width: 30, color: false});
	const joined = lines.join('');
	t.true(header.join('').includes('電気自動車の販売 🚗'));
	t.true(joined.includes('日本の電気自動車市場は今年大きく成長しました。'));
	t.true(joined.includes('中文测试：电动汽车在澳大利亚越来越受欢迎。'));
	for (const emoji of ['🚗⚡', '🇦🇺', '🔋']) {
		t.true(joined.includes(emoji), emoji);
	}

	t.false(joined.includes('\uFFFD'));
});

test('a long word of emoji is cut between graphemes, never inside one', t => {
	const lines = wrapLine('a' + '😀'.repeat(50), 9);
	t.true(lines.length > 5);
	for (const line of lines) {
		t.true(stringWidth(line) <= 9);
		t.true(line.isWellFormed());
	}

	t.is(lines.join(''), 'a' + '😀'.repeat(50));
});

test('wrapped styled lines close their styles and re-open them on the next line', t => {
	const line = '\u001B[1m' + 'bold words '.repeat(10) + '\u001B[22m tail';
	const lines = wrapLine(line, 25);
	t.true(lines.length > 2);
	for (const [index, wrapped] of lines.entries()) {
		if (index < lines.length - 1) {
			// Closed (wrap-ansi closes bold with its own closing code, 22).
			t.regex(wrapped, /\u001B\[(?:0|22)m$/);
		}

		if (index > 0 && index < lines.length - 1) {
			t.true(wrapped.startsWith('\u001B[1m'));
		}
	}
});

test('list items wrap with a hanging indent, and inline markup in them is rendered (marked-terminal#304)', t => {
	const {lines} = renderArticle(article('<ul><li>first with <strong>bold</strong> and <em>em</em> and <code>code</code> then enough words to wrap the line</li></ul>'), {width: 40, color: false});
	const text = lines.join('\n');
	t.false(text.includes('**'));
	t.false(text.includes('`code`'));
	t.true(text.includes('bold'));
	const bullet = lines.findIndex(line => /^\s*\* first/.test(line));
	t.true(bullet !== -1);
	const indent = /^\s*\* /.exec(lines[bullet]!)![0].length;
	t.is(/^ */.exec(lines[bullet + 1]!)![0].length, indent);
});

test('an unlabelled code block renders (colour on, so highlighting is in play)', t => {
	const {lines} = renderArticle(article('<pre><code>function add(a, b) {\n  return a + b;\n}</code></pre>'), {width: 60, color: true});
	const plain = lines.map(line => line.replaceAll(/\u001B\[[\d;]*m/g, '')).join('\n');
	t.true(plain.includes('function add(a, b) {'));
	t.true(plain.includes('return a + b;'));
});

test('the header: title, author · date · feed, categories, punycode host', t => {
	const {header} = renderArticle(article('<p>x</p>', {link: 'https://аpple.com/story'}), {width: 80, color: false});
	t.is(header[0], 'A new grid battery');
	t.regex(header[1]!, /^Jo Citizen · 2026-11-\d\d \d\d:\d\d · The Driven Example$/);
	t.is(header[2], '# Batteries, Grid');
	t.is(header[3], '⇗ xn--pple-43d.com');
	const bare = renderArticle(article('<p>x</p>', {author: null, published: 'not a date', categories: [], link: 'javascript:alert(1)'}), {width: 80, color: false});
	t.deepEqual(bare.header, ['A new grid battery', 'The Driven Example']);
});

test('20,000 nested divs and 2,000 nested lists render with a notice', t => {
	const divs = renderArticle(article('<div>'.repeat(20_000) + 'deep' + '</div>'.repeat(20_000)), {width: 80, color: false});
	t.true(divs.lines.join('\n').includes('content too complex'));
	const lists = renderArticle(article('<ul><li>x'.repeat(2000) + '</li></ul>'.repeat(2000)), {width: 80, color: true});
	t.true(lists.lines.join('\n').includes('content too complex'));
});

test('"[a](" repeated 2,000 times as text renders', t => {
	const {lines} = renderArticle(article('<p>' + '[a]('.repeat(2000) + '</p>'), {width: 80, color: false});
	t.true(lines[0]!.startsWith('[a]([a]('));
});

test('the markdown guard caps size and nesting before marked', t => {
	const big = guardMarkdown('para\n\n'.repeat(markdownMax / 3));
	t.true(big.markdown.length <= markdownMax);
	t.true(big.notices.some(notice => notice.includes('cut')));
	const quotes = guardMarkdown('> '.repeat(5000) + 'deep');
	t.true(quotes.markdown.length < 200);
	t.true(quotes.markdown.endsWith('deep'));
	t.is(quotes.notices.length, 1);
	const lists = guardMarkdown(Array.from({length: 500}, (_, index) => ' '.repeat(index * 2) + '- item').join('\n'));
	t.is(lists.notices.length, 1);
	// Deep markdown then renders quickly instead of exhausting the stack.
	const rendered = renderMarkdown('> '.repeat(5000) + 'deep', {width: 60, color: false});
	t.true(rendered.lines.join('\n').includes('deep'));
	// Ordinary markdown is untouched.
	t.is(guardMarkdown('- a\n  - b\n> c').markdown, '- a\n  - b\n> c');
});

test('rendering is memoised and returns equal results', t => {
	const input = article(fixture('wordpress-post.html'));
	const first = renderArticle(input, {width: 72, color: true});
	const second = renderArticle(input, {width: 72, color: true});
	t.deepEqual(second, first);
	// Mutating a result does not poison the memo.
	second.links.push('https://x.example/');
	t.is(renderArticle(input, {width: 72, color: true}).links.length, first.links.length);
});

test('empty content says so', t => {
	const {lines, links} = renderArticle(article(''), {width: 60, color: false});
	t.deepEqual(links, []);
	t.regex(lines.join('\n'), /no content/);
});

test('property: any HTML-ish input renders within the width, without controls, with only http(s) links', t => {
	const pieces = fc.constantFrom('<p>', '</p>', '<a href="javascript:x">', '<a href="/rel">', '</a>', '<img src="/i.png" alt="i">', '<ul><li>', '</li></ul>', '<blockquote>', '</blockquote>', '<pre><code>', '</code></pre>', '<h2>', '</h2>', '&#x1b;[2J', '\u001B]8;;x\u0007', '中文字符', '👩‍👩‍👧', '[a](', '**', ' ', 'word ');
	fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string({maxLength: 6})), {maxLength: 50}), fc.integer({min: 10, max: 120}), fc.boolean(), (parts, width, color) => {
		const {header, lines, links} = renderArticle(article(parts.join('')), {width, color});
		return [...header, ...lines].every(line => stringWidth(line) <= width && !(color ? controlsOtherThanSgr : anyEscape).test(line))
			&& links.every(link => /^https?:\/\//.test(link));
	}), {numRuns: 200});
	t.pass();
});

test('IDN links are listed in punycode', t => {
	const {links, lines} = renderArticle(article(fixture('cjk-emoji.html')), {width: 80, color: false});
	t.deepEqual(links, ['https://xn--r8jz45g.jp/%E8%A8%98%E4%BA%8B']);
	t.true(lines.includes('[1] https://xn--r8jz45g.jp/%E8%A8%98%E4%BA%8B'));
	t.true(flat(lines).includes('日本語のリンク [1]'));
});

test('a very long run of CJK or emoji without spaces is wrapped in linear time, and kept whole', t => {
	// Intl.Segmenter is superlinear on long strings: before chunking, 200,000 CJK characters took minutes.
	const cjk = '中'.repeat(200_000);
	const {lines} = renderArticle(article(`<p>${cjk}</p>`), {width: 80, color: false});
	t.is(lines.length, 5000);
	t.true(lines.every(line => line === '中'.repeat(40)));
	const emoji = 'a😀👩‍🔬'.repeat(5000);
	const wrapped = wrapLine(emoji, 31);
	t.true(wrapped.every(line => stringWidth(line) <= 31));
	t.is(wrapped.join(''), emoji);
});

test('wrapping never breaks inside a word that carries style codes (a coloured link marker and its full stop)', t => {
	const line = 'The operator says \u001B[34mdepot charging\u001B[39m \u001B[36m[1]\u001B[39m cut costs. \u001B[34mFull data\u001B[39m \u001B[36m[2]\u001B[39m.';
	const plain = wrapLine(line, 61).map(text => text.replaceAll(/\u001B\[[\d;]*m/g, ''));
	t.deepEqual(plain, ['The operator says depot charging [1] cut costs. Full data', '[2].']);
});

test('code renders verbatim in the terminal, without markdown backslashes, with and without colour', t => {
	const html = fixture('code-blocks.html');
	for (const color of [false, true]) {
		const text = renderArticle(article(html), {width: 80, color}).lines.map(line => line.replaceAll(sgr, '')).join('\n');
		t.true(text.includes(String.raw`<path>c:\data\logs\</path>`), String(color));
		t.true(text.includes('/** Retries, with back-off. */'));
		t.true(text.includes('def _th(x):'));
		t.true(text.includes('Set the max_retries key in app_config.xml'));
		t.true(text.includes('snake_case, file_name_here and 5 * 3'));
		t.false(text.includes(String.raw`\_`));
	}
});

const tableLines = (width: number) => renderArticle(article(fixture('wide-table.html')), {width, color: false, articleWidth: 200}).lines;

test('a table is a box-drawn grid at its natural width when it fits (120 columns)', t => {
	t.deepEqual(tableLines(120), [
		'┌───────────────────────┬──────────────────┬─────────────────┬─────────────────────────────┐',
		'│ Manufacturer          │ Battery capacity │ Connector type  │ Availability                │',
		'├───────────────────────┼──────────────────┼─────────────────┼─────────────────────────────┤',
		'│ Hyundai Motor Company │ 84 kWh usable    │ CCS2 and Type 2 │ December 2026 in all states │',
		'│ Example Motors        │ 60 kWh           │ CCS2            │ Now                         │',
		'└───────────────────────┴──────────────────┴─────────────────┴─────────────────────────────┘',
	]);
});

test('a table too wide for the pane wraps its cells (80 columns)', t => {
	const lines = tableLines(80);
	t.true(lines.every(line => stringWidth(line) <= 80));
	t.true(lines[0]!.startsWith('┌') && lines.at(-1)!.startsWith('└'));
	t.is(lines.filter(line => line.startsWith('├')).length, 2, lines.join('\n'));
	t.true(lines.every(line => /^[┌├└│]/.test(line)));
	// Wrapped, not cut: every word is still there.
	t.is(
		flat(lines.map(line => line.replaceAll(/[│┌┐└┘├┤┬┴┼─]/g, ' '))).trim().split(' ').sort().join(' '),
		'2 2026 60 84 Availability Battery CCS2 CCS2 Company Connector December Example Hyundai Manufacturer Motor Motors Now Type all and capacity in kWh kWh states type usable',
	);
	// Control: at 120 columns there is no wrapping, so no separator between body rows.
	t.is(tableLines(120).filter(line => line.startsWith('├')).length, 1);
});

test('a table that cannot fit even wrapped shows one record per row (40 columns)', t => {
	t.deepEqual(tableLines(40), [
		'Manufacturer: Hyundai Motor Company',
		'Battery capacity: 84 kWh usable',
		'Connector type: CCS2 and Type 2',
		'Availability: December 2026 in all',
		'states',
		'',
		'Manufacturer: Example Motors',
		'Battery capacity: 60 kWh',
		'Connector type: CCS2',
		'Availability: Now',
	]);
});

const stripSgr = (line: string) => line.replaceAll(/\u001B\[[\d;]*m/g, '');

test('property: wrapping never splits a URL that fits in the width, and never exceeds the width', t => {
	const url = fc.stringMatching(/^[a-z\d/._~-]{1,90}$/).map(path => `https://ex.example/${path}`);
	const word = fc.oneof(url, fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom('\u001B[34mlink\u001B[39m', '電気', '🚗'));
	fc.assert(fc.property(fc.array(word, {minLength: 1, maxLength: 30}), fc.integer({min: 10, max: 120}), (words, width) => {
		const lines = wrapLine(words.join(' '), width).map(line => stripSgr(line));
		if (!lines.every(line => stringWidth(line) <= width)) {
			return false;
		}

		const whole = lines.join('\n');
		return words.every(item => !item.startsWith('https://') || stringWidth(item) > width || lines.some(line => line.includes(item))) && whole.length > 0;
	}), {numRuns: 400});
	t.pass();
});

test('property: the fast wrap of single-width text gives exactly wrap-ansi\'s rows', t => {
	const word = fc.oneof(fc.stringMatching(/^[a-z]{1,12}$/), fc.constantFrom('', '—', '’s', '“quoted”', 'a\u00A0b', '\u00A0', 'café', 'Ωμέγα', 'x'.repeat(40)));
	const sameAs = (wrap: (text: string, columns: number) => string[]) => fc.property(fc.array(word, {minLength: 1, maxLength: 40}), fc.integer({min: 10, max: 120}), (words, width) => {
		const text = words.filter(item => item.length <= width).join(' ');
		return JSON.stringify(wrap(text, width)) === JSON.stringify(wrapAnsi(text, width, {hard: true}).split('\n'));
	});
	fc.assert(sameAs(wrapNarrow), {numRuns: 1000});
	// Control: a wrapper one column off is caught.
	t.true(fc.check(sameAs((text, columns) => wrapNarrow(text, columns - 1)), {numRuns: 1000}).failed);
});

test('a URL that fits moves to the next line whole; a longer one breaks at the edge with a continuation mark', t => {
	const fits = 'https://ex.example/' + 'a'.repeat(20);
	t.deepEqual(wrapLine(`see the report at ${fits} today`, 40), ['see the report at', fits, 'today']);
	const long = 'https://ex.example/' + 'b'.repeat(60);
	const lines = wrapLine(`see ${long} now`, 30);
	t.deepEqual(lines, ['see', long.slice(0, 29) + '…', long.slice(29, 58) + '…', long.slice(58) + ' now']);
	t.is(lines.map(line => line.replace(/…$/, '')).join('').replace(/^see/, '').replace(/ now$/, ''), long);
	// Control: the old behaviour (filling the line, no mark) would have cut right after "see ".
	t.false(lines[0]!.includes('https'));
});

test('the link list shows each URL in full, continuation lines hanging under it', t => {
	const long = 'https://thedriven.example/' + 'long-path/'.repeat(8) + 'end';
	const {lines} = renderArticle(article(`<p><a href="${long}">report</a> and <a href="https://ex.example/short">short</a></p>`), {width: 40, color: false});
	const start = lines.indexOf('Links');
	const list = lines.slice(start + 1);
	t.is(list[0]!.slice(0, 4), '[1] ');
	t.is(list.slice(0, -1).map(line => line.slice(4).replace(/…$/, '')).join(''), long);
	t.is(list.at(-1), '[2] https://ex.example/short');
	t.true(list.every(line => stringWidth(line) <= 40));
});
