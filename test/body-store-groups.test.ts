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
