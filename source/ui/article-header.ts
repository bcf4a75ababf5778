import {renderHeader} from '../article/article-header.js';
import {headerInputOf} from '../article/header-input.js';
import type {TimeZone} from '../article/dates.js';
import type {ReaderPost} from './types.js';

export {linkHost} from '../article/article-header.js';

/** The reader's date zone (the `timeZone` preference), set once by run-reader. */
let readerTimeZone: TimeZone = 'local';

export function setReaderTimeZone(timeZone: TimeZone): void {
	readerTimeZone = timeZone;
}

const cache = new WeakMap<ReaderPost, {width: number; timeZone: TimeZone; lines: string[]}>();

/** The reader's article header: the one header (source/article), plain text, then a rule. (Where full text came
from is the first line of its body, which arrives later.) */
export function articleHeader(post: ReaderPost, width: number): string[] {
	const cached = cache.get(post);
	if (cached?.width === width && cached.timeZone === readerTimeZone) {
		return cached.lines;
	}

	const lines = renderHeader({...headerInputOf(post), starred: post.starred}, {width, color: false, timeZone: readerTimeZone, maxTitleLines: 3});
	lines.push('─'.repeat(Math.min(width, 40)), '');
	cache.set(post, {width, timeZone: readerTimeZone, lines});
	return lines;
}
