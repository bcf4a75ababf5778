import {execFileSync} from 'node:child_process';
import process from 'node:process';
import test from 'ava';
import {holdYoungGeneration, youngGenerationFlag} from '../source/young-generation.js';

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
