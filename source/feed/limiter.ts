import {AsyncLocalStorage} from 'node:async_hooks';
import {limits} from './limits.js';

export type Limiter = {
	/**
	Run `task` when a global slot and a slot for `host` are free. Tasks start in the order they were queued.
	A task that runs inside another task of the same host (the REST check made in a feed fetch's slot) uses the slot
	it is in: it neither waits for a second one nor counts twice, so nesting can never deadlock. Such nested calls
	are awaited one at a time (as the WordPress code does), so the slot still means one request at a time.
	*/
	run<T>(host: string, task: () => Promise<T>): Promise<T>;
};

let shared: Limiter | undefined;

/**
The process's one limiter: feed fetches, WordPress REST calls and the feed pages of a backfill share its caps
(`limits.maxConcurrent` at once, `limits.maxPerHost` per host), so a site never sees more than that from one evnews.
*/
export function hostLimiter(): Limiter {
	shared ??= createLimiter();
	return shared;
}

/** A concurrency limiter: at most `maxConcurrent` tasks at once, and at most `maxPerHost` per host. */
export function createLimiter(options: {maxConcurrent?: number; maxPerHost?: number} = {}): Limiter {
	const maxConcurrent = Math.max(1, options.maxConcurrent ?? limits.maxConcurrent);
	const maxPerHost = Math.max(1, options.maxPerHost ?? limits.maxPerHost);
	const queue: Array<{host: string; start: () => void}> = [];
	const perHost = new Map<string, number>();
	// The hosts whose slots the current async context holds.
	const held = new AsyncLocalStorage<ReadonlySet<string>>();
	let running = 0;

	const pump = () => {
		for (let index = 0; index < queue.length && running < maxConcurrent;) {
			const entry = queue[index]!;
			if ((perHost.get(entry.host) ?? 0) < maxPerHost) {
				queue.splice(index, 1);
				running++;
				perHost.set(entry.host, (perHost.get(entry.host) ?? 0) + 1);
				entry.start();
			} else {
				index++;
			}
		}
	};

	return {
		async run<T>(host: string, task: () => Promise<T>): Promise<T> {
			const holding = held.getStore();
			if (holding?.has(host)) {
				return task();
			}

			const inSlot = async () => held.run(new Set([...(holding ?? []), host]), task);
			return new Promise<T>((resolve, reject) => {
				queue.push({
					host,
					start() {
						const done = () => {
							running--;
							const count = (perHost.get(host) ?? 1) - 1;
							if (count === 0) {
								perHost.delete(host);
							} else {
								perHost.set(host, count);
							}

							pump();
						};

						let promise: Promise<T>;
						try {
							promise = inSlot();
						} catch (error) {
							// The task's own error, whatever it threw: the caller handles it.
							// eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
							promise = Promise.reject(error);
						}

						promise.then(value => {
							done();
							resolve(value);
						}, (error: unknown) => {
							done();
							// eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed through as given
							reject(error);
						});
					},
				});
				pump();
			});
		},
	};
}
