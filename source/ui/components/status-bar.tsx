import {Box, Text} from 'ink';
import type {Segment} from '../status-line.js';
import type {Theme} from '../theme.js';

type Properties = {
	readonly segments: Segment[];
	readonly width: number;
	readonly theme: Theme;
};

export function StatusBar({segments, width, theme}: Properties) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate-end">
				{segments.map((segment, index) => (
					<Text
						// eslint-disable-next-line react/no-array-index-key
						key={index}
						color={segment.kind === 'error' ? theme.error : segment.kind === 'accent' ? theme.accent : undefined}
						dimColor={segment.kind === 'dim' && theme.dim}
					>
						{segment.text}
					</Text>
				))}
			</Text>
		</Box>
	);
}
