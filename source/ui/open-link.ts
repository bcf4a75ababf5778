import {spawn} from 'node:child_process';
import process from 'node:process';
import {sanitizeLine} from '../feed/sanitize.js';

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
	if (env['SSH_CONNECTION'] || env['SSH_TTY'] || env['SSH_CLIENT']) {
		return true;
	}

	if (platform === 'darwin' || platform === 'win32') {
		return false;
	}

	return !env['DISPLAY'] && !env['WAYLAND_DISPLAY'];
}

/** The command and arguments that open `href`: the first entry of $BROWSER (`%s` is replaced), else xdg-open / open. */
export function browserCommand(href: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): [string, string[]] {
	const browser = (env['BROWSER'] ?? '').split(':').map(entry => entry.trim()).find(Boolean);
	if (browser) {
		const words = browser.split(/\s+/);
		const hasPlaceholder = words.some(word => word.includes('%s'));
		// A replacer function: a string replacement would expand $& $' $` $$ found in the URL.
		const args = words.slice(1).map(word => word.replaceAll('%s', () => href));
		return [words[0]!, hasPlaceholder ? args : [...args, href]];
	}

	return platform === 'darwin' ? ['open', [href]] : ['xdg-open', [href]];
}

/** How a link is shown in the status bar: the punycode host first, then the sanitised href without userinfo. */
export function displayUrl(url: URL): string {
	const copy = new URL(url.href);
	copy.username = '';
	copy.password = '';
	return `${url.host} — ${sanitizeLine(copy.href, 1000)}`;
}

export type OpenResult = {opened: boolean; message: string};

/**
Open an http(s) link in the browser without a shell, detached, never blocking. With no display, or when the
spawn fails, the result carries the URL for the status bar instead.
*/
export async function openLink(link: string, env: NodeJS.ProcessEnv = process.env): Promise<OpenResult> {
	const url = safeHttpUrl(link);
	if (!url) {
		return {opened: false, message: 'evnews only opens http(s) links'};
	}

	const shown = displayUrl(url);
	if (isHeadless(env)) {
		return {opened: false, message: `no display; open it yourself: ${shown}`};
	}

	const [command, args] = browserCommand(url.href, env);
	return new Promise(resolve => {
		let child;
		try {
			child = spawn(command, args, {detached: true, stdio: 'ignore', shell: false, env});
		} catch (error) {
			resolve({opened: false, message: `could not start ${sanitizeLine(command, 100)} (${(error as Error).message}): ${shown}`});
			return;
		}

		child.once('error', error => {
			resolve({opened: false, message: `could not start ${sanitizeLine(command, 100)} (${(error as NodeJS.ErrnoException).code ?? error.message}): ${shown}`});
		});
		child.once('spawn', () => {
			child.unref();
			resolve({opened: true, message: `opened ${shown}`});
		});
	});
}
