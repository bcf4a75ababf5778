import {memo, useMemo} from 'react';
import {fit} from '../text.js';
import {styleLine} from '../style.js';
import type {Theme} from '../theme.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly text: string;
	readonly width: number;
	readonly focused: boolean;
	readonly theme: Theme;
};

/** The first line of a pane; inverse when the pane has the focus. */
export const PaneTitle = memo(({text, width, focused, theme}: Properties) => {
	const lines = useMemo(
		() => [styleLine(fit(text, width), {bold: true, inverse: focused, color: focused ? undefined : theme.accent})],
		[text, width, focused, theme],
	);
	// Cut to `width` by fit().
	return <PrecomposedLines fitted lines={lines} width={width}/>;
});
