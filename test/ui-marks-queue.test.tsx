import {spawn} from 'node:child_process';
import process from 'node:process';
import fs from 'node:fs';
import os from 'node:os';
import test from 'ava';
import {marksFiles, openMarks} from '../source/store/marks.js';
import {getPaths} from '../source/store/paths.js';
import {App} from '../source/ui/app.js';
import {createServices} from '../source/ui/reader-services.js';
import {makeTheme} from '../source/ui/theme.js';
import {appHarness} from './fixtures/ui/app-harness.js';
import {makePosts} from './fixtures/ui/posts.js';
import {renderInk} from './helpers/render-ink.js';
import {makeTempEnv} from './helpers/temp-env.js';
import {waitFor} from './helpers/wait-for.js';

test('a mark made while another process holds the marks lock lands after the release; the reader keeps drawing meanwhile', async t => {
	const temporary = makeTempEnv();
	const paths = getPaths(temporary.env);
	const marks = openMarks(paths.data);
	const services = createServices({
		sources: [],
		feeds: [],
		marks,
		cacheDirectory: paths.cache,
		env: temporary.env,
		color: false,
		refreshMinutes: 0,
	});
	const holder = spawn('sleep', ['60'], {stdio: 'ignore'});
	t.teardown(() => {
		holder.kill();
		services.dispose();
		temporary.cleanup();
	});
	await new Promise(resolve => {
		holder.once('spawn', resolve);
	});
	// The lock as a live evnews writes it ("pid host time token", store/lock.ts), held by another live process.
	const {lock, log} = marksFiles(paths.data);
	fs.mkdirSync(paths.data, {recursive: true});
	fs.writeFileSync(lock, `${holder.pid} ${os.hostname()} ${Date.now()} held-by-test\n`);
	const harness = appHarness({posts: makePosts(3), columns: 100, rows: 24});
	const app = renderInk(<App initial={harness.state} services={services} theme={makeTheme('none', {})}/>, {columns: 100, rows: 24});
	t.teardown(() => {
		app.unmount();
	});
	await app.waitForFrame('Posts 1/3');
	await app.press('m', frame => /› {3}Post number 0/.test(frame));
	// Frames keep coming while the lock is held: each move is drawn, promptly (a blocking lock wait is 10 s).
	const started = Date.now();
	await app.press('j', frame => frame.includes('Posts 2/3'));
	await app.press('j', frame => frame.includes('Posts 3/3'));
	await app.press('k', frame => frame.includes('Posts 2/3'));
	t.true(Date.now() - started < 3000, `three moves took ${Date.now() - started} ms`);
	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	// Still queued: not written, not dropped. The control that the lock really is held: nothing on disk.
	t.is(services.pendingMarks(), 1);
	t.false(fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('post-0'));
	// The other process lets go: the queued mark lands by itself (the backoff retries).
	fs.rmSync(lock);
	await waitFor(() => services.pendingMarks() === 0, {timeoutMs: 5000});
	t.true(openMarks(paths.data).isRead('post-0'));
});

test('on quit the queue waits for the lock and writes what is left', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const paths = getPaths(temporary.env);
	const marks = openMarks(paths.data);
	const services = createServices({sources: [], feeds: [], marks, cacheDirectory: paths.cache, env: temporary.env, color: false, refreshMinutes: 0});
	const holder = spawn('sleep', ['60'], {stdio: 'ignore'});
	t.teardown(() => {
		holder.kill();
	});
	await new Promise(resolve => {
		holder.once('spawn', resolve);
	});
	const {lock} = marksFiles(paths.data);
	fs.mkdirSync(paths.data, {recursive: true});
	fs.writeFileSync(lock, `${holder.pid} ${os.hostname()} ${Date.now()} held-by-test\n`);
	services.runEffect({type: 'mark-read', ids: ['a', 'b']}, () => undefined);
	await new Promise(resolve => {
		setTimeout(resolve, 100);
	});
	t.is(services.pendingMarks(), 1);
	// The holder finishes while the quitting reader waits (a child that removes the lock after 300 ms).
	const release = spawn(process.execPath, ['-e', `setTimeout(() => require('node:fs').rmSync(${JSON.stringify(lock)}), 300)`], {stdio: 'ignore'});
	const errors = services.flushMarks();
	await new Promise(resolve => {
		release.once('close', resolve);
	});
	t.deepEqual(errors, []);
	t.true(openMarks(paths.data).isRead('a'));
	t.true(openMarks(paths.data).isRead('b'));
	services.dispose();
});
