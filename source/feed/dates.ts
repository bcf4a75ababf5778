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

Also: a comma after the month (`02 Jan, 2024`), AM/PM times, a trailing comment in parentheses (`+0000 (UTC)`),
IANA zone names (`Europe/Berlin`, `Etc/GMT`, through `Intl`, daylight saving included), the US two-letter zones
(`ET`, `CT`, `MT`, `PT`, also through `Intl`), a table of common abbreviations (`HKT`, `SGT`, `ICT`…), and any other
short alphabetic zone name, read as UTC with a warning (`parseDateWithWarning`): a date is never lost for its zone.
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
	['aest', 600], ['aedt', 660], ['acst', 570], ['acdt', 630], ['awst', 480], ['nzst', 720], ['nzdt', 780],
	// Asia, Africa and South America, as regional feeds write them.
	['hkt', 480], ['sgt', 480], ['ict', 420], ['pht', 480], ['myt', 480], ['wib', 420], ['wita', 480], ['wit', 540],
	['pkt', 300], ['npt', 345], ['sast', 120], ['cat', 120], ['eat', 180], ['wat', 60], ['brt', -180], ['art', -180],
	['trt', 180], ['gst', 240], ['aft', 270], ['irst', 210],
]);

/** Zones whose offset depends on the date (daylight saving): resolved through Intl for the wall time given. */
const zoneRegions = new Map<string, string>([
	['et', 'America/New_York'], ['ct', 'America/Chicago'], ['mt', 'America/Denver'], ['pt', 'America/Los_Angeles'],
	['aet', 'Australia/Sydney'],
]);

/** One formatter per IANA zone (undefined for a name Intl does not know). Bounded by the zone database. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat | undefined {
	let formatter = formatters.get(zone);
	if (formatter === undefined) {
		try {
			formatter = new Intl.DateTimeFormat('en-US', {timeZone: zone, timeZoneName: 'longOffset'});
		} catch {
			// Not cached: only real zones are, so a hostile feed cannot grow the map.
			return undefined;
		}

		formatters.set(zone, formatter);
	}

	return formatter;
}

/** Minutes east of UTC in `zone` at the instant `time` (`GMT+05:45` → 345). */
function offsetAt(formatter: Intl.DateTimeFormat, time: number): number {
	const name = formatter.formatToParts(time).find(part => part.type === 'timeZoneName')?.value ?? 'GMT';
	const match = /([+-])(\d{2}):?(\d{2})?/.exec(name);
	return match ? (match[1] === '-' ? -1 : 1) * ((Number(match[2]) * 60) + Number(match[3] ?? '0')) : 0;
}

/** The UTC time of a wall-clock time (given as if it were UTC) in an IANA zone, daylight saving included. */
function fromZone(wall: number, formatter: Intl.DateTimeFormat): number {
	const first = offsetAt(formatter, wall);
	const second = offsetAt(formatter, wall - (first * 60_000));
	return wall - (second * 60_000);
}

function monthFromName(name: string): number | undefined {
	const lower = name.toLowerCase().replace(/\.$/, '');
	return monthNames.get(lower) ?? monthNames.get(lower.slice(0, 4)) ?? monthNames.get(lower.slice(0, 3));
}

/**
Minutes east of UTC (0 for a missing zone), or the Intl formatter of a zone whose offset depends on the date, or
undefined for something that is not a zone. An unknown alphabetic name is UTC, with a line added to `notes`.
*/
function zoneOffset(zone: string | undefined, notes?: string[]): number | Intl.DateTimeFormat | undefined {
	if (zone === undefined || zone === '') {
		return 0;
	}

	const numeric = /^(?:(?:gmt|utc|ut)\s*)?([+-])(\d{1,2}):?(\d{2})?$/i.exec(zone);
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

	const region = zoneRegions.get(zone.toLowerCase()) ?? (zone.includes('/') ? zone : undefined);
	const formatter = region === undefined ? undefined : formatterFor(region);
	if (formatter) {
		return formatter;
	}

	if (/^[a-z]{2,6}$/i.test(zone) || zone.includes('/')) {
		notes?.push(`unknown time zone ${JSON.stringify(zone.slice(0, 40))}; read as UTC`);
		return 0;
	}

	return undefined;
}

/** `am`/`pm` applied to a 12-hour clock hour; undefined when the hour is not 1–12. */
function withMeridiem(hour: number | undefined, meridiem: string | undefined): number | undefined {
	if (hour === undefined || meridiem === undefined) {
		return hour;
	}

	if (hour < 1 || hour > 12) {
		return undefined;
	}

	return (hour % 12) + (meridiem.toLowerCase().startsWith('p') ? 12 : 0);
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

type Offset = number | Intl.DateTimeFormat;

function shift(wall: number, offset: Offset): number {
	return typeof offset === 'number' ? wall - (offset * 60_000) : fromZone(wall, offset);
}

function build(parts: {year: number; month: number; day: number; hour?: number; minute?: number; second?: number; fraction?: string; offset: Offset}): string | null {
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
		return finish(shift(Date.UTC(year, month - 1, day + 1, hour, minute, second, milliseconds), offset));
	}

	return finish(shift(Date.UTC(year, month - 1, day, hour, minute, second, milliseconds), offset));
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

const iso = /^(\d{4})-?(\d{2})-?(\d{2})(?:[t\s]+(\d{2}):?(\d{2})(?::?(\d{2})(?:[.,](\d+))?)?)?\s*(z|[+-]\d{2}(?::?\d{2})?|[a-z]{1,5})?$/i;
const isoMonth = /^(\d{4})-(\d{2})$/;
const slashes = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$/;
// A zone: numeric (`+0100`, `GMT+1`), an IANA name (`Europe/Berlin`, `Etc/GMT+5`) or a short alphabetic name.
const zonePattern = String.raw`(?:GMT|UTC|UT)?\s*[+-]\d{1,2}:?(?:\d{2})?|[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+|[A-Za-z]{1,6}`;
// A trailing comment, as in `+0000 (UTC)`.
const commentPattern = String.raw`(?:\s*\([^()]{0,40}\))?`;
const clockPattern = String.raw`(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*([ap]\.?m\.?)?`;
// [Day,] DD Mon[,] YYYY [HH:MM[:SS] [AM|PM]] [zone] [(comment)]
const rfc822 = new RegExp(String.raw`^(?:[^\d\s,]+\.?,?\s*)?(\d{1,2})[\s-]+([^\d\s,.-]{3,9})\.?,?[\s-]+(\d{2,4})(?:,?[\sT]+${clockPattern})?\s*(?:\(?(${zonePattern})\)?)?${commentPattern}$`, 'i');
// [Day,] Mon DD[,] YYYY [HH:MM[:SS]] [zone]   and   Day Mon DD HH:MM:SS [zone] YYYY (asctime / JS Date)
const monthFirst = new RegExp(String.raw`^(?:[^\d\s,]+\.?,?\s+)?([^\d\s,.-]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap]\.?m\.?)?)?\s*(${zonePattern})?(?:\s*\(.*\))?$`, 'i');
const asctime = /^(?:[^\d\s,]+,?\s+)?([^\d\s,.-]{3,9})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(?:((?:gmt|utc)?[+-]?\d{0,4}|[a-z]{1,5})\s+)?(\d{4})$/i;

/** `iso` and `slashes` share their groups: year, month, day, hour, minute, second, fraction, zone. */
function fromNumericMatch(match: RegExpExecArray, notes: string[] | undefined): string | null {
	const offset = zoneOffset(match[8], notes);
	if (offset === undefined) {
		return null;
	}

	return build({
		year: Number(match[1]), month: Number(match[2]), day: Number(match[3]),
		hour: optionalNumber(match[4]),
		minute: optionalNumber(match[5]),
		second: optionalNumber(match[6]),
		fraction: match[7],
		offset,
	});
}

const optionalNumber = (text: string | undefined): number | undefined => text === undefined ? undefined : Number(text);

/** Groups: day, month name, year, hour, minute, second, fraction, am/pm, zone. */
function fromRfc822(match: RegExpExecArray, notes: string[] | undefined): string | null {
	const month = monthFromName(match[2]!);
	const offset = zoneOffset(match[9]?.replaceAll(' ', ''), notes);
	const hour = withMeridiem(optionalNumber(match[4]), match[8]);
	if (month === undefined || offset === undefined || match[3]!.length === 3 || (match[8] !== undefined && hour === undefined)) {
		return null;
	}

	return build({
		year: expandYear(match[3]!), month, day: Number(match[1]),
		hour,
		minute: optionalNumber(match[5]),
		second: optionalNumber(match[6]),
		fraction: match[7],
		offset,
	});
}

/** Groups: month name, day, year, hour, minute, second, am/pm, zone. */
function fromMonthFirst(match: RegExpExecArray, notes: string[] | undefined): string | null {
	const month = monthFromName(match[1]!);
	const offset = zoneOffset(match[8]?.replaceAll(' ', ''), notes);
	const hour = withMeridiem(optionalNumber(match[4]), match[7]);
	if (month === undefined || offset === undefined || (match[7] !== undefined && hour === undefined)) {
		return null;
	}

	return build({
		year: Number(match[3]), month, day: Number(match[2]),
		hour,
		minute: optionalNumber(match[5]),
		second: optionalNumber(match[6]),
		offset,
	});
}

/** Groups: month name, day, hour, minute, second, zone, year. */
function fromAsctime(match: RegExpExecArray, notes: string[] | undefined): string | null {
	const month = monthFromName(match[1]!);
	const offset = zoneOffset(match[6], notes);
	if (month === undefined || offset === undefined) {
		return null;
	}

	return build({
		year: Number(match[7]), month, day: Number(match[2]),
		hour: Number(match[3]), minute: Number(match[4]),
		second: optionalNumber(match[5]),
		offset,
	});
}

function parse(text: string, notes: string[] | undefined): string | null {
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
		return fromNumericMatch(match, notes);
	}

	match = isoMonth.exec(value);
	if (match) {
		return build({year: Number(match[1]), month: Number(match[2]), day: 1, offset: 0});
	}

	match = slashes.exec(value);
	if (match) {
		return fromNumericMatch(match, notes);
	}

	match = rfc822.exec(value);
	if (match) {
		return fromRfc822(match, notes);
	}

	match = monthFirst.exec(value);
	if (match) {
		return fromMonthFirst(match, notes);
	}

	match = asctime.exec(value);
	return match ? fromAsctime(match, notes) : null;
}

/** Parse a feed date into ISO 8601 UTC (`2020-01-10T14:33:00.000Z`), or null when it is missing or not a date. */
export function parseDate(text: string): string | null {
	return parse(text, undefined);
}

/**
The same as parseDate, plus a one-line warning when the date was kept but read loosely: an unknown zone name,
read as UTC (`unknown time zone "XYZ"; read as UTC`).
*/
export function parseDateWithWarning(text: string): {date: string | null; warning: string | undefined} {
	const notes: string[] = [];
	const date = parse(text, notes);
	return {date, warning: date === null ? undefined : notes[0]};
}
