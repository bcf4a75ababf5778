import test from 'ava';
import {Parser} from 'htmlparser2';
import {parseFeed} from '../source/feed/parse.js';
import {hasExpectedInternals, probeTokenizer, skipSupported} from '../source/feed/xml-cdata-tokenizer.js';
import {findDoctype, stripDoctype} from '../source/feed/xml-doctype.js';

const url = 'https://voltstreet.example/feed/';

test('the CDATA tokenizer: htmlparser2\'s private Tokenizer fields exist with the expected types', t => {
	const probe = probeTokenizer() as Record<string, unknown>;
	t.is(typeof probe.buffer, 'string');
	t.is(typeof probe.index, 'number');
	t.is(typeof probe.offset, 'number');
	t.is(typeof probe.sequenceIndex, 'number');
	t.true(probe.xmlMode);
	t.true('currentSequence' in probe);
	t.is(typeof (Object.getPrototypeOf(probe) as Record<string, unknown>).stateInCommentLike, 'function');
	t.true(hasExpectedInternals(probe));
	// The skipping tokenizer is in use: if this fails, htmlparser2 changed and parsing runs the slow stock loop.
	t.true(skipSupported);
	// A fresh Parser builds its tokenizer the same way.
	const parser = new Parser({}, {xmlMode: true}) as unknown as {tokenizer: unknown};
	t.true(hasExpectedInternals(parser.tokenizer));
});

test('the CDATA tokenizer check: control, a tokenizer without those fields fails it', t => {
	t.false(hasExpectedInternals({}));
	t.false(hasExpectedInternals({buffer: '', index: 0, offset: 0, sequenceIndex: 0, xmlMode: false, currentSequence: undefined}));
	t.false(hasExpectedInternals({buffer: 1, index: 0, offset: 0, sequenceIndex: 0, xmlMode: true, currentSequence: undefined}));
	t.false(hasExpectedInternals(undefined));
});

test('the CDATA tokenizer gives the same text as the stock one, ]]> in many places', t => {
	const body = 'a]b]]c]]]d<p>x</p>';
	const xml = `<rss><channel><item><title>t</title><description><![CDATA[${body}]]></description></item></channel></rss>`;
	const [post] = parseFeed(xml, {url}).posts;
	t.is(post!.html, 'a]b]]c]]]d<p>x</p>');
});

const feedBody = '<rss version="2.0"><channel><title>Prolog</title><item><title>One</title><link>https://voltstreet.example/1</link></item></channel></rss>';

test('DOCTYPE: a prolog comment that mentions <!DOCTYPE does not kill the feed (issue 7 §1.6)', t => {
	const xml = `<?xml version="1.0"?>\n<!-- the old <!DOCTYPE rss [ was removed -->\n<?xml-stylesheet href="x.xsl" type="text/xsl"?>\n${feedBody}`;
	const feed = parseFeed(xml, {url});
	t.is(feed.posts.length, 1);
	t.is(feed.posts[0]!.title, 'One');
	t.is(findDoctype(xml), -1);
	t.is(stripDoctype(xml), xml);
});

test('DOCTYPE: a processing instruction that mentions <!DOCTYPE is skipped too', t => {
	const xml = `<?note <!DOCTYPE x> ?>${feedBody}`;
	t.is(parseFeed(xml, {url}).posts.length, 1);
});

test('DOCTYPE: a real one after a comment is still cut out, entities never expanded (control)', t => {
	const xml = `<?xml version="1.0"?><!-- c --><!DOCTYPE rss [<!ENTITY boom "BOOM"><!-- ] > -->]>\n${feedBody.replace('One', 'One &boom;')}`;
	t.true(findDoctype(xml) > 0);
	const stripped = stripDoctype(xml);
	t.false(stripped.includes('ENTITY'));
	t.true(stripped.includes('<!-- c -->'));
	const feed = parseFeed(xml, {url});
	t.is(feed.posts[0]!.title, 'One &boom;');
});

test('DOCTYPE: one that never closes cuts the rest of the document', t => {
	t.is(stripDoctype('<?xml version="1.0"?><!DOCTYPE rss [ <rss>'), '<?xml version="1.0"?>');
});
