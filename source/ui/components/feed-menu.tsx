import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import type {FeedMenuChoice, ReaderEvent} from '../state.js';
import {truncate} from '../text.js';
import type {Theme} from '../theme.js';
import {PaneTitle} from './pane-title.js';

const feedMenuItems: Array<{label: string; value: FeedMenuChoice}> = [
	{label: 'Refresh this feed', value: 'refresh'},
	{label: 'Rename…', value: 'rename'},
	{label: 'Mark all read…', value: 'mark-all-read'},
	{label: 'Open the site', value: 'open-site'},
	{label: 'Remove…', value: 'remove'},
];

type Properties = {
	readonly title: string;
	readonly source: string;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
	readonly active: boolean;
	readonly dispatch: (event: ReaderEvent) => void;
};

/**
A feed's action menu (`e`), drawn with ink-select-input. It only reports the highlighted item: Enter is handled
by the reducer (feed-menu-state.ts onMenuKey), which acts on that item.
*/
export function FeedMenu({title, source, width, height, theme, active, dispatch}: Properties) {
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle focused text={truncate(` Feed · ${title}`, width)} width={width} theme={theme}/>
			<Text wrap='truncate-end'>{truncate(' ' + source, width)}</Text>
			<Text> </Text>
			<SelectInput
				items={feedMenuItems}
				isFocused={active}
				onHighlight={item => {
					dispatch({type: 'menu-highlight', value: item.value});
				}}
			/>
		</Box>
	);
}
