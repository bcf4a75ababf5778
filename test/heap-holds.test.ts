import test from 'ava';
import {heapHolds} from '../source/commands/collect-posts.js';
import {limits} from '../source/feed/limits.js';

// Which heap policies a command takes (collect-posts.ts): the index is measured only for --offline.
const large = limits.holdYoungIndexBytes + 1;

test('--offline holds the young generation only for a large library index, and never the old one', t => {
	t.deepEqual(heapHolds({offline: true, sources: 100, indexBytes: () => large}), {old: false, young: true});
	// Control: the same run with an index at the limit holds nothing.
	t.deepEqual(heapHolds({offline: true, sources: 100, indexBytes: () => limits.holdYoungIndexBytes}), {old: false, young: false});
	t.deepEqual(heapHolds({offline: true, sources: 1, indexBytes: () => 0}), {old: false, young: false});
});

test('a run that fetches several feeds holds both, one feed neither, without measuring the index', t => {
	const measured: number[] = [];
	const indexBytes = () => {
		measured.push(large);
		return large;
	};

	t.deepEqual(heapHolds({offline: false, sources: 2, indexBytes}), {old: true, young: true});
	t.deepEqual(heapHolds({offline: false, sources: 1, indexBytes}), {old: false, young: false});
	t.deepEqual(measured, []);
});
