import {execFileSync} from 'node:child_process';
import process from 'node:process';
import test from 'ava';
import {holdYoungGeneration, releaseYoungGenerationUpTo, youngGenerationFlag, youngGenerationRelease} from '../source/young-generation.js';

/** New space (MiB) after keeping 300,000 small objects alive, in a fresh Node, with or without the hold. */
function newSpaceAfterLoad(hold: boolean): number {
	const script = `
		${hold ? `require('node:v8').setFlagsFromString(${JSON.stringify(youngGenerationFlag)});` : ''}
		const kept = [];
		for (let i = 0; i < 300000; i++) kept.push({id: 'p' + i, title: 'Post ' + i, read: i % 3 === 0});
		const space = require('node:v8').getHeapSpaceStatistics().find(s => s.space_name === 'new_space');
		console.log(space.space_size / 1048576, kept.length);
	`;
	return Number(execFileSync(process.execPath, ['-e', script], {encoding: 'utf8'}).split(' ')[0]);
}

test('holding the young generation keeps the new space at its first size while posts load', t => {
	const held = newSpaceAfterLoad(true);
	const grown = newSpaceAfterLoad(false);
	// Control: without the hold, the same load grows the new space well past its first size.
	t.true(grown >= 8, `without the hold: ${grown} MiB`);
	t.true(held <= 4, `with the hold: ${held} MiB`);
});

test('the flag is set once, and a V8 that refuses it leaves the process running', t => {
	const seen: string[] = [];
	t.true(holdYoungGeneration(flags => {
		seen.push(flags);
	}));
	t.deepEqual(seen, [youngGenerationFlag]);
	t.false(holdYoungGeneration(() => {
		throw new Error('unknown flag');
	}));
});

test('the reader\'s release lets the new space grow to its cap, then holds it there', t => {
	const seen: string[] = [];
	let size = 2 * 1024 * 1024;
	const check = releaseYoungGenerationUpTo(16 * 1024 * 1024, flags => {
		seen.push(flags);
	}, () => size);
	t.deepEqual(seen, [youngGenerationRelease]);
	// Control: under the cap nothing is held.
	check();
	size = 8 * 1024 * 1024;
	check();
	t.deepEqual(seen, [youngGenerationRelease]);
	size = 16 * 1024 * 1024;
	check();
	check();
	t.deepEqual(seen, [youngGenerationRelease, youngGenerationFlag]);
});

test('a real V8 honours the hold set at run time: a load that would grow the new space past 8 MB stops there', t => {
	const script = `
		const v8 = require('node:v8');
		const size = () => v8.getHeapSpaceStatistics().find(s => s.space_name === 'new_space').space_size;
		const cap = Number(process.argv[1]);
		let held = false;
		const kept = [];
		for (let i = 0; i < 1500000; i++) {
			kept.push({id: 'p' + i, n: i});
			if (cap > 0 && !held && i % 1000 === 0 && size() >= cap) { v8.setFlagsFromString('--semi-space-growth-factor=1'); held = true; }
		}
		console.log(size() / 1048576, kept.length);
	`;
	const run = (cap: number) => Number(execFileSync(process.execPath, ['-e', script, String(cap)], {encoding: 'utf8'}).split(' ')[0]);
	const capped = run(8 * 1024 * 1024);
	// Control: the same load without a cap grows past it.
	const free = run(0);
	t.true(free > 8, `uncapped: ${free} MiB`);
	t.true(capped <= 8, `capped: ${capped} MiB`);
});
