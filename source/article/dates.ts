/**
The one date format of the reader, `evnews read` and the plain list: `2026-11-26 07:36` in the `timeZone`
preference (`local`: the system's zone, else an IANA name such as `UTC` or `Europe/Paris`). The plain list shows
the date part of the same string.
*/

export type TimeZone = 'local' | (string & {});

/** Per preference: its formatter, and what it has told of each day. */
const zones = new Map<string, Zone>();

/** True for `local` and for every zone name Intl knows (IANA names, `UTC`). */
export function isTimeZone(value: unknown): value is TimeZone {
	if (value === 'local') {
		return true;
	}

	if (typeof value !== 'string' || value.length === 0 || value.length > 64) {
		return false;
	}

	try {
		// eslint-disable-next-line no-new
		new Intl.DateTimeFormat('en', {timeZone: value});
		return true;
	} catch {
		return false;
	}
}

type Zone = {
	format: Intl.DateTimeFormat;
	/** Per UTC day (days since the epoch): the zone's offset from UTC in ms when it holds all day, else undefined. */
	days: Map<number, number | undefined>;
};

const dayMs = 86_400_000;
/** Days remembered per zone before the memo starts again (a few KB; a list of posts spans far fewer). */
const daysKept = 4096;

function zoneFor(timeZone: TimeZone): Zone {
	let zone = zones.get(timeZone);
	if (zone === undefined) {
		const name = timeZone === 'local' || !isTimeZone(timeZone) ? undefined : timeZone;
		const format = new Intl.DateTimeFormat('en-CA', {
			...(name ? {timeZone: name} : {}),
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23',
		});
		zone = {format, days: new Map()};
		zones.set(timeZone, zone);
	}

	return zone;
}

type Fields = {year: number; month: number; day: number; hour: number; minute: number; second: number};

/** The wall-clock fields of `time` in the zone, from Intl (about 6 µs a call). */
function fieldsOf(format: Intl.DateTimeFormat, time: number): Fields {
	const fields: Record<string, number> = {};
	for (const part of format.formatToParts(time)) {
		fields[part.type] = Number(part.value);
	}

	return fields as Fields;
}

/**
The wall-clock fields of `time` in the system's zone, from Date's own local time (the zone Intl uses by default):
making the first Intl.DateTimeFormat loads ICU's date patterns, 20 ms of a plain list of 10,000 posts.
*/
function localFields(time: number): Fields {
	const date = new Date(time);
	return {year: date.getFullYear(), month: date.getMonth() + 1, day: date.getDate(), hour: date.getHours(), minute: date.getMinutes(), second: date.getSeconds()};
}

/** The zone's offset from UTC at `time`, in ms, or undefined outside the years 1000–9999. */
function offsetAt(format: Intl.DateTimeFormat, time: number): number | undefined {
	const {year, month, day, hour, minute, second} = fieldsOf(format, time);
	if (!(year >= 1000 && year <= 9999)) {
		return undefined;
	}

	return Date.UTC(year, month - 1, day, hour, minute, second) - (Math.floor(time / 1000) * 1000);
}

/**
The offset for the UTC day of `time`, when the zone keeps one offset all that day (the same at its first and last
second); undefined on a day with a change of offset, where each time is asked of Intl.
*/
function dayOffset(zone: Zone, time: number): number | undefined {
	const day = Math.floor(time / dayMs);
	if (zone.days.has(day)) {
		return zone.days.get(day);
	}

	const first = offsetAt(zone.format, day * dayMs);
	const last = offsetAt(zone.format, (day * dayMs) + dayMs - 1000);
	const offset = first === last ? first : undefined;
	if (zone.days.size >= daysKept) {
		zone.days.clear();
	}

	zone.days.set(day, offset);
	return offset;
}

const two = (value: number) => String(value).padStart(2, '0');

/** `2026-11-26 07:36` in `timeZone`, or '' for a missing or invalid date. */
export function formatDate(iso: string | null | undefined, timeZone: TimeZone = 'local'): string {
	if (!iso) {
		return '';
	}

	const time = Date.parse(iso);
	if (Number.isNaN(time)) {
		return '';
	}

	// Intl's formatToParts for each date cost 70 ms of a 10,000-post list; the offset it implies is the same for a
	// whole day, almost always, so the fields come from the shifted time instead.
	const zone = timeZone === 'local' ? undefined : zoneFor(timeZone);
	const offset = zone && dayOffset(zone, time);
	let fields: Fields;
	if (zone === undefined) {
		fields = localFields(time);
	} else if (offset === undefined) {
		fields = fieldsOf(zone.format, time);
	} else {
		const local = new Date(time + offset);
		fields = {year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate(), hour: local.getUTCHours(), minute: local.getUTCMinutes(), second: 0};
	}

	return `${fields.year}-${two(fields.month)}-${two(fields.day)} ${two(fields.hour)}:${two(fields.minute)}`;
}

/** The date part of `formatDate` (`2026-11-26`), or ''. */
export function formatDay(iso: string | null | undefined, timeZone: TimeZone = 'local'): string {
	return formatDate(iso, timeZone).slice(0, 10);
}
