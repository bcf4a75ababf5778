import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {relativeTime} from './relative-time.js';
import {feedOnlyReason} from './site-state.js';
import {categoriesOf, type ReaderState, viewOf} from './state.js';
import {textWidth, truncate} from './text.js';

export type Segment = {text: string; kind: 'normal' | 'accent' | 'error' | 'dim'};

const promptVerbs = {'add-feed': 'adds', rename: 'saves', 'site-search': 'searches'} as const;

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** The status bar as segments whose total width never exceeds `width`. Pure. */
export function statusSegments(state: ReaderState, width: number): Segment[] {
	const left: Segment[] = [];
	if (state.menu?.stage === 'confirm-remove') {
		left.push({text: `Remove ${sanitizeLine(state.menu.title, limits.shownShortMax)}? Its read and starred marks are kept. (y/n)`, kind: 'accent'});
	} else if (state.menu) {
		left.push({text: '↑/↓ and Enter choose; Esc closes', kind: 'accent'});
	} else if (state.prompt) {
		const typed = sanitizeLine(state.prompt.text, limits.urlMax);
		// The end of a long URL is what was just typed: show that.
		const shown = [...typed].length > 60 ? '…' + [...typed].slice(-59).join('') : typed;
		left.push({text: `${state.prompt.label}${shown}▏ (Enter ${promptVerbs[state.prompt.kind]}, Esc cancels)`, kind: 'accent'});
	} else if (state.confirm) {
		left.push({text: sanitizeLine(state.confirm.prompt, limits.shownMessageMax), kind: 'accent'});
	} else if (state.searching) {
		left.push({text: `/${sanitizeLine(state.search, limits.shownNameMax)}▏ (Enter keeps, Esc clears)`, kind: 'accent'});
	} else if (state.message) {
		left.push({text: sanitizeLine(state.message, limits.statusMessageMax), kind: 'accent'});
	} else {
		if (state.refreshing) {
			const done = state.refreshing.filter(feed => feed.status !== 'waiting').length;
			const waiting = state.refreshing.find(feed => feed.status === 'waiting');
			const frame = spinnerFrames[state.spinner % spinnerFrames.length]!;
			left.push({
				text: `${frame} refreshing ${done}/${state.refreshing.length}${waiting ? ' ' + sanitizeLine(waiting.title, limits.shownTokenMax) : ''}`,
				kind: 'accent',
			});
		} else if (state.lastUpdated === undefined) {
			left.push({text: 'not updated yet', kind: 'dim'});
		} else {
			left.push({text: `updated ${relativeTime(new Date(state.lastUpdated).toISOString(), state.now)}`, kind: 'dim'});
		}

		const errors = Object.values(state.errors);
		if (errors.length > 0) {
			const first = errors[0]!;
			const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
			left.push({text: ` ⚠ ${sanitizeLine(first.title, limits.shownTokenMax)}: ${sanitizeLine(first.message, limits.shownMessageMax)}${more}`, kind: 'error'});
		}

		if (state.search) {
			left.push({text: ` /${sanitizeLine(state.search, limits.shownShortMax)}`, kind: 'accent'});
		}

		// A WordPress feed in feed-only mode (issue 11 §7): why, in one line.
		const feedOnly = feedOnlyReason(state);
		if (feedOnly !== undefined) {
			left.push({text: ` · feed-only: ${sanitizeLine(feedOnly, limits.shownMessageMax)}`, kind: 'dim'});
		}
	}

	// The All row's count: the tree pane's (tree.ts), the one place posts are counted.
	const unread = categoriesOf(state)[0]?.unread ?? 0;
	const shown = viewOf(state).list.length;
	// The longest right-hand side that fits in half the bar; the key hint goes last.
	const candidates = [
		`${state.unreadOnly ? 'unread only · ' : ''}${shown} shown · ${unread} unread · ? help · q quit`,
		`${shown} shown · ${unread} unread · ? help`,
		`${unread} unread · ? help`,
		'? help',
	];
	const right = candidates.find(candidate => textWidth(candidate) + 2 <= Math.floor(width / 2)) ?? '';
	return fitSegments(left, right, width);
}

function fitSegments(left: Segment[], right: string, width: number): Segment[] {
	const rightText = truncate(right, width);
	const leftWidth = Math.max(0, width - textWidth(rightText) - 1);
	const result: Segment[] = [];
	let used = 0;
	for (const segment of left) {
		const room = leftWidth - used;
		if (room <= 0) {
			break;
		}

		const text = truncate(segment.text, room);
		used += textWidth(text);
		result.push({text, kind: segment.kind});
	}

	const gap = Math.max(1, width - used - textWidth(rightText));
	if (used + gap + textWidth(rightText) <= width) {
		result.push({text: ' '.repeat(gap), kind: 'normal'}, {text: rightText, kind: 'dim'});
	}

	return result;
}
