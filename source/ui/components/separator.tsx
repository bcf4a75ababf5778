import {Box} from 'ink';
import {memo} from 'react';

/**
A one-column vertical rule between panes. Drawn as a left border: Ink writes a border without measuring it
(a `<Text>` of `│` lines would be measured with string-width, line by line, on every frame).
*/
export const Separator = memo(({height}: {readonly height: number}) => (
	<Box width={1} height={height} flexShrink={0} borderStyle='single' borderTop={false} borderRight={false} borderBottom={false}/>
));
