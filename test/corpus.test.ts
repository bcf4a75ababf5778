import fs from 'node:fs';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {decodeFeedBytes} from '../source/feed/decode.js';
import {FeedError} from '../source/feed/errors.js';
import {parseFeed} from '../source/feed/parse.js';
import type {ParsedFeed} from '../source/feed/types.js';

/**
The real-world corpus (../shared/corpus/real, next to the project): every file must parse without a crash, and the
item count must match MANIFEST.md's Items column. Well-formed files must match exactly. Files marked `~N` (not
well-formed) must give at least the minimum documented below and never more than N.

"Items" counts items in the document; a post whose id repeats an earlier one is dropped with a warning
("dropped N duplicate items"), so the count compared is posts + dropped duplicates.
*/

const corpusDir = fileURLToPath(new URL('../../shared/corpus/real/', import.meta.url));

type Expectation = {min: number; error?: FeedError['code']; why: string};

/** What evnews accepts for each not-well-formed (`~N`) file. */
const malformed: Record<string, Expectation> = {
	'techcrunch_rss2.xml': {min: 20, why: 'only a newline before <?xml: all 20 items'},
	'tenderlovemaking_rss2.xml': {min: 10, why: 'only a newline before <?xml: all 10 items'},
	'youtube_atom.xml': {min: 15, why: 'only a newline before <?xml: all 15 entries'},
	'aws-blog_atom.xml': {min: 10, why: 'only a newline before <?xml: all 10 entries'},
	'hrefconsideredharmful_rdf.xml': {min: 10, why: 'only a newline before <?xml: all 10 items'},
	'github-releases-edited_atom.xml': {min: 6, why: 'undefined &copy; is decoded as HTML: all 6 entries'},
	'dbengines_rss2_malformed-undeclared-nbsp.xml': {min: 1, why: 'undefined &nbsp; is decoded as HTML: the 1 item'},
	'uol-noticias_rss_malformed-no-prolog-latin1.xml': {min: 15, why: 'Latin-1 bytes are decoded by decodeFeedBytes (windows-1252 fallback): all 15 items'},
	'cercle-psy_rss2_malformed-undeclared-latin1.xml': {min: 10, why: 'Latin-1 bytes are decoded by decodeFeedBytes (windows-1252 fallback): all 10 items'},
	'linuxsoft_rss2_malformed-invalid-utf8.xml': {min: 6, why: 'invalid UTF-8 bytes become characters, the markup is intact: all 6 items'},
	'reuters-truncated_rss2_malformed.xml': {min: 0, why: 'cut off before the first item: 0 items and the warning "truncated document: kept 0 items"'},
	'allthis-truncated_jsonfeed.json': {min: 0, error: 'parse', why: 'JSON cut inside the first item (and before "version"): no item is complete, so FeedError(parse)'},
};

type Row = {file: string; items: number; approximate: boolean};

/** The rows of every markdown table in MANIFEST.md that has a File and an Items column. */
function manifestRows(markdown: string): Row[] {
	const rows: Row[] = [];
	let fileColumn = -1;
	let itemsColumn = -1;
	for (const line of markdown.split('\n')) {
		if (!line.startsWith('|')) {
			fileColumn = -1;
			itemsColumn = -1;
			continue;
		}

		const cells = line.split('|').slice(1, -1).map(cell => cell.trim());
		if (cells.includes('File') && cells.includes('Items')) {
			fileColumn = cells.indexOf('File');
			itemsColumn = cells.indexOf('Items');
			continue;
		}

		if (fileColumn === -1 || /^-+$/.test(cells[0] ?? '')) {
			continue;
		}

		const file = /`([^`]+)`/.exec(cells[fileColumn] ?? '')?.[1];
		const items = /^(~)?\s*(\d+)/.exec(cells[itemsColumn] ?? '');
		if (file !== undefined && items) {
			rows.push({file, items: Number(items[2]), approximate: items[1] === '~'});
		}
	}

	return rows;
}

function countWithDuplicates(feed: ParsedFeed): number {
	const dropped = feed.warnings.map(warning => /^dropped (\d+) duplicate items?$/.exec(warning.text)?.[1]).find(Boolean);
	return feed.posts.length + Number(dropped ?? 0);
}

if (fs.existsSync(corpusDir)) {
	const rows = manifestRows(fs.readFileSync(`${corpusDir}MANIFEST.md`, 'utf8'));

	test('MANIFEST.md lists the corpus files with item counts', t => {
		t.true(rows.length >= 70, `${rows.length} rows`);
		const files = new Set(fs.readdirSync(corpusDir).filter(name => !name.startsWith('.') && name !== 'MANIFEST.md'));
		for (const row of rows) {
			t.true(files.has(row.file), row.file);
		}

		for (const file of Object.keys(malformed)) {
			t.true(rows.some(row => row.file === file && row.approximate), `${file} is a ~N row`);
		}
	});

	for (const row of rows) {
		test(`corpus: ${row.file} (${row.approximate ? '~' : ''}${row.items} items)`, t => {
			const bytes = new Uint8Array(fs.readFileSync(`${corpusDir}${row.file}`));
			const {text} = decodeFeedBytes(bytes, undefined);
			const expectation = row.approximate ? malformed[row.file] : undefined;
			if (row.approximate && expectation === undefined) {
				t.fail(`no documented expectation for the malformed file ${row.file}`);
				return;
			}

			let feed: ParsedFeed;
			try {
				feed = parseFeed(text, {url: `https://corpus.example/${row.file}`});
			} catch (error) {
				t.true(error instanceof FeedError, String(error));
				const {code} = error as FeedError;
				if (expectation?.error === undefined) {
					// A document with no items that is not a feed at all (RSS-in-JSON).
					t.is(row.items, 0, `${code}: ${(error as Error).message}`);
					t.is(code, 'not-a-feed');
				} else {
					t.is(code, expectation.error, expectation.why);
				}

				return;
			}

			t.is(expectation?.error, undefined, 'expected a FeedError');
			const count = countWithDuplicates(feed);
			if (expectation === undefined) {
				t.is(count, row.items);
			} else {
				t.log(expectation.why);
				t.true(count >= expectation.min && count <= row.items, `${count} items, expected ${expectation.min}..${row.items}`);
			}

			// Whatever the file, the output is clean.
			const ids = new Set(feed.posts.map(post => post.id));
			t.is(ids.size, feed.posts.length);
			for (const post of feed.posts) {
				for (const value of [post.title, post.summary, post.author ?? '', ...post.categories]) {
					t.notRegex(value, /[\u0000-\u001F\u007F-\u009F\u202A-\u202E]/, JSON.stringify(value));
				}

				for (const date of [post.published, post.updated]) {
					t.true(date === null || /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(date));
				}

				for (const link of [post.link, post.image]) {
					t.true(link === null || /^https?:\/\//.test(link));
				}
			}
		});
	}
} else {
	// Shown as skipped in the results, with the reason in its title.
	// eslint-disable-next-line ava/no-skip-test, ava/require-assertion -- the suite must say it skipped the corpus
	test.skip(`corpus: not found at ${corpusDir}, skipped`, () => {});
}
