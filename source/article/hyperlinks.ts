/**
OSC 8 hyperlinks on link numbers, where the terminal is known to support them, http(s) targets only,
and switchable off: the `hyperlinks` preference, or `EVNEWS_HYPERLINKS=0` (`=1` forces them on). The escape is
added after wrapping and measuring, so widths never count it; ansi-regex (string-width, Ink) skips it too.
*/
// Controls and characters that could end or confuse the sequence: C0, DEL, C1, and ESC/BEL in particular.

const unsafe = /[\u0000-\u0020\u007F-\u009F]/;

/** The URL as an OSC 8 target, or undefined when it is not plain http(s) (after the URL parser's own escaping). */
export function hyperlinkTarget(url: string): string | undefined {
	try {
		const parsed = new URL(url);
		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
			return undefined;
		}

		parsed.username = '';
		parsed.password = '';
		const {href} = parsed;
		return unsafe.test(href) || href.length > 2048 ? undefined : href;
	} catch {
		return undefined;
	}
}

/** `label` as an OSC 8 hyperlink to `url`; the label alone when the URL is not safe. */
export function hyperlink(label: string, url: string): string {
	const target = hyperlinkTarget(url);
	return target ? `\u001B]8;;${target}\u001B\\${label}\u001B]8;;\u001B\\` : label;
}

/** Whether to emit hyperlinks: the preference, `EVNEWS_HYPERLINKS`, then what the terminal supports. */
export function wantsHyperlinks(preference: boolean, env: NodeJS.ProcessEnv, stream: {isTTY?: boolean} = {}): boolean {
	const override = env.EVNEWS_HYPERLINKS;
	if (override === '0' || !preference) {
		return false;
	}

	if (override === '1') {
		return true;
	}

	if (stream.isTTY !== true || env.CI || env.TERM === 'dumb') {
		return false;
	}

	return terminalSupportsHyperlinks(env);
}

/** Terminals known to handle OSC 8 (others print nothing for it, but some older ones print garbage). */
function terminalSupportsHyperlinks(env: NodeJS.ProcessEnv): boolean {
	if (env.TMUX || env.STY) {
		// Multiplexers pass it through only when configured to; EVNEWS_HYPERLINKS=1 turns it on there.
		return false;
	}

	const program = env.TERM_PROGRAM ?? '';
	if (['WezTerm', 'vscode', 'ghostty', 'Hyper'].includes(program)) {
		return true;
	}

	if (program === 'iTerm.app') {
		const [major = 0, minor = 0] = (env.TERM_PROGRAM_VERSION ?? '').split('.').map(Number);
		return major > 3 || (major === 3 && minor >= 1);
	}

	if (env.WT_SESSION || env.KITTY_WINDOW_ID || env.KONSOLE_VERSION) {
		return true;
	}

	const term = env.TERM ?? '';
	if (['xterm-kitty', 'alacritty', 'foot', 'xterm-ghostty', 'wezterm'].includes(term)) {
		return true;
	}

	return Number(env.VTE_VERSION ?? 0) >= 5000;
}
