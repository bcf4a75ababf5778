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

type ParsedOpml = ReturnType<typeof parseOpml>;

/** The file's bytes, or the one-line reason it cannot be imported. */
function readOpmlFile(file: string): Buffer | string {
	const shown = sanitizeLine(file, limits.shownMessageMax);
	try {
		const stat = fs.statSync(file);
		if (!stat.isFile()) {
			return `cannot import ${shown}: not a file`;
		}

		if (stat.size > limits.maxBytes) {
			return `cannot import ${shown}: larger than ${limits.maxBytes / 1024 / 1024} MB`;
		}

		return fs.readFileSync(file);
	} catch (error) {
		return `cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
	}
}

/** Add the parsed feeds to the preferences in one locked update; the ones not added join `parsed.skipped`. */
async function addFeeds(parsed: ParsedOpml, env: NodeJS.ProcessEnv): Promise<number> {
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
	}, env);
	parsed.skipped.push(...overCap);
	return added;
}

/** What was imported and what was skipped: counts by reason, the first skipped outlines, and what was not read. */
function report(file: string, parsed: ParsedOpml, added: number): string[] {
	const lines = [`Imported ${plural(added, 'feed')} from ${sanitizeLine(file, limits.shownMessageMax)}${parsed.skipped.length > 0 ? `; skipped ${plural(parsed.skipped.length, 'outline')}` : ''}`];
	const byReason = new Map<string, number>();
	for (const skip of parsed.skipped) {
		const reason = skip.reason.replace(/ \(.*\)$/, '');
		byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
	}

	for (const [reason, count] of byReason) {
		lines.push(`  ${plural(count, 'feed')}: ${reason}`);
	}

	for (const skip of parsed.skipped.slice(0, opmlLimits.maxListedSkips)) {
		lines.push(`    skipped ${sanitizeLine(skip.url, limits.shownNameMax)}: ${skip.reason}`);
	}

	if (parsed.skipped.length > opmlLimits.maxListedSkips) {
		lines.push(`    … and ${plural(parsed.skipped.length - opmlLimits.maxListedSkips, 'more')}`);
	}

	if (parsed.overLimit.tooDeep > 0) {
		lines.push(`  ${plural(parsed.overLimit.tooDeep, 'feed')} nested deeper than ${opmlLimits.maxDepth} levels: not read`);
	}

	if (parsed.overLimit.tooMany > 0) {
		lines.push(`  ${plural(parsed.overLimit.tooMany, 'feed')} beyond the first ${opmlLimits.maxFeeds.toLocaleString('en-US')} in the file: not read`);
	}

	return lines;
}

export const importCommand: Command = async context => {
	const [file, ...extra] = context.input;
	if (file === undefined || extra.length > 0) {
		throw new UsageError('import takes one OPML file', 'e.g. evnews import feeds.opml');
	}

	const bytes = readOpmlFile(file);
	if (typeof bytes === 'string') {
		fail(context, [bytes]);
		return exitCode.failed;
	}

	const {preferences, warnings} = readPreferences(context.io.env);
	warn(context, warnings);
	let parsed: ParsedOpml;
	try {
		parsed = parseOpml(decodeFeedBytes(bytes, undefined).text, preferences.feeds.map(feed => feed.url));
	} catch (error) {
		if (error instanceof OpmlError) {
			fail(context, [`cannot import ${sanitizeLine(file, limits.shownMessageMax)}: ${error.message}`]);
			return exitCode.failed;
		}

		throw error;
	}

	const added = await addFeeds(parsed, context.io.env);
	out(context, report(file, parsed, added).map(line => line + '\n').join(''));
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
