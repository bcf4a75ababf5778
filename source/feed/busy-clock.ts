/**
Time the process spent in synchronous work (parsing a feed, mostly) while network requests were waiting.
Request timers (fetch-budget.ts) credit it back, so a per-feed deadline measures the network, not the time spent
parsing other feeds on the same event loop (issue 7 §2, issue 8 §5).
*/
import process from 'node:process';

/**
A monotonic clock in milliseconds. Not the global `performance`: its first use loads Node's perf_hooks (about 1 ms of
every fetching run).
*/
export function monotonicMs(): number {
	const [seconds, nanoseconds] = process.hrtime();
	return (seconds * 1000) + (nanoseconds / 1e6);
}

let busyTotalMs = 0;
let depth = 0;

/** Milliseconds spent inside `timeBusy` sections so far (nested sections count once). */
export function busyMs(): number {
	return busyTotalMs;
}

/** Run the synchronous `work` and count its duration as busy time. */
export function timeBusy<T>(work: () => T): T {
	if (depth > 0) {
		return work();
	}

	depth++;
	const started = monotonicMs();
	try {
		return work();
	} finally {
		busyTotalMs += monotonicMs() - started;
		depth--;
	}
}
