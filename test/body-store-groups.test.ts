import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {limits} from '../source/feed/limits.js';
import {readAllBodies, readBodies, readBodyIndex, writeBodies} from '../source/store/body-store.js';

// Bodies are appended limits.bodyWriteChars at a time (body-store.ts): every body, in every group, reads back whole.
function bodiesOf(count: number, tag: string) {
	const ids = Array.from({length: count}, (_, n) => `p${n}`);
	// Multi-byte text and quotes (escaped in the JSON records), of a length that puts group edges mid-record.
	const fresh = Object.fromEntries(ids.map((id, n) => [id, {html: `<p class="x">${tag} ${n} ⚡ “EV” ${'é'.repeat(n * 37)}${'z'.repeat(1500)}</p>`, base: `https://ev.example/${n}`}]));
	return {ids, fresh};
}

test('a write of many groups of bodies reads back whole, and a later append after it too', t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-body-groups-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const first = bodiesOf(60, 'first');
	const chars = Object.values(first.fresh).reduce((sum, body) => sum + body.html.length, 0);
	// Control: the bodies are several groups' worth, so the edges between groups are crossed.
	t.true(chars > 3 * limits.bodyWriteChars, `${chars} characters`);
	writeBodies(directory, 'k', first.ids, first.fresh);
	t.deepEqual(readAllBodies(directory, 'k'), first.fresh);
	const index = readBodyIndex(directory, 'k');
	const log = fs.statSync(path.join(directory, index.log)).size;
	t.is(Object.values(index.bodies).reduce((sum, [, bytes]) => sum + bytes, 0), log);
	// New posts on top: appended after the first write's last group.
	const second = bodiesOf(70, 'second');
	const ids = [...second.ids.slice(60), ...first.ids];
	const fresh = Object.fromEntries(second.ids.slice(60).map(id => [id, second.fresh[id]!]));
	writeBodies(directory, 'k', ids, fresh);
	t.deepEqual(Object.fromEntries(readBodies(directory, 'k', ids)), {...fresh, ...first.fresh});
});

test('a log twice its kept bytes is compacted only when the new bodies do not make up for it, as before records were made as they are written', t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-body-compact-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const logOf = () => readBodyIndex(directory, 'k').log;
	const batch = (tag: string, count: number) => {
		const {fresh} = bodiesOf(count, tag);
		const ids = Object.keys(fresh).map(id => `${tag}-${id}`);
		return {ids, fresh: Object.fromEntries(ids.map((id, n) => [id, fresh[`p${n}`]!]))};
	};

	const first = batch('a', 60);
	writeBodies(directory, 'k', first.ids, first.fresh);
	const log = logOf();
	// Every first body dropped: the log (over 64 KB) is all dead bytes, but as many new bytes keep it under twice the live.
	const second = batch('b', 60);
	writeBodies(directory, 'k', second.ids, second.fresh);
	t.is(logOf(), log, 'appended, not compacted');
	t.deepEqual(readAllBodies(directory, 'k'), second.fresh);
	// The control: a few new bodies do not make up for the dead ones, so the log is compacted into a new one.
	const third = batch('c', 2);
	writeBodies(directory, 'k', third.ids, third.fresh);
	t.not(logOf(), log);
	t.deepEqual(readAllBodies(directory, 'k'), third.fresh);
	t.true(fs.statSync(path.join(directory, logOf())).size < 64 * 1024);
});
