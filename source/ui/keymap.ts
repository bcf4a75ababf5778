/**
The one keymap. It drives the key handlers (through `resolveKeymap`) and the `?` help screen.
Key names: single printable characters as typed ('j', 'G', '/'), and named keys:
up down left right pageup pagedown home end enter escape backspace tab shift-tab space.
*/

export type Action
	= | 'down'
		| 'up'
		| 'next-pane'
		| 'previous-pane'
		| 'open'
		| 'back'
		| 'page-down'
		| 'page-up'
		| 'top'
		| 'bottom'
		| 'next-unread'
		| 'previous-unread'
		| 'next-post'
		| 'previous-post'
		| 'sort'
		| 'density'
		| 'refresh'
		| 'refresh-all'
		| 'add-feed'
		| 'feed-menu'
		| 'errors'
		| 'site-search'
		| 'toggle-tree'
		| 'copy-url'
		| 'play'
		| 'toggle-section'
		| 'unread-only'
		| 'toggle-read'
		| 'mark-all-read'
		| 'star'
		| 'open-browser'
		| 'full-text'
		| 'zoom'
		| 'search'
		| 'help'
		| 'suspend'
		| 'quit';

export type Binding = {action: Action; keys: string[]; help: string};

export const defaultKeymap: readonly Binding[] = [
	{action: 'down', keys: ['j', 'down'], help: 'move down / scroll'},
	{action: 'up', keys: ['k', 'up'], help: 'move up / scroll'},
	{action: 'next-pane', keys: ['l', 'right', 'tab'], help: 'next pane'},
	{action: 'previous-pane', keys: ['h', 'left', 'shift-tab'], help: 'previous pane'},
	{action: 'open', keys: ['enter'], help: 'open'},
	{action: 'back', keys: ['escape', 'backspace'], help: 'back / clear search'},
	{action: 'page-down', keys: ['space', 'pagedown'], help: 'page down'},
	{action: 'page-up', keys: ['pageup'], help: 'page up'},
	{action: 'top', keys: ['g', 'home'], help: 'top'},
	{action: 'bottom', keys: ['G', 'end'], help: 'bottom'},
	{action: 'next-unread', keys: ['n'], help: 'next unread post (across feeds)'},
	{action: 'previous-unread', keys: ['p'], help: 'previous unread post'},
	{action: 'next-post', keys: ['J'], help: 'next post'},
	{action: 'previous-post', keys: ['K'], help: 'previous post'},
	{action: 'refresh', keys: ['r'], help: 'reload the selected feed, folder or category'},
	{action: 'refresh-all', keys: ['R'], help: 'reload every feed, re-reading the feed list'},
	{action: 'add-feed', keys: ['a'], help: 'add a feed (a feed or site URL)'},
	{action: 'feed-menu', keys: ['e'], help: 'the feed\'s menu: refresh, rename, mark all read, open site, remove'},
	{action: 'errors', keys: ['!'], help: 'every feed\'s last error and next retry'},
	{action: 'site-search', keys: ['S'], help: 'search the WordPress site (results join the library)'},
	{action: 'toggle-section', keys: ['-'], help: 'fold/unfold the folder, section or WordPress site\'s categories'},
	{action: 'toggle-tree', keys: ['t'], help: 'hide/show the tree pane (more room for the article)'},
	{action: 'unread-only', keys: ['u'], help: 'unread only on/off (remembered)'},
	{action: 'sort', keys: ['O'], help: 'newest/oldest first (remembered)'},
	{action: 'density', keys: ['v'], help: 'one-line/two-line post rows (remembered)'},
	{action: 'toggle-read', keys: ['m'], help: 'mark read/unread'},
	{action: 'mark-all-read', keys: ['M'], help: 'mark all in view read'},
	{action: 'star', keys: ['s'], help: 'star/unstar'},
	{action: 'open-browser', keys: ['o'], help: 'open in browser (N o: link N)'},
	{action: 'full-text', keys: ['f'], help: 'fetch the full article (cached with the post)'},
	{action: 'zoom', keys: ['z'], help: 'full-width article on/off'},
	{action: 'copy-url', keys: ['y'], help: 'copy the link (OSC 52) and show it in full'},
	{action: 'play', keys: ['P'], help: 'play the podcast enclosure ($EVNEWS_PLAYER, else the browser)'},
	{action: 'search', keys: ['/'], help: 'search'},
	{action: 'help', keys: ['?'], help: 'help'},
	{action: 'suspend', keys: ['ctrl-z'], help: 'suspend to the shell (fg comes back)'},
	{action: 'quit', keys: ['q'], help: 'quit'},
];

const actions = new Set<string>(defaultKeymap.map(binding => binding.action));

const aliases: Record<string, string> = {
	esc: 'escape',
	return: 'enter',
	cr: 'enter',
	' ': 'space',
	pgdn: 'pagedown',
	pgdown: 'pagedown',
	'page-down': 'pagedown',
	pgup: 'pageup',
	'page-up': 'pageup',
	'shift+tab': 'shift-tab',
	backtab: 'shift-tab',
	bs: 'backspace',
	delete: 'backspace',
	arrowup: 'up',
	arrowdown: 'down',
	arrowleft: 'left',
	arrowright: 'right',
};

const namedKeys = new Set([
	'up',
	'down',
	'left',
	'right',
	'pageup',
	'pagedown',
	'home',
	'end',
	'enter',
	'escape',
	'backspace',
	'tab',
	'shift-tab',
	'space',
]);

/** Normalise a key name from the config ("Esc", "PgDn", "Shift+Tab", "x"); undefined when it is not a key. */
export function normalizeKeyName(name: string): string | undefined {
	if (name === ' ') {
		return 'space';
	}

	if ([...name].length === 1) {
		// Digits are the count prefix (`3o`); they cannot be bound.
		return /\d/.test(name) || /[\u0000-\u001F\u007F]/.test(name) ? undefined : name;
	}

	const lower = name.trim().toLowerCase();
	const key = aliases[lower] ?? lower;
	return namedKeys.has(key) ? key : undefined;
}

export type ResolvedKeymap = {
	bindings: Binding[];
	byKey: Map<string, Action>;
	warnings: string[];
};

/**
Apply overrides (`keys` in the config: action → key or keys) to the default keymap. An override replaces the
action's keys; a key taken by an override is removed from any other action.
*/
export function resolveKeymap(overrides: Record<string, string | string[]> = {}): ResolvedKeymap {
	const warnings: string[] = [];
	const bindings = defaultKeymap.map(binding => ({...binding, keys: [...binding.keys]}));
	const claimed = new Map<string, Action>();
	for (const [action, value] of Object.entries(overrides)) {
		if (!actions.has(action)) {
			warnings.push(`keys: unknown action "${action}"`);
			continue;
		}

		const names = (Array.isArray(value) ? value : [value]).filter(item => typeof item === 'string');
		const keys: string[] = [];
		for (const name of names) {
			const key = normalizeKeyName(name);
			if (key === undefined) {
				warnings.push(`keys: "${name}" for ${action} is not a key name`);
			} else if (!keys.includes(key)) {
				keys.push(key);
				claimed.set(key, action as Action);
			}
		}

		if (keys.length > 0) {
			bindings.find(binding => binding.action === action)!.keys = keys;
		}
	}

	for (const binding of bindings) {
		binding.keys = binding.keys.filter(key => (claimed.get(key) ?? binding.action) === binding.action);
	}

	const byKey = new Map<string, Action>();
	for (const binding of bindings) {
		for (const key of binding.keys) {
			byKey.set(key, binding.action);
		}
	}

	return {bindings, byKey, warnings};
}

/** How a key name is shown on the help screen. */
export function displayKey(key: string): string {
	const labels: Record<string, string> = {
		up: '↑',
		down: '↓',
		left: '←',
		right: '→',
		pageup: 'PgUp',
		pagedown: 'PgDn',
		home: 'Home',
		end: 'End',
		enter: 'Enter',
		escape: 'Esc',
		backspace: 'Backspace',
		tab: 'Tab',
		'shift-tab': 'Shift+Tab',
		space: 'Space',
	};
	return labels[key] ?? (key.startsWith('ctrl-') ? 'Ctrl+' + key.slice(5).toUpperCase() : key);
}

/** The subset of Ink's `Key` this module reads. */
export type InkKey = {
	upArrow: boolean;
	downArrow: boolean;
	leftArrow: boolean;
	rightArrow: boolean;
	pageDown: boolean;
	pageUp: boolean;
	home?: boolean;
	end?: boolean;
	return: boolean;
	escape: boolean;
	ctrl: boolean;
	shift: boolean;
	tab: boolean;
	backspace: boolean;
	delete: boolean;
	meta: boolean;
};

/**
Turn one Ink input event into key names. Ink hands several characters that arrive together (`jjj`, a paste, a
backspace or Enter typed just before the next key) to one call: they become one key name each, in order, so every
one of them acts.
*/
export function keyNamesFromInk(input: string, key: InkKey): string[] {
	if (key.upArrow) {
		return ['up'];
	}

	if (key.downArrow) {
		return ['down'];
	}

	if (key.leftArrow) {
		return ['left'];
	}

	if (key.rightArrow) {
		return ['right'];
	}

	if (key.pageDown) {
		return ['pagedown'];
	}

	if (key.pageUp) {
		return ['pageup'];
	}

	if (key.home) {
		return ['home'];
	}

	if (key.end) {
		return ['end'];
	}

	if (key.return) {
		return ['enter'];
	}

	if (key.tab) {
		return [key.shift ? 'shift-tab' : 'tab'];
	}

	if (key.backspace || key.delete) {
		return ['backspace'];
	}

	if (key.escape) {
		return ['escape'];
	}

	if (key.ctrl) {
		return input ? ['ctrl-' + input.toLowerCase()] : [];
	}

	const names: string[] = [];
	for (const character of input) {
		switch (character) {
			case ' ': {
				names.push('space');

				break;
			}

			case '\r':
			case '\n': {
				names.push('enter');

				break;
			}

			case '\t': {
				names.push('tab');

				break;
			}

			// A backspace read in one chunk with the next key ("\u007Fj": Ink hands it over whole, as a paste).
			case '\u007F':
			case '\b': {
				names.push('backspace');

				break;
			}

			default: {if (!/[\u0000-\u001F\u007F-\u009F]/.test(character)) {
				names.push(character);
			}
			}
		}
	}

	return names;
}
