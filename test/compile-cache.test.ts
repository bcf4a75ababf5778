import nodeModule from 'node:module';
import test from 'ava';
import {enableCompileCache} from '../source/compile-cache.js';

test('the compile cache is turned on where Node has it, and is a no-op where it has not', t => {
	let calls = 0;
	t.true(enableCompileCache({enableCompileCache() {
		calls++;
	}}));
	t.is(calls, 1);
	// Control: Node 20 has no enableCompileCache; nothing is called and nothing throws.
	t.false(enableCompileCache({}));
	t.false(enableCompileCache({enableCompileCache() {
		throw new Error('EROFS');
	}}));
	t.is(enableCompileCache(), typeof (nodeModule as {enableCompileCache?: unknown}).enableCompileCache === 'function');
});
