import test from 'ava';
import fc from 'fast-check';
import {ByteLru} from '../source/store/lru.js';

test('the LRU never exceeds its byte budget or entry count, and keeps the most recent entries', t => {
	fc.assert(fc.property(
		fc.integer({min: 0, max: 500}),
		fc.integer({min: 1, max: 20}),
		fc.array(fc.tuple(fc.constantFrom('set', 'get', 'delete'), fc.integer({min: 0, max: 30}), fc.integer({min: 0, max: 300}))),
		(budget, maxEntries, operations) => {
			const lru = new ByteLru<number, number>(budget, size => size, maxEntries);
			for (const [operation, key, size] of operations) {
				if (operation === 'set') {
					lru.set(key, size);
					if (size <= budget && lru.get(key) !== size) {
						return false;
					}
				} else if (operation === 'get') {
					lru.get(key);
				} else {
					lru.delete(key);
				}

				const total = [...lru.keys()].reduce((sum, item) => sum + (lru.get(item) ?? 0), 0);
				if (lru.bytes > budget || lru.size > maxEntries || total !== lru.bytes) {
					return false;
				}
			}

			return true;
		},
	));
	t.pass();
});

test('least recently used goes first; an entry over the budget is not kept', t => {
	const lru = new ByteLru<string, string>(10, value => value.length);
	lru.set('a', 'aaaa');
	lru.set('b', 'bbbb');
	lru.get('a');
	lru.set('c', 'cccc');
	t.deepEqual([...lru.keys()], ['a', 'c']);
	lru.set('big', 'x'.repeat(11));
	t.false(lru.has('big'));
	t.is(lru.bytes, 8);
});

test('control: the property check fails on a map that ignores the budget', t => {
	t.throws(() => {
		fc.assert(fc.property(fc.array(fc.integer({min: 1, max: 50}), {minLength: 5}), sizes => {
			const unbounded = new ByteLru<number, number>(Number.POSITIVE_INFINITY, size => size);
			for (const [key, size] of sizes.entries()) {
				unbounded.set(key, size);
			}

			return unbounded.bytes <= 100;
		}));
	});
});
