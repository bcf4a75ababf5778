import {sanitizeLine} from '../feed/sanitize.js';
import {fullDate} from './relative-time.js';
import {truncate, wrap} from './text.js';
import type {ReaderPost} from './types.js';

/** The host of a link, as the URL parser gives it (punycode for non-ASCII hosts); '' when not http(s). */
export function linkHost(link: string | null): string {
	if (!link) {
		return '';
	}

	try {
		const url = new URL(link);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : '';
	} catch {
		return '';
	}
}

const cache = new WeakMap<ReaderPost, {width: number; lines: string[]}>();

/** The article header: title (wrapped), author · date, categories, the link's host, then a rule. Plain text. */
export function articleHeader(post: ReaderPost, width: number): string[] {
	const cached = cache.get(post);
	if (cached?.width === width) {
		return cached.lines;
	}

	const lines = wrap(sanitizeLine(post.title, 500) || '(untitled)', width, 3);
	const meta = [
		sanitizeLine(post.author ?? '', 200),
		fullDate(post.published),
		sanitizeLine(post.feed.title, 200),
		post.starred ? '★ starred' : '',
	].filter(Boolean);
	if (meta.length > 0) {
		lines.push(truncate(meta.join(' · '), width));
	}

	if (post.categories.length > 0) {
		lines.push(truncate('# ' + post.categories.map(category => sanitizeLine(category, 100)).join(', '), width));
	}

	const host = linkHost(post.link);
	if (host) {
		lines.push(truncate('⇗ ' + sanitizeLine(host, 300), width));
	}

	lines.push('─'.repeat(Math.min(width, 40)), '');
	cache.set(post, {width, lines});
	return lines;
}
