// The build's CommonJS step (scripts/commonjs-output.js) on a small split build of its own: imports stay live and
// classes keep one identity across CommonJS chunks and the ES module that a top-level await keeps.
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import {build} from 'esbuild';
import {toCommonJs} from '../scripts/commonjs-output.js';

const banner = 'const require=process.getBuiltinModule(\'node:module\').createRequire(import.meta.url);';

const sources = {
	'core.js': 'export let count = 0;\nexport function bump() { count++; }\nexport class Flag extends Error {}\n',
	// A lazy entry with a top-level await, as the reader's chunk has.
	'late.js': 'import {count, bump, Flag} from \'./core.js\';\nawait Promise.resolve();\nexport function view() { bump(); return {count, flag: new Flag()}; }\n',
	// A lazy entry without one.
	'plain.js': 'import {count} from \'./core.js\';\nexport const seen = () => count;\n',
	// The entry awaits inside a function, as source/cli.tsx does, so that it can be CommonJS.
	'entry.js': [
		'import {count, bump, Flag} from \'./core.js\';',
		'bump();',
		'const first = count;',
		'void (async () => {',
		'\tconst {view} = await import(\'./late.js\');',
		'\tconst {seen} = await import(\'./plain.js\');',
		'\tconst {count: later, flag} = view();',
		'\tconsole.log(JSON.stringify({first, now: count, later, seen: seen(), same: flag instanceof Flag, url: typeof import.meta.url}));',
		'})();',
	].join('\n'),
};

async function buildTemporary(t: {teardown: (fn: () => void) => void}) {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-cjs-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	for (const [name, text] of Object.entries(sources)) {
		fs.writeFileSync(path.join(directory, name), text);
	}

	const result = await build({
		absWorkingDir: directory,
		entryPoints: ['entry.js'],
		outdir: 'out',
		bundle: true,
		splitting: true,
		format: 'esm',
		platform: 'node',
		target: 'node20.19',
		minify: true,
		metafile: true,
		logLevel: 'silent',
		chunkNames: 'chunks/[name]-[hash]',
		banner: {js: banner},
	});
	const metafile = await toCommonJs(result.metafile, {banner, minify: true, root: directory});
	return {directory, metafile};
}

function run(file: string): string {
	const result = spawnSync(process.execPath, [file], {encoding: 'utf8', timeout: 30_000});
	if (result.status !== 0) {
		throw new Error(result.stderr);
	}

	return result.stdout.trim();
}

test('chunks become CommonJS; the one with a top-level await stays an ES module, renamed .mjs', async t => {
	const {directory, metafile} = await buildTemporary(t);
	const outputs = Object.keys(metafile.outputs).filter(file => /\.m?js$/.test(file));
	const modules = outputs.filter(file => file.endsWith('.mjs'));
	t.is(modules.length, 1);
	t.regex(modules[0]!, /^out\/chunks\/late-[\dA-Z]+\.mjs$/);
	for (const file of outputs) {
		t.true(fs.existsSync(path.join(directory, file)), file);
	}

	t.deepEqual(JSON.parse(fs.readFileSync(path.join(directory, 'out/package.json'), 'utf8')) as unknown, {type: 'commonjs'});
	const entry = fs.readFileSync(path.join(directory, 'out/entry.js'), 'utf8');
	t.notRegex(entry, /(^|[;}])import[{\s*"]/, 'no import statement is left in a CommonJS output');
	t.regex(entry, /import\("\.\/chunks\/late-[\dA-Z]+\.mjs"\)/, 'the ES module is still imported, by its new name');
	t.notRegex(fs.readFileSync(path.join(directory, modules[0]!), 'utf8'), /(^|;)import{/, 'the ES module reads its CommonJS chunks with require');
});

test('imports stay live and classes keep one identity across the formats', async t => {
	const {directory} = await buildTemporary(t);
	t.deepEqual(JSON.parse(run(path.join(directory, 'out/entry.js'))), {first: 1, now: 2, later: 2, seen: 2, same: true, url: 'string'});
});

test('control: a copy of the exports taken at load (what Node gives an ES module that imports CommonJS) is stale', async t => {
	const {directory, metafile} = await buildTemporary(t);
	const core = Object.keys(metafile.outputs).find(file => /\/chunks\/chunk-[^/]+\.js$/.test(file))!;
	const probe = path.join(directory, 'out/probe.js');
	const exported = Object.entries(metafile.outputs[core]!.exports);
	t.true(exported.length > 0);
	fs.writeFileSync(probe, [
		`const core = require('./${path.posix.relative('out', core)}');`,
		'const copy = {...core};',
		'const [bump] = Object.values(core).filter(value => typeof value === \'function\' && value.length === 0 && !/^class/.test(String(value)));',
		'bump();',
		'console.log(JSON.stringify([Object.values(copy).filter(value => typeof value === \'number\'), Object.values(core).filter(value => typeof value === \'number\')]));',
	].join('\n'));
	t.deepEqual(JSON.parse(run(probe)), [[0], [1]]);
});
