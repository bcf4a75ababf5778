import {execFileSync} from 'node:child_process';
import process from 'node:process';
import test from 'ava';
import {holdOldGeneration, oldGenerationFlag, oldGenerationRelease, releaseOldGeneration} from '../source/old-generation.js';

/** Peak RSS (MiB) of a fresh Node that makes garbage fast while keeping a little, with or without the hold. */
function peakAfterGarbage(hold: boolean): number {
	const script = `
		${hold ? `require('node:v8').setFlagsFromString(${JSON.stringify(oldGenerationFlag)});` : ''}
		const keep = [];
		for (let round = 0; round < 60; round++) {
			const garbage = Array.from({length: 20000}, (_, i) => ({s: 'x'.repeat(50) + i, n: i}));
			keep.push(garbage.slice(0, 500));
		}
		const peak = /VmHWM:[ \t]+([0-9]+)/.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8'))[1];
		console.log(Number(peak) / 1024, keep.length);
	`;
	return Number(execFileSync(process.execPath, ['-e', script], {encoding: 'utf8'}).split(' ')[0]);
}

test('holding the old generation\'s growth, set at run time, keeps the peak down while garbage is made fast', t => {
	// Medians of three runs each: V8 picks its own factor from its GC speed, which a loaded machine moves.
	const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
	const held = median([true, true, true].map(hold => peakAfterGarbage(hold)));
	// Control: the same work without the hold peaks higher.
	const free = median([false, false, false].map(hold => peakAfterGarbage(hold)));
	t.true(free - held >= 8, `held ${held.toFixed(0)} MiB, free ${free.toFixed(0)} MiB`);
});

test('hold and release set V8\'s flag, and a V8 that refuses it leaves the process running', t => {
	const seen: string[] = [];
	t.true(holdOldGeneration(flags => {
		seen.push(flags);
	}));
	releaseOldGeneration(flags => {
		seen.push(flags);
	});
	t.deepEqual(seen, [oldGenerationFlag, oldGenerationRelease]);
	t.false(holdOldGeneration(() => {
		throw new Error('unknown flag');
	}));
	t.notThrows(() => {
		releaseOldGeneration(() => {
			throw new Error('unknown flag');
		});
	});
});
