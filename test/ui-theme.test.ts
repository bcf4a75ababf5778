import test from 'ava';
import {makeTheme, wantsColor} from '../source/ui/theme.js';

test('NO_COLOR and theme none are monochrome; FORCE_COLOR is honoured', t => {
	t.false(wantsColor('none', {FORCE_COLOR: '1'}));
	t.false(wantsColor('auto', {NO_COLOR: '1'}));
	t.true(wantsColor('auto', {NO_COLOR: '1', FORCE_COLOR: '1'}));
	t.false(wantsColor('dark', {FORCE_COLOR: '0'}));
	t.true(wantsColor('light', {}));
	const mono = makeTheme('auto', {NO_COLOR: '1'});
	t.deepEqual([mono.accent, mono.unread, mono.star, mono.error], [undefined, undefined, undefined, undefined]);
	t.is(makeTheme('light', {}).accent, 'blue');
});
