/** Yield to the event loop: setImmediate, then setTimeout(0), so Ink renders and React runs passive effects. */
export async function tick(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	await new Promise(resolve => {
		setTimeout(resolve, 0);
	});
}

/**
Poll `predicate` until it returns true (or a non-false value), yielding between polls; then yield once more so
React 19 has re-subscribed input handlers before the next key. Throws with `describe()` after `timeoutMs`.
*/
export async function waitFor(
	predicate: () => boolean | Promise<boolean>,
	options: {timeoutMs?: number; describe?: () => string} = {},
): Promise<void> {
	const deadline = Date.now() + (options.timeoutMs ?? 5000);
	for (;;) {
		if (await predicate()) {
			await tick();
			return;
		}

		if (Date.now() > deadline) {
			throw new Error(`waitFor timed out${options.describe ? ':\n' + options.describe() : ''}`);
		}

		await tick();
	}
}
