import {Box, Text} from 'ink';
import {memo} from 'react';

/** A one-column vertical rule between panes. */
export const Separator = memo(({height}: {readonly height: number}) => (
	<Box width={1} height={height} flexDirection="column" overflow="hidden">
		<Text>{Array.from({length: height}, () => '│').join('\n')}</Text>
	</Box>
));
