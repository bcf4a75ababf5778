/**
The reader on a real WordPress (issue 11 §2–§4, §7), in tmux with CI unset: the feed unfolds into the site's
category tree with the site's counts, a category with few cached posts is filled from the site, "older posts…"
loads the next page, and with the REST API off the status bar gives the feed-only reason. Skipped (with the setup
command) when neither WordPress nor tmux is there.
*/
import test, {type ExecutionContext} from 'ava';
import {cliPath, runCli} from './helpers/run-cli.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {hasTmux, startTmux, tmuxShellEnv, waitForSettled} from './helpers/tmux.js';
import {wordpressSite} from './helpers/wordpress.js';

const site = await wordpressSite();
const restOff = typeof site === 'string' ? site : await wordpressSite({rest: false});
function skipReason(): string | undefined {
	if (typeof site === 'string') {
		return site;
	}

	if (typeof restOff === 'string') {
		return restOff;
	}

	return hasTmux() ? undefined : 'tmux is not installed';
}

const why = skipReason();
const wpTest = why === undefined ? test : test.skip;
if (why !== undefined) {
	console.warn(`e2e-reader-wordpress.test.ts: skipped: ${why}`);
}

test.after.always(async () => {
	for (const each of [site, restOff]) {
		if (typeof each !== 'string') {
			await each.stop();
		}
	}
});

/** A reader in tmux on one feed added with `feeds add` (which detects WordPress and reads the site's categories). */
async function readerOn(t: ExecutionContext, feedUrl: string) {
	const temporary = makeTempEnv();
	const env = tmuxShellEnv(temporary);
	const added = await runCli(['feeds', 'add', feedUrl], {env, timeoutMs: 60_000});
	t.is(added.code, 0, added.stderr);
	const session = await startTmux(`node ${JSON.stringify(cliPath)} --offline --feed ${JSON.stringify(feedUrl)}`, {env, columns: 160, rows: 45, cwd: temporary.dir});
	t.teardown(async () => {
		await session.kill();
		temporary.cleanup();
	});
	return session;
}

wpTest('a WordPress feed unfolds into its categories with counts; a category shows its posts; older posts… loads more', async t => {
	t.timeout(120_000);
	const wordpress = site as Exclude<typeof site, string>;
	const session = await readerOn(t, `${wordpress.url}/feed/`);
	let screen = await session.waitForScreen(/Posts 1\/10/);
	// The feed's row is foldable (▸); nothing of the site's tree yet.
	t.regex(screen, /▸ EV Wire/);
	t.notRegex(screen, /^ +│? *Tesla +\d+\/\d+/m);
	// Into the tree, down to the feed, unfold it: the site's tree, Tesla under EV News, unread / site count.
	await session.send(['h', 'g', 'j', 'j', 'j', 'j']);
	await session.send(['-']);
	screen = await session.waitForScreen(/▾ EV Wire/);
	t.regex(screen, /^ {5}EV News +\d+\/6/m);
	t.regex(screen, /^ {7}Tesla +1\/5/m);
	t.regex(screen, /^ {5}Charging +\d+\/9/m);
	// Selecting Tesla (1 post cached) fills it from the site: all 5 of its posts.
	for (let step = 0; step < 4; step++) {
		await session.send(['j']);
	}

	screen = await session.waitForScreen(/Posts 1\/5/, 30_000);
	t.regex(screen, /›\s+Tesla +5\/5/);
	// Back to the feed (10 posts): at its end, "older posts…"; Enter loads the next page, the selection keeps its place.
	// Up by g and down from All, the way in above: k would pass (select) the categories between Tesla and the feed,
	// each starting a fill from the site that can land after the settle below and pass for the older posts' load.
	await session.send(['g', 'j', 'j', 'j', 'j']);
	await session.waitForScreen(/›▾ EV Wire/);
	await session.send(['l', 'G']);
	// The categories passed on the way may still be filling from the site: the row stays selected meanwhile.
	const settled = async (wanted: (screen: string) => boolean) => waitForSettled(session, wanted, 60_000);

	screen = await settled(screen => /›\s+older posts…/.test(screen));
	const before = Number(/Posts (\d+)\/(\d+)/.exec(screen)![2]);
	await session.send(['Enter']);
	// The message and the reloaded list can arrive in separate frames: wait for both.
	const totalOf = (text: string) => Number(/Posts \d+\/(\d+)/.exec(text)?.[1] ?? 0);
	screen = await session.waitForScreen(text => /\d+ older posts? from the site/.test(text) && totalOf(text) > before, 30_000);
	const [, at, total] = /Posts (\d+)\/(\d+)/.exec(screen)!.map(Number);
	t.true(total! > before, `${total} > ${before}`);
	// The selection stayed at that row: now the first post it loaded.
	t.is(at, before + 1, screen);
	// Control: All has no such row (it is not one site's list).
	// All may list as many posts as the feed did: wait for All in the tree and its last post selected, settled.
	await session.send(['h', 'g', 'l', 'G']);
	screen = await settled(screen => /^ ?›All /m.test(screen) && /Posts (\d+)\/\1 /.test(screen));
	t.notRegex(screen, /older posts…/);
	await session.send(['q']);
});

wpTest('with the REST API off, the status bar gives the feed-only reason when the feed is selected', async t => {
	t.timeout(60_000);
	const wordpress = restOff as Exclude<typeof restOff, string>;
	const session = await readerOn(t, `${wordpress.url}/?feed=rss2`);
	let screen = await session.waitForScreen(/Posts 1\/10/);
	// Control: on All the reason is not shown.
	t.notRegex(screen, /feed-only/);
	await session.send(['h', 'g', 'j', 'j', 'j', 'j']);
	screen = await session.waitForScreen(/feed-only: REST unavailable: HTTP 40\d/);
	t.pass();
	await session.send(['q']);
});
