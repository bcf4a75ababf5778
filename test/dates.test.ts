import test from 'ava';
import fc from 'fast-check';
import {parseDate, parseDateWithWarning} from '../source/feed/dates.js';

const valid: Array<[string, string]> = [
	// RFC 822 / 2822, numeric zones
	['Tue, 24 Nov 2026 22:15:00 +0000', '2026-11-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 -0500', '2026-11-25T03:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 +0530', '2026-11-24T16:45:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 +05:30', '2026-11-24T16:45:00.000Z'],
	['24 Nov 2026 22:15 +0100', '2026-11-24T21:15:00.000Z'],
	['Tue,24 Nov 2026 22:15:00 +0000', '2026-11-24T22:15:00.000Z'],
	['  Tue, 24 Nov 2026\n\t22:15:00 +0000\r\n', '2026-11-24T22:15:00.000Z'],
	['Tuesday, 24-Nov-2026 22:15:00 GMT', '2026-11-24T22:15:00.000Z'],
	// RFC 822 named zones
	['Wed, 02 Oct 2002 13:00:00 GMT', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 13:00:00 UT', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 13:00:00 UTC', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 13:00:00 Z', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 08:00:00 EST', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 09:00:00 EDT', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 07:00:00 CST', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 08:00:00 CDT', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 06:00:00 MST', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 07:00:00 MDT', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 05:00:00 PST', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 06:00:00 PDT', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 15:00:00 CEST', '2002-10-02T13:00:00.000Z'],
	['Wed, 02 Oct 2002 13:00:00 A', '2002-10-02T13:00:00.000Z'],
	// No zone: UTC
	['Wed, 02 Oct 2002 13:00:00', '2002-10-02T13:00:00.000Z'],
	['02 Oct 2002', '2002-10-02T00:00:00.000Z'],
	// Two-digit years (RFC 2822: 00–49 → 20xx, 50–99 → 19xx)
	['Thu, 07 Dec 17 18:00:29 +0000', '2017-12-07T18:00:29.000Z'],
	['Fri, 01 Jan 99 00:00:00 GMT', '1999-01-01T00:00:00.000Z'],
	['Sat, 01 Jan 00 00:00:00 GMT', '2000-01-01T00:00:00.000Z'],
	// Other languages' month names
	['Seg, 24 Set 2018 19:42:40 -0300', '2018-09-24T22:42:40.000Z'],
	['Mo, 01 Okt 2018 10:00:00 +0200', '2018-10-01T08:00:00.000Z'],
	['lun., 03 févr. 2020 10:00:00 +0100', '2020-02-03T09:00:00.000Z'],
	// Long month names
	['Wed, 02 October 2002 13:00:00 GMT', '2002-10-02T13:00:00.000Z'],
	// ISO 8601 / RFC 3339
	['2026-11-24T22:15:00Z', '2026-11-24T22:15:00.000Z'],
	['2026-11-24T22:15:00.123Z', '2026-11-24T22:15:00.123Z'],
	['2026-11-24T22:15:00.123456789+00:00', '2026-11-24T22:15:00.123Z'],
	['2026-11-24T22:15:00+10:00', '2026-11-24T12:15:00.000Z'],
	['2026-11-24T22:15:00-07:00', '2026-11-25T05:15:00.000Z'],
	['2026-11-24T22:15:00+0100', '2026-11-24T21:15:00.000Z'],
	['2026-11-24t22:15:00z', '2026-11-24T22:15:00.000Z'],
	['2026-11-24T22:15Z', '2026-11-24T22:15:00.000Z'],
	['2026-11-24 22:15:00', '2026-11-24T22:15:00.000Z'],
	['2026-11-24T22:15:00', '2026-11-24T22:15:00.000Z'],
	['20261124T221500Z', '2026-11-24T22:15:00.000Z'],
	['2026-11-24', '2026-11-24T00:00:00.000Z'],
	['2026-11', '2026-11-01T00:00:00.000Z'],
	['2012-07-25T12:39:39-07:00', '2012-07-25T19:39:39.000Z'],
	['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
	['2026-12-31T24:00:00Z', '2027-01-01T00:00:00.000Z'],
	['1969-07-20T20:17:40Z', '1969-07-20T20:17:40.000Z'],
	['9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000Z'],
	// Slashes (Dvbbs and friends)
	['2020/1/10 14:33:00', '2020-01-10T14:33:00.000Z'],
	['2020/01/10', '2020-01-10T00:00:00.000Z'],
	['2020/1/10 4:03', '2020-01-10T04:03:00.000Z'],
	// Month first
	['Jan 10, 2020', '2020-01-10T00:00:00.000Z'],
	['January 10, 2020 2:33 PM', '2020-01-10T14:33:00.000Z'],
	['Jan 10 2020 14:33:00 GMT+0100', '2020-01-10T13:33:00.000Z'],
	// Asctime
	['Fri Jan 10 14:33:00 2020', '2020-01-10T14:33:00.000Z'],
	// Issue 7 §1.4: a trailing comment in parentheses
	['Tue, 24 Nov 2026 22:15:00 +0000 (UTC)', '2026-11-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 17:15:00 -0500 (EST)', '2026-11-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 GMT (Coordinated Universal Time)', '2026-11-24T22:15:00.000Z'],
	// A comma after the month
	['02 Jan, 2024', '2024-01-02T00:00:00.000Z'],
	['Tue, 02 Jan, 2024 10:00:00 GMT', '2024-01-02T10:00:00.000Z'],
	// AM/PM
	['Tue, 24 Nov 2026 10:15 PM +0000', '2026-11-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 10:15:30 pm GMT', '2026-11-24T22:15:30.000Z'],
	['24 Nov 2026 12:05 AM', '2026-11-24T00:05:00.000Z'],
	['24 Nov 2026 12:30 p.m. UTC', '2026-11-24T12:30:00.000Z'],
	// Regional abbreviations
	['Tue, 24 Nov 2026 22:15:00 HKT', '2026-11-24T14:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 SGT', '2026-11-24T14:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 ICT', '2026-11-24T15:15:00.000Z'],
	// IANA names, daylight saving through Intl
	['Tue, 24 Nov 2026 22:15:00 Etc/GMT', '2026-11-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 Europe/Berlin', '2026-11-24T21:15:00.000Z'],
	['Fri, 24 Jul 2026 22:15:00 Europe/Berlin', '2026-07-24T20:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 Asia/Kathmandu', '2026-11-24T16:30:00.000Z'],
	// US two-letter zones, standard or daylight by the date
	['Tue, 24 Nov 2026 17:15:00 ET', '2026-11-24T22:15:00.000Z'],
	['Fri, 24 Jul 2026 18:15:00 ET', '2026-07-24T22:15:00.000Z'],
	['Fri, 24 Jul 2026 17:15:00 CT', '2026-07-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 15:15:00 MT', '2026-11-24T22:15:00.000Z'],
	['Fri, 24 Jul 2026 15:15:00 PT', '2026-07-24T22:15:00.000Z'],
	['Nov 24, 2026 5:15 PM ET', '2026-11-24T22:15:00.000Z'],
	// Unknown zone names: kept, as UTC
	['Tue, 24 Nov 2026 22:15:00 XYZ', '2026-11-24T22:15:00.000Z'],
	['Tue, 24 Nov 2026 22:15:00 Mars/Olympus_Mons', '2026-11-24T22:15:00.000Z'],
];

for (const [input, expected] of valid) {
	test(`parseDate(${JSON.stringify(input)})`, t => {
		t.is(parseDate(input), expected);
	});
}

const invalid = [
	'',
	'   ',
	'not a date',
	'yesterday',
	'now',
	'0',
	'12345',
	'2026-13-01',
	'2026-02-30',
	'2023-02-29T00:00:00Z',
	'2026-11-24T25:00:00Z',
	'2026-11-24T22:61:00Z',
	'2026-11-24T22:15:00+99:00',
	'Tue, 32 Nov 2026 22:15:00 +0000',
	'Tue, 24 Foo 2026 22:15:00 +0000',
	'Tue, 24 Nov 2026 22:15:00 +0000 trailing junk',
	'Tue, 24 Nov 2026 22:15:00 NOTAZONE',
	'Tue, 24 Nov 2026 13:15 PM +0000',
	'Tue, 24 Nov 2026 00:15 AM +0000',
	'Tue, 24 Nov 2026 22:15:00 +0000 (UTC) junk',
	'0000-01-01',
	'99999-01-01',
	'2026/13/40',
	'NaN',
	'Infinity',
];

for (const input of invalid) {
	test(`parseDate(${JSON.stringify(input)}) is null`, t => {
		t.is(parseDate(input), null);
	});
}

test('property: parseDate returns null or a valid ISO 8601 UTC string, never NaN, never throws', t => {
	const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
	fc.assert(fc.property(fc.oneof(fc.string({maxLength: 60}), fc.date({noInvalidDate: true, min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z')}).map(date => date.toUTCString())), text => {
		const result = parseDate(text);
		return result === null || (isoUtc.test(result) && !Number.isNaN(Date.parse(result)));
	}), {numRuns: 1000});
	t.pass();
});

test('property: RFC 822 and ISO 8601 round-trip', t => {
	fc.assert(fc.property(fc.date({noInvalidDate: true, min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z')}), date => {
		const seconds = new Date(Math.floor(date.getTime() / 1000) * 1000);
		return parseDate(seconds.toUTCString()) === seconds.toISOString() && parseDate(date.toISOString()) === date.toISOString();
	}), {numRuns: 500});
	t.pass();
});

test('the result does not depend on the local time zone (no local-time parsing)', t => {
	// Everything above is computed with Date.UTC; this pins one case that a local-time parser would shift.
	t.is(parseDate('2026-06-01 12:00'), '2026-06-01T12:00:00.000Z');
});

test('parseDateWithWarning: an unknown zone is read as UTC with one warning; a known one has none', t => {
	t.deepEqual(parseDateWithWarning('Tue, 24 Nov 2026 22:15:00 XYZ'), {date: '2026-11-24T22:15:00.000Z', warning: 'unknown time zone "XYZ"; read as UTC'});
	t.deepEqual(parseDateWithWarning('Tue, 24 Nov 2026 22:15:00 Mars/Olympus_Mons'), {date: '2026-11-24T22:15:00.000Z', warning: 'unknown time zone "Mars/Olympus_Mons"; read as UTC'});
	// Controls: known zones, and a date that does not parse, give no warning.
	t.deepEqual(parseDateWithWarning('Tue, 24 Nov 2026 22:15:00 HKT'), {date: '2026-11-24T14:15:00.000Z', warning: undefined});
	t.deepEqual(parseDateWithWarning('Tue, 24 Nov 2026 22:15:00 Europe/Berlin'), {date: '2026-11-24T21:15:00.000Z', warning: undefined});
	t.deepEqual(parseDateWithWarning('Tue, 32 Nov 2026 22:15:00 XYZ'), {date: null, warning: undefined});
});
