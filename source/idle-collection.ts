// The reader's idle-time collection (issue 8 §3). V8 lets the old generation grow while garbage piles up and collects
// it late, and its own collections free the garbage but keep the pages: after 200 article opens in a row the old space
// had 76 MB committed with 15 MB live, and RSS was 187 MB. Full collections asked for by us give the empty pages back:
// after two in a row, RSS was 128 MB.
// Once the reader has drawn nothing for limits.idleCollectionMs (the person is reading) it collects, twice, when its
// old space's committed size has grown since the last time by half and by limits.idleCollectionGrowthBytes at least;
// the first idle time after the start always collects. With 200 posts that takes about 45 ms, and a key pressed
// meanwhile waits for it. The relative part keeps a large library's (longer) collections as rare as V8's own.
// The collector is V8's own, reached by setting --expose-gc for one new context (where a V8 refuses, nothing runs).
import v8 from 'node:v8';
import vm from 'node:vm';
import {limits} from './feed/limits.js';
import {setV8Flags, type SetFlags} from './v8-flags.js';

export type Collect = () => void;

/** V8's full collection, or undefined when this V8 does not give it. The flag is off again afterwards. */
export function exposedCollector(
	setFlags?: SetFlags,
	inNewContext: (code: string) => unknown = code => vm.runInNewContext(code) as unknown,
): Collect | undefined {
	try {
		if (!setV8Flags('--expose-gc', setFlags)) {
			return undefined;
		}

		const collect = inNewContext('gc');
		return typeof collect === 'function' ? collect as Collect : undefined;
	} catch {
		return undefined;
	} finally {
		setV8Flags('--no-expose-gc', setFlags);
	}
}

/** Bytes V8 holds for its old space (in use or not). */
export function oldSpaceCommitted(): number {
	return v8.getHeapSpaceStatistics().find(space => space.space_name === 'old_space')?.space_size ?? 0;
}

export type IdleCollectorOptions = {
	collect: Collect;
	/** What growth is measured on: bytes held now. */
	held?: () => number;
	idleMs?: number;
	growthBytes?: number;
	now?: () => number;
	setTimer?: (run: () => void, ms: number) => unknown;
	clearTimer?: (timer: unknown) => void;
};

export type IdleCollector = {
	/** Something was drawn: the idle time starts again. */
	activity(): void;
	stop(): void;
};

/**
One timer at a time: activity only notes the time, and a timer that fires early waits out the rest of the idle time.
After a collection the next one needs new activity and new growth.
*/
export function idleCollector(options: IdleCollectorOptions): IdleCollector {
	const {collect, held = oldSpaceCommitted, idleMs = limits.idleCollectionMs, growthBytes = limits.idleCollectionGrowthBytes, now = Date.now} = options;
	const setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms).unref());
	const clearTimer = options.clearTimer ?? (timer => {
		clearTimeout(timer as NodeJS.Timeout);
	});
	// Undefined until the first collection: the first idle time collects whatever start-up left (loading the library
	// makes much garbage).
	let baseline: number | undefined;
	let last = now();
	let timer: unknown;
	let stopped = false;

	const fire = () => {
		timer = undefined;
		const waited = now() - last;
		if (waited < idleMs) {
			timer = setTimer(fire, idleMs - waited);
			return;
		}

		if (baseline === undefined || held() - baseline >= Math.max(growthBytes, baseline / 2)) {
			// Twice: the first frees the garbage; the second finishes the first's sweep and gives back the pages it emptied.
			collect();
			collect();
			baseline = held();
		}
	};

	return {
		activity() {
			last = now();
			if (timer === undefined && !stopped) {
				timer = setTimer(fire, idleMs);
			}
		},
		stop() {
			stopped = true;
			if (timer !== undefined) {
				clearTimer(timer);
				timer = undefined;
			}
		},
	};
}
