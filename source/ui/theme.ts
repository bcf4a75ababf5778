/** Colours. Monochrome for theme "none" and NO_COLOR (unless FORCE_COLOR asks for colour); FORCE_COLOR=0 also turns colour off. */

import {wantsColor} from '../terminal/color.js';

export {wantsColor} from '../terminal/color.js';

export type ThemeName = 'auto' | 'dark' | 'light' | 'none';

export type Theme = {
	color: boolean;
	accent: string | undefined;
	unread: string | undefined;
	star: string | undefined;
	error: string | undefined;
	/** Dim secondary text (author, time). */
	dim: boolean;
};

export function makeTheme(theme: ThemeName, env: NodeJS.ProcessEnv): Theme {
	if (!wantsColor(theme, env)) {
		return {color: false, accent: undefined, unread: undefined, star: undefined, error: undefined, dim: false};
	}

	const light = theme === 'light';
	return {
		color: true,
		accent: light ? 'blue' : 'cyan',
		unread: light ? 'green' : 'greenBright',
		star: light ? 'magenta' : 'yellow',
		error: 'red',
		dim: true,
	};
}
