import {spawn} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';

/** Parse a link and accept only http(s). Returns the normalised href, or undefined. */
export function safeHttpUrl(link: string): URL | undefined {
	try {
		const url = new URL(link);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
	} catch {
		return undefined;
	}
}

/** True when a browser cannot be shown: no display (Linux) or an SSH session. */
export function isHeadless(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): boolean {
	if (env.SSH_CONNECTION || env.SSH_TTY || env.SSH_CLIENT) {
		return true;
	}

	if (platform === 'darwin' || platform === 'win32') {
		return false;
	}

	return !env.DISPLAY && !env.WAYLAND_DISPLAY;
}

/** The first entry of $BROWSER (entries are separated by `:`), split into words; undefined when unset. */
function browserWords(env: NodeJS.ProcessEnv): string[] | undefined {
	const browser = (env.BROWSER ?? '').split(':').map(entry => entry.trim()).find(Boolean);
	return browser ? browser.split(/\s+/) : undefined;
}

/**
The command and arguments that open `href`: the first entry of $BROWSER (`%s` or `%u` is replaced, else the URL
is appended), else xdg-open / open.
*/
export function browserCommand(href: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): [string, string[]] {
	const words = browserWords(env);
	if (words) {
		const hasPlaceholder = words.slice(1).some(word => word.includes('%s') || word.includes('%u'));
		// A replacer function: a string replacement would expand $& $' $` $$ found in the URL.
		const args = words.slice(1).map(word => word.replaceAll(/%[su]/g, () => href));
		return [words[0]!, hasPlaceholder ? args : [...args, href]];
	}

	return platform === 'darwin' ? ['open', [href]] : ['xdg-open', [href]];
}

const terminalBrowsers = new Set(['w3m', 'lynx', 'elinks', 'links', 'links2', 'browsh', 'carbonyl', 'chawan', 'cha']);

/** Whether a command draws in the terminal (w3m, lynx, elinks, links…, or `EVNEWS_BROWSER_TERMINAL=1`). */
export function isTerminalBrowser(command: string, env: NodeJS.ProcessEnv): boolean {
	const flag = env.EVNEWS_BROWSER_TERMINAL;
	if (flag === '1' || flag === 'true') {
		return true;
	}

	if (flag === '0' || flag === 'false') {
		return false;
	}

	return terminalBrowsers.has(path.basename(command));
}

/** How a link is shown in the status bar: the punycode host first, then the sanitised href without userinfo. */
export function displayUrl(url: URL): string {
	const copy = new URL(url.href);
	copy.username = '';
	copy.password = '';
	return `${url.host} — ${sanitizeLine(copy.href, limits.shownCopiedUrlMax)}`;
}

export type OpenResult = {opened: boolean; message: string};

export type OpenOptions = {
	/** Run a terminal browser in the foreground (the reader gives up the screen meanwhile); resolves to its exit code. */
	runForeground?: (command: string, args: string[]) => Promise<number | undefined>;
	platform?: NodeJS.Platform;
};

async function spawnDetached(command: string, args: string[], env: NodeJS.ProcessEnv, shown: string): Promise<OpenResult> {
	return new Promise(resolve => {
		let child;
		try {
			child = spawn(command, args, {detached: true, stdio: 'ignore', shell: false, env});
		} catch (error) {
			resolve({opened: false, message: `could not start ${sanitizeLine(command, limits.shownShortMax)} (${(error as Error).message}): ${shown}`});
			return;
		}

		child.once('error', error => {
			resolve({opened: false, message: `could not start ${sanitizeLine(command, limits.shownShortMax)} (${(error as NodeJS.ErrnoException).code ?? error.message}): ${shown}`});
		});
		child.once('spawn', () => {
			child.unref();
			resolve({opened: true, message: `opened ${shown}`});
		});
	});
}

/**
Open an http(s) link, never through a shell:
- `$BROWSER` is always honoured, headless or not. A terminal browser (w3m, lynx…) runs in the foreground through
  `runForeground`; any other command starts detached.
- Without `$BROWSER`: xdg-open / open, detached, when there is a display; with none (SSH, no X), the URL is shown
  and `y` copies it.
*/
export async function openLink(link: string, env: NodeJS.ProcessEnv = process.env, options: OpenOptions = {}): Promise<OpenResult> {
	const url = safeHttpUrl(link);
	if (!url) {
		return {opened: false, message: 'evnews only opens http(s) links'};
	}

	const shown = displayUrl(url);
	const words = browserWords(env);
	const [command, args] = browserCommand(url.href, env, options.platform);
	if (words && isTerminalBrowser(command, env) && options.runForeground) {
		try {
			const code = await options.runForeground(command, args);
			return code === 0 || code === undefined
				? {opened: true, message: `back from ${sanitizeLine(path.basename(command), limits.shownShortMax)}`}
				: {opened: false, message: `${sanitizeLine(path.basename(command), limits.shownShortMax)} exited with ${code}: ${shown}`};
		} catch (error) {
			return {opened: false, message: `could not start ${sanitizeLine(command, limits.shownShortMax)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${shown}`};
		}
	}

	if (!words && isHeadless(env, options.platform)) {
		return {opened: false, message: `no display (set $BROWSER); y copies ${shown}`};
	}

	return spawnDetached(command, args, env, shown);
}

const terminalPlayers = new Set(['mpv', 'mplayer', 'cvlc', 'mpg123', 'mpg321', 'ogg123', 'play']);

/**
Open a podcast enclosure: through `$EVNEWS_PLAYER` when set (a command, or with `%s` / `%u`; a terminal player such
as mpv runs in the foreground, or any player with `EVNEWS_PLAYER_TERMINAL=1`), else as a link (openLink).
*/
export async function openMedia(link: string, env: NodeJS.ProcessEnv = process.env, options: OpenOptions = {}): Promise<OpenResult> {
	const player = env.EVNEWS_PLAYER?.trim();
	if (!player) {
		return openLink(link, env, options);
	}

	const flag = env.EVNEWS_PLAYER_TERMINAL;
	const command = player.split(/\s+/)[0]!;
	const terminal = flag === '1' || flag === 'true' || (flag !== '0' && flag !== 'false' && terminalPlayers.has(path.basename(command)));
	// The same rules as $BROWSER, with the player in its place.
	return openLink(link, {...env, BROWSER: player, EVNEWS_BROWSER_TERMINAL: terminal ? '1' : '0'}, options);
}
