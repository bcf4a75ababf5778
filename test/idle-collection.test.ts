import test from 'ava';
import {exposedCollector, idleCollector, oldSpaceCommitted} from '../source/idle-collection.js';

const mib = 1024 * 1024;

/** A collector on a fake clock, fake timers and a fake heap. */
function harness(options: {idleMs?: number; growthBytes?: number; held?: number; liveAfter?: number} = {}) {
	const world = {
		now: 0,
		held: options.held ?? 10 * mib,
		collections: 0,
		passes: 0,
		timers: [] as Array<{at: number; run: () => void; cleared: boolean}>,
	};
	const collector = idleCollector({
		idleMs: options.idleMs ?? 1000,
		growthBytes: options.growthBytes ?? 16 * mib,
		now: () => world.now,
		held: () => world.held,
		collect() {
			world.passes++;
			world.collections = Math.ceil(world.passes / 2);
			// What is left is the live part.
			world.held = options.liveAfter ?? 12 * mib;
		},
		setTimer(run, ms) {
			const timer = {at: world.now + ms, run, cleared: false};
			world.timers.push(timer);
			return timer;
		},
		clearTimer(timer) {
			(timer as {cleared: boolean}).cleared = true;
		},
	});
	/** Move the clock to `at`, running the timers due on the way. */
	const advance = (at: number) => {
		for (;;) {
			const due = world.timers.filter(timer => !timer.cleared && timer.at <= at).sort((a, b) => a.at - b.at)[0];
			if (!due) {
				break;
			}

			world.now = due.at;
			due.cleared = true;
			due.run();
		}

		world.now = at;
	};

	const live = () => world.timers.filter(timer => !timer.cleared).length;
	/** The first idle second after the start: it always collects (what start-up left). */
	const pastStart = () => {
		collector.activity();
		advance(world.now + 1000);
	};

	return {world, collector, advance, live, pastStart};
}

test('the first idle second after the start collects what start-up left, however little', t => {
	const {world, collector, advance} = harness({held: 2 * mib});
	collector.activity();
	advance(999);
	t.is(world.collections, 0);
	advance(1000);
	t.is(world.collections, 1);
	// Two passes, back to back: the second gives back the pages the first emptied.
	t.is(world.passes, 2);
});

test('after a second without drawing, a grown old space is collected once', t => {
	const {world, collector, advance, live, pastStart} = harness();
	pastStart();
	collector.activity();
	world.held += 40 * mib;
	advance(1999);
	t.is(world.collections, 1);
	advance(2000);
	t.is(world.collections, 2);
	// No new growth: the next idle second collects nothing.
	collector.activity();
	advance(4000);
	t.is(world.collections, 2);
	t.is(live(), 0);
});

test('drawing postpones the collection: one timer, which waits out the rest of the idle time', t => {
	const {world, collector, advance, live} = harness();
	collector.activity();
	for (let at = 100; at <= 2000; at += 100) {
		advance(at);
		collector.activity();
	}

	t.is(world.collections, 0);
	t.true(live() <= 1, `${live()} timers`);
	advance(2999);
	t.is(world.collections, 0);
	advance(3000);
	t.is(world.collections, 1);
});

test('growth under the threshold, absolute or relative, is left to V8 (controls)', t => {
	// After the first collection, 12 MB are held: 16 MB more are needed.
	const small = harness();
	small.pastStart();
	small.collector.activity();
	small.world.held += 15 * mib;
	small.advance(5000);
	t.is(small.world.collections, 1);
	small.world.held += mib;
	small.collector.activity();
	small.advance(10_000);
	t.is(small.world.collections, 2);
	// A large library: 200 MB held after a collection needs 100 MB more, not 16.
	const large = harness({held: 200 * mib, liveAfter: 200 * mib});
	large.pastStart();
	large.collector.activity();
	large.world.held += 60 * mib;
	large.advance(5000);
	t.is(large.world.collections, 1);
	large.world.held += 40 * mib;
	large.collector.activity();
	large.advance(10_000);
	t.is(large.world.collections, 2);
});

test('stop clears the timer, and later drawing arms nothing', t => {
	const {world, collector, advance, live} = harness();
	collector.activity();
	world.held += 40 * mib;
	collector.stop();
	t.is(live(), 0);
	collector.activity();
	advance(5000);
	t.is(live(), 0);
	t.is(world.collections, 0);
});

test('the exposed collector is V8\'s full collection: garbage in the old space goes, what is kept stays', t => {
	const collect = exposedCollector();
	t.is(typeof collect, 'function');
	// The flag is off again, and this context never had a gc global.
	t.is(typeof (globalThis as {gc?: unknown}).gc, 'undefined');
	// Old-space garbage: objects that survive two scavenges (promoted), then are dropped.
	let garbage: Array<{id: string; n: number}> | undefined = Array.from({length: 400_000}, (_, index) => ({id: `g${index}`, n: index}));
	const kept = Array.from({length: 200_000}, (_, index) => ({id: `k${index}`, n: index}));
	for (let round = 0; round < 3; round++) {
		Array.from({length: 300_000}, (_, index) => ({index}));
	}

	const before = oldSpaceCommitted();
	garbage = undefined;
	collect!();
	const after = oldSpaceCommitted();
	t.true(before - after >= 10 * mib, `old space ${(before / mib).toFixed(1)} → ${(after / mib).toFixed(1)} MiB`);
	// Control: the kept objects are still there, and still take their room.
	t.is(kept.length, 200_000);
	t.is(kept[199_999]!.id, 'k199999');
	t.true(after >= 8 * mib, `after ${(after / mib).toFixed(1)} MiB`);
	t.is(garbage, undefined);
});

test('a V8 that refuses the flag gives no collector, and the flag is switched back either way', t => {
	const seen: string[] = [];
	t.is(exposedCollector(flags => {
		seen.push(flags);
		if (flags === '--expose-gc') {
			throw new Error('unknown flag');
		}
	}), undefined);
	t.deepEqual(seen, ['--expose-gc', '--no-expose-gc']);
	t.is(exposedCollector(() => undefined, () => 'not a function'), undefined);
});
