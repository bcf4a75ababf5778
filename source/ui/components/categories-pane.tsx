import {Box} from 'ink';
import {memo, useMemo} from 'react';
import {fit, textWidth, truncate} from '../text.js';
import type {Theme} from '../theme.js';
import type {CategoryItem} from '../view.js';
import {styleLine} from '../style.js';
import {PaneTitle} from './pane-title.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly items: CategoryItem[];
	readonly selectedIndex: number;
	readonly top: number;
	readonly scope: string;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** One row: the label, then unread/total on the right. */
export function categoryRow(item: CategoryItem, width: number, marker: boolean): string {
	const counts = item.key === 'unread' ? String(item.total) : `${item.unread}/${item.total}`;
	const prefix = marker ? '›' : ' ';
	const room = width - textWidth(counts) - 2;
	if (room < 3) {
		return fit(prefix + item.label, width);
	}

	return prefix + fit(truncate(item.label, room), room) + ' ' + counts;
}

export const CategoriesPane = memo(({items, selectedIndex, top, scope, focused, width, height, theme}: Properties) => {
	const lines = useMemo(
		() => items.slice(top, top + height).map((item, offset) => {
			const selected = top + offset === selectedIndex;
			return styleLine(categoryRow(item, width, selected), {
				inverse: selected && focused,
				bold: item.key === scope,
				color: item.unread > 0 && !(selected && focused) ? theme.unread : undefined,
			});
		}),
		[items, top, height, selectedIndex, focused, width, scope, theme],
	);
	return (
		<Box flexDirection="column" width={width} height={height + 1} overflowY="hidden">
			<PaneTitle text=" Categories" width={width} focused={focused} theme={theme} />
			<PrecomposedLines lines={lines} width={width} />
		</Box>
	);
});
