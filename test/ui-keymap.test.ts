import test from 'ava';
import {defaultKeymap, keyNamesFromInk, normalizeKeyName, resolveKeymap, type InkKey} from '../source/ui/keymap.js';
import {helpLines} from '../source/ui/components/help-screen.js';

const noKey: InkKey = {
	upArrow: false,
	downArrow: false,
	leftArrow: false,
	rightArrow: false,
	pageDown: false,
	pageUp: false,
	return: false,
	escape: false,
	ctrl: false,
	shift: false,
	tab: false,
	backspace: false,
	delete: false,
	meta: false,
};

test('every default key maps to exactly one action', t => {
	const {byKey, warnings} = resolveKeymap();
	t.deepEqual(warnings, []);
	const all = defaultKeymap.flatMap(binding => binding.keys);
	t.is(new Set(all).size, all.length);
	t.is(byKey.get('j'), 'down');
	t.is(byKey.get('down'), 'down');
	t.is(byKey.get('G'), 'bottom');
	t.is(byKey.get('shift-tab'), 'previous-pane');
	t.is(byKey.get('space'), 'page-down');
	t.is(byKey.get('escape'), 'back');
	t.is(byKey.get('M'), 'mark-all-read');
	t.is(byKey.get('m'), 'toggle-read');
});

test('overrides replace an action\'s keys and take the key from other actions', t => {
	const {byKey, bindings, warnings} = resolveKeymap({down: ['x', 'Down'], quit: 'Esc', nonsense: 'z', star: '7'});
	t.is(byKey.get('x'), 'down');
	t.is(byKey.get('down'), 'down');
	t.is(byKey.get('j'), undefined);
	t.is(byKey.get('escape'), 'quit');
	t.deepEqual(bindings.find(binding => binding.action === 'back')!.keys, ['backspace']);
	t.is(byKey.get('q'), undefined);
	t.is(warnings.length, 2);
	t.regex(warnings.join('\n'), /unknown action "nonsense"/);
	t.regex(warnings.join('\n'), /"7" for star is not a key name/);
	// The help screen is generated from the same table.
	const help = helpLines(bindings).join('\n');
	t.regex(help, /x ↓\s+move down/);
	t.regex(help, /Esc\s+quit/);
	t.notRegex(help, /\bj k\b/);
});

test('key names are normalised', t => {
	t.is(normalizeKeyName('PgDn'), 'pagedown');
	t.is(normalizeKeyName('Shift+Tab'), 'shift-tab');
	t.is(normalizeKeyName('Return'), 'enter');
	t.is(normalizeKeyName(' '), 'space');
	t.is(normalizeKeyName('ü'), 'ü');
	t.is(normalizeKeyName('3'), undefined);
	t.is(normalizeKeyName('F13'), undefined);
});

test('ink input becomes one key name per character, so jjj moves three times', t => {
	t.deepEqual(keyNamesFromInk('jjj', noKey), ['j', 'j', 'j']);
	t.deepEqual(keyNamesFromInk('3o', noKey), ['3', 'o']);
	t.deepEqual(keyNamesFromInk(' ', noKey), ['space']);
	t.deepEqual(keyNamesFromInk('', {...noKey, downArrow: true}), ['down']);
	t.deepEqual(keyNamesFromInk('', {...noKey, tab: true, shift: true}), ['shift-tab']);
	t.deepEqual(keyNamesFromInk('', {...noKey, delete: true}), ['backspace']);
	t.deepEqual(keyNamesFromInk('', {...noKey, escape: true, meta: true}), ['escape']);
	t.deepEqual(keyNamesFromInk('\r', {...noKey, return: true}), ['enter']);
	t.deepEqual(keyNamesFromInk('c', {...noKey, ctrl: true}), ['ctrl-c']);
	t.deepEqual(keyNamesFromInk('a\u0007b', noKey), ['a', 'b']);
});

test('a backspace or Enter that arrives in one chunk with the next key is not lost', t => {
	// Ink 6.8 passes "\u007Fj" as one input with no key flag set: a fast "back, then down".
	t.deepEqual(keyNamesFromInk('\u007Fj', noKey), ['backspace', 'j']);
	t.deepEqual(keyNamesFromInk('\u007F\u007F', noKey), ['backspace', 'backspace']);
	t.deepEqual(keyNamesFromInk('\bj', noKey), ['backspace', 'j']);
	t.deepEqual(keyNamesFromInk('\rj', noKey), ['enter', 'j']);
	// Other controls in such a chunk are still dropped (the control shows the mapping above is specific).
	t.deepEqual(keyNamesFromInk('\u0007j', noKey), ['j']);
});
