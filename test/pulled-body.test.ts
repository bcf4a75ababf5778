// The pulled body (source/feed/pulled-body.ts) must read as a web ReadableStream with highWaterMark 0 reads: the same
// results, the same number of pulls, the same end, error and cancel behaviour. Each case runs on both.
import test from 'ava';
import {pulledBody, type ResponseBody} from '../source/feed/pulled-body.js';

type Script = Array<Uint8Array | Error>;

type Probe = {body: ResponseBody; pulls: () => number; cancels: () => number};

function chunk(text: string): Uint8Array {
	return new TextEncoder().encode(text);
}

function ours(script: Script): Probe {
	let pulls = 0;
	let cancels = 0;
	const queue = [...script];
	const body = pulledBody({
		async next() {
			pulls++;
			const item = queue.shift();
			if (item instanceof Error) {
				throw item;
			}

			return item;
		},
		cancel() {
			cancels++;
		},
	});
	return {body, pulls: () => pulls, cancels: () => cancels};
}

function web(script: Script): Probe {
	let pulls = 0;
	let cancels = 0;
	const queue = [...script];
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			pulls++;
			const item = queue.shift();
			if (item instanceof Error) {
				throw item;
			}

			if (item === undefined) {
				controller.close();
				return;
			}

			controller.enqueue(item);
		},
		cancel() {
			cancels++;
		},
	}, {highWaterMark: 0});
	return {body, pulls: () => pulls, cancels: () => cancels};
}

/** Each read's outcome as text, after `steps` (read or cancel), with the pull and cancel counts. */
async function run(probe: Probe, steps: Array<'read' | 'cancel'>): Promise<string[]> {
	const reader = probe.body.getReader();
	const log: string[] = [];
	for (const step of steps) {
		if (step === 'cancel') {
			await reader.cancel().catch(() => undefined);
			log.push(`cancel (pulls ${probe.pulls()})`);
			continue;
		}

		try {
			const result = await reader.read();
			log.push(result.done ? 'done' : new TextDecoder().decode(result.value));
		} catch (error) {
			log.push(`error ${(error as Error).message}`);
		}
	}

	log.push(`pulls ${probe.pulls()} cancels ${probe.cancels()}`);
	return log;
}

const cases: Array<{name: string; script: Script; steps: Array<'read' | 'cancel'>}> = [
	{name: 'chunks, then the end, then more reads', script: [chunk('a'), chunk('b')], steps: ['read', 'read', 'read', 'read']},
	{name: 'an error, then more reads', script: [chunk('a'), new Error('reset')], steps: ['read', 'read', 'read']},
	{name: 'a cancel between reads', script: [chunk('a'), chunk('b'), chunk('c')], steps: ['read', 'cancel', 'read', 'cancel']},
	{name: 'a cancel before any read', script: [chunk('a')], steps: ['cancel', 'read']},
	{name: 'a cancel after the end', script: [chunk('a')], steps: ['read', 'read', 'cancel']},
];

for (const {name, script, steps} of cases) {
	test(`as a web ReadableStream with highWaterMark 0: ${name}`, async t => {
		t.deepEqual(await run(ours(script), steps), await run(web(script), steps));
	});
}

test('control: a stream that reads ahead (highWaterMark 1) pulls more than one per read', async t => {
	let pulls = 0;
	const ahead = new ReadableStream<Uint8Array>({
		pull(controller) {
			pulls++;
			controller.enqueue(chunk('x'));
		},
	}, {highWaterMark: 1});
	const reader = ahead.getReader();
	await reader.read();
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	t.true(pulls > 1);
	const probe = ours([chunk('x'), chunk('y')]);
	await probe.body.getReader().read();
	t.is(probe.pulls(), 1);
});
