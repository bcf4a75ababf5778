import {Box} from 'ink';
import {memo, useMemo} from 'react';
import type {Theme} from '../theme.js';
import {type TreeRow, treeRowText} from '../tree.js';
import {styleLine} from '../style.js';
import {PaneTitle} from './pane-title.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly items: TreeRow[];
	readonly selectedIndex: number;
	readonly top: number;
	readonly scope: string;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** One row's text (tree.ts draws it: indent, fold arrow, ⚠, label, counts). */
/** A row's colour when it is not highlighted: headings accent, failing feeds error, rows with unread posts unread. */
function rowColor(item: TreeRow, theme: Theme): string | undefined {
	if (item.kind === 'heading') {
		return theme.accent;
	}

	if (item.warning !== undefined && item.kind === 'feed') {
		return theme.error;
	}

	return item.unread > 0 ? theme.unread : undefined;
}

function categoryRow(item: TreeRow, width: number, marker: boolean): string {
	return treeRowText(item, width, marker);
}

/**
The tree pane. Only the visible rows are composed, whatever the number of feeds and categories. Headings are
bold and in the accent colour (upper case, with a fold arrow), feeds with a problem in the error colour.
*/
export const CategoriesPane = memo(({items, selectedIndex, top, scope, focused, width, height, theme}: Properties) => {
	const lines = useMemo(
		() => items.slice(top, top + height).map((item, offset) => {
			const selected = top + offset === selectedIndex;
			const highlight = selected && focused;
			const heading = item.kind === 'heading';
			const color = highlight ? undefined : rowColor(item, theme);
			return styleLine(categoryRow(item, width, selected), {
				inverse: highlight,
				bold: heading || item.key === scope,
				dim: item.kind === 'more' && theme.dim && !highlight,
				color,
			});
		}),
		[items, top, height, selectedIndex, focused, width, scope, theme],
	);
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle text=' Library' width={width} focused={focused} theme={theme}/>
			<PrecomposedLines lines={lines} width={width}/>
		</Box>
	);
});
