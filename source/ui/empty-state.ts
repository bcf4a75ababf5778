import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {type Action, type ResolvedKeymap, displayKey} from './keymap.js';
import {textWidth, truncate, wrap} from './text.js';

/**
What the posts pane says when it has nothing to list: why (no feeds, each failing feed with its one-line error,
a filter that hides everything), and what to do, with only the hints that apply. Pure; every line fits `width`
(down to 40 columns and below: long lines wrap, the list of failing feeds is cut to the room left).
*/

export type EmptyInput = {
	keymap: ResolvedKeymap;
	/** Configured feeds (titles by source). */
	feeds: ReadonlyArray<{source: string; title: string}>;
	/** Posts in the library, whatever the scope. */
	totalPosts: number;
	errors: Readonly<Record<string, {title: string; message: string}>>;
	refreshing: boolean;
	unreadOnly: boolean;
	search: string;
	scope: string;
};

function keyOf(keymap: ResolvedKeymap, action: Action): string | undefined {
	const key = keymap.bindings.find(binding => binding.action === action)?.keys[0];
	return key === undefined ? undefined : displayKey(key);
}

/** The lines before wrapping: a reason, then hints ("key  what it does"). */
export function emptyStateText(input: EmptyInput): {reason: string[]; hints: string[]} {
	const {keymap} = input;
	const hint = (action: Action, text: string): string[] => {
		const key = keyOf(keymap, action);
		return key === undefined ? [] : [`${key}  ${text}`];
	};

	const addHints = [...hint('add-feed', 'add a feed here'), 'or: evnews import FILE.opml'];
	if (input.feeds.length === 0) {
		return {reason: ['No feeds yet.'], hints: addHints};
	}

	if (input.totalPosts === 0) {
		const failing = input.feeds.filter(feed => input.errors[feed.source]);
		if (input.refreshing && failing.length === 0) {
			return {reason: [`Fetching ${input.feeds.length} feed${input.feeds.length === 1 ? '' : 's'}…`], hints: []};
		}

		const reason = failing.length > 0
			? [
				failing.length === input.feeds.length
					? `No posts: ${failing.length === 1 ? 'the feed' : `all ${failing.length} feeds`} failed.`
					: `No posts: ${failing.length} of ${input.feeds.length} feeds failed.`,
				...failing.map(feed => `⚠ ${sanitizeLine(feed.title, limits.shownTypeMax)}: ${sanitizeLine(input.errors[feed.source]!.message, limits.shownNameMax)}`),
			]
			: ['No posts yet.'];
		return {reason, hints: [...(input.refreshing ? [] : hint('refresh-all', 'retry')), ...hint('errors', 'every feed\'s last error'), ...addHints]};
	}

	if (input.search.trim()) {
		return {reason: [`Nothing matches "${sanitizeLine(input.search, limits.shownShortMax)}".`], hints: hint('back', 'clear the search')};
	}

	if (input.scope === 'starred') {
		return {reason: ['No starred posts.'], hints: hint('star', 'stars the selected post')};
	}

	if (input.unreadOnly || input.scope === 'unread') {
		return {reason: ['No unread posts here.'], hints: input.scope === 'unread' ? [] : hint('unread-only', 'show read posts too')};
	}

	if (input.scope.startsWith('feed:') && input.errors[input.scope.slice(5)]) {
		const error = input.errors[input.scope.slice(5)]!;
		return {reason: ['No posts from this feed.', `⚠ ${sanitizeLine(error.message, limits.shownNameMax)}`], hints: hint('refresh', 'retry')};
	}

	return {reason: ['No posts here.'], hints: hint('refresh', 'refresh')};
}

/** The pane's lines, wrapped to `width` and at most `height` of them (hints kept before the list of errors is cut). */
export function emptyStateLines(input: EmptyInput, width: number, height: number): string[] {
	const room = Math.max(1, width - 1);
	const {reason, hints} = emptyStateText(input);
	// A line that fits stays as written (the two spaces after a key); a longer one wraps.
	const wrapLines = (lines: string[]) => lines.flatMap(line => (textWidth(line) <= room ? [' ' + line] : wrap(line, room).map(part => ' ' + part)));
	const hintLines = hints.length > 0 ? ['', ...wrapLines(hints)] : [];
	let reasonLines = wrapLines(reason);
	const limit = Math.max(1, height - hintLines.length);
	if (reasonLines.length > limit) {
		const hidden = reasonLines.length - limit + 1;
		reasonLines = [...reasonLines.slice(0, limit - 1), ` … ${hidden} more line${hidden === 1 ? '' : 's'}`];
	}

	return [...reasonLines, ...hintLines].slice(0, Math.max(1, height)).map(line => truncate(line, width));
}
