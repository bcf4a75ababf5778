import {Box, Text} from 'ink';
import {memo, useMemo} from 'react';
import type {Theme} from '../theme.js';
import {PaneTitle} from './pane-title.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly lines: string[] | undefined;
	readonly headerLength: number;
	readonly scroll: number;
	readonly focused: boolean;
	readonly width: number;
	/** The text width (articleWidth capped by the pane): a wider pane gets equal margins. */
	readonly textWidth?: number;
	readonly height: number;
	readonly theme: Theme;
};

/** "12/80 15%" (last visible line / total lines), or "all" when it fits. */
function positionIndicator(scroll: number, height: number, total: number): string {
	if (total <= height) {
		return 'all';
	}

	const bottom = Math.min(total, scroll + height);
	return `${bottom}/${total} ${Math.round((bottom / total) * 100)}%`;
}

/**
Line-based scrolling: only the visible slice is rendered, as precomposed lines (every line already fits the pane:
the header is cut by articleHeader, the body by renderArticle and the services' width check; the content area is
`width - margin` columns, after the left margin: one column, or half the room the text width leaves).
*/
/** The left margin: one column, or half of what the text leaves of the pane. */
export function articleMargin(width: number, textWidth: number | undefined): number {
	return textWidth === undefined ? 1 : Math.max(1, Math.floor((width - textWidth) / 2));
}

export const ArticlePane = memo(({lines, headerLength, scroll, focused, width, textWidth, height, theme}: Properties) => {
	const margin = articleMargin(width, textWidth);
	const title = lines ? ` Article · ${positionIndicator(scroll, height, lines.length)}` : ' Article';
	const shown = useMemo(
		() => (lines?.slice(scroll, scroll + height) ?? []).map((line, offset) => (scroll + offset === 0 && headerLength > 0 ? `\u001B[1m${line}\u001B[22m` : line)),
		[lines, scroll, height, headerLength],
	);
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle text={title} width={width} focused={focused} theme={theme}/>
			<Box width={width} height={height} paddingLeft={margin} overflowY='hidden'>
				{shown.length > 0 ? <PrecomposedLines lines={shown} width={width - margin}/> : <Text> </Text>}
			</Box>
		</Box>
	);
});
