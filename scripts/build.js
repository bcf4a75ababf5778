// Bundle source/cli.tsx into dist/ with esbuild. The reader and the article stack are separate chunks,
// loaded only by dynamic import, so the --json path never evaluates ink, react or marked-terminal.
import fs from 'node:fs';
import {build} from 'esbuild';

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

// Meow (our argument parser) builds normalize-package-data (semver, SPDX tables) and a code-frame helper when it
// loads, for package.json lookups evnews never makes (it passes pkg): the largest single start-up cost of
// --json (issue 8 §6). Both are made lazy: the same functions, evaluated on first call.
const meowLazy = [
	// Meow's bundled unicorn-magic promisifies execFile at load (for a helper meow never calls), and importing
	// node:child_process compiles it and its dependencies (net, dgram…), which are not in Node's start-up snapshot.
	['import { execFile } from \'node:child_process\';\n', ''],
	['promisify(execFile);\n', ''],
	['var libExports = requireLib$1();', 'var libExports = {get codeFrameColumns() { return requireLib$1().codeFrameColumns; }};'],
	['var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);', 'const normalizePackageData = (...arguments_) => getDefaultExportFromCjs(requireNormalize())(...arguments_);'],
];
const meowPlugin = {
	name: 'evnews-meow-lazy',
	setup(builder) {
		builder.onLoad({filter: /[/\\]meow[/\\]build[/\\]dependencies\.js$/}, async arguments_ => {
			let text = await fs.promises.readFile(arguments_.path, 'utf8');
			for (const [eager, lazy] of meowLazy) {
				if (!text.includes(eager)) {
					// A newer meow: build it as it is (slower to start, still correct), and say so.
					console.warn('build: meow/build/dependencies.js changed, so meow loads eagerly; update meowLazy in scripts/build.js');
					return undefined;
				}

				text = text.replace(eager, () => lazy);
			}

			return {contents: text, loader: 'js'};
		});
	},
};

fs.rmSync('dist', {recursive: true, force: true});
const result = await build({
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
	plugins: [stubPlugin, meowPlugin],
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink imports react-devtools-core only when DEV is set; never bundle it.
	external: ['react-devtools-core', 'jq-web', 'liquidjs'],
	// Jq-web loads its jq.wasm from its own folder, and liquidjs is large: both stay in node_modules, loaded lazily.
	// Bundled CommonJS (react) calls require() for Node built-ins.
	banner: {js: 'import {createRequire as __evnewsCreateRequire} from \'node:module\';const require=__evnewsCreateRequire(import.meta.url);'},
});
fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
fs.chmodSync('dist/cli.js', 0o755);
