import {sanitizeLine} from '../feed/sanitize.js';
import {getPaths, type Paths} from '../store/paths.js';
import {limits} from '../feed/limits.js';
import type {CommandContext} from './context.js';

export {redactUrl} from '../feed/urls.js';
export {foldName} from './post-filters.js';

/** Small output helpers shared by the state commands (feeds, import/export, marks, unread, config). */

/** One stderr line: `evnews: …` for an error, `evnews: warning: …` for a warning; always one sanitised line. */
export function stderrLine(text: string, kind: 'error' | 'warning'): string {
	return `evnews: ${kind === 'warning' ? 'warning: ' : ''}${sanitizeLine(text, limits.stderrLineMax)}\n`;
}

/** Warnings: something was skipped, repaired or reset, and the command went on. */
export function warn(context: {io: {stderr: NodeJS.WritableStream}}, lines: Iterable<string>): void {
	for (const line of lines) {
		context.io.stderr.write(stderrLine(line, 'warning'));
	}
}

/** Errors: what the command could not do (it exits non-zero). */
export function fail(context: {io: {stderr: NodeJS.WritableStream}}, lines: Iterable<string>): void {
	for (const line of lines) {
		context.io.stderr.write(stderrLine(line, 'error'));
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
