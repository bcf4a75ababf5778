import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import fc from 'fast-check';
import type {Post} from '../source/feed/types.js';
import {compactMarks, goneRetentionMs, MarksError, openMarks} from '../source/store/marks.js';
import {
	clampFuture, emptyState, formatLine, isReadIn, isStarredIn, isWritableTime, type MarkOp, maxClockSkewMs, parseLog,
} from '../source/store/marks-log.js';
import {makeTempEnv, writesAreRefused} from './helpers/temp-env.js';

function post(id: string, overrides: Partial<Post> = {}): Post {
	return {
		id,
		guid: `guid-${id}`,
		title: `Post ${id}`,
		link: `https://ev.example/${id}`,
		author: 'Ann',
		published: '2026-11-20T10:00:00.000Z',
		updated: null,
		categories: ['Tesla'],
		summary: 'A summary.',
		image: null,
		enclosures: [],
		feed: {title: 'EV Example', url: 'https://ev.example/feed/'},
		...overrides,
	};
}

function dataDir(): {dir: string; cleanup: () => void} {
	const temporary = makeTempEnv();
	return {dir: path.join(temporary.dir, 'data', 'evnews'), cleanup: temporary.cleanup};
}

test('read marks: set, clear, persist across processes (reopen)', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	const marks = openMarks(dir);
	t.false(marks.isRead('a'));
	marks.markRead(['a', 'b', 'a']);
	t.true(marks.isRead('a'));
	t.true(marks.isRead('b'));
	t.is(marks.readCount(), 2);
	marks.markUnread(['b']);
	t.false(marks.isRead('b'));
	// Quick toggles within one millisecond still end in the last state.
	marks.markRead(['c']);
	marks.markUnread(['c']);
	marks.markRead(['c']);
	const again = openMarks(dir);
	t.true(again.isRead('a'));
	t.false(again.isRead('b'));
	t.true(again.isRead('c'));
	t.is(again.readCount(), 2);
	t.deepEqual(again.warnings, []);
	const log = fs.readFileSync(path.join(dir, 'marks.log'), 'utf8');
	t.regex(log, /^# evnews marks v1/);
	t.regex(log, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z read a$/m);
});

test('ids that are not plain ASCII, or look like object keys, round-trip', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	const ids = ['__proto__', 'constructor', 'has space', '100%', 'ünï-çødé 🚗', 'https://example.com/feed.xml#item.1', 'tab\there'];
	openMarks(dir).markRead(ids);
	const marks = openMarks(dir);
	for (const id of ids) {
		t.true(marks.isRead(id), id);
	}

	t.false(marks.isRead('toString'));
	t.is(marks.readCount(), ids.length);
	t.deepEqual(marks.warnings, []);
});

test('starred posts keep a snapshot that survives the post leaving its feed; unstar removes it', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	const marks = openMarks(dir);
	marks.star([{...post('s1'), html: '<p>Body</p>', base: 'https://ev.example/s1'}, post('s2')]);
	t.true(marks.isStarred('s1'));
	const reopened = openMarks(dir);
	const starred = reopened.starredPosts();
	t.deepEqual(starred.map(item => item.id).sort(), ['s1', 's2']);
	const s1 = starred.find(item => item.id === 's1')!;
	t.like(s1, {title: 'Post s1', link: 'https://ev.example/s1', author: 'Ann', categories: ['Tesla'], html: '<p>Body</p>', base: 'https://ev.example/s1'});
	t.deepEqual(s1.feed, {title: 'EV Example', url: 'https://ev.example/feed/'});
	t.regex(s1.starredAt, /^\d{4}-/);
	reopened.unstar(['s1']);
	t.false(fs.existsSync(path.join(dir, 'starred', 's1.json')));
	t.deepEqual(openMarks(dir).starredPosts().map(item => item.id), ['s2']);
	t.deepEqual(openMarks(dir).starredIds(), ['s2']);
});

test('an empty marks file is simply empty: no warning, not moved', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fs.mkdirSync(dir, {recursive: true});
	fs.writeFileSync(path.join(dir, 'marks.log'), '');
	const marks = openMarks(dir);
	t.deepEqual(marks.warnings, []);
	t.is(marks.readCount(), 0);
	t.deepEqual(fs.readdirSync(dir), ['marks.log']);
	marks.markRead(['x']);
	t.true(openMarks(dir).isRead('x'));
});

test('a truncated marks file (torn last line) keeps every complete line, and the next append starts a new line', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fs.mkdirSync(dir, {recursive: true});
	const complete = formatLine('2026-11-01T00:00:00.000Z', 'read', 'a') + formatLine('2026-11-01T00:00:01.000Z', 'read', 'b');
	fs.writeFileSync(path.join(dir, 'marks.log'), complete + '2026-11-01T00:00:02.000Z rea');
	const marks = openMarks(dir);
	t.deepEqual(marks.warnings, []);
	t.true(marks.isRead('a'));
	t.true(marks.isRead('b'));
	marks.markRead(['c']);
	const again = openMarks(dir);
	t.deepEqual(again.warnings, []);
	t.is(again.readCount(), 3);
	t.true(again.isRead('c'));
});

test('a marks file with garbage lines is moved aside with one warning; its readable marks are kept', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fs.mkdirSync(dir, {recursive: true});
	const original = formatLine('2026-11-01T00:00:00.000Z', 'read', 'a') + '\u0000\u00FF garbage \u001B[2J\n' + formatLine('2026-11-01T00:00:01.000Z', 'star', 'b');
	fs.writeFileSync(path.join(dir, 'marks.log'), original);
	const marks = openMarks(dir);
	t.is(marks.warnings.length, 1);
	t.regex(marks.warnings[0]!, /had 1 unreadable line\(s\); moved it to marks\.log\.corrupt-.* kept its 2 readable mark/);
	t.true(marks.isRead('a'));
	t.true(marks.isStarred('b'));
	const moved = fs.readdirSync(dir).filter(name => name.startsWith('marks.log.corrupt-'));
	t.is(moved.length, 1);
	t.is(fs.readFileSync(path.join(dir, moved[0]!), 'utf8'), original);
	// The rewritten log is clean and complete.
	const again = openMarks(dir);
	t.deepEqual(again.warnings, []);
	t.true(again.isRead('a'));
	t.true(again.isStarred('b'));
});

test('a marks file that is all garbage is moved aside and marks start empty', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fs.mkdirSync(dir, {recursive: true});
	fs.writeFileSync(path.join(dir, 'marks.log'), Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0A, 0x00, 0x0A]));
	const marks = openMarks(dir);
	t.is(marks.warnings.length, 1);
	t.is(marks.readCount(), 0);
	marks.markRead(['z']);
	t.true(openMarks(dir).isRead('z'));
});

test('a corrupt starred snapshot is moved aside with a warning', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	const marks = openMarks(dir);
	marks.star([post('s1')]);
	fs.writeFileSync(path.join(dir, 'starred', 's1.json'), '{"id": "s1", "tit');
	const again = openMarks(dir);
	t.deepEqual(again.starredPosts(), []);
	t.is(again.warnings.length, 1);
	t.regex(again.warnings[0]!, /starred post file .* was corrupt; moved aside/);
	t.true(again.isStarred('s1'));
});

// Model of the state: per id and dimension the greatest (time, op), unread/unstar winning ties.
type Line = {time: string; op: MarkOp; id: string};
function model(lines: Line[]): Map<string, {read: boolean; starred: boolean}> {
	const best = new Map<string, {read?: Line; star?: Line}>();
	const rank = (line: Line) => `${line.time} ${line.op === 'unread' || line.op === 'unstar' ? 1 : 0}`;
	for (const line of lines) {
		const entry = best.get(line.id) ?? {};
		const key = line.op === 'read' || line.op === 'unread' ? 'read' : (line.op === 'gone' ? undefined : 'star');
		if (key && (!entry[key] || rank(line) > rank(entry[key]))) {
			entry[key] = line;
		}

		best.set(line.id, entry);
	}

	return new Map([...best].map(([id, entry]) => [id, {read: entry.read?.op === 'read', starred: entry.star?.op === 'star'}]));
}

const lineArbitrary = fc.record({
	time: fc.integer({min: Date.parse('2026-01-01T00:00:00.000Z'), max: Date.parse('2026-01-01T00:00:00.020Z')}).map(ms => new Date(ms).toISOString()),
	op: fc.constantFrom<MarkOp>('read', 'unread', 'star', 'unstar', 'gone'),
	id: fc.constantFrom('a', 'b', 'c', 'd', '__proto__', 'x y', 'é%'),
});

test('property: the union of two logs is a valid log that loses no mark, and load is order-independent', t => {
	fc.assert(fc.property(fc.array(lineArbitrary, {maxLength: 30}), fc.array(lineArbitrary, {maxLength: 30}), fc.integer(), (left, right, seed) => {
		const text = (lines: Line[]) => lines.map(line => formatLine(line.time, line.op, line.id)).join('');
		// `sort -u a b`
		const union = [...new Set((text(left) + text(right)).split('\n').filter(Boolean))].sort().join('\n') + '\n';
		const parsed = parseLog(union);
		if (parsed.badLines !== 0 || parsed.tornTail) {
			return false;
		}

		const expected = model([...left, ...right]);
		for (const [id, state] of expected) {
			if (isReadIn(parsed.state, id) !== state.read || isStarredIn(parsed.state, id) !== state.starred) {
				return false;
			}
		}

		// Shuffled and with duplicates: the same state.
		const lines = union.split('\n').filter(Boolean);
		const shuffled = [...lines, ...lines.slice(0, 3)].map((line, index) => ({line, key: Math.sin(seed + index)})).sort((a, b) => a.key - b.key).map(item => item.line);
		const again = parseLog(shuffled.join('\n') + '\n');
		return [...expected.keys()].every(id => isReadIn(again.state, id) === isReadIn(parsed.state, id) && isStarredIn(again.state, id) === isStarredIn(parsed.state, id));
	}), {numRuns: 300});
	t.pass();
});

test('property: a git-style union of two copies that both grew keeps every mark of both', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fc.assert(fc.property(fc.uniqueArray(fc.string({minLength: 1, maxLength: 6}), {maxLength: 20}), fc.uniqueArray(fc.string({minLength: 1, maxLength: 6}), {maxLength: 20}), (mine, theirs) => {
		const base = path.join(dir, String(Math.random()).slice(2));
		const a = path.join(base, 'a');
		const b = path.join(base, 'b');
		openMarks(a).markRead(['shared']);
		fs.mkdirSync(b, {recursive: true});
		fs.copyFileSync(path.join(a, 'marks.log'), path.join(b, 'marks.log'));
		openMarks(a).markRead(mine);
		openMarks(b).markRead(theirs);
		const merged = path.join(base, 'merged');
		fs.mkdirSync(merged, {recursive: true});
		const lines = new Set([...fs.readFileSync(path.join(a, 'marks.log'), 'utf8').split('\n'), ...fs.readFileSync(path.join(b, 'marks.log'), 'utf8').split('\n')]);
		fs.writeFileSync(path.join(merged, 'marks.log'), [...lines].filter(Boolean).join('\n') + '\n');
		const marks = openMarks(merged);
		return marks.warnings.length === 0 && ['shared', ...mine, ...theirs].every(id => marks.isRead(id.toWellFormed()));
	}), {numRuns: 40});
	t.pass();
});

test('compaction folds the log, marks posts gone from every feed, and drops them after 90 days; starred are kept', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	const marks = openMarks(dir);
	for (let round = 0; round < 3; round++) {
		marks.markRead(['present', 'leaving', 'old']);
		marks.markUnread(['present', 'leaving', 'old']);
	}

	marks.markRead(['present', 'leaving', 'old']);
	marks.star([post('kept')]);
	const before = fs.readFileSync(path.join(dir, 'marks.log'), 'utf8').split('\n').length;
	const now = Date.now();
	const first = compactMarks({dataDirectory: dir, presentIds: new Set(['present']), now});
	t.is(first.dropped, 0);
	const log = fs.readFileSync(path.join(dir, 'marks.log'), 'utf8');
	t.true(log.split('\n').length < before);
	t.regex(log, / gone leaving$/m);
	t.notRegex(log, / gone present$/m);
	t.notRegex(log, / gone kept$/m);
	// 'leaving' comes back: its gone line goes.
	compactMarks({dataDirectory: dir, presentIds: new Set(['present', 'leaving']), now: now + 1000});
	t.notRegex(fs.readFileSync(path.join(dir, 'marks.log'), 'utf8'), / gone leaving$/m);
	// 91 days later, still gone: dropped.
	const later = compactMarks({dataDirectory: dir, presentIds: new Set(['present', 'leaving']), now: now + goneRetentionMs + (24 * 3600 * 1000)});
	t.is(later.dropped, 1);
	const after = openMarks(dir);
	t.true(after.isRead('present'));
	t.true(after.isRead('leaving'));
	t.false(after.isRead('old'));
	t.true(after.isStarred('kept'));
	t.is(after.starredPosts().length, 1);
	t.deepEqual(after.warnings, []);
});

test('compaction with an empty cache drops nothing', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	openMarks(dir).markRead(['a']);
	compactMarks({dataDirectory: dir, presentIds: new Set(), now: Date.now() + (10 * goneRetentionMs)});
	t.true(openMarks(dir).isRead('a'));
});

test('a stale lock left by a killed process does not block marking', async t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fs.mkdirSync(dir, {recursive: true});
	// A pid that cannot be alive on this host.
	fs.writeFileSync(path.join(dir, 'marks.lock'), `2147483646 ${(await import('node:os')).default.hostname()} 0 x\n`);
	openMarks(dir).markRead(['a']);
	t.true(openMarks(dir).isRead('a'));
	t.false(fs.existsSync(path.join(dir, 'marks.lock')));
});

test('state of a fresh in-memory fold is empty', t => {
	t.is(emptyState().read.size, 0);
});

const readOnlyWorks = writesAreRefused();
if (!readOnlyWorks) {
	console.log('marks.test: chmod 0o500 does not stop writes here (running as root): read-only test skipped');
}

(readOnlyWorks ? test : test.skip)('a read-only data folder: marking fails with a clear MarksError, marks still load', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(() => {
		fs.chmodSync(dir, 0o700);
		cleanup();
	});
	openMarks(dir).markRead(['a']);
	fs.chmodSync(dir, 0o500);
	const marks = openMarks(dir);
	t.true(marks.isRead('a'));
	const error = t.throws(() => {
		marks.markRead(['b']);
	}, {instanceOf: MarksError});
	t.regex(error.message, /cannot (lock|write) .*(EACCES|EPERM)/);
});

test('an unwritable data folder (a file in the way, which stops root too): a clear MarksError', t => {
	const temporary = makeTempEnv();
	t.teardown(temporary.cleanup);
	const dir = path.join(temporary.dir, 'data', 'evnews');
	fs.mkdirSync(path.dirname(dir), {recursive: true});
	fs.writeFileSync(dir, 'not a folder');
	const marks = openMarks(dir);
	t.is(marks.readCount(), 0);
	t.is(marks.warnings.length, 1);
	t.regex(marks.warnings[0]!, /^cannot read .*marks\.log: ENOTDIR; read and starred marks are not available$/);
	const error = t.throws(() => {
		marks.markRead(['a']);
	}, {instanceOf: MarksError});
	t.regex(error.message, /^cannot lock .*marks\.lock: (ENOTDIR|EEXIST)$/);
	t.is(fs.readFileSync(dir, 'utf8'), 'not a folder');
});

test('clampFuture: only times more than a day ahead become now, keeping their op', t => {
	const now = Date.parse('2026-12-02T12:00:00.000Z');
	const {state} = parseLog([
		'9999-12-31T23:59:59.999Z read far',
		'9999-12-31T23:59:59.999Z unstar starred',
		`${new Date(now + maxClockSkewMs - 1000).toISOString()} read near`,
		'2026-12-01T00:00:00.000Z read past',
		'',
	].join('\n'));
	t.is(clampFuture(state, now), 2);
	t.is(state.read.get('far'), '2026-12-02T12:00:00.000Z read');
	t.is(state.star.get('starred'), '2026-12-02T12:00:00.000Z unstar');
	// Control: a time within a day, and a past one, are left alone.
	t.is(state.read.get('near'), '2026-12-03T11:59:59.000Z read');
	t.is(state.read.get('past'), '2026-12-01T00:00:00.000Z read');
	t.is(clampFuture(state, now), 0);
});

test('isWritableTime: what the log can read back', t => {
	t.true(isWritableTime('9999-12-31T23:59:59.999Z'));
	t.false(isWritableTime(new Date(Date.parse('9999-12-31T23:59:59.999Z') + 1).toISOString()));
	t.false(isWritableTime('2026-12-02T12:00:00Z'));
});

test('a future read mark: mark-unread after loading really unmarks, and a reload agrees', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	fs.mkdirSync(dir, {recursive: true});
	fs.writeFileSync(path.join(dir, 'marks.log'), '9999-12-31T23:59:59.999Z read a\n');
	const marks = openMarks(dir);
	t.is(marks.warnings.length, 1);
	t.regex(marks.warnings[0]!, /dated more than a day ahead/);
	t.true(marks.isRead('a'));
	marks.markUnread(['a']);
	t.false(marks.isRead('a'));
	const reloaded = openMarks(dir);
	t.deepEqual(reloaded.warnings, []);
	t.false(reloaded.isRead('a'));
	for (const line of fs.readFileSync(path.join(dir, 'marks.log'), 'utf8').split('\n').filter(line => line && !line.startsWith('#'))) {
		t.true(isWritableTime(line.slice(0, 24)), line);
	}
});

test('marks.log is created 0600, and an older 0644 one is made private on the next write', t => {
	const {dir, cleanup} = dataDir();
	t.teardown(cleanup);
	const log = path.join(dir, 'marks.log');
	openMarks(dir).markRead(['a']);
	t.is(fs.statSync(log).mode & 0o777, 0o600);
	fs.chmodSync(log, 0o644);
	t.is(fs.statSync(log).mode & 0o777, 0o644, 'control: chmod took');
	openMarks(dir).markRead(['b']);
	t.is(fs.statSync(log).mode & 0o777, 0o600);
});
