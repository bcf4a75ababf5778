import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {schemas, type SchemaName} from '../source/commands/json-schemas.js';
import {checkCliOutput, schemaErrors} from './helpers/json-schema.js';
import {runCli} from './helpers/run-cli.js';
import {serveRoutes} from './helpers/servers.js';
import {makeTempEnv, type TempEnv} from './helpers/temp-env.js';

// `evnews schema NAME` and real `--json` outputs validated against it (ajv, draft 2020-12, strict). Every runCli of the
// suite also checks its `--json` output (test/helpers/run-cli.ts); these runs cover each output on purpose.

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const evNews = path.join(fixtures, 'cli/ev-news.xml');
const enclosures = path.join(fixtures, 'feeds/enclosures.xml');
const json = {'content-type': 'application/json; charset=UTF-8'};
const categoriesPath = '/wp-json/wp/v2/categories?per_page=100&hide_empty=true&_fields=id%2Cname%2Cslug%2Ccount%2Cparent';

function configure(environment: TempEnv, feeds: Array<{url: string; folder?: string}>): void {
	const directory = path.join(environment.dir, 'config', 'evnews');
	fs.mkdirSync(directory, {recursive: true});
	fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify({feeds}));
}

async function valid(t: ExecutionContext, name: SchemaName, args: string[], environment: TempEnv): Promise<unknown> {
	const result = await runCli(args, {env: environment.env, timeoutMs: 90_000});
	t.is(result.signal, null);
	t.not(result.stdout, '', `evnews ${args.join(' ')}: ${result.stderr}`);
	const values = name === 'post' && args.includes('--jsonl') ? result.stdout.split('\n').filter(Boolean).map(line => JSON.parse(line) as unknown) : [JSON.parse(result.stdout) as unknown];
	t.deepEqual(values.flatMap(value => schemaErrors(name, value)), [], `evnews ${args.join(' ')}`);
	return values[0];
}

test('evnews schema NAME prints the published schema; posts by default; an unknown name is a usage error', async t => {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	for (const name of Object.keys(schemas) as SchemaName[]) {
		const result = await runCli(['schema', name], {env: environment.env});
		t.is(result.code, 0);
		t.deepEqual(JSON.parse(result.stdout), schemas[name]);
		t.is(schemas[name].$schema, 'https://json-schema.org/draft/2020-12/schema');
	}

	t.deepEqual(JSON.parse((await runCli(['schema'], {env: environment.env})).stdout), schemas.posts);
	const bad = await runCli(['schema', 'feed'], {env: environment.env});
	t.is(bad.code, 2);
	t.is(bad.stderr, 'evnews: no schema "feed"; did you mean feeds?\n');
});

test('posts: every field, content and enclosures; --jsonl lines', async t => {
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	const all = 'id,guid,title,link,author,published,updated,categories,summary,image,enclosures,feed,read,starred,content';
	const posts = await valid(t, 'posts', ['--json', '--feed', evNews, '--feed', enclosures, '--fields', all], environment) as Array<{id: string; enclosures: unknown[]}>;
	t.true(posts.length > 5);
	t.true(posts.some(post => post.enclosures.length > 0), 'enclosures are covered');
	await valid(t, 'posts', ['--json', '--feed', evNews], environment);
	await valid(t, 'posts', ['--json', '--feed', evNews, '--fields', 'title,id'], environment);
	await valid(t, 'post', ['--jsonl', '--feed', enclosures], environment);
});

test('read --json, and --json --new (with nothing new)', async t => {
	const server = await serveRoutes({'/feed/': {headers: {'content-type': 'application/rss+xml'}, body: fs.readFileSync(enclosures, 'utf8')}});
	t.teardown(server.close);
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	configure(environment, [{url: server.url('/feed/')}]);
	const posts = await valid(t, 'posts', ['--json', '--new'], environment) as Array<{id: string}>;
	t.deepEqual(await valid(t, 'posts', ['--json', '--new'], environment), [], 'an empty list is valid too');
	await valid(t, 'post', ['read', '--json', posts[0]!.id], environment);
});

test('feeds (with a failing feed), unread and categories (a plain feed and a WordPress site)', async t => {
	const server = await serveRoutes({
		'/feed/': {headers: {'content-type': 'application/rss+xml'}, body: fs.readFileSync(evNews, 'utf8')},
		[categoriesPath]: {headers: {...json, 'x-wp-totalpages': '1'}, body: JSON.stringify([{id: 2, name: 'EV News', slug: 'ev-news', count: 3, parent: 0}, {id: 7, name: 'Tesla &amp; co', slug: 'tesla', count: 1, parent: 2}])},
	});
	t.teardown(server.close);
	const environment = makeTempEnv();
	t.teardown(environment.cleanup);
	configure(environment, [{url: server.url('/feed/'), folder: 'EVs'}, {url: server.url('/gone.xml')}, {url: enclosures}]);
	t.is((await runCli(['--json', '--fields', 'id'], {env: environment.env})).code, 3, 'one feed fails');
	const feeds = await valid(t, 'feeds', ['feeds', '--json'], environment) as Array<{lastError: unknown}>;
	t.true(feeds.some(feed => feed.lastError !== null), 'a lastError is covered');
	await valid(t, 'unread', ['unread', '--json'], environment);
	const groups = await valid(t, 'categories', ['categories', '--json'], environment) as Array<{kind: string}>;
	t.deepEqual(groups.map(group => group.kind).sort(), ['feed', 'feed', 'wordpress']);
	await valid(t, 'categories', ['categories', '--json', '--offline'], environment);
});

test('control: wrong outputs fail validation', t => {
	const post = {id: 'a', title: 't', read: false};
	t.deepEqual(schemaErrors('posts', [post]), []);
	t.not(schemaErrors('posts', [{...post, read: 'no'}]).length, 0, 'a wrong type');
	t.not(schemaErrors('posts', [{...post, unread: true}]).length, 0, 'a property that is not a field');
	t.not(schemaErrors('posts', [{...post, published: '25 Nov 2026'}]).length, 0, 'a date that is not ISO UTC');
	t.not(schemaErrors('posts', [{...post, enclosures: [{url: 'https://x.example/a.mp3', type: null, length: -1, duration: null}]}]).length, 0);
	t.not(schemaErrors('posts', post).length, 0, 'an object, not an array');
	t.not(schemaErrors('feeds', [{index: 1, url: 'u', title: 't', folder: null, posts: 1, lastSuccess: null, lastError: null, nextAllowed: null, nextFetch: null}]).length, 0, 'unread missing');
	t.not(schemaErrors('unread', {total: 1, feeds: []}).length, 0, 'categories missing');
	t.not(schemaErrors('categories', [{url: 'u', kind: 'wordpress', api: 'ok', categories: [{name: 'n', count: 1}]}]).length, 0, 'a WordPress category without slug');
	// The run-cli hook: a real posts output checked as the output of `feeds --json` fails; `--jq` output is not checked.
	t.regex(checkCliOutput(['feeds', '--json'], JSON.stringify([{id: 'a', title: 't'}])) ?? '', /does not match `evnews schema feeds`/);
	t.regex(checkCliOutput(['--json'], '[{"id":') ?? '', /not JSON/);
	t.is(checkCliOutput(['--json', '--jq', '.[0]'], '{"x":1}'), undefined);
	t.is(checkCliOutput(['config', '--json'], '{"paths":{}}'), undefined);
});
