import test from 'ava';
import {timeBusy} from '../source/feed/busy-clock.js';
import {FeedError} from '../source/feed/errors.js';
import {timerCredit} from '../source/feed/fetch-budget.js';
import {fetchFeed} from '../source/feed/fetch-feed.js';
import {serveRoutes} from './helpers/servers.js';

const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>';

/** Block the event loop for `ms`, as a long parse does. */
function spin(ms: number): void {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		// Busy.
	}
}

async function outcome(promise: Promise<unknown>): Promise<string> {
	try {
		const result = await promise as {status: string};
		return result.status;
	} catch (error) {
		return error instanceof FeedError ? error.message : `not a FeedError: ${String(error)}`;
	}
}

/** A server whose feeds answer `delayMs` after their request, and that tells when requests have arrived. */
async function slowServer(paths: string[], delayMs: number | undefined) {
	let arrived = 0;
	let onArrival = () => {};
	const allArrived = new Promise<void>(resolve => {
		onArrival = () => {
			arrived++;
			if (arrived === paths.length) {
				resolve();
			}
		};
	});
	const routes = Object.fromEntries(paths.map(path => [path, (_request: unknown, response: {writeHead(status: number, headers: Record<string, string>): void; end(body: string): void}) => {
		onArrival();
		if (delayMs !== undefined) {
			setTimeout(() => {
				response.writeHead(200, {'content-type': 'application/rss+xml'});
				response.end(rss);
			}, delayMs);
		}
	}]));
	const server = await serveRoutes(routes);
	return {server, allArrived};
}

test('timerCredit: the blocked time (busy or late, whichever is larger) past the slack, within the cap', t => {
	t.is(timerCredit({busyMs: 0, latenessMs: 10, creditedMs: 0, slackMs: 50, maxCreditMs: 1000}), 0);
	t.is(timerCredit({busyMs: 800, latenessMs: 10, creditedMs: 0, slackMs: 50, maxCreditMs: 1000}), 800);
	t.is(timerCredit({busyMs: 300, latenessMs: 700, creditedMs: 0, slackMs: 50, maxCreditMs: 1000}), 700);
	t.is(timerCredit({busyMs: 800, latenessMs: 0, creditedMs: 900, slackMs: 50, maxCreditMs: 1000}), 100);
	t.is(timerCredit({busyMs: 800, latenessMs: 0, creditedMs: 1000, slackMs: 50, maxCreditMs: 1000}), 0);
});

test.serial('feeds waiting while the loop is blocked past their deadline are not timed out; a stalled server still is', async t => {
	const paths = ['/a', '/b', '/c'];
	const {server, allArrived} = await slowServer(paths, 100);
	t.teardown(server.close);
	// Warm up (module loading under load is not what this test is about), then a deadline with room for a loaded machine.
	await outcome(fetchFeed(server.url('/warm')));
	const pending = paths.map(async path => outcome(fetchFeed(server.url(path), {deadlineMs: 1500})));
	await allArrived;
	// A long synchronous section (another feed's parse) that outlasts every deadline.
	spin(3000);
	t.deepEqual(await Promise.all(pending), ['ok', 'ok', 'ok']);

	// Control: the same block, but the server never answers: the deadline still ends it.
	const stalled = await slowServer(['/stall'], undefined);
	t.teardown(stalled.server.close);
	const stall = outcome(fetchFeed(stalled.server.url('/stall'), {deadlineMs: 1500}));
	await stalled.allArrived;
	spin(3000);
	t.is(await stall, 'timeout after 1.5 s');
});

test.serial('busy time that ends before the deadline is credited back; unmarked busy time is not (control)', async t => {
	// The server answers 1 s after the block ends: 2.5 s of wall time, about 1 s of it on the network.
	const run = async (mark: boolean) => {
		let release = () => {};
		const released = new Promise<void>(resolve => {
			release = resolve;
		});
		let arrived = () => {};
		const arrival = new Promise<void>(resolve => {
			arrived = resolve;
		});
		const server = await serveRoutes({
			'/feed'(_request, response) {
				arrived();
				void released.then(() => {
					setTimeout(() => {
						response.writeHead(200, {'content-type': 'application/rss+xml'});
						response.end(rss);
					}, 1000);
				});
			},
		});
		try {
			const pending = outcome(fetchFeed(server.url('/feed'), {deadlineMs: 2000}));
			await arrival;
			if (mark) {
				timeBusy(() => {
					spin(1500);
				});
			} else {
				spin(1500);
			}

			release();
			return await pending;
		} finally {
			await server.close();
		}
	};

	t.is(await run(true), 'ok');
	t.is(await run(false), 'timeout after 2 s');
});
