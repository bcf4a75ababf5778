import {sanitizeLine} from '../feed/sanitize.js';
import type {Post} from '../feed/types.js';
import {limits} from '../feed/limits.js';
import {UsageError} from './context.js';

/**
`--since` / `--until`: an ISO date or date-time (`2026-11-25`, `2026-11-25T10:00Z`), or a duration back from
now (`30m`, `2h`, `3d`, `1w`). A post is dated by `published`, else `updated`; an undated post never matches a range.
Applied after collecting, in posts-json.ts and plain-list.ts (to move into the query module later).
*/

export type TimeRange = {since?: Date; until?: Date};

const units: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000};

export function parseTime(flag: string, raw: string, now = Date.now()): Date {
	const text = raw.trim();
	const duration = /^(\d{1,6})([mhdw])$/i.exec(text);
	if (duration) {
		return new Date(now - (Number(duration[1]) * units[duration[2]!.toLowerCase()]!));
	}

	if (/^\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(z|[+-]\d{2}:?\d{2})?)?$/i.test(text)) {
		// A date alone, or a time without a zone, is UTC (like the JSON output).
		const iso = text.replace(' ', 'T');
		const withZone = iso.length === 10 ? iso + 'T00:00:00Z' : (/(z|[+-]\d{2}:?\d{2})$/i.test(iso) ? iso : iso + 'Z');
		const time = Date.parse(withZone);
		if (!Number.isNaN(time)) {
			return new Date(time);
		}
	}

	throw new UsageError(`--${flag} takes a date or a duration, not "${sanitizeLine(raw, limits.shownArgumentMax)}"`, `e.g. --${flag} 2026-11-25, --${flag} 2026-11-25T10:00Z or --${flag} 3d (m, h, d, w)`);
}

export function parseTimeRange(flags: {since?: string | undefined; until?: string | undefined}, now = Date.now()): TimeRange {
	const range: TimeRange = {};
	if (flags.since !== undefined) {
		range.since = parseTime('since', flags.since, now);
	}

	if (flags.until !== undefined) {
		range.until = parseTime('until', flags.until, now);
	}

	return range;
}

export function inTimeRange(post: Pick<Post, 'published' | 'updated'>, range: TimeRange): boolean {
	if (!range.since && !range.until) {
		return true;
	}

	const time = Date.parse(post.published ?? post.updated ?? '');
	if (Number.isNaN(time)) {
		return false;
	}

	return (!range.since || time >= range.since.getTime()) && (!range.until || time <= range.until.getTime());
}

