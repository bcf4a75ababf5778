import test from 'ava';
import {anchorFrame, anchoredStdout} from '../source/ui/anchored-stdout.js';

test('an incremental frame write starts at the top-left corner instead of rewinding', t => {
	t.is(anchorFrame('\u001B[?2026h\u001B[18A\u001B[E\u001B[1Gstatus\u001B[K\n'), '\u001B[?2026h\u001B[H\u001B[E\u001B[1Gstatus\u001B[K\n');
	t.is(anchorFrame('\u001B[3A\u001B[1Gline'), '\u001B[Hline'.replace('line', '\u001B[1Gline'));
});

test('an erase-lines run before a frame becomes home; an erase-only write becomes a screen clear', t => {
	t.is(anchorFrame('\u001B[2K\u001B[1A\u001B[2K\u001B[Gframe'), '\u001B[Hframe');
	t.is(anchorFrame('\u001B[2K\u001B[1A\u001B[2K\u001B[1A\u001B[2K\u001B[G'), '\u001B[H\u001B[2J');
});

test('other writes pass unchanged', t => {
	t.is(anchorFrame('\u001B[?25l'), '\u001B[?25l');
	t.is(anchorFrame('first frame\nline 2\n'), 'first frame\nline 2\n');
});

test('anchoredStdout hears of each write and passes the anchored frame on', t => {
	const written: unknown[] = [];
	let heard = 0;
	const real = {
		write(chunk: unknown) {
			written.push(chunk);
			return true;
		},
		columns: 80,
	} as unknown as NodeJS.WriteStream;
	const stdout = anchoredStdout(real, () => {
		heard++;
	});
	stdout.write('\u001B[3Aframe');
	stdout.write(Buffer.from('raw'));
	t.is(heard, 2);
	t.deepEqual(written, ['\u001B[Hframe', Buffer.from('raw')]);
	t.is(stdout.columns, 80);
	// Control: without a listener, writes still pass.
	anchoredStdout(real).write('x');
	t.is(heard, 2);
	t.is(written.at(-1), 'x');
});
