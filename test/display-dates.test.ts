// The display date (source/article/dates.ts) takes each day's offset from Intl once and shifts the time; it must
// print what Intl's own fields print, in every zone, on the days the offset changes too.
import test from 'ava';
import fc from 'fast-check';
import {formatDate} from '../source/article/dates.js';

// Half-hour and 45-minute offsets, a half-hour DST (Lord_Howe), negative DST (Dublin), a skipped day (Apia),
// Ramadan changes (Casablanca), old local mean times with seconds (London before 1847, Amsterdam before 1937).
const zones = [
	'local', 'UTC', 'Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham',
	'America/St_Johns', 'Europe/Dublin', 'Pacific/Apia', 'Africa/Casablanca', 'Asia/Tehran', 'America/Sao_Paulo',
	'Europe/London', 'Europe/Amsterdam',
];

const formats = new Map(zones.map(timeZone => [timeZone, new Intl.DateTimeFormat('en-CA', {
	...(timeZone === 'local' ? {} : {timeZone}),
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23',
})]));

/** What Intl prints, field by field: the reference. */
function intlDate(time: number, timeZone: string): string {
	const format = formats.get(timeZone)!;
	const parts = Object.fromEntries(format.formatToParts(time).map(part => [part.type, part.value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

test('every 59 minutes of 2024 and of 2011 (Apia skipped a day), in each zone, as Intl prints it', t => {
	for (const zone of zones) {
		for (const year of [2011, 2024]) {
			const end = Date.UTC(year + 1, 0, 1);
			for (let time = Date.UTC(year, 0, 1); time < end; time += 59 * 60_000) {
				if (formatDate(new Date(time).toISOString(), zone) !== intlDate(time, zone)) {
					t.fail(`${zone} ${new Date(time).toISOString()}: ${formatDate(new Date(time).toISOString(), zone)} != ${intlDate(time, zone)}`);
					return;
				}
			}
		}
	}

	t.pass();
});

test('property: any second from the year 1000 to 9999, in any of the zones, as Intl prints it', t => {
	fc.assert(fc.property(
		fc.integer({min: Date.UTC(1000, 0, 2), max: Date.UTC(9999, 11, 30)}),
		fc.constantFrom(...zones),
		(time, zone) => formatDate(new Date(time).toISOString(), zone) === intlDate(time, zone),
	), {numRuns: 5000});
	t.pass();
});

test('control: one offset for a whole year (taken in January) is wrong in a Paris summer', t => {
	const january = Date.UTC(2024, 0, 15);
	const offset = Date.parse(intlDate(january, 'Europe/Paris').replace(' ', 'T') + ':00Z') - january;
	const july = Date.UTC(2024, 6, 15, 12);
	const shifted = new Date(july + offset).toISOString().slice(0, 16).replace('T', ' ');
	t.not(shifted, intlDate(july, 'Europe/Paris'));
	t.is(formatDate(new Date(july).toISOString(), 'Europe/Paris'), intlDate(july, 'Europe/Paris'));
	t.is(intlDate(july, 'Europe/Paris'), '2024-07-15 14:00');
});
