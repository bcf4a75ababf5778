import test from 'ava';
import chalk from 'chalk';
import fc from 'fast-check';
import {Box, Text} from 'ink';
import stringWidth from 'string-width';
import {PrecomposedLines} from '../source/ui/components/precomposed-lines.js';
import {Separator} from '../source/ui/components/separator.js';
import {styleLine} from '../source/ui/style.js';
import {fitStyled, styledWidth} from '../source/ui/text.js';
import {renderInk} from './helpers/render-ink.js';

// Colour on, so that the styles are visible in the frames (Ink's <Text> and styleLine share this chalk).
chalk.level = 1;

const sgr = /\u001B\[[\d;]*m/g;

test('fitStyled keeps a line that fits, styles included, and cuts one that does not to its plain text', t => {
	t.is(fitStyled('plain', 5), 'plain');
	t.is(fitStyled('plainer', 5), 'plai…');
	const styled = '\u001B[1m● Nissan’s range\u001B[22m';
	t.is(styledWidth(styled), 16);
	t.is(fitStyled(styled, 16), styled);
	t.is(fitStyled(styled, 10), '● Nissan’…');
	t.is(fitStyled('電気自動車', 5), '電気…');
});

test('fitStyled never returns a line wider than asked', t => {
	t.notThrows(() => {
		fc.assert(fc.property(fc.string({unit: 'grapheme', maxLength: 40}), fc.boolean(), fc.integer({min: 1, max: 30}), (text, bold, width) => {
			const line = bold ? `\u001B[1m${text}\u001B[22m` : text;
			return stringWidth(fitStyled(line, width)) <= width;
		}));
	});
});

test('styleLine styles a line exactly as Ink\'s <Text> props do', async t => {
	const cases = [
		{color: 'greenBright', bold: true},
		{inverse: true, bold: true},
		{dim: true},
		{dim: true, color: 'cyan', bold: true, inverse: true},
		{},
	] as const;
	for (const style of cases) {
		const text = 'Tesla · 3 h ago · The Volt – EV news';

		const viaText = await frameOf(<Box width={50}><Text color={'color' in style ? style.color : undefined} bold={'bold' in style} dimColor={'dim' in style} inverse={'inverse' in style}>{text}</Text></Box>);

		const viaLines = await frameOf(<Box width={50}><PrecomposedLines lines={[styleLine(text, style)]} width={50}/></Box>);
		t.is(viaLines, viaText, JSON.stringify(style));
		t.true(viaText.includes('\u001B[') || Object.keys(style).length === 0);
	}
});

test('PrecomposedLines draws each line in its place, and cuts a line too wide for its pane instead of spilling over', async t => {
	const lines = ['› ● First post’s title', '    Riley Marsh · 3 min ago', 'A line that is far too wide for this pane', '電気自動車の販売'];
	const tree = (
		<Box flexDirection='row'>
			<Box flexDirection='column' width={20}>
				<PrecomposedLines lines={lines} width={20}/>
			</Box>
			<Separator height={4}/>
			<Box flexDirection='column' width={5}>
				<Text>{'right\nright\nright\nright'}</Text>
			</Box>
		</Box>
	);
	const frame = await frameOf(tree);
	const rows = frame.replaceAll(sgr, '').split('\n');
	t.deepEqual(rows, [
		'› ● First post’s ti…│right',
		'    Riley Marsh · 3…│right',
		'A line that is far …│right',
		'電気自動車の販売    │right',
	]);
});

test('PrecomposedLines with fitted lines draws them unchanged, styles included', async t => {
	const lines = [styleLine('inverse row', {inverse: true}), styleLine('dim row', {dim: true})];
	const frame = await frameOf(<Box flexDirection='column' width={30}><PrecomposedLines fitted lines={lines} width={30}/></Box>);
	t.deepEqual(frame.split('\n'), lines);
});

test('PrecomposedLines gives a line break inside an entry its own row', async t => {
	const frame = await frameOf(<Box flexDirection='column' width={30}><PrecomposedLines lines={['one\ntwo', 'three']} width={30}/><Text>after</Text></Box>);
	t.deepEqual(frame.split('\n'), ['one', 'two', 'three', 'after']);
});

async function frameOf(element: React.JSX.Element): Promise<string> {
	const app = renderInk(element, {columns: 60, rows: 10});
	await app.waitForFrame(frame => frame.trim() !== '');
	const frame = app.lastFrame();
	app.unmount();
	return frame;
}
