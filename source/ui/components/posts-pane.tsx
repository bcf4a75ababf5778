import {Box} from 'ink';
import {memo, useMemo} from 'react';
import {sanitizeLine} from '../../feed/sanitize.js';
import {relativeTime} from '../relative-time.js';
import {fit, textWidth, truncate} from '../text.js';
import type {Theme} from '../theme.js';
import type {ReaderPost} from '../types.js';
import {styleLine} from '../style.js';
import {limits} from '../../feed/limits.js';
import {PaneTitle} from './pane-title.js';
import {PrecomposedLines} from './precomposed-lines.js';

type Properties = {
	readonly posts: ReaderPost[];
	readonly total: number;
	readonly top: number;
	readonly selectedIndex: number;
	readonly focused: boolean;
	readonly width: number;
	readonly height: number;
	readonly now: number;
	readonly title: string;
	readonly theme: Theme;
	/** What to say when nothing is listed (empty-state.ts), already wrapped to `width`. */
	readonly empty?: readonly string[];
	/** One line per post: title · feed · time. */
	readonly compact?: boolean;
	/** A WordPress list's last row, "older posts…" (site-state.ts), when it has one. */
	readonly older?: {readonly loading: boolean};
};

/** The "older posts…" row's text (its own line, in either density). */
export function olderRowLine(loading: boolean, width: number, selected: boolean): string {
	const text = (selected ? '›' : ' ') + '   ' + (loading ? 'loading older posts from the site…' : 'older posts… (Enter loads them from the site)');
	return selected ? fit(text, width) : truncate(text, width);
}

/** The one line of a compact row: marker, unread dot, star, title, then · feed · time on the right. */
export function compactRowLine(post: ReaderPost, width: number, now: number, selected: boolean): string {
	const marks = (selected ? '›' : ' ') + (post.read ? ' ' : '●') + (post.starred ? '★' : ' ') + ' ';
	const meta = [sanitizeLine(post.feed.title, limits.shownArgumentMax), relativeTime(post.published, now)].filter(Boolean).join(' · ');
	const title = sanitizeLine(post.title, limits.shownLongMax) || '(untitled)';
	const metaRoom = Math.min(textWidth(meta), Math.max(0, Math.floor((width - 4) / 2)));
	const titleRoom = Math.max(1, width - 4 - (metaRoom > 0 ? metaRoom + 3 : 0));
	const line = marks + fit(truncate(title, titleRoom), titleRoom) + (metaRoom > 0 ? ' · ' + truncate(meta, metaRoom) : '');
	return selected ? fit(line, width) : truncate(line, width);
}

/** The two lines of a post row: marker, unread dot, star and title; then author · time · feed. */
export function postRowLines(post: ReaderPost, width: number, now: number, selected: boolean): [string, string] {
	const marks = (selected ? '›' : ' ') + (post.read ? ' ' : '●') + (post.starred ? '★' : ' ') + ' ';
	const title = marks + (sanitizeLine(post.title, limits.shownLongMax) || '(untitled)');
	const meta = [sanitizeLine(post.author ?? '', limits.shownShortMax), relativeTime(post.published, now), sanitizeLine(post.feed.title, limits.shownShortMax)]
		.filter(Boolean)
		.join(' · ');
	// Only the selected row is padded (its highlight spans the pane); the others stay short, which keeps
	// Ink's per-frame width measuring cheap.
	return selected ? [fit(title, width), fit('    ' + meta, width)] : [truncate(title, width), truncate('    ' + meta, width)];
}

type RowProperties = {
	readonly post: ReaderPost;
	readonly width: number;
	readonly now: number;
	readonly selected: boolean;
	readonly focused: boolean;
	readonly theme: Theme;
};

/** The two row lines, styled (as Ink's Text props would: inverse when highlighted, unread bold and coloured, meta dim). */
function styledPostRow(post: ReaderPost, width: number, now: number, selected: boolean, focused: boolean, theme: Theme): [string, string] {
	const [title, meta] = postRowLines(post, width, now, selected);
	const highlight = selected && focused;
	return [
		styleLine(title, {inverse: highlight, bold: !post.read, color: highlight ? undefined : (post.read ? undefined : theme.unread)}),
		styleLine(meta, {inverse: highlight, dim: theme.dim && !highlight}),
	];
}

const PostRow = memo(({post, width, now, selected, focused, theme, compact}: RowProperties & {readonly compact: boolean}) => {
	const lines = useMemo(() => {
		if (!compact) {
			return styledPostRow(post, width, now, selected, focused, theme);
		}

		const highlight = selected && focused;
		return [styleLine(compactRowLine(post, width, now, selected), {inverse: highlight, bold: !post.read, color: highlight ? undefined : (post.read ? undefined : theme.unread)})];
	}, [post, width, now, selected, focused, theme, compact]);
	// Both lines are cut to `width` by postRowLines.
	return <PrecomposedLines fitted lines={lines} width={width}/>;
});

/** Only the visible rows are rendered, whatever the number of posts. */
export const PostsPane = memo(({posts, total, top, selectedIndex, focused, width, height, now, title, theme, empty, compact = false, older}: Properties) => {
	const visible = compact ? Math.max(1, height) : Math.max(1, Math.floor(height / 2));
	const rows = posts.slice(top, top + visible);
	const olderShown = older !== undefined && top + visible > posts.length;
	const olderSelected = selectedIndex === posts.length;
	const olderLine = olderShown ? styleLine(olderRowLine(older.loading, width, olderSelected), {inverse: olderSelected && focused, dim: theme.dim && !(olderSelected && focused)}) : undefined;
	return (
		<Box flexDirection='column' width={width} height={height + 1} overflowY='hidden'>
			<PaneTitle text={title} width={width} focused={focused} theme={theme}/>
			{total === 0 && olderLine === undefined
				? (
					<PrecomposedLines lines={empty ?? [' No posts here.']} width={width}/>
				)
				: (
					rows.map((post, offset) => (
						<PostRow
							key={post.id}
							post={post}
							width={width}
							now={now}
							selected={top + offset === selectedIndex}
							focused={focused}
							theme={theme}
							compact={compact}
						/>
					))
				)}
			{olderLine === undefined ? null : <PrecomposedLines fitted lines={[olderLine]} width={width}/>}
		</Box>
	);
});
