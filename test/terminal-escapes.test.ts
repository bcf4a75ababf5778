/*
Checklist section A, terminal escape injection (/work/shared/docs/security-checklist.md; the table is in test/README.md):
escapes, C1 and C0 controls in every field and every output (the --json output, the piped `read`, the plain list,
the article renderer), remote text in error messages, and binary bodies. Real loopback servers, real temp XDG folders.
*/
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {FeedError} from '../source/feed/errors.js';
import {fetchFeed} from '../source/feed/fetch-feed.js';
import {parseFeed} from '../source/feed/parse.js';
import {sanitizeLine, sanitizeText, stringifyJsonSafe} from '../source/feed/sanitize.js';
import {readSnapshot, writeSnapshot} from '../source/store/cache.js';
import {jsonStrings} from './helpers/json-strings.js';
import {
	assertClean, bel, cli, esc, goodItems, type JsonPost, parsePosts, rss, rssType, securityFixtures, sgr, switchable, withTemporary,
} from './helpers/security.js';
import {serveRaw, serveRoutes} from './helpers/servers.js';

// The UI modules are loaded after these are set: colour on (so SGR is in play and must be the only escape left),
// and marked-terminal told that the terminal supports OSC 8 hyperlinks (item 5). Test files run in their own process.
process.env.FORCE_COLOR = '1';
process.env.FORCE_HYPERLINK = '1';
const {renderArticle} = await import('../source/article/render-article.js');
const {displayUrl} = await import('../source/ui/open-link.js');

test('item 2: OSC 52 clipboard writes (7-bit, 8-bit, entity-encoded) never reach any output, payload included', async t => {
	t.timeout(40_000);
	const payload = 'Y3VybCBldmlsLnNofHNo';
	const osc52 = `${esc}]52;c;${payload}${bel}`;
	const osc52c1 = `\u009D52;c;${payload}\u009C`;
	const feed = rss([{
		title: `Clip${osc52}board`,
		guid: 'osc-1',
		link: 'https://ev.example/osc',
		author: `Ann${osc52c1}Author`,
		categories: [`Cat${osc52}`],
		pubDate: 'Wed, 25 Nov 2026 22:30:00 +0000',
		description: `<![CDATA[<p>Summary ${osc52} text</p>]]>`,
		content: `<![CDATA[<p>Raw ${osc52} body.</p><p>Entity &#x1b;]52;c;${payload}&#x07; body.</p><p>Eight-bit ${osc52c1} body.</p><pre><code>code ${osc52} block</code></pre><p><img alt="alt${osc52}" src="https://ev.example/i.png"> <code>span${osc52}</code></p>]]>`,
	}]);
	const server = await serveRoutes({'/feed': {headers: rssType, body: feed}});
	try {
		await withTemporary(async temporary => {
			const checkOutput = (text: string, label: string) => {
				assertClean(t, text, label);
				t.false(text.includes(payload), `${label}: the OSC 52 payload is still there`);
				t.false(text.includes('52;c;'), `${label}: OSC 52 remnant`);
				t.notRegex(text, /\\u001b|\\u009d|\\u0007/i, String.raw`${label}: an escaped control (JSON \u) still there`);
			};

			const json = await cli(temporary, ['--json', '--fields', 'id,title,author,categories,summary,content', '--feed', server.url('/feed')]);
			t.is(json.code, 0, json.stderr);
			checkOutput(json.stdout, '--json');
			const [post] = parsePosts(t, json);
			t.is(post?.title, 'Clipboard');
			t.is(post?.author, 'AnnAuthor');
			t.deepEqual(post?.categories, ['Cat']);
			t.regex(post?.content ?? '', /Raw\s+body/);
			t.regex(post?.content ?? '', /Entity\s+body/);

			const read = await cli(temporary, ['read', '--', post!.id]);
			t.is(read.code, 0, read.stderr);
			checkOutput(read.stdout, 'read (piped)');
			t.regex(read.stdout, /Raw\s+body/);

			const plain = await cli(temporary, ['--feed', server.url('/feed')]);
			t.is(plain.code, 0, plain.stderr);
			checkOutput(plain.stdout, 'plain list');
			t.true(plain.stdout.includes('Clipboard'));

			// The full-screen reader's article renderer, with colour: only SGR sequences may remain.
			const parsed = parseFeed(feed, {url: server.url('/feed')});
			const article = parsed.posts[0]!;
			const rendered = renderArticle({...article, feedTitle: parsed.title}, {width: 80, color: true});
			const all = [...rendered.header, ...rendered.lines].join('\n');
			checkOutput(all.replaceAll(sgr, ''), 'renderArticle');

			// Sanitised again at render time (R1): a cache written by anything else (an old version, a hand edit)
			// still cannot put OSC 52 on the terminal through the text outputs.
			// Layout 2: the body through the cache's own writer (it is found by offset), the posts by hand, and the
			// library index removed so that it is rebuilt from the poisoned files.
			const cacheRoot = path.join(temporary.dir, 'cache', 'evnews');
			writeSnapshot(readSnapshot(server.url('/feed'), cacheRoot).value!, {[post!.id]: {html: `<p>Poisoned ${osc52} body ${osc52c1}</p>`, base: server.url('/feed')}}, cacheRoot);
			const cacheDirectory = path.join(cacheRoot, 'feeds');
			for (const name of fs.readdirSync(cacheDirectory).filter(name => name.endsWith('.posts.json'))) {
				const file = path.join(cacheDirectory, name);
				const value = JSON.parse(fs.readFileSync(file, 'utf8')) as {posts: Array<Record<string, unknown> & {feed: {title: string}}>};
				Object.assign(value.posts[0]!, {title: `Poisoned${osc52}`, author: `A${osc52}`, categories: [`C${osc52}`], summary: `S${osc52}`, link: `https://ev.example/${osc52}`});
				value.posts[0]!.feed.title = `F${osc52}`;
				fs.writeFileSync(file, JSON.stringify(value));
			}

			fs.rmSync(path.join(cacheRoot, 'library-index.json'), {force: true});

			const poisonedList = await cli(temporary, ['--offline', '--feed', server.url('/feed')]);
			t.is(poisonedList.code, 0, poisonedList.stderr);
			checkOutput(poisonedList.stdout, 'plain list from a poisoned cache');
			t.true(poisonedList.stdout.includes('Poisoned'));
			const poisonedRead = await cli(temporary, ['read', '--', post!.id]);
			t.is(poisonedRead.code, 0, poisonedRead.stderr);
			checkOutput(poisonedRead.stdout, 'read from a poisoned cache');
			t.regex(poisonedRead.stdout, /Poisoned\s+body/);
		});
	} finally {
		await server.close();
	}
});

test('item 5: deceptive link text: no OSC 8 even when hyperlinks are forced; the real target (punycode host) is shown', async t => {
	const html = '<p>Log in at <a href="https://evil.example/p">https://bank.example/login</a> or <a href="https://\u0430pple.com/x">apple.com</a> or <a href="https://bank.example@evil.example/">https://bank.example/</a>.</p>';
	for (const color of [true, false]) {
		const rendered = renderArticle({title: 'Links', link: 'https://ev.example/p', author: null, published: null, categories: [], html, base: 'https://ev.example/p'} as never, {width: 100, color});
		const all = [...rendered.header, ...rendered.lines].join('\n');
		t.false(all.includes(`${esc}]8`), 'OSC 8 hyperlink emitted');
		t.false(all.includes('\u009D8'), '8-bit OSC 8 emitted');
		t.deepEqual(rendered.links, ['https://evil.example/p', 'https://xn--pple-43d.com/x', 'https://evil.example/']);
		const plain = all.replaceAll(sgr, '');
		// The deceptive text is numbered, and the number's real target is listed.
		t.regex(plain, /https:\/\/bank\.example\/login \[1]/);
		t.regex(plain, /\[1] https:\/\/evil\.example\/p/);
		t.regex(plain, /\[2] https:\/\/xn--pple-43d\.com\/x/);
		t.false(plain.includes('bank.example@'), 'userinfo shown as if it were the host');
	}

	// Opening a link shows the punycode host first and no userinfo.
	const shown = displayUrl(new URL('https://bank.example@\u0430pple.com/login'));
	t.true(shown.startsWith('xn--pple-43d.com'), shown);
	t.false(shown.includes('bank.example'), shown);

	// The piped `read` output keeps the target visible next to the text.
	const server = await serveRoutes({'/feed': {headers: rssType, body: rss([{title: 'Deceptive', guid: 'd-1', link: 'https://ev.example/d', content: `<![CDATA[${html}]]>`}])}});
	try {
		await withTemporary(async temporary => {
			const json = await cli(temporary, ['--json', '--feed', server.url('/feed')]);
			const [post] = parsePosts(t, json);
			const read = await cli(temporary, ['read', '--', post!.id]);
			t.is(read.code, 0, read.stderr);
			t.false(read.stdout.includes(`${esc}]8`));
			t.true(read.stdout.includes('https://evil.example/p'), read.stdout);
			t.true(read.stdout.includes('xn--pple-43d.com'), read.stdout);
		});
	} finally {
		await server.close();
	}
});

test('item 7: C1 controls (raw UTF-8, numeric references, windows-1252 bytes) are removed everywhere', async t => {
	t.timeout(40_000);
	const c1 = '\u0080\u0085\u0090\u009B\u009C\u009D\u009F';
	const utf8Feed = rss([{
		// Openers (U+0090 DCS, U+009D OSC…) are terminated by ST here: unterminated, they rightly eat the rest of the field.
		// Numeric references 0x80–0x9F decode as HTML does (windows-1252: &#x9b; is ›, &#x85; is …), never as C1.
		title: 'Title \u0080\u0085\u009B2J \u0090dcs\u009C \u009D0;x\u009C &#x9b;2J &#x85; &#155;31m end',
		guid: `c1-${c1}`,
		link: 'https://ev.example/c1',
		author: 'Bob\u009B2J',
		categories: ['C\u009D0;x\u009Cat'],
		description: '<![CDATA[<p>Sum\u009Bmary &#x9b;31m</p>]]>',
		content: '<![CDATA[<p>Body \u009B2J \u009D0;title\u009C &#x9b;2J &#x9d;0;t&#x9c; end</p>]]>',
	}]);
	// The same kind of text as windows-1252 bytes: 0x9B is › there, never U+009B.
	const cp1252Feed = Buffer.concat([
		Buffer.from('<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>W</title><item><guid>w-1</guid><title>Quote '),
		Buffer.from([0x93, 0x9B, 0x94, 0x85, 0x80, 0x81]),
		Buffer.from(' end</title></item></channel></rss>'),
	]);
	const server = await serveRoutes({
		'/utf8': {headers: rssType, body: utf8Feed},
		'/cp1252': {headers: {'content-type': 'text/xml'}, body: cp1252Feed},
	});
	try {
		await withTemporary(async temporary => {
			for (const format of ['--json', '--jsonl']) {
				const result = await cli(temporary, [format, '--fields', 'id,guid,title,author,categories,summary,content', '--feed', server.url('/utf8'), '--feed', server.url('/cp1252')]);
				t.is(result.code, 0, result.stderr);
				assertClean(t, result.stdout.replaceAll('\n', ''), `${format} raw stdout`);
				const objects = format === '--json' ? parsePosts(t, result) : result.stdout.trim().split('\n').map(line => JSON.parse(line) as JsonPost);
				t.is(objects.length, 2);
				for (const text of jsonStrings(objects)) {
					assertClean(t, text.replaceAll('\n', ''), `${format} decoded string`);
				}

				const titles = objects.map(post => post.title);
				// Raw U+0080–U+009F read as windows-1252 too (issue 7 §1.5): U+0080 is €, U+0085 …, U+009B ›.
				t.true(titles.includes('Title €…›2J ›2J … ›31m end'), JSON.stringify(titles));
				t.true(titles.includes('Quote “›”…€\uFFFD end'), JSON.stringify(titles));
			}

			const plain = await cli(temporary, ['--feed', server.url('/utf8'), '--feed', server.url('/cp1252')]);
			t.is(plain.code, 0, plain.stderr);
			assertClean(t, plain.stdout.replaceAll('\n', '').replaceAll('\t', ' '), 'plain list');
		});
	} finally {
		await server.close();
	}

	// JSON output escapes C1 that does reach it (lossless), so a JSON stream in a terminal stays inert.
	const encoded = stringifyJsonSafe({s: 'a\u009Bb\u0085c\u202Ed\u2028e'});
	t.notRegex(encoded, /[\u0080-\u009F\u202E\u2028]/u);
	t.deepEqual(JSON.parse(encoded), {s: 'a\u009Bb\u0085c\u202Ed\u2028e'});
});

test('item 17: remote text in error messages (reason phrase, Location, Content-Type, Content-Encoding, Server, the URL) is sanitised', async t => {
	t.timeout(40_000);
	const replies: Record<string, string> = {
		reason: `HTTP/1.1 500 Oops${esc}]0;pwned${bel}${esc}[2J\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
		reason200: `HTTP/1.1 200 OK${esc}]0;pwned${bel}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello`,
		location: 'HTTP/1.1 302 Found\r\nLocation: http://\u009B31m\u009D0;pwned\u009C/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
		locationScheme: 'HTTP/1.1 302 Found\r\nLocation: javascript:\u009D0;pwned\u009Calert(1)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
		locationEsc: `HTTP/1.1 302 Found\r\nLocation: http://x.example/${esc}]0;pwned${bel}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
		contentType: 'HTTP/1.1 200 OK\r\nContent-Type: image/png\u009D0;pwned\u009C\u009B2J\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd',
		contentEncoding: 'HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: x\u009D0;pwned\u009C\u009B2J\r\nContent-Length: 4\r\nConnection: close\r\n\r\nabcd',
		server: 'HTTP/1.1 404 Not Found\u009B2J\r\nServer: evil\u009D0;pwned\u009C\r\nContent-Length: 0\r\nConnection: close\r\n\r\n',
	};
	const server = await serveRaw((socket, head) => {
		const name = /^GET \/(\w+)/.exec(head)?.[1] ?? '';
		socket.end(Buffer.from(replies[name] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 'latin1'));
	});
	try {
		// Module level: every FeedError message is one clean line.
		for (const name of Object.keys(replies)) {
			try {
				await fetchFeed(server.url(`/${name}`), {deadlineMs: 5000});
			} catch (error) {
				t.true(error instanceof FeedError, `${name}: ${String(error)}`);
				assertClean(t, (error as Error).message, `${name} message`);
				t.false((error as Error).message.includes('pwned'), `${name}: the OSC payload was echoed: ${(error as Error).message}`);
			}
		}

		await withTemporary(async temporary => {
			const feeds = Object.keys(replies).flatMap(name => ['--feed', server.url(`/${name}`)]);
			// A feed URL given by the user is echoed too (a prompt-like line): sanitise it.
			feeds.push('--feed', `http://127.0.0.1:1/x${esc}]0;pwned${bel}`);
			const result = await cli(temporary, ['--json', ...feeds]);
			t.is(result.code, 1, result.stderr);
			t.deepEqual(JSON.parse(result.stdout), []);
			assertClean(t, result.stderr.replaceAll('\n', ''), 'stderr');
			t.false(result.stderr.includes('pwned'), result.stderr);
			const lines = result.stderr.trim().split('\n');
			t.true(lines.length >= Object.keys(replies).length + 1, result.stderr);
			t.regex(result.stderr, /HTTP 500/);
			t.regex(result.stderr, /not a feed/);
		});
	} finally {
		await server.close();
	}
});

test('item 18: the sanitiser removes what util.stripVTControlCharacters leaves (BEL, BS, CR, DCS/APC payloads, C1 OSC, OSC with a space or "(")', async t => {
	const cases: Array<[string, string]> = [
		['a\u0007b', 'a b'],
		['safe\b\b\b\bEVIL', 'safe EVIL'],
		['Official notice\rPhishing text', 'Official notice Phishing text'],
		[String.raw`a${esc}Ppayload${esc}\b`, 'ab'],
		[String.raw`a${esc}_apc payload${esc}\b`, 'ab'],
		['a\u009Dosc payload\u009Cb', 'ab'],
		[`${esc}]0;ti tle${bel}x`, 'x'],
		[`x${esc}]8;;https://phish.example/(a)${bel}Your bank${esc}]8;;${bel}y`, 'xYour banky'],
		[String.raw`q${esc}[>0q${esc}[6n${esc}P$q${esc}\r`, 'qr'],
		[`t${esc}]8;;https://evil`, 't'],
	];
	for (const [input, expected] of cases) {
		const line = sanitizeLine(input);
		t.is(line, expected, JSON.stringify(input));
		t.is(sanitizeLine(line), line, `idempotent: ${JSON.stringify(input)}`);
		const text = sanitizeText(input);
		assertClean(t, text.replaceAll('\n', ''), `sanitizeText(${JSON.stringify(input)})`);
		t.notRegex(text, /payload|ti tle|phish/, `sanitizeText kept a payload: ${JSON.stringify(text)}`);
	}

	// The same inputs through the whole pipeline: the stored and printed titles.
	const feed = rss(cases.map(([input], index) => ({
		title: input.replaceAll('&', '&amp;').replaceAll('<', '&lt;'),
		guid: `s-${index}`,
		pubDate: new Date(Date.UTC(2026, 10, 25, 20 - index)).toUTCString(),
	})));
	const server = await serveRoutes({'/feed': {headers: rssType, body: feed}});
	try {
		await withTemporary(async temporary => {
			const result = await cli(temporary, ['--json', '--fields', 'guid,title', '--feed', server.url('/feed')]);
			t.is(result.code, 0, result.stderr);
			const titles = new Map(parsePosts(t, result).map(post => [post.guid, post.title]));
			for (const [index, [input, expected]] of cases.entries()) {
				// An empty title falls back to other text; the rest must be exactly the sanitised title.
				if (expected !== '') {
					t.is(titles.get(`s-${index}`), expected, JSON.stringify(input));
				}
			}
		});
	} finally {
		await server.close();
	}

	// And it is not the security filter anywhere in the code.
	const sources = fs.readdirSync(path.join(securityFixtures, '..', '..', '..', 'source'), {recursive: true, encoding: 'utf8'})
		.filter(name => /\.tsx?$/.test(name));
	for (const name of sources) {
		const text = fs.readFileSync(path.join(securityFixtures, '..', '..', '..', 'source', name), 'utf8');
		t.notRegex(text, /stripVTControlCharacters|from 'strip-ansi'/, `${name} uses stripVTControlCharacters/strip-ansi`);
	}
});

test('item 21: a binary body is reported as "not a feed", never printed, and keeps the cached posts', async t => {
	t.timeout(40_000);
	const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Buffer.from(`${esc}]0;pwned${bel}`), Buffer.alloc(2048, 0x9B)]);
	const zip = Buffer.concat([Buffer.from([0x50, 0x4B, 0x03, 0x04]), Buffer.alloc(1024, 0x1B)]);
	const junk = Buffer.from(Array.from({length: 4096}, (_, index) => (index * 37) % 256));
	const feed = switchable({headers: rssType, body: rss(goodItems(3))});
	const server = await serveRoutes({
		'/feed': feed.route,
		'/png': {headers: {'content-type': 'image/png'}, body: png},
		'/zip': {headers: {'content-type': 'application/rss+xml'}, body: zip},
		'/junk': {headers: {'content-type': 'application/octet-stream'}, body: junk},
	});
	try {
		await withTemporary(async temporary => {
			const first = await cli(temporary, ['--json', '--feed', server.url('/feed')]);
			t.is(parsePosts(t, first).length, 3);

			const fresh = await cli(temporary, ['--json', '--feed', server.url('/png'), '--feed', server.url('/zip'), '--feed', server.url('/junk')]);
			t.is(fresh.code, 1, fresh.stderr);
			t.deepEqual(JSON.parse(fresh.stdout), []);
			assertClean(t, fresh.stderr.replaceAll('\n', ''), 'stderr');
			t.false(fresh.stderr.includes('\u0089') || fresh.stderr.includes('\u001A'), 'raw body bytes in the message');
			t.false(fresh.stderr.includes('pwned'));
			const lines = fresh.stderr.trim().split('\n');
			t.is(lines.filter(line => line.includes('not a feed')).length, 3, fresh.stderr);
			t.true(lines.every(line => line.length < 400), 'a message carries a body dump');
			t.regex(fresh.stderr, /png\b.*not a feed \((?:a png image|image\/png)/i);

			// The cached feed now serves an image: the posts stay.
			feed.state.headers = {'content-type': 'image/png'};
			feed.state.body = png;
			const after = await cli(temporary, ['--json', '--feed', server.url('/feed')]);
			t.is(after.code, 3, after.stderr);
			t.is(parsePosts(t, after).length, 3);
			t.regex(after.stderr, /not a feed/);
			assertClean(t, after.stderr.replaceAll('\n', ''), 'stderr');
		});
	} finally {
		await server.close();
	}
});
