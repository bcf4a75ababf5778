import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import type {ReaderState} from './state.js';
import {wrap} from './text.js';

/** "in 12 min", "in 2 h", "now": when a retry is due. */
function untilText(at: number, now: number): string {
	const minutes = Math.ceil((at - now) / 60_000);
	if (minutes <= 0) {
		return 'now';
	}

	return minutes < 60 ? `in ${minutes} min` : `in ${Math.round(minutes / 60)} h`;
}

/**
The `!` view: every feed, the failing ones first, each with its last error (one line) and when it is retried
next (a Retry-After the server asked for, else the next background refresh). Pure; lines fit `width`.
*/
export function errorsViewLines(state: Pick<ReaderState, 'feeds' | 'errors' | 'retryAt' | 'now' | 'posts'>, width: number): string[] {
	const room = Math.max(4, width - 4);
	const counts = new Map<string, number>();
	for (const post of state.posts) {
		counts.set(post.feed.url, (counts.get(post.feed.url) ?? 0) + 1);
	}

	const failing = state.feeds.filter(feed => state.errors[feed.source]);
	const fine = state.feeds.filter(feed => !state.errors[feed.source]);
	const lines: string[] = [
		` ${failing.length === 0 ? 'No feed has an error.' : `${failing.length} of ${state.feeds.length} feed${state.feeds.length === 1 ? '' : 's'} failed.`}`,
		'',
	];
	for (const feed of failing) {
		const error = state.errors[feed.source]!;
		const retry = state.retryAt[feed.source];
		lines.push(
			...wrap(`⚠ ${sanitizeLine(feed.title, limits.shownNameMax)}`, room).map(line => ' ' + line),
			...wrap(sanitizeLine(error.message, limits.shownMessageMax), room).map(line => '   ' + line),
			`   next retry: ${retry === undefined ? 'on the next refresh (r / R)' : untilText(retry, state.now)}`,
		);
	}

	if (fine.length > 0) {
		if (failing.length > 0) {
			lines.push('');
		}

		for (const feed of fine) {
			const count = counts.get(feed.source) ?? 0;
			lines.push(...wrap(`${count === 0 ? '⚠' : '✓'} ${sanitizeLine(feed.title, limits.shownNameMax)} · ${count === 0 ? 'no posts' : `${count} post${count === 1 ? '' : 's'}`}`, room).map(line => ' ' + line));
		}
	}

	lines.push('', ' R reloads every feed · ! or Esc closes');
	return lines;
}
