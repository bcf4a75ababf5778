/**
Read-marks benchmark, run in a fresh child (temp XDG env) by case 4:
  1. openMarks() and mark <count> ids read (then flush/close when the store has them), so they are on file;
  2. load: median of openMarks(dir) + one isRead() on the files (fresh store each sample);
  3. mark one post read: median of markRead([id]) (+ flush() when the store has one), 50 samples.
*/
import {createHash} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {cpuMs, finish, gc, importSource} from './inproc-util.js';

type Marks = {
	markRead(ids: string[]): unknown;
	isRead(id: string): unknown;
	flush?: () => unknown;
	close?: () => unknown;
	save?: () => unknown;
};
type OpenMarks = (dataDirectory?: string) => Marks | Promise<Marks>;

const [countText, loadSamplesText, markSamplesText] = process.argv.slice(2);
const count = Number(countText ?? 100_000);
const marksModule = await importSource('store/marks.ts');
const openMarks = marksModule?.openMarks as OpenMarks | undefined;
if (typeof openMarks !== 'function') {
	finish({skip: marksModule ? 'source/store/marks.ts has no openMarks export' : 'source/store/marks.ts missing'});
}

const pathsModule = await importSource('store/paths.ts');
const getPaths = pathsModule?.getPaths as ((env?: NodeJS.ProcessEnv) => {data: string}) | undefined;
const dataDirectory = getPaths ? getPaths(process.env).data : path.join(process.env.XDG_DATA_HOME!, 'evnews');
if (!dataDirectory.startsWith(process.env.XDG_DATA_HOME ?? '\0')) {
	finish({skip: `refusing to write marks outside the temp XDG_DATA_HOME (${dataDirectory})`});
}

function id(n: number): string {
	return createHash('sha256').update('bench-' + n).digest('hex').slice(0, 16);
}

async function settle(marks: Marks): Promise<string> {
	if (typeof marks.flush === 'function') {
		await marks.flush();
		return 'flush';
	}

	if (typeof marks.save === 'function') {
		await marks.save();
		return 'save';
	}

	return 'none';
}

async function close(marks: Marks): Promise<void> {
	if (typeof marks.close === 'function') {
		await marks.close();
	}
}

// 1. Fill.
const ids: string[] = [];
for (let i = 0; i < count; i++) {
	ids.push(id(i));
}

let started = performance.now();
const filler = await openMarks(dataDirectory);
await filler.markRead(ids);
const settleKind = await settle(filler);
await close(filler);
const fillMs = performance.now() - started;
const files: Array<{name: string; bytes: number}> = [];
for (const name of fs.existsSync(dataDirectory) ? fs.readdirSync(dataDirectory, {recursive: true}) as string[] : []) {
	const stat = fs.statSync(path.join(dataDirectory, name));
	if (stat.isFile()) {
		files.push({name, bytes: stat.size});
	}
}

// 2. Load.
const probe = ids[Math.floor(count / 2)]!;
const loadTimes: number[] = [];
const loadCpuTimes: number[] = [];
let loadedOk = true;
const loadSamples = Number(loadSamplesText ?? 20);
for (let i = 0; i < loadSamples + 3; i++) {
	gc();
	const cpu = cpuMs();
	started = performance.now();
	const marks = await openMarks(dataDirectory);
	const read = await marks.isRead(probe);
	const ms = performance.now() - started;
	const cpuSpent = cpuMs() - cpu;
	loadedOk &&= read === true;
	await close(marks);
	if (i >= 3) {
		loadTimes.push(ms);
		loadCpuTimes.push(cpuSpent);
	}
}

// 3. Mark one.
const marks = await openMarks(dataDirectory);
await marks.isRead(probe);
const markTimes: number[] = [];
const markSamples = Number(markSamplesText ?? 50);
for (let i = 0; i < markSamples + 5; i++) {
	const fresh = id(count + 1 + i);
	started = performance.now();
	await marks.markRead([fresh]);
	if (settleKind === 'flush') {
		await marks.flush!();
	} else if (settleKind === 'save') {
		await marks.save!();
	}

	const ms = performance.now() - started;
	if (i >= 5) {
		markTimes.push(ms);
	}
}

const markedOk = (await marks.isRead(id(count + 1))) === true;
await close(marks);
const reopened = await openMarks(dataDirectory);
const persisted = (await reopened.isRead(id(count + markSamples + 4))) === true;
await close(reopened);

finish({fillMs, files, loadTimes, loadCpuTimes, loadedOk, markTimes, markedOk, persisted, settleKind, methods: Object.keys(filler)});
