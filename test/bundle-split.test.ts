import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

// The bundle's start-up paths (issue 8 §6), read from esbuild's metafile: which files a path loads statically.
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
type Metafile = {outputs: Record<string, {imports: Array<{path: string; kind: string}>; inputs: Record<string, unknown>}>};

function readMeta(): Metafile | undefined {
	const file = path.join(root, 'dist/meta.json');
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) as Metafile : undefined;
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
	const meta = readMeta();
	if (!meta) {
		t.fail('dist/meta.json missing: npm test builds before ava');
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

test('--offline never loads the fetch-and-parse half: no HTTP client, no XML parser (control: the lazy chunk has them)', t => {
	const meta = readMeta();
	if (!meta) {
		t.fail('dist/meta.json missing');
		return;
	}

	const parser = /node_modules\/(htmlparser2|entities)\/|source\/feed\/(fetch-feed|transport|parse-xml)\.ts$/;
	t.deepEqual(inputsOf(meta, staticClosure(meta, 'dist/cli.js')).filter(input => parser.test(input)), []);
	t.true(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/refresh/fetch-parse.ts'))).some(input => parser.test(input)));
});

test('the reader\'s first frame loads no markdown renderer (control: the article renderer\'s chunk does)', t => {
	const meta = readMeta();
	if (!meta) {
		t.fail('dist/meta.json missing');
		return;
	}

	const markdown = /node_modules\/(marked|marked-terminal|cli-table3)\//;
	t.deepEqual(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/ui/run-reader.tsx'))).filter(input => markdown.test(input)), []);
	t.true(inputsOf(meta, staticClosure(meta, chunkOf(meta, 'source/article/render-article.ts'))).some(input => markdown.test(input)));
});
