/**
The one date format of the reader, `evnews read` and the plain list: `2026-11-26 07:36` in the `timeZone`
preference (`local`: the system's zone, else an IANA name such as `UTC` or `Europe/Paris`). The plain list shows
the date part of the same string.
*/

export type TimeZone = 'local' | (string & {});

const formats = new Map<string, Intl.DateTimeFormat>();

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

function formatFor(timeZone: TimeZone): Intl.DateTimeFormat {
	const zone = timeZone === 'local' || !isTimeZone(timeZone) ? undefined : timeZone;
	const key = zone ?? '';
	let format = formats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat('en-CA', {
			...(zone ? {timeZone: zone} : {}),
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23',
		});
		formats.set(key, format);
	}

	return format;
}

/** `2026-11-26 07:36` in `timeZone`, or '' for a missing or invalid date. */
export function formatDate(iso: string | null | undefined, timeZone: TimeZone = 'local'): string {
	if (!iso) {
		return '';
	}

	const time = Date.parse(iso);
	if (Number.isNaN(time)) {
		return '';
	}

	const parts: Record<string, string> = {};
	for (const part of formatFor(timeZone).formatToParts(time)) {
		parts[part.type] = part.value;
	}

	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** The date part of `formatDate` (`2026-11-26`), or ''. */
export function formatDay(iso: string | null | undefined, timeZone: TimeZone = 'local'): string {
	return formatDate(iso, timeZone).slice(0, 10);
}
