// The second half of the build: esbuild writes ES modules (it splits code only in that format), and this turns each
// output into a CommonJS file, which Node 20 loads faster. An ES module graph is linked and evaluated asynchronously
// by the ESM loader; `require` reads and compiles the file and runs it. Measured on the 10,000-post cache, in
// interleaved runs: `unread` 132 → 123 ms, `--json --offline` on one feed 118 → 111 ms, `--json` of a 50-item feed
// 224 → 216 ms, the reader's first frame 368 → 344 ms (issue 8 §6).
//
// - Imports between chunks become `require`, and esbuild keeps them live: each use reads the exporting chunk's getter.
// - `import()` of a chunk or a package becomes a `require` inside a promise, so no ESM loader starts.
// - A chunk with a top-level `await` (the reader's, for Ink and Yoga's WebAssembly) cannot be CommonJS. It stays an
//   ES module, renamed `.mjs`, and so does any chunk that imports one statically. Its own imports of CommonJS chunks
//   become `require` calls whose uses read the exports object (esbuild's `define`), so they stay live too, and Node's
//   CommonJS export scanner never runs: it cost 23 ms of the reader's first frame on the large chunks.
// - `dist/package.json` says `commonjs`, so Node reads the `.js` files as CommonJS.
import fs from 'node:fs';
import path from 'node:path';
import {transform} from 'esbuild';

const dynamicImport = /\bimport\("(\.{1,2}\/[^"]+)"\)/g;
// A package left out of the bundle (jq-web, liquidjs): Node imports it as it would from an ES module. Jq-web's
// exports are a promise, which esbuild's `require` wrapper would turn into a broken thenable.
const packageImport = /\bimport\("((?!node:)[^".][^"]*)"\)/g;
// Calls that esbuild must leave as they are (it would turn `import()` into `require`, and warns of `require` in an ES
// module), restored after each transform.
const keepImport = '__evnewsKeepImport(';
const keepRequire = '__evnewsKeepRequire(';
const meta = '__evnewsMeta';

function resolveFrom(file, specifier) {
	return path.posix.join(path.posix.dirname(file), specifier);
}

/** A specifier in `file`, pointing at the `.mjs` name of a chunk that stays an ES module. */
function renamed(file, specifier, esm) {
	return esm.has(resolveFrom(file, specifier)) ? specifier.replace(/\.js$/, '.mjs') : specifier;
}

function staticImports(metafile, file) {
	return metafile.outputs[file].imports.filter(entry => entry.kind === 'import-statement' && !entry.external).map(entry => entry.path);
}

async function hasTopLevelAwait(text) {
	try {
		await transform(text, {format: 'cjs', logLevel: 'silent'});
		return false;
	} catch (error) {
		if (error.errors?.some(message => message.text.startsWith('Top-level await'))) {
			return true;
		}

		throw error;
	}
}

/** The outputs that must stay ES modules: those with a top-level await, and any that imports one statically. */
async function esModuleOutputs(metafile, texts) {
	const esm = new Set();
	for (const [file, text] of texts) {
		if (await hasTopLevelAwait(text)) {
			esm.add(file);
		}
	}

	let grew = true;
	while (grew) {
		grew = false;
		for (const file of texts.keys()) {
			if (!esm.has(file) && staticImports(metafile, file).some(target => esm.has(target))) {
				esm.add(file);
				grew = true;
			}
		}
	}

	return esm;
}

// Esbuild marks each module's code with a `// path` line when it does not minify (bench/startup-split.ts reads
// them), and a transform drops comments: they pass through it as calls.
const marker = /^\/\/ (\S+\.(?:[cm]?js|tsx?|json))$/gm;
const markerCall = /^__evnewsMarker\("([^"]+)"\);$/gm;

async function transformKeepingMarkers(text, options) {
	const result = await transform(options.minify ? text : text.replaceAll(marker, '__evnewsMarker("$1");'), options);
	return options.minify ? result.code : result.code.replaceAll(markerCall, '// $1');
}

function withoutPrefix(text, prefix) {
	return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

async function commonJsText(file, text, {banner, esm, minify}) {
	const shebang = text.startsWith('#!') ? text.slice(0, text.indexOf('\n') + 1) : '';
	let body = withoutPrefix(text.slice(shebang.length), banner);
	// Imports of an ES module or a package stay imports.
	body = body.replaceAll(dynamicImport, (whole, specifier) => esm.has(resolveFrom(file, specifier)) ? `${keepImport}${JSON.stringify(renamed(file, specifier, esm))})` : whole)
		.replaceAll(packageImport, (_whole, specifier) => `${keepImport}${JSON.stringify(specifier)})`);
	const code = await transformKeepingMarkers(body, {
		format: 'cjs',
		platform: 'node',
		target: 'node20.19',
		minify,
		supported: {'dynamic-import': false},
		define: {'import.meta': meta},
		logLevel: 'warning',
	});
	const url = body.includes('import.meta') ? `var ${meta}={url:require("node:url").pathToFileURL(__filename).href};` : '';
	return `${shebang}"use strict";${url}${code.replaceAll(keepImport, 'import(')}`;
}

/**
An ES module's imports of CommonJS chunks, read live through `require`d exports objects; its imports of ES modules
stay imports, of the renamed files.
*/
async function esModuleText(file, text, {banner, esm, minify}) {
	let rest = withoutPrefix(text, banner).trimStart();
	const head = [];
	const define = {};
	for (let match; (match = /^import\s*(?:{([^}]*)}\s*from\s*)?"(\.{1,2}\/[^"]+)";\s*/.exec(rest));) {
		rest = rest.slice(match[0].length);
		if (esm.has(resolveFrom(file, match[2]))) {
			head.push(match[0].replace(match[2], renamed(file, match[2], esm)));
			continue;
		}

		const object = `__evnewsChunk${head.length}`;
		head.push(`var ${object}=require(${JSON.stringify(match[2])});`);
		for (const binding of match[1]?.split(',') ?? []) {
			const [imported, local = imported] = binding.split(' as ').map(name => name.trim());
			define[local] = `${object}.${imported}`;
		}
	}

	if (/^import\b/.test(rest)) {
		throw new Error(`build: ${file} has an import that scripts/commonjs-output.js does not read: ${rest.slice(0, 80)}`);
	}

	// A CommonJS chunk imported dynamically: `require` gives the same names, without Node's export scanner.
	rest = rest.replaceAll(dynamicImport, (whole, specifier) => esm.has(resolveFrom(file, specifier))
		? `import(${JSON.stringify(renamed(file, specifier, esm))})`
		: `Promise.resolve().then(()=>${keepRequire}${JSON.stringify(specifier)}))`);
	const code = await transformKeepingMarkers(rest, {format: 'esm', platform: 'node', target: 'node20.19', minify, define, logLevel: 'warning'});
	return banner + head.join('') + code.replaceAll(keepRequire, 'require(');
}

function renamedMetafile(metafile, renames) {
	const rename = file => renames.get(file) ?? file;
	const outputs = Object.fromEntries(Object.entries(metafile.outputs).map(([file, output]) => [
		rename(file),
		{...output, imports: output.imports.map(entry => ({...entry, path: rename(entry.path)}))},
	]));
	return {...metafile, outputs};
}

/**
Rewrite the JavaScript outputs of `metafile` in place as CommonJS (`banner` is the ES module banner to drop; `root`
is the folder the metafile's paths start from), and return the metafile with the outputs that stay ES modules
renamed `.mjs`.
*/
export async function toCommonJs(metafile, {banner, minify, root = '.'}) {
	const files = Object.keys(metafile.outputs).filter(file => file.endsWith('.js'));
	const texts = new Map(files.map(file => [file, fs.readFileSync(path.join(root, file), 'utf8')]));
	const esm = await esModuleOutputs(metafile, texts);
	const renames = new Map([...esm].map(file => [file, file.replace(/\.js$/, '.mjs')]));
	for (const [file, text] of texts) {
		if (esm.has(file)) {
			fs.writeFileSync(path.join(root, renames.get(file)), await esModuleText(file, text, {banner, esm, minify}));
			fs.rmSync(path.join(root, file));
		} else {
			fs.writeFileSync(path.join(root, file), await commonJsText(file, text, {banner, esm, minify}));
		}
	}

	// The folder of the outputs (an entry's, above its chunks'): every output is below it.
	const top = files.map(file => path.posix.dirname(file)).sort((a, b) => a.length - b.length)[0];
	fs.writeFileSync(path.join(root, top, 'package.json'), '{"type": "commonjs"}\n');
	return renamedMetafile(metafile, renames);
}
