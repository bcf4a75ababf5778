import test from 'ava';
import {anchorFrame} from '../source/ui/anchored-stdout.js';

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
