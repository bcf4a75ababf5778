import fs from 'node:fs';
import {decodeFeedBytes} from '../feed/decode.js';
import {limits} from '../feed/limits.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {buildOpml, OpmlError, opmlLimits, parseOpml, type OpmlSkip} from '../store/opml.js';
import {readPreferences, updatePreferences} from '../store/preferences.js';
import {preferenceLimits} from '../store/preferences-schema.js';
import {exitCode, UsageError, type Command} from './context.js';
import {fail, out, warn} from './state-output.js';

/**
`evnews import FILE.opml` — add the feeds of an OPML 1.0/2.0 file (http(s) only, duplicates skipped,
at most 5,000 feeds and 32 levels), then print what was added and what was skipped, and why.
`evnews export` — the feeds as OPML 2.0 on stdout (import of an export is lossless).
Exit codes: 0 done (even if some outlines were skipped); 1 the file cannot be read or is not OPML; 2 usage.
*/

function plural(count: number, word: string): string {
	return `${count.toLocaleString('en-US')} ${word}${count === 1 ? '' : 's'}`;
}

export const importCommand: Command = async context => {
	const [file, ...extra] = context.input;
	if (file === undefined || extra.length > 0) {
		throw new UsageError('import takes one OPML file', 'e.g. evnews import feeds.opml');
	}

	let bytes: Buffer;
	try {
		const stat = fs.statSync(file);
		if (!stat.isFile()) {
			fail(context, [`cannot import ${file}: not a file`]);
			return exitCode.failed;
		}

		if (stat.size > limits.maxBytes) {
			fail(context, [`cannot import ${file}: larger than ${limits.maxBytes / 1024 / 1024} MB`]);
			return exitCode.failed;
		}

		bytes = fs.readFileSync(file);
	} catch (error) {
		fail(context, [`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
		return exitCode.failed;
	}

	const {text} = decodeFeedBytes(bytes, undefined);
	const {preferences, warnings} = readPreferences(context.io.env);
	warn(context, warnings);
	let parsed;
	try {
		parsed = parseOpml(text, preferences.feeds.map(feed => feed.url));
	} catch (error) {
		if (error instanceof OpmlError) {
			fail(context, [`cannot import ${file}: ${error.message}`]);
			return exitCode.failed;
		}

		throw error;
	}

	let added = 0;
	const overCap: OpmlSkip[] = [];
	await updatePreferences(next => {
		const known = new Set(next.feeds.map(feed => feed.url));
		for (const feed of parsed.feeds) {
			if (known.has(feed.url)) {
				parsed.skipped.push({url: feed.url, reason: 'already in your feeds'});
			} else if (next.feeds.length >= preferenceLimits.maxFeeds) {
				overCap.push({url: feed.url, reason: `over the limit of ${preferenceLimits.maxFeeds.toLocaleString('en-US')} feeds`});
			} else {
				known.add(feed.url);
				next.feeds.push(feed);
				added++;
			}
		}

		return added === 0 ? false : next;
	}, context.io.env);
	parsed.skipped.push(...overCap);

	out(context, `Imported ${plural(added, 'feed')} from ${sanitizeLine(file, limits.shownMessageMax)}${parsed.skipped.length > 0 ? `; skipped ${plural(parsed.skipped.length, 'outline')}` : ''}\n`);
	const byReason = new Map<string, number>();
	for (const skip of parsed.skipped) {
		const reason = skip.reason.replace(/ \(.*\)$/, '');
		byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
	}

	for (const [reason, count] of byReason) {
		out(context, `  ${plural(count, 'feed')}: ${reason}\n`);
	}

	for (const skip of parsed.skipped.slice(0, opmlLimits.maxListedSkips)) {
		out(context, `    skipped ${sanitizeLine(skip.url, limits.shownNameMax)}: ${skip.reason}\n`);
	}

	if (parsed.skipped.length > opmlLimits.maxListedSkips) {
		out(context, `    … and ${plural(parsed.skipped.length - opmlLimits.maxListedSkips, 'more')}\n`);
	}

	if (parsed.overLimit.tooDeep > 0) {
		out(context, `  ${plural(parsed.overLimit.tooDeep, 'feed')} nested deeper than ${opmlLimits.maxDepth} levels: not read\n`);
	}

	if (parsed.overLimit.tooMany > 0) {
		out(context, `  ${plural(parsed.overLimit.tooMany, 'feed')} beyond the first ${opmlLimits.maxFeeds.toLocaleString('en-US')} in the file: not read\n`);
	}

	return exitCode.ok;
};

export const exportCommand: Command = async context => {
	if (context.input.length > 0) {
		throw new UsageError('export takes no arguments; it writes OPML to stdout', 'e.g. evnews export > feeds.opml');
	}

	const {preferences, warnings} = readPreferences(context.io.env);
	warn(context, warnings);
	out(context, buildOpml(preferences.feeds));
	return exitCode.ok;
};
