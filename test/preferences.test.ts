import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import test from 'ava';
import Conf from 'conf';
import fc from 'fast-check';
import {confOptions, readPreferences, updatePreferences, defaultFeed} from '../source/store/preferences.js';
import {defaultPreferences, repairPreferences, validatePreferences, type Preferences} from '../source/store/preferences-schema.js';
import {getPaths} from '../source/store/paths.js';
import {makeTempEnv, writesAreRefused} from './helpers/temp-env.js';

/**
Whether conf's schema check (ajv, the write path) accepts this file content as it stands: conf without the repairing
`deserialize` evnews gives it, so it compares the two validators. conf never rewrites an invalid file here.
*/
function confAccepts(directory: string, value: unknown): boolean {
	fs.mkdirSync(directory, {recursive: true});
	fs.writeFileSync(path.join(directory, 'config.json'), JSON.stringify(value));
	try {
		// eslint-disable-next-line no-new
		new Conf({...confOptions(directory), deserialize: JSON.parse});
		return true;
	} catch {
		return false;
	}
}

/** What a config file holding `value` reads back as (undefined values drop out; structuredClone would keep them). */
function asFileHolds(value: unknown): unknown {
	const text = JSON.stringify(value);
	return JSON.parse(text) as unknown;
}

function corruptFiles(directory: string): string[] {
	return fs.readdirSync(directory).filter(name => name.startsWith('config.json.corrupt-'));
}

test('no file: defaults, the default feed, no warning, no file written', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const read = readPreferences(temporary.env);
	t.deepEqual(read.warnings, []);
	t.false(read.exists);
	t.deepEqual(read.preferences.feeds, [defaultFeed]);
	t.is(read.preferences.feeds[0]!.url, 'https://thedriven.io/feed/');
	t.like(read.preferences, {unreadOnly: false, sort: 'newest', refreshMinutes: 15, theme: 'auto', articleWidth: 80});
	t.false(fs.existsSync(getPaths(temporary.env).configFile));
});

test('conf and the fast reader agree on defaults', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const directory = getPaths(temporary.env).config;
	fs.mkdirSync(directory, {recursive: true});
	const conf = new Conf(confOptions(directory));
	t.deepEqual(conf.store, defaultPreferences() as unknown as Record<string, unknown>);
	// The file conf wrote (in $XDG_CONFIG_HOME/evnews, no -nodejs suffix) reads back identically.
	t.is(conf.path, path.join(temporary.dir, 'config', 'evnews', 'config.json'));
	t.deepEqual(readPreferences(temporary.env).preferences, defaultPreferences());
});

const invalidDocuments: Array<[string, unknown]> = [
	['an array', []],
	['a string', 'feeds'],
	['an unknown key', {colour: 'red'}],
	['feeds not an array', {feeds: {url: 'https://a.example/'}}],
	['a feed without url', {feeds: [{title: 'x'}]}],
	['a feed url not a string', {feeds: [{url: 42}]}],
	['an unknown feed key', {feeds: [{url: 'https://a.example/', filtercmd: 'rm -rf ~'}]}],
	['refreshMinutes 0', {refreshMinutes: 0}],
	['refreshMinutes a string', {refreshMinutes: '15'}],
	['a theme not in the list', {theme: 'blue'}],
	['sort not in the list', {sort: 'random'}],
	['unreadOnly a string', {unreadOnly: 'yes'}],
	['a key bound to a number', {keys: {quit: 5}}],
	['a key bound to an empty list item', {keys: {quit: ['']}}],
	['too many feeds', {feeds: Array.from({length: 5001}, (_, index) => ({url: `https://a.example/${index}`}))}],
];

test('conf and the fast reader reject the same invalid files', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	for (const [name, value] of invalidDocuments) {
		t.not(validatePreferences(value), undefined, `fast reader accepts ${name}`);
		t.false(confAccepts(path.join(temporary.dir, 'conf', name.replaceAll(' ', '-')), value), `conf accepts ${name}`);
	}

	const valid: Preferences = {
		...defaultPreferences(),
		feeds: [{url: 'https://a.example/feed.xml#item.1', title: 'A', refreshMinutes: 30, folder: 'EV/News'}, {url: 'https://b.example/__proto__'}],
		keys: {quit: 'q', down: ['j', 'down']},
	};
	t.is(validatePreferences(valid), undefined);
	t.true(confAccepts(path.join(temporary.dir, 'conf', 'valid'), valid));
});

test('property: conf and the fast reader agree on generated documents', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const value = fc.oneof(fc.constant(undefined), fc.boolean(), fc.integer({min: -2, max: 2000}), fc.double({noNaN: true}), fc.string({maxLength: 8}), fc.constantFrom('newest', 'oldest', 'dark', 'light', 'none', 'auto'));
	const feed = fc.record({
		url: fc.oneof(fc.constant('https://a.example/'), fc.string({maxLength: 4}), fc.integer()),
		title: fc.oneof(fc.string({maxLength: 6}), fc.integer()),
		refreshMinutes: fc.oneof(fc.integer({min: -1, max: 3}), fc.string({maxLength: 2})),
		folder: fc.string({maxLength: 6}),
		extra: fc.boolean(),
	}, {requiredKeys: []});
	const document = fc.record({
		feeds: fc.oneof(fc.array(feed, {maxLength: 3}), value),
		unreadOnly: value,
		sort: value,
		refreshMinutes: value,
		theme: value,
		articleWidth: value,
		keys: fc.oneof(fc.dictionary(fc.constantFrom('quit', 'down', 'up'), fc.oneof(fc.string({maxLength: 3}), fc.array(fc.string({maxLength: 3}), {maxLength: 2}), fc.integer())), value),
		other: value,
	// What a config file can hold: a JSON round trip (conf reads the file we write, the fast reader parses it too), so
	// a key whose value is undefined is absent for both, as in any file (the fast-check record can make one).
	}, {requiredKeys: []}).map(object => asFileHolds(object));
	let run = 0;
	fc.assert(fc.property(document, object => {
		const fast = validatePreferences(object) === undefined;
		const slow = confAccepts(path.join(temporary.dir, 'prop', String(run++)), object);
		// What the repair keeps is always valid, for both validators.
		const repaired = repairPreferences(object);
		const repairedOk = 'problem' in repaired
			|| (validatePreferences(repaired.value) === undefined && confAccepts(path.join(temporary.dir, 'prop', String(run++)), repaired.value));
		// Control: a valid document needs no repair.
		const untouched = !fast || ('value' in repaired && repaired.warnings.length === 0);
		return fast === slow && repairedOk && untouched;
	}), {numRuns: 150});
	t.pass();
});

for (const [name, content] of [
	['truncated', '{"feeds": [{"url": "https://a.example/feed"}], "theme": "da'],
	['garbage', '\u0000\u00FF not json at all \u001B[2J'],
	['empty', ''],
	['feeds-not-a-list', '{"theme": "dark", "feeds": {"url": "https://a.example/feed"}}'],
	['array', '[{"url": "https://a.example/feed"}]'],
] as const) {
	test(`a ${name} config file is moved aside with one warning, and evnews runs on defaults`, async t => {
		const temporary = makeTempEnv();
		t.teardown(temporary.cleanup);
		const {config, configFile} = getPaths(temporary.env);
		fs.mkdirSync(config, {recursive: true});
		fs.writeFileSync(configFile, content);
		const read = readPreferences(temporary.env);
		t.is(read.warnings.length, 1);
		t.regex(read.warnings[0]!, /was unusable .*moved it to config\.json\.corrupt-/);
		t.notRegex(read.warnings[0]!, /\n/);
		t.deepEqual(read.preferences, defaultPreferences());
		const moved = corruptFiles(config);
		t.is(moved.length, 1);
		// Nothing lost: the bad file is kept byte for byte, never overwritten.
		t.is(fs.readFileSync(path.join(config, moved[0]!), 'utf8'), content);
		t.false(fs.existsSync(configFile));
		// The next write starts from defaults and leaves the moved file alone.
		await updatePreferences(preferences => {
			preferences.theme = 'dark';
		}, temporary.env);
		t.is(readPreferences(temporary.env).preferences.theme, 'dark');
		t.is(corruptFiles(config).length, 1);
	});
}

const threeFeeds = [
	{url: 'https://one.example/feed', title: 'One'},
	{url: 'https://two.example/feed', folder: 'EV'},
	{url: 'https://three.example/feed'},
];

test('one bad key resets only that key, with one warning line, and keeps the feeds', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {config, configFile} = getPaths(temporary.env);
	fs.mkdirSync(config, {recursive: true});
	const content = JSON.stringify({feeds: threeFeeds, refreshMinutes: '15', theme: 'dark'});
	fs.writeFileSync(configFile, content);
	const read = readPreferences(temporary.env);
	t.deepEqual(read.preferences.feeds, threeFeeds);
	t.is(read.preferences.theme, 'dark');
	t.is(read.preferences.refreshMinutes, 15);
	t.is(read.warnings.length, 1);
	t.regex(read.warnings[0]!, /config\.json: refreshMinutes: must be number, not "15"; using the default \(15\)$/);
	// Control: the file was not moved aside nor changed by a read.
	t.deepEqual(corruptFiles(config), []);
	t.is(fs.readFileSync(configFile, 'utf8'), content);
});

test('a bad value of every kind: one warning per key, bad entries of keys and feeds dropped alone', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {config, configFile} = getPaths(temporary.env);
	fs.mkdirSync(config, {recursive: true});
	fs.writeFileSync(configFile, JSON.stringify({
		feeds: [...threeFeeds, {url: 'https://four.example/feed', title: 4, refreshMinutes: 30}, {title: 'no url'}, 'https://five.example/'],
		unreadOnly: 'yes',
		sort: 'random',
		refreshMinutes: 0,
		theme: 'blue',
		articleWidth: 5,
		colour: 'red',
		keys: {quit: 'x', down: 5, up: ['k', ''], top: ['g']},
	}));
	const read = readPreferences(temporary.env);
	t.deepEqual(read.preferences.feeds, [...threeFeeds, {url: 'https://four.example/feed', refreshMinutes: 30}]);
	t.deepEqual(read.preferences.keys, {quit: 'x', top: ['g']});
	t.like(read.preferences, {unreadOnly: false, sort: 'newest', refreshMinutes: 15, theme: 'auto', articleWidth: 80});
	t.is(read.warnings.length, 11);
	for (const line of read.warnings) {
		t.notRegex(line, /\n/);
	}

	t.deepEqual(corruptFiles(config), []);
	t.is(validatePreferences(read.preferences), undefined);
});

test('keys that is not an object resets only keys', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {config, configFile} = getPaths(temporary.env);
	fs.mkdirSync(config, {recursive: true});
	fs.writeFileSync(configFile, JSON.stringify({feeds: threeFeeds, keys: ['q']}));
	const read = readPreferences(temporary.env);
	t.deepEqual(read.preferences.feeds, threeFeeds);
	t.deepEqual(read.preferences.keys, {});
	t.is(read.warnings.length, 1);
});

test('the next write after a repair keeps the feeds, drops only the bad key, and keeps a copy of the original', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {config, configFile} = getPaths(temporary.env);
	fs.mkdirSync(config, {recursive: true});
	const content = JSON.stringify({feeds: threeFeeds, refreshMinutes: '15'});
	fs.writeFileSync(configFile, content);
	const {warnings} = await updatePreferences(preferences => {
		preferences.feeds.push({url: 'https://four.example/feed'});
	}, temporary.env);
	t.true(warnings.some(line => line.includes('kept the original as config.json.corrupt-')));
	const stored = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Preferences;
	t.deepEqual(stored.feeds, [...threeFeeds, {url: 'https://four.example/feed'}]);
	t.is(stored.refreshMinutes, 15);
	const copies = corruptFiles(config);
	t.is(copies.length, 1);
	t.is(fs.readFileSync(path.join(config, copies[0]!), 'utf8'), content);
	// The repaired file is valid now: the next write makes no further copy.
	const again = await updatePreferences(preferences => {
		preferences.theme = 'dark';
	}, temporary.env);
	t.deepEqual(again.warnings, []);
	t.is(corruptFiles(config).length, 1);
});

test('updatePreferences writes whole values through conf: URLs and odd keys are never dot-paths', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const feeds = [
		{url: 'https://example.com/feed.xml#item.1', title: 'Dots.and.more'},
		{url: 'https://example.com/constructor.prototype', folder: '__proto__'},
	];
	await updatePreferences(preferences => {
		preferences.feeds = feeds;
		// JSON.parse makes `__proto__` an own key, as a hand-edited file would.
		preferences.keys = JSON.parse('{"__proto__": "x", "open.link": ["o", "enter"]}') as Preferences['keys'];
	}, temporary.env);
	const stored = JSON.parse(fs.readFileSync(getPaths(temporary.env).configFile, 'utf8')) as Preferences;
	t.deepEqual(stored.feeds, feeds);
	t.deepEqual(Object.keys(stored.keys), ['__proto__', 'open.link']);
	t.deepEqual(readPreferences(temporary.env).preferences.feeds, feeds);
	t.deepEqual(Object.keys(readPreferences(temporary.env).preferences.keys), ['__proto__', 'open.link']);
	// Mode 0600: feed URLs may carry credentials.
	t.is(fs.statSync(getPaths(temporary.env).configFile).mode & 0o777, 0o600);
});

test('updatePreferences refuses invalid preferences and keeps the file', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	await updatePreferences(preferences => {
		preferences.sort = 'oldest';
	}, temporary.env);
	const before = fs.readFileSync(getPaths(temporary.env).configFile, 'utf8');
	await t.throwsAsync(updatePreferences(preferences => {
		preferences.refreshMinutes = 0;
	}, temporary.env), {message: /invalid preferences: \/refreshMinutes: must be >= 1/});
	t.is(fs.readFileSync(getPaths(temporary.env).configFile, 'utf8'), before);
});

test('removing every feed leaves an empty list (the default feed comes back only when the key is absent)', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	await updatePreferences(preferences => {
		preferences.feeds = [];
	}, temporary.env);
	t.deepEqual(readPreferences(temporary.env).preferences.feeds, []);
});

test('a missing home gives a clear message', t => {
	const env: NodeJS.ProcessEnv = {...process.env, HOME: ''};
	delete env.XDG_CONFIG_HOME;
	delete env.XDG_DATA_HOME;
	delete env.XDG_CACHE_HOME;
	t.throws(() => readPreferences(env), {message: /no home directory: set XDG_CONFIG_HOME or HOME/});
});

test('an unwritable config folder (a file in the way, which stops root too): clear messages, defaults on read', async t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {config} = getPaths(temporary.env);
	fs.mkdirSync(path.dirname(config), {recursive: true});
	fs.writeFileSync(config, 'not a folder');
	const read = readPreferences(temporary.env);
	t.deepEqual(read.preferences, defaultPreferences());
	t.deepEqual(read.warnings, [`cannot read ${path.join(config, 'config.json')} (ENOTDIR); using default preferences`]);
	await t.throwsAsync(updatePreferences(preferences => {
		preferences.theme = 'dark';
	}, temporary.env), {message: /^cannot write .*config\.json: (ENOTDIR|EEXIST)$/});
	t.is(fs.readFileSync(config, 'utf8'), 'not a folder');
});

const readOnlyWorks = writesAreRefused();
if (!readOnlyWorks) {
	console.log('preferences.test: chmod 0o500 does not stop writes here (running as root): read-only tests skipped');
}

(readOnlyWorks ? test : test.skip)('a read-only config folder: a clear error on write, reads still work', async t => {
	const temporary = makeTempEnv();
	t.teardown(() => {
		fs.chmodSync(getPaths(temporary.env).config, 0o700);
		temporary.cleanup();
	});
	await updatePreferences(preferences => {
		preferences.theme = 'light';
	}, temporary.env);
	fs.chmodSync(getPaths(temporary.env).config, 0o500);
	await t.throwsAsync(updatePreferences(preferences => {
		preferences.theme = 'dark';
	}, temporary.env), {message: /^cannot write .*config\.json: EACCES$/});
	t.is(readPreferences(temporary.env).preferences.theme, 'light');
});

test('timeZone: local or a zone name Intl knows; an unknown one is dropped with a warning, and refused on write', async t => {
	t.is(defaultPreferences().timeZone, 'local');
	t.is(validatePreferences({...defaultPreferences(), timeZone: 'UTC'}), undefined);
	t.is(validatePreferences({...defaultPreferences(), timeZone: 'Europe/Paris'}), undefined);
	// Control: the same check fails for a made-up zone and for a wrong type.
	t.regex(validatePreferences({...defaultPreferences(), timeZone: 'Mars/Olympus'}) ?? '', /timeZone: must be local or a time zone name/);
	t.regex(validatePreferences({...defaultPreferences(), timeZone: 3}) ?? '', /timeZone: must be string/);
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const {config, configFile} = getPaths(temporary.env);
	fs.mkdirSync(config, {recursive: true});
	fs.writeFileSync(configFile, JSON.stringify({timeZone: 'Mars/Olympus', theme: 'dark'}));
	const read = readPreferences(temporary.env);
	t.is(read.preferences.timeZone, 'local');
	t.is(read.preferences.theme, 'dark');
	t.is(read.warnings.length, 1);
	t.regex(read.warnings[0]!, /timeZone/);
	fs.writeFileSync(configFile, JSON.stringify({timeZone: 'Asia/Tokyo'}));
	t.is(readPreferences(temporary.env).preferences.timeZone, 'Asia/Tokyo');
	await t.throwsAsync(updatePreferences(preferences => ({...preferences, timeZone: 'Nowhere/Else'}), temporary.env), {message: /invalid preferences: \/timeZone/});
	t.is(readPreferences(temporary.env).preferences.timeZone, 'Asia/Tokyo');
});
