/**
Feed dates → ISO 8601 UTC, or null. Never NaN, never "now", never the local time zone.

Accepted forms:
- RFC 822 / RFC 2822 (`Wed, 02 Oct 2002 13:00:00 GMT`): optional day name, optional seconds, 2- or 4-digit years,
  numeric zones (`+0000`, `-05:00`) and named ones (`GMT`, `UT`, `Z`, `EST`, `PDT`, `CET`…); English month names
  and common abbreviations in a few other languages (`Set`, `Okt`, `Dez`, `févr`…).
- ISO 8601 / RFC 3339 (`2020-01-10T14:33:00Z`, `+01:00`, fractions, a space instead of `T`, basic `20200110T143300Z`),
  with or without a zone (no zone = UTC), and date-only (`2019-08-27`).
- `2020/1/10 14:33:00` (year/month/day with slashes).
- `Jan 10, 2020 [14:33[:00]] [zone]`.
*/

import {foldWhitespace} from './html-text.js';

const monthNames = new Map<string, number>([
	['jan', 1], ['feb', 2], ['mar', 3], ['apr', 4], ['may', 5], ['jun', 6],
	['jul', 7], ['aug', 8], ['sep', 9], ['oct', 10], ['nov', 11], ['dec', 12],
	// Portuguese, Spanish, Italian, German, French, Dutch abbreviations that differ from English.
	['fev', 2], ['abr', 4], ['mai', 5], ['ago', 8], ['set', 9], ['out', 10], ['dez', 12],
	['ene', 1], ['dic', 12], ['gen', 1], ['mag', 5], ['giu', 6], ['lug', 7], ['ott', 10],
	['mär', 3], ['mrz', 3], ['okt', 10], ['fév', 2], ['avr', 4], ['aoû', 8], ['déc', 12],
	['janv', 1], ['févr', 2], ['mars', 3], ['juin', 6], ['juil', 7], ['août', 8], ['sept', 9], ['mei', 5], ['maa', 3],
]);

/** Offsets in minutes east of UTC. */
const zoneNames = new Map<string, number>([
	['z', 0], ['ut', 0], ['utc', 0], ['gmt', 0], ['wet', 0],
	['est', -300], ['edt', -240], ['cst', -360], ['cdt', -300],
	['mst', -420], ['mdt', -360], ['pst', -480], ['pdt', -420],
	['akst', -540], ['akdt', -480], ['hst', -600],
	['ast', -240], ['adt', -180], ['nst', -210], ['ndt', -150],
	['bst', 60], ['ist', 60], ['west', 60], ['cet', 60], ['met', 60], ['cest', 120], ['mest', 120],
	['eet', 120], ['eest', 180], ['msk', 180], ['jst', 540], ['kst', 540],
	['aest', 600], ['aedt', 660], ['acst', 570], ['awst', 480], ['nzst', 720], ['nzdt', 780],
]);

function monthFromName(name: string): number | undefined {
	const lower = name.toLowerCase().replace(/\.$/, '');
	return monthNames.get(lower) ?? monthNames.get(lower.slice(0, 4)) ?? monthNames.get(lower.slice(0, 3));
}

/** Minutes east of UTC, 0 for a missing zone, undefined for something that is not a zone. */
function zoneOffset(zone: string | undefined): number | undefined {
	if (zone === undefined || zone === '') {
		return 0;
	}

	const numeric = /^(?:(?:GMT|UTC|UT)\s*)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
	if (numeric) {
		const hours = Number(numeric[2]);
		const minutes = Number(numeric[3] ?? '0');
		if (hours > 14 || minutes > 59) {
			return undefined;
		}

		return (numeric[1] === '-' ? -1 : 1) * ((hours * 60) + minutes);
	}

	const named = zoneNames.get(zone.toLowerCase());
	if (named !== undefined) {
		return named;
	}

	// Military single letters (RFC 822 got their signs backwards, so RFC 2822 says to treat them as UTC).
	if (/^[a-z]$/i.test(zone)) {
		return 0;
	}

	return undefined;
}

function expandYear(text: string): number {
	const year = Number(text);
	if (text.length === 2) {
		return year < 50 ? 2000 + year : 1900 + year;
	}

	if (text.length === 3) {
		return 1900 + year;
	}

	return year;
}

const daysInMonths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function build(parts: {year: number; month: number; day: number; hour?: number; minute?: number; second?: number; fraction?: string; offset: number}): string | null {
	const {year, month, day, offset} = parts;
	let hour = parts.hour ?? 0;
	const minute = parts.minute ?? 0;
	let second = parts.second ?? 0;
	if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
		return null;
	}

	if (hour > 24 || minute > 59 || second > 60 || (hour === 24 && (minute > 0 || second > 0))) {
		return null;
	}

	if (second === 60) {
		second = 59;
	}

	// Reject days that do not exist in the month (31 April, 30 February…).
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	const maxDay = month === 2 ? (leap ? 29 : 28) : daysInMonths[month - 1]!;
	if (day > maxDay) {
		return null;
	}

	let milliseconds = 0;
	if (parts.fraction) {
		milliseconds = Math.floor(Number(`0.${parts.fraction.slice(0, 9)}`) * 1000);
	}

	if (hour === 24) {
		hour = 0;
		const time = Date.UTC(year, month - 1, day + 1, hour, minute, second, milliseconds) - (offset * 60_000);
		return finish(time);
	}

	const time = Date.UTC(year, month - 1, day, hour, minute, second, milliseconds) - (offset * 60_000);
	return finish(time);
}

function finish(time: number): string | null {
	if (!Number.isFinite(time)) {
		return null;
	}

	const date = new Date(time);
	const year = date.getUTCFullYear();
	if (Number.isNaN(date.getTime()) || year < 1000 || year > 9999) {
		return null;
	}

	return date.toISOString();
}

const iso = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?$/i;
const isoMonth = /^(\d{4})-(\d{2})$/;
const slashes = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/;
// [Day,] DD Mon YYYY [HH:MM[:SS]] [zone]
const rfc822 = /^(?:[^\d\s,]+\.?,?\s*)?(\d{1,2})[\s-]+([^\d\s,.-]{3,9})\.?[\s-]+(\d{2,4})(?:[\sT]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(?:\(?((?:GMT|UTC|UT)?\s*[+-]\d{1,2}:?(?:\d{2})?|[A-Za-z]{1,5})\)?)?$/i;
// [Day,] Mon DD[,] YYYY [HH:MM[:SS]] [zone]   and   Day Mon DD HH:MM:SS [zone] YYYY (asctime / JS Date)
const monthFirst = /^(?:[^\d\s,]+\.?,?\s+)?([^\d\s,.-]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*((?:GMT|UTC)?\s*[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?(?:\s*\(.*\))?$/i;
const asctime = /^(?:[^\d\s,]+,?\s+)?([^\d\s,.-]{3,9})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:((?:GMT|UTC)?[+-]?\d{0,4}|[A-Za-z]{1,5})\s+)?(\d{4})$/i;

/** `iso` and `slashes` share their groups: year, month, day, hour, minute, second, fraction, zone. */
function fromNumericMatch(match: RegExpExecArray): string | null {
	const offset = zoneOffset(match[8]);
	if (offset === undefined) {
		return null;
	}

	return build({
		year: Number(match[1]), month: Number(match[2]), day: Number(match[3]),
		hour: match[4] === undefined ? undefined : Number(match[4]),
		minute: match[5] === undefined ? undefined : Number(match[5]),
		second: match[6] === undefined ? undefined : Number(match[6]),
		fraction: match[7],
		offset,
	});
}

/** Parse a feed date into ISO 8601 UTC (`2020-01-10T14:33:00.000Z`), or null when it is missing or not a date. */
export function parseDate(text: string): string | null {
	if (typeof text !== 'string') {
		return null;
	}

	// Bounded: dates are short. Fold whitespace (feeds put newlines and tabs inside <pubDate>).
	const value = foldWhitespace(text.slice(0, 128)).trim();
	if (value === '') {
		return null;
	}

	let match = iso.exec(value);
	if (match) {
		return fromNumericMatch(match);
	}

	match = isoMonth.exec(value);
	if (match) {
		return build({year: Number(match[1]), month: Number(match[2]), day: 1, offset: 0});
	}

	match = slashes.exec(value);
	if (match) {
		return fromNumericMatch(match);
	}

	match = rfc822.exec(value);
	if (match) {
		const month = monthFromName(match[2]!);
		const offset = zoneOffset(match[8]?.replaceAll(' ', ''));
		if (month === undefined || offset === undefined || match[3]!.length === 3) {
			return null;
		}

		return build({
			year: expandYear(match[3]!), month, day: Number(match[1]),
			hour: match[4] === undefined ? undefined : Number(match[4]),
			minute: match[5] === undefined ? undefined : Number(match[5]),
			second: match[6] === undefined ? undefined : Number(match[6]),
			fraction: match[7],
			offset,
		});
	}

	match = monthFirst.exec(value);
	if (match) {
		const month = monthFromName(match[1]!);
		const offset = zoneOffset(match[8]?.replaceAll(' ', ''));
		if (month === undefined || offset === undefined) {
			return null;
		}

		let hour = match[4] === undefined ? undefined : Number(match[4]);
		const meridiem = match[7]?.toLowerCase().replaceAll('.', '');
		if (hour !== undefined && meridiem !== undefined) {
			if (hour < 1 || hour > 12) {
				return null;
			}

			hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
		}

		return build({
			year: Number(match[3]), month, day: Number(match[2]),
			hour,
			minute: match[5] === undefined ? undefined : Number(match[5]),
			second: match[6] === undefined ? undefined : Number(match[6]),
			offset,
		});
	}

	match = asctime.exec(value);
	if (match) {
		const month = monthFromName(match[1]!);
		const offset = zoneOffset(match[6]);
		if (month === undefined || offset === undefined) {
			return null;
		}

		return build({
			year: Number(match[7]), month, day: Number(match[2]),
			hour: Number(match[3]), minute: Number(match[4]),
			second: match[5] === undefined ? undefined : Number(match[5]),
			offset,
		});
	}

	return null;
}
