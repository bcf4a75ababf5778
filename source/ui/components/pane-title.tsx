import {Text} from 'ink';
import {fit} from '../text.js';
import type {Theme} from '../theme.js';

type Properties = {
	readonly text: string;
	readonly width: number;
	readonly focused: boolean;
	readonly theme: Theme;
};

/** The first line of a pane; inverse when the pane has the focus. */
export function PaneTitle({text, width, focused, theme}: Properties) {
	return (
		<Text bold inverse={focused} color={focused ? undefined : theme.accent} wrap="truncate-end">
			{fit(text, width)}
		</Text>
	);
}
