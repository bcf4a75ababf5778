import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {readText} from '../source/store/read-text.js';

test('readText decodes a file exactly as readFileSync(file, "utf8") does, malformed bytes included', t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'evnews-read-text-'));
	t.teardown(() => {
		fs.rmSync(directory, {recursive: true, force: true});
	});
	const file = path.join(directory, 'mixed.json');
	// A BOM, multi-byte text, a stray continuation byte, a truncated sequence at the end, and 3 MB of ASCII.
	const bytes = Buffer.concat([Buffer.from([0xEF, 0xBB, 0xBF]), Buffer.from('{"t":"Ünïcødé ⚡ 🚗"}'), Buffer.from([0x80, 0x41]), Buffer.alloc(3 * 1024 * 1024, 'a'), Buffer.from([0xE2, 0x82])]);
	fs.writeFileSync(file, bytes);
	const text = readText(file);
	t.is(text, fs.readFileSync(file, 'utf8'));
	t.true(text.includes('\uFFFDA'));
	// Control: another decoding of the same bytes differs.
	t.not(text, fs.readFileSync(file, 'latin1'));
	t.throws(() => readText(path.join(directory, 'missing')), {code: 'ENOENT'});
});
