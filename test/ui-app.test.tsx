import test from 'ava';
import stringWidth from 'string-width';
import {keys, renderInk} from './helpers/render-ink.js';
import {waitFor} from './helpers/wait-for.js';
import {appHarness} from './fixtures/ui/app-harness.js';
import {makePosts} from './fixtures/ui/posts.js';

function assertFits(t: {true(value: boolean, message?: string): void}, frame: string, columns: number, rows: number) {
	const lines = frame.split('\n');
	t.true(lines.length <= rows - 1, `${lines.length} lines for ${rows} rows`);
	for (const line of lines) {
		t.true(stringWidth(line) <= columns, `line wider than ${columns}: ${JSON.stringify(line)}`);
	}
}

const tricky = makePosts(40, {
	feeds: 3,
	titles: index => [
		'電気自動車の販売が過去最高を記録した理由と今後の見通しについて詳しく解説します',
		'🚗⚡🔋 EV charging 👨‍👩‍👧‍👦 family road trip 🇦🇺 across the Nullarbor with emoji everywhere',
		'Breaking\u001B[2J\u001B]0;pwned\u0007 news with escapes',
		'A perfectly ordinary, very long title that goes on and on and on about battery chemistry and grid storage',
	][index % 4]!,
});

for (const [columns, rows] of [[40, 12], [200, 60], [79, 24], [80, 24], [120, 30], [10, 4]] as const) {
	test(`at ${columns}×${rows} nothing crashes and no line overflows, in every pane`, async t => {
		const harness = appHarness({posts: tricky, columns, rows});
		const app = renderInk(harness.element, {columns, rows});
		await app.waitForFrame(frame => frame.includes('Posts') || frame.includes('Categories') || columns < 20);
		assertFits(t, app.lastFrame(), columns, rows);
		for (const key of [keys.down, keys.enter, 'j', ' ', keys.escape, keys.shiftTab, 'G', keys.tab, '?']) {
			await app.press(key);
			assertFits(t, app.lastFrame(), columns, rows);
		}

		t.notRegex(app.lastFrame(), /\u001B]|pwned\u0007|\u0007/);
		app.unmount();
	});
}

test('Down Down Enter written together opens the third post and marks it read', async t => {
	const harness = appHarness({columns: 100, rows: 24});
	const app = renderInk(harness.element, {columns: 100, rows: 24});
	await app.waitForFrame('Posts 1/30');
	await app.press(keys.down + keys.down + keys.enter, frame => frame.includes('Post number 2 about batteries body line 1'));
	t.true(harness.effects.some(effect => effect.type === 'mark-read' && effect.ids[0] === 'post-2'));
	app.unmount();
});

test('jjj as one input string moves three rows', async t => {
	const harness = appHarness({columns: 100, rows: 24});
	const app = renderInk(harness.element, {columns: 100, rows: 24});
	await app.waitForFrame('Posts 1/30');
	await app.press('jjj', frame => frame.includes('Posts 4/30'));
	t.regex(app.lastFrame(), /›.*Post number 3 about/);
	app.unmount();
});

test('the article scrolls by lines and shows its position; Esc goes back to the list', async t => {
	const harness = appHarness({columns: 100, rows: 20});
	const app = renderInk(harness.element, {columns: 100, rows: 20});
	await app.waitForFrame('Posts 1/30');
	await app.press(keys.enter, frame => frame.includes('body line 1'));
	t.regex(app.lastFrame(), /Article · \d+\/\d+ \d+%/);
	t.regex(app.lastFrame(), /⇗ example\.com/);
	await app.press(' ', frame => !frame.includes('body line 1\n'));
	await app.press('G', frame => frame.includes('[1] https://example.com/one') && frame.includes('100%'));
	await app.press(keys.escape, frame => frame.includes('Posts 1/30'));
	app.unmount();
});

test('search narrows the list as you type and Esc clears it', async t => {
	const harness = appHarness({columns: 100, rows: 24});
	const app = renderInk(harness.element, {columns: 100, rows: 24});
	await app.waitForFrame('Posts 1/30');
	await app.press('/');
	await app.press('keyword17', frame => frame.includes('Posts 1/1'));
	t.regex(app.lastFrame(), /Post number 17/);
	// Clearing the search keeps the selected post.
	await app.press(keys.escape, frame => frame.includes('Posts 18/30') && !frame.includes('keyword'));
	t.regex(app.lastFrame(), /›.*Post number 17 about/);
	app.unmount();
});

test('the posts pane renders only the visible rows with 10,000 posts', async t => {
	const harness = appHarness({count: 10_000, columns: 100, rows: 24});
	const app = renderInk(harness.element, {columns: 100, rows: 24});
	await app.waitForFrame('Posts 1/10000');
	await app.press('G', frame => frame.includes('Posts 10000/10000'));
	t.regex(app.lastFrame(), /Post number 9{4} about/);
	t.notRegex(app.lastFrame(), /Post number 0 about/);
	app.unmount();
});

test('a resize re-lays out: two panes, then three, then one', async t => {
	const harness = appHarness({columns: 100, rows: 24});
	const app = renderInk(harness.element, {columns: 100, rows: 24});
	await app.waitForFrame('Posts 1/30');
	t.notRegex(app.lastFrame(), /Article/);
	app.stdout.resize(150, 30);
	await app.waitForFrame(frame => frame.includes('Article') && frame.includes('Library'));
	await app.waitForFrame('body line 1');
	app.stdout.resize(60, 20);
	await app.waitForFrame(frame => !frame.includes('Library') && frame.includes('Posts 1/30'));
	assertFits(t, app.lastFrame(), 60, 20);
	app.unmount();
});

test('with stdin not a terminal the app renders without raw mode and does not crash', async t => {
	const harness = appHarness({columns: 100, rows: 24});
	const app = renderInk(harness.element, {columns: 100, rows: 24, stdinTTY: false});
	await app.waitForFrame('Posts 1/30');
	t.regex(app.lastFrame(), /Post number 0/);
	app.unmount();
});

test('the status bar shows progress, errors without hiding posts, and the key hint', async t => {
	const harness = appHarness({columns: 160, rows: 24, errors: {x: {title: 'Feed 0', message: 'timeout\u001B]0;evil\u0007 after 20 s'}}});
	const app = renderInk(harness.element, {columns: 160, rows: 24});
	await app.waitForFrame('updated 3 min ago');
	t.regex(app.lastFrame(), /⚠ Feed 0: timeout after 20 s/);
	t.regex(app.lastFrame(), /Post number 0 about/);
	t.regex(app.lastFrame(), /30 unread · \? help · q quit/);
	await app.press('r');
	await waitFor(() => harness.effects.length > 0);
	t.deepEqual(harness.effects, [{type: 'refresh', force: true}]);
	app.unmount();
});

test('? shows the help generated from the keymap', async t => {
	const harness = appHarness({columns: 100, rows: 40});
	const app = renderInk(harness.element, {columns: 100, rows: 40});
	await app.waitForFrame('Posts 1/30');
	await app.press('?', frame => frame.includes('Help'));
	t.regex(app.lastFrame(), /j ↓\s+move down/);
	t.regex(app.lastFrame(), /M\s+mark all in view read/);
	await app.press(keys.escape, frame => frame.includes('Posts 1/30'));
	await app.press('q');
	t.deepEqual(harness.effects, []);
	app.unmount();
});

test('a long article opens on its first screen, then the whole replaces it (the partial is not taken as loaded)', async t => {
	const harness = appHarness({columns: 100, rows: 24});
	let release: () => void = () => undefined;
	const gate = new Promise<void>(resolve => {
		release = resolve;
	});
	const services = {
		async loadArticle(_post: unknown, _width: number, onFirstScreen?: (body: {lines: string[]; links: string[]}) => void) {
			onFirstScreen?.({lines: ['first part line'], links: []});
			await gate;
			return {lines: ['whole article line'], links: []};
		},
		runEffect() {},
	};
	const {App} = await import('../source/ui/app.js');
	const {makeTheme} = await import('../source/ui/theme.js');
	const app = renderInk(<App initial={harness.state} services={services} theme={makeTheme('none', {})}/>, {columns: 100, rows: 24});
	await app.waitForFrame('Posts 1/30');
	await app.press(keys.enter, frame => frame.includes('first part line'));
	t.false(app.lastFrame().includes('whole article line'));
	release();
	await app.waitForFrame(frame => frame.includes('whole article line') && !frame.includes('first part line'));
	t.pass();
	app.unmount();
});
