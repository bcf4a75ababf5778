// Bundle source/cli.tsx into dist/ with esbuild, in two builds (the first finds the start-up path, below). The reader
// and the article stack are separate chunks, loaded only by dynamic import, so the --json path never evaluates ink,
// react or marked-terminal.
import fs from 'node:fs';
import {builtinModules} from 'node:module';
import path from 'node:path';
import {build} from 'esbuild';
import {toCommonJs} from './commonjs-output.js';

// Marked-terminal imports cli-highlight (highlight.js, parse5: ~1.2 MB) and node-emoji (emojilib) eagerly.
// evnews turns emoji off and does not syntax-highlight news articles: a stub that throws makes
// marked-terminal fall back to its plain code style. That keeps the reader's memory and start-up down.
const stubs = {
	'cli-highlight': 'export function highlight() { throw new Error("highlighting is off"); }',
	'node-emoji': 'export function get() { return undefined; }',
};
const stubPlugin = {
	name: 'evnews-stubs',
	setup(builder) {
		builder.onResolve({filter: /^(cli-highlight|node-emoji)$/}, arguments_ => ({path: arguments_.path, namespace: 'evnews-stub'}));
		builder.onLoad({filter: /.*/, namespace: 'evnews-stub'}, arguments_ => ({contents: stubs[arguments_.path], loader: 'js'}));
	},
};

// Meow (our argument parser) carries read-package-up and normalize-package-data (semver, SPDX tables, a code-frame
// helper): two thirds of its 245 KB, for package.json lookups evnews never makes. evnews always passes `pkg` (so
// readPackageUpSync is never called) and never reads `cli.pkg` (the only caller of normalizePackageData). Both are
// replaced by stubs, so esbuild drops that code: compiling it was the largest single start-up cost of --json (issue 8 §6).
// Meow's bundled unicorn-magic also promisifies execFile at load, and importing node:child_process compiles it and its
// dependencies (net, dgram…), which are not in Node's start-up snapshot.
const meowEdits = {
	'options.js': [[
		'import { a as readPackageUpSync, n as normalizePackageData } from \'./dependencies.js\';\n',
		'const readPackageUpSync = () => { throw new Error("evnews passes meow its pkg"); };\nconst normalizePackageData = () => {};\n',
	]],
	'dependencies.js': [
		['import { execFile } from \'node:child_process\';\n', ''],
		['promisify(execFile);\n', ''],
		// The two top-level calls that build those packages, made lazy, so nothing refers to them and esbuild drops them.
		['var libExports = requireLib$1();', 'var libExports = {get codeFrameColumns() { return requireLib$1().codeFrameColumns; }};'],
		['var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);', 'const normalizePackageData = (...arguments_) => getDefaultExportFromCjs(requireNormalize())(...arguments_);'],
	],
};
const meowPlugin = {
	name: 'evnews-meow-slim',
	setup(builder) {
		builder.onLoad({filter: /[/\\]meow[/\\]build[/\\](options|dependencies)\.js$/}, async arguments_ => {
			let text = await fs.promises.readFile(arguments_.path, 'utf8');
			for (const [eager, slim] of meowEdits[path.basename(arguments_.path)]) {
				if (!text.includes(eager)) {
					// A newer meow: build it as it is (slower to start, still correct), and say so.
					console.warn(`build: meow/build/${path.basename(arguments_.path)} changed, so meow is bundled whole; update meowEdits in scripts/build.js`);
					return undefined;
				}

				text = text.replace(eager, () => slim);
			}

			return {contents: text, loader: 'js'};
		});
	},
};

// Each dynamically imported module is an entry of its own, so esbuild splits the code shared between entries into
// many small chunks, and Node 20's ESM loader costs about half a millisecond per module: `--json --offline` loaded
// 42 (issue 8 §6). Two steps bring the start-up path down to the entry and one core chunk:
// 1. The commands that scripts and prompts run all day (and the small modules they import lazily) are imported
//    statically instead: they join the start-up path. The reader, the article stack, the fetch-and-parse half of a
//    refresh and the other commands stay lazy.
// 2. The first build finds that path (every module the entry loads statically). The second build inlines each
//    dynamic import of a module already on it, and gives every lazy entry a side-effect import of the whole path (a
//    no-op at run time: the entry has loaded all of it). Every module on the path is then shared by every entry,
//    so esbuild puts them in one chunk.
const inlineModules = [
	/[/\\]commands[/\\](posts-json|plain-list|unread)\.ts$/,
	/[/\\]store[/\\]paths\.ts$/,
	/[/\\]feed[/\\]sanitize\.ts$/,
];
// Not `typeof import(…)`, a type.
const dynamicImport = /(?<!typeof )\bimport\((['"])(\.{1,2}\/[^'"]+)\1\)/g;

function sourceFile(from, specifier) {
	const target = path.resolve(path.dirname(from), specifier.replace(/\.js$/, ''));
	return ['.ts', '.tsx'].map(extension => target + extension).find(candidate => fs.existsSync(candidate));
}

/**
First build: `core` and `lazyEntries` undefined. Second build: the absolute paths of the start-up path and of the
modules imported dynamically somewhere (both from the first build's metafile).
*/
function inlinePlugin(core, lazyEntries) {
	return {
		name: 'evnews-start-up-path',
		setup(builder) {
			builder.onLoad({filter: /[/\\]source[/\\].*\.tsx?$/}, async arguments_ => {
				const text = await fs.promises.readFile(arguments_.path, 'utf8');
				const statics = [];
				const contents = text.replaceAll(dynamicImport, (whole, _quote, specifier) => {
					const file = sourceFile(arguments_.path, specifier);
					const inline = file !== undefined && (inlineModules.some(pattern => pattern.test(file)) || core?.has(file));
					if (!inline) {
						return whole;
					}

					const name = `__evnewsInline${statics.length}`;
					statics.push(`import * as ${name} from ${JSON.stringify(specifier)};`);
					return `Promise.resolve(${name})`;
				});
				if (core !== undefined && lazyEntries?.has(arguments_.path) && !core.has(arguments_.path)) {
					// Each module of the path, not one module that imports them all: esbuild would make that module a chunk
					// of its own, empty, and every lazy path would load it.
					statics.push(...[...core].map(file => `import ${JSON.stringify(file)};`));
				}

				// Import declarations are hoisted, so they go last (after a shebang and the file's own imports).
				return {contents: contents + '\n' + statics.join('\n') + '\n', loader: arguments_.path.endsWith('x') ? 'tsx' : 'ts'};
			});
		},
	};
}

/** Every source module the entry loads statically, as absolute paths, from a metafile. */
function startUpPath(metafile) {
	const seen = new Set(['source/cli.tsx']);
	const queue = ['source/cli.tsx'];
	while (queue.length > 0) {
		for (const {path: next, kind} of metafile.inputs[queue.shift()]?.imports ?? []) {
			if (kind === 'import-statement' && !seen.has(next) && Object.hasOwn(metafile.inputs, next)) {
				seen.add(next);
				queue.push(next);
			}
		}
	}

	seen.delete('source/cli.tsx');
	// Our own modules: they import the packages on the path (a bare import of a package that declares no side
	// effects would be dropped anyway).
	return new Set([...seen].filter(file => file.startsWith('source/')).map(file => path.resolve(file)));
}

/** The source files some module imports dynamically (lazy entries), from a metafile. */
function dynamicTargets(metafile) {
	const targets = new Set();
	for (const input of Object.values(metafile.inputs)) {
		for (const {path: next, kind} of input.imports) {
			if (kind === 'dynamic-import' && next.startsWith('source/')) {
				targets.add(path.resolve(next));
			}
		}
	}

	return targets;
}

// Node's ESM loader gives each imported built-in a facade that reads every property of the module, and so loads
// its lazy parts: `import fs from 'node:fs'` costs 3 ms (fs.promises, the streams behind fs.ReadStream), `node:process`
// 5 ms (process.report). Every static `import … from 'node:…'` is served from process.getBuiltinModule (Node 20.16+)
// instead, through a module whose named exports are pure reads, so esbuild keeps only the names the code uses
// (issue 8 §6). Dynamic imports and CommonJS require() of built-ins are left to Node.
const builtinNames = new Map();
async function builtinModuleText(specifier) {
	if (!builtinNames.has(specifier)) {
		const names = Object.keys(await import(specifier)).filter(name => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
		builtinNames.set(specifier, names);
	}

	const picks = builtinNames.get(specifier).map(name => `export const ${name} = /* @__PURE__ */ pick(${JSON.stringify(name)});`);
	return [`const builtin = process.getBuiltinModule(${JSON.stringify(specifier)});`, 'const pick = name => builtin[name];', 'export default builtin;', ...picks].join('\n');
}

const builtinPlugin = {
	name: 'evnews-builtins',
	setup(builder) {
		builder.onResolve({filter: /^[a-z_/]+$|^node:/}, arguments_ => {
			const specifier = arguments_.path.startsWith('node:') ? arguments_.path : `node:${arguments_.path}`;
			if (arguments_.kind !== 'import-statement' || !builtinModules.includes(specifier.slice(5))) {
				return undefined;
			}

			// One copy per importer (a few bytes), so that esbuild never moves a built-in shared by several chunks into
			// a chunk of its own: that would be one more file to load on the start-up path.
			return {path: specifier, namespace: 'evnews-builtin', pluginData: specifier, suffix: `?${arguments_.importer}`};
		});
		builder.onLoad({filter: /.*/, namespace: 'evnews-builtin'}, async arguments_ => ({contents: await builtinModuleText(arguments_.pluginData), loader: 'js'}));
	},
};

// The string-width package (8 for Ink's measure of every line, 7 inside wrap-ansi) loads ICU's grapheme data at
// import, and version 8 builds `/^\p{RGI_Emoji}$/v` for any line that is not plain ASCII: about 75 ms of the reader's
// first frame, for its box-drawing lines. Shortcuts from source/terminal/narrow-width.ts (checked against both versions for every
// code point by test/narrow-width.test.ts) are patched in, and the segmenter is made on first use. A newer
// string-width is bundled as it is, with a warning.
const narrowImport = `import {mayBeEmoji, narrowWidth} from ${JSON.stringify(path.resolve('source/terminal/narrow-width.ts'))};\n`;
const narrowShortcut = ['\tlet width = 0;\n\tconst eastAsianWidthOptions', '\tconst narrowLength = ambiguousIsNarrow ? narrowWidth(string) : undefined;\n\tif (narrowLength !== undefined) {\n\t\treturn narrowLength;\n\t}\n\n\tlet width = 0;\n\tconst eastAsianWidthOptions'];
const lazySegmenter = ['const segmenter = new Intl.Segmenter();', 'let segmenter;'];
const stringWidthEdits = {
	[path.resolve('node_modules/string-width/index.js')]: [
		['import {eastAsianWidth} from \'get-east-asian-width\';\n', `import {eastAsianWidth} from 'get-east-asian-width';\n${narrowImport}`],
		lazySegmenter,
		narrowShortcut,
		['of segmenter.segment(string)', 'of (segmenter ??= new Intl.Segmenter()).segment(string)'],
		['if (rgiEmojiRegex.test(segment) ||', 'if ((mayBeEmoji(segment) && rgiEmojiRegex.test(segment)) ||'],
		// Built on first use (esbuild writes the /v literal as a `new RegExp` for Node 20, parsed at load: 14 ms).
		[String.raw`const rgiEmojiRegex = /^\p{RGI_Emoji}$/v;`, 'let rgiEmoji;\nconst rgiEmojiRegex = {test: segment => (rgiEmoji ??= new RegExp(\'^\\\\p{RGI_Emoji}$\', \'v\')).test(segment)};'],
	],
	[path.resolve('node_modules/wrap-ansi/node_modules/string-width/index.js')]: [
		['import emojiRegex from \'emoji-regex\';\n', `import emojiRegex from 'emoji-regex';\n${narrowImport}`],
		lazySegmenter,
		narrowShortcut,
		['of segmenter.segment(string)', 'of (segmenter ??= new Intl.Segmenter()).segment(string)'],
	],
	// Ink's slice-ansi makes its grapheme segmenter at load too (8 ms of the first frame).
	[path.resolve('node_modules/slice-ansi/tokenize-ansi.js')]: [
		[
			'const GRAPHEME_SEGMENTER = new Intl.Segmenter(undefined, {granularity: \'grapheme\'});',
			'let graphemeSegmenter;\nconst GRAPHEME_SEGMENTER = {segment: text => (graphemeSegmenter ??= new Intl.Segmenter(undefined, {granularity: \'grapheme\'})).segment(text)};',
		],
	],
};
const stringWidthPlugin = {
	name: 'evnews-string-width-shortcuts',
	setup(builder) {
		builder.onLoad({filter: /[/\\](string-width[/\\]index|slice-ansi[/\\]tokenize-ansi)\.js$/}, async arguments_ => {
			const edits = stringWidthEdits[arguments_.path];
			if (edits === undefined) {
				return undefined;
			}

			let text = await fs.promises.readFile(arguments_.path, 'utf8');
			for (const [original, patched] of edits) {
				if (!text.includes(original)) {
					console.warn(`build: ${path.relative('.', arguments_.path)} changed, so it is bundled without the shortcuts; update stringWidthEdits in scripts/build.js`);
					return undefined;
				}

				text = text.replace(original, () => patched);
			}

			return {contents: text, loader: 'js'};
		});
	},
};

const options = {
	entryPoints: ['source/cli.tsx'],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20.19',
	minify: true,
	sourcemap: false,
	metafile: true,
	logLevel: 'warning',
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink imports react-devtools-core only when DEV is set; never bundle it.
	external: ['react-devtools-core', 'jq-web', 'liquidjs'],
	// Jq-web loads its jq.wasm from its own folder, and liquidjs is large: both stay in node_modules, loaded lazily.
	// Bundled CommonJS (react) calls require() for Node built-ins.
	banner: {js: 'const require=process.getBuiltinModule(\'node:module\').createRequire(import.meta.url);'},
};
const first = await build({...options, write: false, plugins: [stubPlugin, meowPlugin, stringWidthPlugin, inlinePlugin(undefined), builtinPlugin]});
fs.rmSync('dist', {recursive: true, force: true});
const result = await build({...options, plugins: [stubPlugin, meowPlugin, stringWidthPlugin, inlinePlugin(startUpPath(first.metafile), dynamicTargets(first.metafile)), builtinPlugin]});
// Then as CommonJS, which Node 20 loads faster (scripts/commonjs-output.js).
const metafile = await toCommonJs(result.metafile, {banner: options.banner.js, minify: options.minify});
fs.writeFileSync('dist/meta.json', JSON.stringify(metafile));
// The compile cache (source/compile-cache.ts), built alone and required first by dist/cli.js, so that it is on before
// the core chunk is compiled.
await build({
	entryPoints: ['source/start-compile-cache.ts'], outfile: 'dist/compile-cache.js', bundle: true, format: 'cjs', platform: 'node',
	target: options.target, minify: options.minify, logLevel: 'warning',
});
const entry = fs.readFileSync('dist/cli.js', 'utf8');
const strict = '"use strict";';
if (!entry.includes(strict)) {
	throw new Error('build: dist/cli.js has no "use strict" to put the compile cache after');
}

fs.writeFileSync('dist/cli.js', entry.replace(strict, () => strict + 'require("./compile-cache.js");'));
fs.chmodSync('dist/cli.js', 0o755);
