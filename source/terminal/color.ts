/** Whether output should be coloured: the one rule for the reader, `read` and `--template`. */

export function wantsColor(theme: string, env: NodeJS.ProcessEnv): boolean {
	if (theme === 'none' || env.TERM === 'dumb') {
		return false;
	}

	const force = env.FORCE_COLOR;
	if (force !== undefined) {
		return force !== '0' && force !== 'false';
	}

	return !env.NO_COLOR;
}
