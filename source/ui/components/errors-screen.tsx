import {Box} from 'ink';
import {useMemo} from 'react';
import {errorsViewLines} from '../errors-view.js';
import type {ReaderState} from '../state.js';
import {truncate, wrap} from '../text.js';
import type {Theme} from '../theme.js';
import {PaneTitle} from './pane-title.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly state: ReaderState;
	readonly width: number;
	readonly height: number;
	readonly theme: Theme;
};

/** The `!` screen: every feed's last error and next retry (errors-view.ts). */
export function ErrorsScreen({state, width, height, theme}: Properties) {
	const lines = useMemo(
		() => errorsViewLines(state, width).slice(0, height).map(line => truncate(line, width)),
		[state.feeds, state.errors, state.retryAt, state.now, state.posts, width, height], // eslint-disable-line react-hooks/exhaustive-deps
	);
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle focused text=' Feeds · errors and retries' width={width} theme={theme}/>
			<PrecomposedLines lines={lines} width={width}/>
		</Box>
	);
}

/** A note over the panes (the copied link, in full: wrapped, never cut). */
export function NoticeScreen({title, lines, width, height, theme}: {readonly title: string; readonly lines: readonly string[]; readonly width: number; readonly height: number; readonly theme: Theme}) {
	const shown = useMemo(
		() => lines.flatMap(line => (line === '' ? [''] : wrap(line, Math.max(4, width - 2)).map(part => ' ' + part))).slice(0, height),
		[lines, width, height],
	);
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle focused text={title} width={width} theme={theme}/>
			<PrecomposedLines lines={shown} width={width}/>
		</Box>
	);
}
