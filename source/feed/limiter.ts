import {limits} from './limits.js';

export type Limiter = {
	/** Run `task` when a global slot and a slot for `host` are free. Tasks start in the order they were queued. */
	run<T>(host: string, task: () => Promise<T>): Promise<T>;
};

/** A concurrency limiter: at most `maxConcurrent` tasks at once, and at most `maxPerHost` per host. */
export function createLimiter(options: {maxConcurrent?: number; maxPerHost?: number} = {}): Limiter {
	const maxConcurrent = Math.max(1, options.maxConcurrent ?? limits.maxConcurrent);
	const maxPerHost = Math.max(1, options.maxPerHost ?? limits.maxPerHost);
	const queue: Array<{host: string; start: () => void}> = [];
	const perHost = new Map<string, number>();
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
							promise = task();
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
