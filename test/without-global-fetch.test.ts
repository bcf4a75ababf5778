import {spawnSync} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

// In a fresh Node, so that nothing has read the lazy getter before: which of Node's modules the reads load.
function run(script: string): string {
	const result = spawnSync(process.execPath, ['--import=tsx', '--input-type=module', '-e', script], {cwd: root, encoding: 'utf8'});
	return result.stdout.trim() + result.stderr.trim();
}

test('yoga-layout loads without compiling Node\'s undici; without the guard it does (control)', t => {
	const load = 'const {default: Yoga} = await import("yoga-layout"); if (!Yoga.Node) throw new Error("no yoga");';
	const undiciLoaded = 'console.log(process.moduleLoadList.some(name => name.includes("undici")))';
	const guarded = run(`import {withoutGlobalFetch} from './source/without-global-fetch.ts'; await withoutGlobalFetch(async () => { ${load} }); ${undiciLoaded}; console.log(typeof fetch);`);
	t.is(guarded, 'false\nfunction');
	t.is(run(`${load} ${undiciLoaded}`), 'true');
});

test('the global fetch is hidden during the load only, and its getter is put back unread', async t => {
	const {withoutGlobalFetch} = await import('../source/without-global-fetch.js');
	const before = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	const inside = await withoutGlobalFetch(async () => typeof fetch);
	t.is(inside, 'undefined');
	t.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'fetch'), before);
	await t.throwsAsync(withoutGlobalFetch(async () => {
		throw new Error('load failed');
	}), {message: 'load failed'});
	t.deepEqual(Object.getOwnPropertyDescriptor(globalThis, 'fetch'), before, 'put back after a failed load too');
});
