import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test, {type ExecutionContext} from 'ava';
import {makeTempEnv} from './helpers/temp-env.js';

// The bundle's start-up paths (issue 8 §6), read from esbuild's metafile: which files a path loads statically.
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
type Metafile = {outputs: Record<string, {imports: Array<{path: string; kind: string}>; exports?: string[]; inputs: Record<string, unknown>}>};

/** The bundle's metafile; a missing one fails the test (npm test builds before ava). */
function readMeta(t: {fail(message: string): void}): Metafile | undefined {
	const file = path.join(root, 'dist/meta.json');
	if (!fs.existsSync(file)) {
		t.fail('dist/meta.json missing: npm test builds before ava');
		return undefined;
	}

	return JSON.parse(fs.readFileSync(file, 'utf8')) as Metafile;
}

/** The output files `output` loads statically, itself included. */
function staticClosure(meta: Metafile, output: string): Set<string> {
	const seen = new Set<string>();
	const queue = [output];
	while (queue.length > 0) {
		const next = queue.pop()!;
		if (!seen.has(next)) {
			seen.add(next);
			queue.push(...(meta.outputs[next]?.imports ?? []).filter(entry => entry.kind === 'import-statement' && entry.path.startsWith('dist/')).map(entry => entry.path));
		}
	}

	return seen;
}

const inputsOf = (meta: Metafile, outputs: Set<string>) => [...outputs].flatMap(output => Object.keys(meta.outputs[output]?.inputs ?? {}));
/** The lazy chunk that holds `source`'s own code. */
const chunkOf = (meta: Metafile, source: string) => Object.keys(meta.outputs).find(output => Object.hasOwn(meta.outputs[output]!.inputs, source))!;

test('the start-up path is the entry and one core chunk; a lazy entry loads more (control: the count can fail)', t => {
	const meta = readMeta(t);
	if (!meta) {
		return;
	}

	const startUp = staticClosure(meta, 'dist/cli.js');
	t.true(startUp.size <= 4, [...startUp].join(', '));
	const inputs = inputsOf(meta, startUp);
	for (const command of ['posts-json', 'plain-list', 'unread']) {
		t.true(inputs.includes(`source/commands/${command}.ts`), command);
	}

	t.true(staticClosure(meta, chunkOf(meta, 'source/ui/run-reader.tsx')).size > 4);
});

test('the start-up path holds no meow: words alone are parsed without it (control: the flag parser\'s chunk has it)', t => {
	const meta = readMeta(t);
	if (!meta) {
		return;
	}

	const meow = (input: string) => input.includes('node_modules/meow/');
	t.deepEqual(inputsOf(meta, staticClosure(meta, 'dist/cli.js')).filter(input => meow(input)), []);
	t.true(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/commands/meow-arguments.ts'))).some(input => meow(input)));
});

/** The outputs that hold no module's code and export nothing (esbuild's helpers and an entry's re-exports do): a file to load for nothing. */
const emptyOutputs = (meta: Metafile) => Object.entries(meta.outputs)
	.filter(([output, {inputs, exports}]) => output.endsWith('js') && Object.keys(inputs).length === 0 && (exports ?? []).length === 0)
	.map(([output]) => output);

test('no chunk is empty (control: an output with no inputs is found)', t => {
	const meta = readMeta(t);
	if (!meta) {
		return;
	}

	t.deepEqual(emptyOutputs(meta), []);
	t.deepEqual(emptyOutputs({outputs: {...meta.outputs, 'dist/chunks/chunk-EMPTY.js': {imports: [], exports: [], inputs: {}}}}), ['dist/chunks/chunk-EMPTY.js']);
});

test('--offline never loads the fetch-and-parse half: no HTTP client, no XML parser (control: the lazy chunk has them)', t => {
	const meta = readMeta(t);
	if (!meta) {
		return;
	}

	const parser = /node_modules\/(htmlparser2|entities)\/|source\/feed\/(fetch-feed|transport|parse-xml)\.ts$/;
	t.deepEqual(inputsOf(meta, staticClosure(meta, 'dist/cli.js')).filter(input => parser.test(input)), []);
	t.true(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/refresh/fetch-parse.ts'))).some(input => parser.test(input)));
});

test('the reader\'s first frame loads no markdown renderer (control: the article renderer\'s chunk does)', t => {
	const meta = readMeta(t);
	if (!meta) {
		return;
	}

	const markdown = /node_modules\/(marked|marked-terminal|cli-table3)\//;
	t.deepEqual(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/ui/run-reader.tsx'))).filter(input => markdown.test(input)), []);
	t.true(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/article/render-article.ts'))).some(input => markdown.test(input)));
});

test('built-ins come from process.getBuiltinModule, never a static `node:` import (control: dynamic ones stay)', t => {
	const meta = readMeta(t);
	if (!meta) {
		return;
	}

	const imports = Object.values(meta.outputs).flatMap(output => output.imports);
	t.deepEqual(imports.filter(entry => entry.path.startsWith('node:') && entry.kind === 'import-statement'), []);
	t.true(imports.some(entry => entry.path === 'node:http' && entry.kind === 'dynamic-import'));
});

/** The built-in modules `dist/cli.js ARGS` loads, in the state folders of `temporary`. */
function builtinsLoaded(temporary: ReturnType<typeof makeTempEnv>, arguments_: string[], input = ''): {modules: string[]; made: string[]; status: number | null; stderr: string} {
	const log = path.join(temporary.dir, 'builtins.log');
	fs.rmSync(log, {force: true});
	const result = spawnSync(process.execPath, [`--import=${path.join(root, 'test/fixtures/cli/record-builtins.mjs')}`, path.join(root, 'dist/cli.js'), ...arguments_], {
		cwd: temporary.dir,
		env: {...temporary.env, EVNEWS_BUILTIN_LOG: log},
		encoding: 'utf8',
		input,
		timeout: 60_000,
	});
	const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n') : [];
	const modules = lines.filter(line => line.startsWith('NativeModule ')).map(line => line.slice('NativeModule '.length));
	return {modules, made: lines.filter(line => line.endsWith(' made')).map(line => line.slice(0, -' made'.length)).sort(), status: result.status, stderr: result.stderr};
}

/** State folders for `builtinsLoaded`, removed after the test; undefined (and the test failed) without a build. */
function recorderFolder(t: ExecutionContext): ReturnType<typeof makeTempEnv> | undefined {
	if (!fs.existsSync(path.join(root, 'dist/cli.js'))) {
		t.fail('dist/cli.js missing');
		return undefined;
	}

	const temporary = makeTempEnv();
	t.teardown(() => {
		temporary.cleanup();
	});
	return temporary;
}

const feed = path.join(root, 'test/fixtures/cli/ev-news.xml');

test('unread loads neither node:crypto nor node:v8; fetching two feeds loads both (the control)', t => {
	const temporary = recorderFolder(t);
	if (temporary === undefined) {
		return;
	}

	const heavy = (modules: string[]) => modules.filter(name => name === 'crypto' || name === 'v8').sort();
	const second = path.join(temporary.dir, 'second.xml');
	fs.copyFileSync(feed, second);
	const parsed = builtinsLoaded(temporary, ['--json', '--feed', feed, '--feed', second]);
	t.is(parsed.status, 0, parsed.stderr);
	t.deepEqual(heavy(parsed.modules), ['crypto', 'v8']);
	const unread = builtinsLoaded(temporary, ['unread', '--feed', feed]);
	t.is(unread.status, 0, unread.stderr);
	t.true(unread.modules.includes('fs'), 'the recorder saw the built-ins');
	t.deepEqual(heavy(unread.modules), []);
});

test('unread makes neither process.stdin nor process.stderr; a feed from stdin and an error do (the controls)', t => {
	const temporary = recorderFolder(t);
	if (temporary === undefined) {
		return;
	}

	const piped = builtinsLoaded(temporary, ['--json', '--feed', '-'], fs.readFileSync(feed, 'utf8'));
	t.is(piped.status, 0, piped.stderr);
	t.true(piped.made.includes('stdin'));
	const failed = builtinsLoaded(temporary, ['no-such-command']);
	t.is(failed.status, 2);
	t.true(failed.made.includes('stderr'));
	t.regex(failed.stderr, /^evnews: unknown command/);
	const unread = builtinsLoaded(temporary, ['unread', '--feed', feed]);
	t.is(unread.status, 0, unread.stderr);
	t.deepEqual(unread.made, []);
});
