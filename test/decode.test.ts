import fs from 'node:fs';
import test from 'ava';
import fc from 'fast-check';
import {decodeFeedBytes} from '../source/feed/decode.js';
import {parseFeed} from '../source/feed/parse.js';
import {cli, parsePosts, rss, withTemporary} from './helpers/security.js';
import {serveRoutes} from './helpers/servers.js';

const fixture = (name: string) => new Uint8Array(fs.readFileSync(new URL(`fixtures/encodings/${name}`, import.meta.url)));

const c1 = /[\u0080-\u009F]/;

function titleOf(text: string): string | undefined {
	return /<title>([^<]*)<\/title>/.exec(text)?.[1];
}

test('item 43: windows-1252 C1-range bytes decode to punctuation, not C1 controls (Node 20.20 regression)', t => {
	const bytes = new Uint8Array([0x93, 0x94, 0x80, 0x9B]);
	for (const charset of ['windows-1252', 'iso-8859-1', 'latin1', 'us-ascii', 'cp1252']) {
		const result = decodeFeedBytes(bytes, `application/rss+xml; charset=${charset}`);
		t.is(result.text, '\u201C\u201D\u20AC\u203A', charset);
		t.is(result.encoding, 'windows-1252');
		t.notRegex(result.text, c1);
	}
});

const fixtures: Array<[string, string | undefined, string, string]> = [
	['windows-1252.xml', undefined, 'windows-1252', '\u201CQuoted\u201D \u20AC5 \u203A caf\u00E9'],
	['iso-8859-1.xml', undefined, 'windows-1252', 'Fa\u00E7ade na\u00EFve \u00E9t\u00E9'],
	['iso-8859-2.xml', undefined, 'iso-8859-2', 'Za\u017C\u00F3\u0142\u0107 g\u0119\u015Bl\u0105 ja\u017A\u0144'],
	['iso-8859-15.xml', undefined, 'iso-8859-15', 'Prix \u20AC10 \u0153uvre \u0160'],
	['windows-1251.xml', undefined, 'windows-1251', '\u042D\u043B\u0435\u043A\u0442\u0440\u043E\u043C\u043E\u0431\u0438\u043B\u0438'],
	['gb2312.xml', undefined, 'gb18030', '\u7535\u52A8\u6C7D\u8F66\u65B0\u95FB'],
	['utf-16le-bom.xml', undefined, 'utf-16le', '\u7535\u52A8 \u00E9 \u{1F697}'],
	['utf-16be-bom.xml', undefined, 'utf-16be', '\u7535\u52A8 \u00E9 \u{1F697}'],
	['utf-16le.xml', undefined, 'utf-16le', '\u7535\u52A8 \u00E9 \u{1F697}'],
	['utf-16be.xml', undefined, 'utf-16be', '\u7535\u52A8 \u00E9 \u{1F697}'],
	// The same bytes with the encoding given by HTTP instead of the prolog.
	['windows-1251.xml', 'text/xml; charset=windows-1251', 'windows-1251', '\u042D\u043B\u0435\u043A\u0442\u0440\u043E\u043C\u043E\u0431\u0438\u043B\u0438'],
	['gb2312.xml', 'application/rss+xml; charset="GB2312"', 'gb18030', '\u7535\u52A8\u6C7D\u8F66\u65B0\u95FB'],
	['utf-16le.xml', 'application/xml; charset=utf-16', 'utf-16le', '\u7535\u52A8 \u00E9 \u{1F697}'],
];

for (const [name, contentType, encoding, title] of fixtures) {
	test(`fixture ${name}${contentType ? ` with ${contentType}` : ''}`, t => {
		const result = decodeFeedBytes(fixture(name), contentType);
		t.is(result.encoding, encoding);
		t.is(titleOf(result.text), title);
		t.true(result.text.startsWith('<?xml'), 'BOM stripped exactly once');
		t.notRegex(result.text, c1);
	});
}

test('UTF-8 BOM beats an iso-8859-1 prolog, with a warning', t => {
	const result = decodeFeedBytes(fixture('utf-8-bom-declared-latin1.xml'), undefined);
	t.is(result.encoding, 'utf-8');
	t.is(titleOf(result.text), 'Stra\u00DFe \u2014 \u7535');
	t.true(result.warnings.some(warning => warning.includes('byte order mark')));
});

test('UTF-8 BOM beats a conflicting HTTP charset, with a warning', t => {
	const result = decodeFeedBytes(fixture('utf-8-bom-declared-latin1.xml'), 'text/xml; charset=windows-1251');
	t.is(result.encoding, 'utf-8');
	t.is(titleOf(result.text), 'Stra\u00DFe \u2014 \u7535');
	t.is(result.warnings.length, 1);
});

test('a latin1 prolog on valid multi-byte UTF-8 decodes as UTF-8 with a warning (laut-de, finanzen-net)', t => {
	const result = decodeFeedBytes(fixture('utf-8-declared-latin1.xml'), 'application/rss+xml');
	t.is(result.encoding, 'utf-8');
	t.is(titleOf(result.text), 'M\u00FCnchen \u2013 B\u00F6rse \u20AC');
	t.true(result.warnings.some(warning => warning.includes('but the bytes are UTF-8')));
});

test('a latin1 declaration on bytes that are valid UTF-8 only through C1 code points stays windows-1252', t => {
	// C2 80 / C2 9B are valid UTF-8 for U+0080 / U+009B, but in windows-1252 they are "Â€" / "Â›".
	const result = decodeFeedBytes(new Uint8Array([0x3C, 0x78, 0x3E, 0xC2, 0x80, 0xC2, 0x9B]), 'text/xml; charset=iso-8859-1');
	t.is(result.encoding, 'windows-1252');
	t.is(result.text, '<x>\u00C2\u20AC\u00C2\u203A');
});

test('the same for an HTTP charset of iso-8859-1', t => {
	const result = decodeFeedBytes(fixture('utf-8-declared-latin1.xml'), 'text/xml; charset=ISO-8859-1');
	t.is(result.encoding, 'utf-8');
	t.is(titleOf(result.text), 'M\u00FCnchen \u2013 B\u00F6rse \u20AC');
});

test('HTTP charset beats the XML declaration, with a warning', t => {
	// Bytes are windows-1251, the prolog lies (iso-8859-2), HTTP is right.
	const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-2"?><rss><channel><title>'), Buffer.from([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]), Buffer.from('</title></channel></rss>')]);
	const result = decodeFeedBytes(bytes, 'text/xml; charset=windows-1251');
	t.is(result.encoding, 'windows-1251');
	t.is(titleOf(result.text), '\u041F\u0440\u0438\u0432\u0435\u0442');
	t.true(result.warnings.some(warning => warning.includes('overrides the XML declaration')));
});

test('no declaration and latin1 bytes: strict UTF-8 fails, windows-1252 with a warning', t => {
	const result = decodeFeedBytes(fixture('latin1-undeclared.xml'), undefined);
	t.is(result.encoding, 'windows-1252');
	t.is(titleOf(result.text), 'caf\u00E9 cr\u00E8me');
	t.true(result.warnings.some(warning => warning.includes('windows-1252')));
});

test('no declaration and valid UTF-8: UTF-8, no warning', t => {
	const result = decodeFeedBytes(Buffer.from('<rss><channel><title>\u00E9\u7535\u{1F697}</title></channel></rss>'), undefined);
	t.is(result.encoding, 'utf-8');
	t.deepEqual(result.warnings, []);
	t.is(titleOf(result.text), '\u00E9\u7535\u{1F697}');
});

test('unknown labels (bogus, utf-32, x-user-defined) fall through with a warning, never a crash', t => {
	const prolog = decodeFeedBytes(fixture('bogus-declared.xml'), undefined);
	t.is(prolog.encoding, 'utf-8');
	t.is(titleOf(prolog.text), 'plain \u00E9');
	t.true(prolog.warnings.some(warning => warning.includes('unsupported encoding "bogus"')));

	for (const label of ['bogus', 'utf-32', 'ucs-4', 'cp037', 'x-user-defined', 'iso-2022-kr', '"\u001B[31m"']) {
		const result = decodeFeedBytes(fixture('bogus-declared.xml'), `text/xml; charset=${label}`);
		t.is(result.encoding, 'utf-8', label);
		t.true(result.warnings.length > 0, label);
		t.false(result.warnings.join(' ').includes('\u001B'), 'warnings carry no escape characters');
	}
});

test('declared UTF-8 with one stray latin1 byte stays UTF-8 with a warning; mostly-latin1 becomes windows-1252', t => {
	const mostlyUtf8 = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?><t>\u00E9\u00E8\u7535 '), Buffer.from([0xE9]), Buffer.from('</t>')]);
	const a = decodeFeedBytes(mostlyUtf8, undefined);
	t.is(a.encoding, 'utf-8');
	t.true(a.text.includes('\u00E9\u00E8\u7535'));
	t.true(a.warnings.some(warning => warning.includes('replaced')));

	const latin = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="utf-8"?><t>caf'), Buffer.from([0xE9, 0x20, 0x93, 0x78, 0x94]), Buffer.from('</t>')]);
	const b = decodeFeedBytes(latin, 'text/xml');
	t.is(b.encoding, 'windows-1252');
	t.true(b.text.includes('caf\u00E9 \u201Cx\u201D'));
	t.true(b.warnings.length > 0);
});

test('a UTF-8 BOM followed by invalid bytes: warning, not a crash', t => {
	const bytes = Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from('<rss>'), Buffer.from([0xFF, 0xFE, 0xC3]), Buffer.from('</rss>')]);
	const result = decodeFeedBytes(bytes, undefined);
	t.is(result.encoding, 'utf-8');
	t.true(result.text.startsWith('<rss>'));
	t.true(result.warnings.some(warning => warning.includes('byte order mark')));
});

test('JSON is UTF-8 whatever the charset says', t => {
	const bytes = Buffer.from('  \n{"version":"https://jsonfeed.org/version/1.1","title":"\u00E9\u7535"}');
	const result = decodeFeedBytes(bytes, 'application/feed+json; charset=iso-8859-1');
	t.is(result.encoding, 'utf-8');
	t.true(result.text.includes('"\u00E9\u7535"'));
	t.true(result.warnings.some(warning => warning.includes('JSON is UTF-8')));

	const withBom = decodeFeedBytes(Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), bytes]), undefined);
	t.true(withBom.text.startsWith('  \n{'));
});

test('empty and tiny inputs', t => {
	t.is(decodeFeedBytes(new Uint8Array(0), undefined).text, '');
	t.is(decodeFeedBytes(new Uint8Array([0xEF, 0xBB, 0xBF]), undefined).text, '');
	t.is(decodeFeedBytes(new Uint8Array([0xFE, 0xFF]), 'text/xml; charset=utf-8').text, '');
	t.is(decodeFeedBytes(new Uint8Array([0x3C]), 'text/xml;charset=').text, '<');
});

test('property: never throws, and windows-1252/latin1 input never yields C1 controls', t => {
	fc.assert(fc.property(
		fc.uint8Array({maxLength: 300}),
		fc.constantFrom('windows-1252', 'iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'l1', 'cp1252'),
		fc.boolean(),
		(bytes, label, viaProlog) => {
			const body = viaProlog
				? Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${label}"?>`), bytes])
				: Buffer.from(bytes);
			// Keep it out of the BOM / UTF-16 / JSON paths, which do not apply to a latin1 declaration.
			const input = Buffer.concat([Buffer.from(viaProlog ? '' : '<x>'), body]);
			const result = decodeFeedBytes(input, viaProlog ? 'text/xml' : `text/xml; charset=${label}`);
			return !c1.test(result.text);
		},
	), {numRuns: 500});

	fc.assert(fc.property(fc.uint8Array({maxLength: 200}), fc.option(fc.string({maxLength: 40})), (bytes, contentType) => {
		const result = decodeFeedBytes(bytes, contentType ?? undefined);
		return typeof result.text === 'string' && typeof result.encoding === 'string' && Array.isArray(result.warnings);
	}), {numRuns: 1000});
	t.pass();
});

// ---------------------------------------------------------------------------------------------------------------
// Checklist section D, character encodings (test/README.md): through the parser and the built CLI.

test('item 43: windows-1252 / latin1 / us-ascii bytes 0x93 0x94 0x80 0x9B decode to “ ” € › (no C1), by header or declaration', async t => {
	const bytes = Uint8Array.from([0x93, 0x94, 0x80, 0x9B]);
	const expected = '\u201C\u201D\u20AC\u203A';
	for (const label of ['windows-1252', 'iso-8859-1', 'ISO-8859-1', 'latin1', 'us-ascii', 'cp1252', '"windows-1252"']) {
		const decoded = decodeFeedBytes(bytes, `application/rss+xml; charset=${label}`);
		t.is(decoded.text, expected, label);
		t.notRegex(decoded.text, /[\u0080-\u009F]/, label);
	}

	for (const label of ['windows-1252', 'iso-8859-1', 'US-ASCII']) {
		const document = Buffer.concat([Buffer.from(`<?xml version="1.0" encoding="${label}"?><r>`), bytes, Buffer.from('</r>')]);
		t.is(decodeFeedBytes(document, 'text/xml').text, `<?xml version="1.0" encoding="${label}"?><r>${expected}</r>`, `prolog ${label}`);
	}

	t.notRegex(decodeFeedBytes(Buffer.concat([Buffer.from('<r>'), bytes, Buffer.from('</r>')]), undefined).text, /[\u0080-\u009F]/, 'undeclared');

	const feed = Buffer.concat([
		Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><guid>w</guid><title>Quote '),
		bytes,
		Buffer.from(' end</title><description>Price '),
		bytes,
		Buffer.from('</description></item></channel></rss>'),
	]);
	const server = await serveRoutes({'/feed': {headers: {'content-type': 'application/rss+xml; charset=iso-8859-1'}, body: feed}});
	try {
		await withTemporary(async temporary => {
			const result = await cli(temporary, ['--json', '--feed', server.url('/feed')]);
			t.is(result.code, 0, result.stderr);
			const [post] = parsePosts(t, result);
			t.is(post?.title, `Quote ${expected} end`);
			t.is(post?.summary, `Price ${expected}`);
		});
	} finally {
		await server.close();
	}
});

test('item 44: the HTTP charset is honoured (iso-8859-1 bytes é“ are not replaced by U+FFFD)', async t => {
	const latin = Uint8Array.from([0xE9, 0x93]);
	t.is(decodeFeedBytes(latin, 'application/rss+xml; charset=iso-8859-1').text, 'é“');
	t.is(decodeFeedBytes(latin, 'application/rss+xml;charset="ISO-8859-1"').text, 'é“');
	const feed = Buffer.concat([
		Buffer.from('<?xml version="1.0"?><rss version="2.0"><channel><title>Caf'),
		Uint8Array.from([0xE9]),
		Buffer.from('</title><item><guid>l</guid><title>Caf'),
		latin,
		Buffer.from('</title></item></channel></rss>'),
	]);
	const server = await serveRoutes({'/feed': {headers: {'content-type': 'application/rss+xml; charset=iso-8859-1'}, body: feed}});
	try {
		await withTemporary(async temporary => {
			const result = await cli(temporary, ['--json', '--fields', 'title,feed', '--feed', server.url('/feed')]);
			t.is(result.code, 0, result.stderr);
			const [post] = JSON.parse(result.stdout) as Array<{title: string; feed: {title: string}}>;
			t.is(post?.title, 'Café“');
			t.is(post?.feed.title, 'Café');
			t.false(result.stdout.includes('\uFFFD'));
		});
	} finally {
		await server.close();
	}
});

test('item 49: entities: &rsquo; &nbsp; &#8217; &#x2019; decode; an undefined &doesnotexist; stays literal and is reported', t => {
	const feed = rss([{
		title: 'testing &rsquo; &#8217; &#x2019; a&nbsp;b &doesnotexist; end',
		guid: 'ent-1',
		description: '<![CDATA[<p>body &rsquo; &#8217; &#x2019; &doesnotexist; &amp;lt;b&amp;gt;</p>]]>',
	}]);
	const parsed = parseFeed(feed, {url: 'https://ev.example/feed'});
	const post = parsed.posts[0]!;
	t.is(post.title.replaceAll('\u00A0', ' '), 'testing ’ ’ ’ a b &doesnotexist; end');
	t.regex(post.summary, /^body ’ ’ ’ &doesnotexist; &lt;b&gt;$/u, 'double-encoded markup decoded twice, or an entity lost');
	t.true(parsed.warnings.some(warning => /doesnotexist|undefined entit|unknown entit/i.test(warning.text)), `no warning about the undefined entity: ${JSON.stringify(parsed.warnings)}`);
});
