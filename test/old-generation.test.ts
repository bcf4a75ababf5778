import {execFileSync} from 'node:child_process';
import process from 'node:process';
import test from 'ava';
import {holdOldGeneration, oldGenerationFlag, oldGenerationRelease, releaseOldGeneration} from '../source/old-generation.js';

/**
Full collections in a fresh Node that makes garbage fast while keeping a little, with `flag` set at run time. Counted,
not peak RSS: the peak moves with the machine's load (concurrent marking falls behind), the count of collections that
the growth limit sets does not. The control sets a growth of 300% the same way (V8's own choice goes up to that, and
depends on its GC speed, which a loaded machine moves too).
*/
function fullCollections(flag: string): number {
	const script = `
		require('node:v8').setFlagsFromString(${JSON.stringify(flag)});
		const {PerformanceObserver, constants} = require('node:perf_hooks');
		let majors = 0;
		const observer = new PerformanceObserver(list => {
			for (const entry of list.getEntries()) if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
		});
		observer.observe({entryTypes: ['gc']});
		const keep = [];
		for (let round = 0; round < 60; round++) {
			const garbage = Array.from({length: 20000}, (_, i) => ({s: 'x'.repeat(50) + i, n: i}));
			keep.push(garbage.slice(0, 500));
		}
		setTimeout(() => { observer.disconnect(); console.log(majors, keep.length); }, 50);
	`;
	return Number(execFileSync(process.execPath, ['-e', script], {encoding: 'utf8'}).split(' ')[0]);
}

test('the old generation\'s growth, held at run time, makes V8 collect more often on the same garbage', t => {
	const held = fullCollections(oldGenerationFlag);
	// Control: with a growth of 300% the same work needs fewer full collections (8 against 4 here, loaded or not).
	const free = fullCollections('--heap-growing-percent=300');
	t.true(held >= free + 2, `held ${held}, free ${free} full collections`);
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
