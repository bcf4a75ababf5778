import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
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

// Written by 1777ebc, the last version whose body records were one JSON line each (the html escaped in it).
const firstLayout = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'cache', 'bodies-v1', 'feeds');
const firstBodies = {
	b1: {html: '<p class="lead">A depot with “40 bays” — and a\nsecond line.</p>', base: 'https://charge.example/feed/b1'},
	b2: {html: '<p>Tabs\tand a quote " and a backslash \\ and é.</p>', base: 'https://charge.example/feed/b2'},
};

test('records of the first layout are still read, and new bodies go on after them in the second', t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-body-layout-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	fs.cpSync(firstLayout, directory, {recursive: true});
	const key = fs.readdirSync(directory).find(name => name.endsWith('.bodies.json'))!.slice(0, -'.bodies.json'.length);
	const log = path.join(directory, readBodyIndex(directory, key).log);
	t.true(fs.readFileSync(log, 'utf8').startsWith('{"id":"b1","html":'), 'control: the fixture is of the first layout');
	t.deepEqual(readAllBodies(directory, key), firstBodies);

	const fresh = {b3: {html: '<p>Raw “html”\nwith "quotes", \\ and a line feed</p>\n', base: 'https://charge.example/feed/b3'}};
	writeBodies(directory, key, ['b3', 'b1', 'b2'], fresh);
	t.deepEqual(readAllBodies(directory, key), {...firstBodies, ...fresh});
	t.true(fs.readFileSync(log, 'utf8').endsWith(`{"id":"b3","base":"https://charge.example/feed/b3","chars":${fresh.b3.html.length}}\n${fresh.b3.html}\n`), 'the html as it is');
});

test('a record of the second layout whose length or end was changed on disk reads as missing', t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-body-check-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const html = '<p>Ten chars</p>';
	writeBodies(directory, 'k', ['a', 'b'], {a: {html, base: 'https://a.example/'}, b: {html, base: 'https://b.example/'}});
	t.deepEqual(readBodies(directory, 'k', ['a', 'b']).get('a'), {html, base: 'https://a.example/'}, 'control: as written, it reads');
	const log = path.join(directory, readBodyIndex(directory, 'k').log);
	const text = fs.readFileSync(log, 'utf8');
	const changes = [
		text.replace(`"chars":${html.length}}`, `"chars":${html.length - 1}}`),
		text.replace(`${html}\n{"id":"b"`, `${html}x{"id":"b"`),
	];
	for (const changed of changes) {
		t.is(changed.length, text.length, 'the same bytes, so only the record check can tell');
		fs.writeFileSync(log, changed);
		t.is(readBodies(directory, 'k', ['a']).get('a'), undefined);
		t.deepEqual(readBodies(directory, 'k', ['b']).get('b'), {html, base: 'https://b.example/'});
	}
});
