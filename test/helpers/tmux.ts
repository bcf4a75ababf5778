import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {promisify} from 'node:util';
import {waitFor} from './wait-for.js';

const run = promisify(execFile);

export const tmuxPath = '/usr/bin/tmux';

export function hasTmux(): boolean {
	return fs.existsSync(tmuxPath);
}

/**
Exactly the environment of the tmux shell: temp XDG dirs, NO_COLOR, no CI (and no DISPLAY), plus `extra`. The
interactive sh (dash) reads $ENV: it sets the prompt `e2e$ `, which a test can wait for.
*/
export function tmuxShellEnv(temporary: {dir: string; env: NodeJS.ProcessEnv}, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {
		PATH: process.env.PATH,
		HOME: temporary.env.HOME,
		XDG_CONFIG_HOME: temporary.env.XDG_CONFIG_HOME,
		XDG_DATA_HOME: temporary.env.XDG_DATA_HOME,
		XDG_CACHE_HOME: temporary.env.XDG_CACHE_HOME,
		NO_COLOR: '1',
		TERM: 'xterm-256color',
		LANG: 'C.UTF-8',
		...extra,
		ENV: path.join(temporary.dir, 'shrc'),
	};
	fs.writeFileSync(env.ENV!, 'PS1=\'e2e$ \'\n');
	return env;
}

export type TmuxSession = {
	socket: string;
	tmux(...args: string[]): Promise<string>;
	/** The visible screen as plain text. */
	capture(): Promise<string>;
	/** Send tmux key names (Enter, Escape, Down…) or, with `literal`, text. */
	send(keys: string[], options?: {literal?: boolean}): Promise<void>;
	/** Poll the screen until `predicate` holds; the error shows the last screen. */
	waitForScreen(predicate: string | RegExp | ((screen: string) => boolean), timeoutMs?: number): Promise<string>;
	kill(): Promise<void>;
};

/**
A detached tmux session on a private socket (`-L evnews-test-<pid>-<n>`), running `command` through /bin/sh,
with exactly the environment given (nothing inherited from the test process).
*/
export async function startTmux(command: string, options: {env: NodeJS.ProcessEnv; columns?: number; rows?: number; cwd?: string}): Promise<TmuxSession> {
	const socket = `evnews-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const tmux = async (...args: string[]) => {
		const {stdout} = await run(tmuxPath, ['-L', socket, '-f', '/dev/null', ...args], {env: options.env, cwd: options.cwd});
		return stdout;
	};

	await tmux(
		'new-session',
		'-d',
		'-x',
		String(options.columns ?? 120),
		'-y',
		String(options.rows ?? 40),
		command,
	);
	await tmux('set-option', '-g', 'remain-on-exit', 'on');
	const capture = async () => tmux('capture-pane', '-p');
	let last = '';
	return {
		socket,
		tmux,
		capture,
		async send(keys, sendOptions = {}) {
			await tmux('send-keys', ...(sendOptions.literal ? ['-l'] : []), ...keys);
		},
		async waitForScreen(predicate, timeoutMs = 15_000) {
			const test = typeof predicate === 'string'
				? (screen: string) => screen.includes(predicate)
				: (predicate instanceof RegExp ? (screen: string) => predicate.test(screen) : predicate);
			await waitFor(async () => {
				last = await capture();
				return test(last);
			}, {timeoutMs, describe: () => `screen was:\n${last}`});
			return last;
		},
		async kill() {
			const socketPath = (await tmux('display-message', '-p', '#{socket_path}').catch(() => '')).trim();
			await tmux('kill-server').catch(() => undefined);
			if (socketPath.includes('evnews-test-')) {
				fs.rmSync(socketPath, {force: true});
			}
		},
	};
}

/**
Wait until the pane titled `title` has the focus: its title in reverse video (capture-pane -e keeps it; the plain
screen does not show which pane has the focus). Two keys sent back to back can reach Ink in one read, and a control
key (Backspace, Enter) read together with the next key is lost: wait for the one before sending the other.
*/
export async function waitForFocus(session: TmuxSession, title: string): Promise<void> {
	let first = '';
	await waitFor(async () => {
		first = (await session.tmux('capture-pane', '-p', '-e')).split('\n')[0] ?? '';
		return first.includes(`\u001B[1;7m ${title}`);
	}, {timeoutMs: 15_000, describe: () => `the first line was: ${JSON.stringify(first)}`});
}

/** The first screen that matches `wanted` and stays the same for two seconds (a wait that a stale frame cannot pass). */
export async function waitForSettled(session: TmuxSession, wanted: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> {
	let last = '';
	let since = Date.now();
	return session.waitForScreen(screen => {
		if (screen !== last) {
			last = screen;
			since = Date.now();
		}

		return wanted(screen) && Date.now() - since >= 2000;
	}, timeoutMs);
}
