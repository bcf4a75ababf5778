import {Box, Text} from 'ink';
import {memo} from 'react';
import {fit, textWidth, truncate} from '../text.js';
import type {Theme} from '../theme.js';
import type {CategoryItem} from '../view.js';
import {PaneTitle} from './pane-title.js';

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
	const rows = items.slice(top, top + height);
	return (
		<Box flexDirection="column" width={width} height={height + 1} overflow="hidden">
			<PaneTitle text=" Categories" width={width} focused={focused} theme={theme} />
			{rows.map((item, offset) => {
				const index = top + offset;
				const selected = index === selectedIndex;
				return (
					<Text
						key={item.key}
						inverse={selected && focused}
						bold={item.key === scope}
						color={item.unread > 0 && !(selected && focused) ? theme.unread : undefined}
						wrap="truncate-end"
					>
						{categoryRow(item, width, selected)}
					</Text>
				);
			})}
		</Box>
	);
});
