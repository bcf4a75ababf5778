import {Box, Text} from 'ink';
import {type Binding, displayKey} from '../keymap.js';
import {fit} from '../text.js';
import type {Theme} from '../theme.js';
import {PaneTitle} from './pane-title.js';

/** The help lines, straight from the keymap table. */
export function helpLines(bindings: readonly Binding[]): string[] {
	const rows = bindings.map(binding => ({keys: binding.keys.map(key => displayKey(key)).join(' '), help: binding.help}));
	const keyWidth = Math.min(24, Math.max(...rows.map(row => row.keys.length)));
	return [
		...rows.map(row => `  ${row.keys.padEnd(keyWidth)}  ${row.help}`),
		'',
		'  A number before o opens that link of the article (3o).',
		'  Keys come from the keymap; override them with "keys" in the config.',
		'  Esc or ? closes this help.',
	];
}

type Properties = {
	readonly bindings: readonly Binding[];
	readonly scroll: number;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

export function HelpScreen({bindings, scroll, width, height, theme}: Properties) {
	const lines = helpLines(bindings);
	const top = Math.min(scroll, Math.max(0, lines.length - height));
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle focused text=' Help · keys' width={width} theme={theme}/>
			{lines.slice(top, top + height).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap='truncate-end'>{fit(line, width)}</Text>
			))}
		</Box>
	);
}
