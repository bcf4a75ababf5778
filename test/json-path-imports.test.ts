import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {makeTempEnv} from './helpers/temp-env.js';

// The --json path must never load the reader stack (issue 2; perf-notes target 1).
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const forbidden = /node_modules\/(ink|react|react-reconciler|yoga-layout|marked-terminal|marked|turndown|@mozilla\/readability|linkedom|cli-highlight)\//;
const hook = path.join(root, 'test/fixtures/cli/record-imports.mjs');
const feed = path.join(root, 'test/fixtures/cli/ev-news.xml');

function loadedModules(args: string[]): {urls: string[]; status: number | null; stderr: string} {
	const temporary = makeTempEnv();
	const log = path.join(temporary.dir, 'imports.log');
	const result = spawnSync(process.execPath, ['--import=tsx', `--import=${hook}`, ...args], {
		cwd: root,
		env: {...temporary.env, EVNEWS_IMPORT_LOG: log},
		encoding: 'utf8',
		timeout: 60_000,
	});
	const urls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
	temporary.cleanup();
	return {urls, status: result.status, stderr: result.stderr};
}

test('the recorder sees a module that loads ink (control: the check can fail)', t => {
	const {urls} = loadedModules(['--input-type=module', '-e', 'await import("ink")']);
	t.true(urls.some(url => forbidden.test(url)));
});

test('evnews --json loads no reader module (source, via tsx)', t => {
	const {urls, status, stderr} = loadedModules(['source/cli.tsx', '--json', '--offline', '--feed', feed]);
	t.is(status, 0, stderr);
	t.true(urls.some(url => url.includes('/source/commands/posts-json.ts')), 'the --json command ran');
	t.deepEqual(
		urls.filter(url => forbidden.test(url)),
		[],
	);
});

// Readability and linkedom load only for --full, never for --json or --fields content alone.
const fullText = /node_modules\/(@mozilla\/readability|linkedom)\//;
const loopbackFeed = path.join(root, 'test/fixtures/full-text/loopback-feed.xml');

test('--json --fields content loads no full-text module; --full does (the control)', t => {
	const content = loadedModules(['source/cli.tsx', '--json', '--fields', 'id,content', '--offline', '--feed', loopbackFeed]);
	t.is(content.status, 0, content.stderr);
	t.true(content.urls.some(url => url.includes('node_modules/turndown/')), 'content was rendered');
	t.deepEqual(content.urls.filter(url => fullText.test(url)), []);
	const full = loadedModules(['source/cli.tsx', '--json', '--fields', 'id,content', '--full', '--feed', loopbackFeed]);
	t.regex(full.stderr, /no full text for /);
	t.true(full.urls.some(url => fullText.test(url)), 'with --full, readability and linkedom are loaded');
});

type Metafile = {outputs: Record<string, {imports: Array<{path: string; kind: string}>; inputs: Record<string, unknown>}>};

test('in the bundle, the entry chunk and its static imports hold no reader module', t => {
	const metaFile = path.join(root, 'dist/meta.json');
	if (!fs.existsSync(metaFile)) {
		t.fail('dist/meta.json missing: npm test builds before ava');
		return;
	}

	const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Metafile;
	const seen = new Set<string>();
	const queue = ['dist/cli.js'];
	while (queue.length > 0) {
		const output = queue.pop()!;
		if (seen.has(output)) {
			continue;
		}

		seen.add(output);
		for (const entry of meta.outputs[output]?.imports ?? []) {
			if (entry.kind === 'import-statement' && entry.path.startsWith('dist/')) {
				queue.push(entry.path);
			}
		}
	}

	const inputs = [...seen].flatMap(output => Object.keys(meta.outputs[output]?.inputs ?? {}));
	t.true(inputs.some(input => input.includes('source/cli.tsx')));
	t.deepEqual(
		inputs.filter(input => forbidden.test(input)),
		[],
	);
	// And the reader is in the bundle at all (so the check above looks at a real split).
	const everything = Object.values(meta.outputs).flatMap(output => Object.keys(output.inputs));
	t.true(everything.some(input => input.includes('node_modules/ink/')));
});

// The scripting engines load only when their flag is given.
const engines = /node_modules\/(jq-web|liquidjs)\//;

test('evnews --json loads neither jq-web nor liquidjs; --jq loads jq-web (control)', t => {
	const plain = loadedModules(['source/cli.tsx', '--json', '--offline', '--feed', feed]);
	t.is(plain.status, 0, plain.stderr);
	t.deepEqual(plain.urls.filter(url => engines.test(url)), []);
	const jq = loadedModules(['source/cli.tsx', '--offline', '--feed', feed, '--jq', '.[0].title']);
	t.is(jq.status, 0, jq.stderr);
	t.true(jq.urls.some(url => url.includes('node_modules/jq-web/')));
	t.deepEqual(jq.urls.filter(url => forbidden.test(url)), [], 'and no reader module');
});

// Nor does it load the schemas (evnews schema) or the --new cursor code; each loads only for its command or flag.
const scripting = /\/source\/(commands\/json-schemas|commands\/new-cursor|store\/cursors)\.ts$/;

test('evnews --json loads neither the schemas nor the cursors; --new and schema do (control)', t => {
	const plain = loadedModules(['source/cli.tsx', '--json', '--offline', '--feed', feed]);
	t.is(plain.status, 0, plain.stderr);
	t.deepEqual(plain.urls.filter(url => scripting.test(url) || engines.test(url)), []);
	const fresh = loadedModules(['source/cli.tsx', '--json', '--new', '--offline', '--feed', feed]);
	t.is(fresh.status, 0, fresh.stderr);
	t.true(fresh.urls.some(url => url.endsWith('/source/store/cursors.ts')));
	t.deepEqual(fresh.urls.filter(url => engines.test(url) || forbidden.test(url) || url.endsWith('json-schemas.ts')), [], '--new loads no engine, schema or reader module');
	const schema = loadedModules(['source/cli.tsx', 'schema', 'posts']);
	t.is(schema.status, 0, schema.stderr);
	t.true(schema.urls.some(url => url.endsWith('/source/commands/json-schemas.ts')));
});
