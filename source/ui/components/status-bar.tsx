import {Box} from 'ink';
import {useMemo} from 'react';
import {styleLine} from '../style.js';
import type {Segment} from '../status-line.js';
import type {Theme} from '../theme.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly segments: Segment[];
	readonly width: number;
	readonly theme: Theme;
};

export function StatusBar({segments, width, theme}: Properties) {
	const lines = useMemo(
		() => [segments.map(segment => styleLine(segment.text, {
			color: segment.kind === 'error' ? theme.error : (segment.kind === 'accent' ? theme.accent : undefined),
			dim: segment.kind === 'dim' && theme.dim,
		})).join('')],
		[segments, theme],
	);
	// StatusSegments keeps the total within `width`; PrecomposedLines checks it again.
	return (
		<Box width={width} height={1} overflowY='hidden'>
			<PrecomposedLines lines={lines} width={width}/>
		</Box>
	);
}
