// `local` dates come from Date's own local time, not Intl (source/article/dates.ts): in a process whose TZ is each
// of these zones, they must print what Intl prints in its default zone.
import {execFile} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'dates', 'local-dates.ts');
// Half-hour DST (Lord_Howe), negative DST (Dublin), a skipped day (Apia), Ramadan changes (Casablanca), local mean
// time with seconds (London before 1847, Amsterdam before 1937), a 45-minute offset (Kathmandu, Chatham).
const zones = ['America/New_York', 'Australia/Lord_Howe', 'Europe/Dublin', 'Pacific/Apia', 'Africa/Casablanca', 'Europe/London', 'Europe/Amsterdam', 'Asia/Kathmandu', 'Pacific/Chatham'];

type Result = {zone: string; checked: number; moved: number; mismatches: string[]};

async function runIn(zone: string): Promise<Result> {
	const {stdout} = await promisify(execFile)(process.execPath, ['--import=tsx', fixture], {env: {...process.env, TZ: zone}});
	return JSON.parse(stdout) as Result;
}

test('in each zone as TZ, local dates print what Intl prints: DST, skipped days, offsets with seconds, years 1000–9999', async t => {
	const results = await Promise.all(zones.map(async zone => runIn(zone)));
	for (const [n, result] of results.entries()) {
		t.is(result.zone, new Intl.DateTimeFormat('en', {timeZone: zones[n]}).resolvedOptions().timeZone, 'the zone was applied');
		t.deepEqual(result.mismatches, [], zones[n]);
		// The control: the dates really moved from UTC, so a local time that ignored the zone would fail.
		t.true(result.moved > result.checked / 2, `${zones[n]}: ${result.moved} of ${result.checked} moved`);
	}
});
