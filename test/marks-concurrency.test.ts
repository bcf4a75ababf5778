import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import {compactMarks, openMarks} from '../source/store/marks.js';
import {readPreferences} from '../source/store/preferences.js';
import {parseLine} from '../source/store/marks-log.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {runNode} from './helpers/run-cli.js';

const writer = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'state', 'mark-writer.ts');

function startWriter(dataDirectory: string, prefix: string, count: number): {child: ChildProcess; done: Promise<number | null>; output: () => string} {
	const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDirectory, prefix, String(count)], {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	const done = new Promise<number | null>(resolve => {
		child.on('close', code => {
			resolve(code);
		});
	});
	return {child, done, output: () => output};
}

async function waitFor(condition: () => boolean, timeoutMs = 40_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error('timed out waiting');
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20);
		});
	}
}

test('three processes marking 300 posts each at the same time leave all 900 marks', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const dir = path.join(temporary.dir, 'data', 'evnews');
	const writers = ['p1', 'p2', 'p3'].map(prefix => startWriter(dir, prefix, 300));
	const codes = await Promise.all(writers.map(async item => item.done));
	t.deepEqual(codes, [0, 0, 0], writers.map(item => item.output()).join('\n'));
	const marks = openMarks(dir);
	t.deepEqual(marks.warnings, []);
	t.is(marks.readCount(), 900);
	for (const prefix of ['p1', 'p2', 'p3']) {
		for (let index = 0; index < 300; index++) {
			t.true(marks.isRead(`${prefix}-${index}`));
		}
	}
});

test('kill -9 in the middle of writing leaves a valid store with every complete line', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const dir = path.join(temporary.dir, 'data', 'evnews');
	const item = startWriter(dir, 'k', 0);
	await waitFor(() => /^\d+$/m.test(item.output()) && Number(item.output().trim().split('\n').at(-1)) >= 100);
	item.child.kill('SIGKILL');
	await item.done;
	const text = fs.readFileSync(path.join(dir, 'marks.log'), 'utf8');
	const complete = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(line => line && !line.startsWith('#'));
	t.true(complete.length >= 100);
	const marks = openMarks(dir);
	t.deepEqual(marks.warnings, []);
	for (const line of complete) {
		const record = parseLine(line);
		t.truthy(record, line);
		t.true(marks.isRead(record!.id));
	}

	t.is(marks.readCount(), complete.length);
	// The store still works, in this process and in the next.
	marks.markRead(['after-kill']);
	t.true(openMarks(dir).isRead('after-kill'));
	t.is(openMarks(dir).readCount(), complete.length + 1);
});

test('appends racing compactions are never lost', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const dir = path.join(temporary.dir, 'data', 'evnews');
	openMarks(dir).markRead(['seed']);
	const writers = ['c1', 'c2'].map(prefix => startWriter(dir, prefix, 300));
	let finished = false;
	void Promise.all(writers.map(async item => item.done)).then(() => {
		finished = true;
	});
	let compactions = 0;
	// `finished` is set when every writer is done (the promise above), during the awaits below.
	// eslint-disable-next-line no-unmodified-loop-condition
	while (!finished) {
		compactMarks({dataDirectory: dir, presentIds: new Set(['seed'])});
		compactions++;

		await new Promise(resolve => {
			setTimeout(resolve, 5);
		});
	}

	t.true(compactions > 1);
	const marks = openMarks(dir);
	t.deepEqual(marks.warnings, []);
	t.is(marks.readCount(), 601);
});

test('three processes changing the preferences at the same time lose no change (item 72)', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const script = path.join(path.dirname(writer), 'prefs-writer.ts');
	const runs = ['a', 'b', 'c'].map(async prefix => runNode(['--import', 'tsx', script, prefix, '15'], temporary.env));
	const results = await Promise.all(runs);
	t.deepEqual(results.map(result => result.code), [0, 0, 0], results.map(result => result.output).join('\n'));
	const {preferences, warnings} = readPreferences(temporary.env);
	t.deepEqual(warnings, []);
	// The default feed plus 3 × 15.
	t.is(preferences.feeds.length, 46);
	for (const prefix of ['a', 'b', 'c']) {
		for (let index = 0; index < 15; index++) {
			t.true(preferences.feeds.some(feed => feed.url === `https://${prefix}.example/feed/${index}`));
		}
	}
});
