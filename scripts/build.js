// Bundle source/cli.tsx into dist/ with esbuild. The reader and the article stack are separate chunks,
// loaded only by dynamic import, so the --json path never evaluates ink, react or marked-terminal.
import {build} from 'esbuild';
import fs from 'node:fs';

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
	chunkNames: 'chunks/[name]-[hash]',
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink imports react-devtools-core only when DEV is set; never bundle it.
	external: ['react-devtools-core'],
	// Bundled CommonJS (react) calls require() for Node built-ins.
	banner: {js: "import {createRequire as __evnewsCreateRequire} from 'node:module';const require=__evnewsCreateRequire(import.meta.url);"},
});
fs.writeFileSync('dist/meta.json', JSON.stringify(result.metafile));
fs.chmodSync('dist/cli.js', 0o755);
