export {redactUrl} from '../feed/urls.js';
export {foldName} from './post-filters.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {getPaths, type Paths} from '../store/paths.js';
import type {CommandContext} from './context.js';

/** Small output helpers shared by the state commands (feeds, import/export, marks, unread, config). */

export function warn(context: CommandContext, lines: Iterable<string>): void {
	for (const line of lines) {
		context.io.stderr.write(`evnews: ${sanitizeLine(line, 600)}\n`);
	}
}

export function out(context: CommandContext, text: string): void {
	context.io.stdout.write(text);
}

/** The XDG paths of this run (throws a clear one-line error when there is no home). */
export function pathsOf(context: CommandContext): Paths {
	return getPaths(context.io.env);
}

/** `2026-11-26 07:36` (UTC) for humans, or `never`. */
export function shortTime(iso: string | null | undefined): string {
	if (!iso) {
		return 'never';
	}

	const time = Date.parse(iso);
	return Number.isNaN(time) ? 'unknown' : new Date(time).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** Fold a category name for comparison (the same folding as `--category`). */
