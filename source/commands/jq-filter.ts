import process from 'node:process';
import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {UsageError} from './context.js';

/**
`--jq EXPR`: a jq filter over the `--json` array (jq-web: the real jq compiled to wasm, loaded only here).
Strings print raw (like `jq -r`), other values as compact JSON, one per line; the output goes through the
one sanitizer. Extra functions: `timeago` (ISO date → "3 hours ago") and `timefmt(FORMAT)` (strftime).
*/

type JqWeb = {raw: (json: string, filter: string, flags?: string[]) => string};

/** A jq runtime error (exit 1). A compile error is a UsageError (exit 2). */
export class JqError extends Error {
	override name = 'JqError';
}

// One line, so jq's error positions (line 1) still point into the user's filter after these.
const prelude = [
	String.raw`def _evnews_epoch: if type == "string" then (sub("\\.[0-9]+"; "") | sub("\\+00:00$"; "Z") | fromdateiso8601) else . end;`,
	'def timefmt($format): if . == null then null else _evnews_epoch | strftime($format) end;',
	'def timeago: if . == null then null else (now - _evnews_epoch) as $s | ($s | fabs) as $a',
	'| (if $a < 60 then [1, "second"] elif $a < 3600 then [60, "minute"] elif $a < 86400 then [3600, "hour"]',
	'elif $a < 2592000 then [86400, "day"] elif $a < 31536000 then [2592000, "month"] else [31536000, "year"] end) as [$unit, $name]',
	String.raw`| ($a / $unit | floor) as $n | (if $n == 1 then "\($n) \($name)" else "\($n) \($name)s" end) as $text`,
	String.raw`| if $a < 60 then "just now" elif $s >= 0 then "\($text) ago" else "in \($text)" end end;`,
].join(' ') + ' ';

async function loadJq(): Promise<JqWeb> {
	const module = await import('jq-web');
	const exported = (module as {default?: unknown}).default ?? module;
	return ((exported as Promise<JqWeb>));
}

/** Jq's own message without the "Non-zero exit code" line and the echo of the program. */
function jqMessage(stderr: string): string {
	const line = stderr.split('\n').find(text => text.startsWith('jq: error')) ?? stderr.split('\n').find(Boolean) ?? 'failed';
	return line.replace(/^jq: error(?: \(at [^)]*\))?: ?/, '').replace(/ at <top-level>, line \d+:$/, '');
}

/** Run `filter` over `value`; returns the text to print (a newline after each output). */
export async function runJq(value: unknown, filter: string): Promise<string> {
	const jq = await loadJq();
	// Jq-web sets process.exitCode on an error; the CLI decides the exit code itself.
	const saved = process.exitCode;
	// Jq's stderr (`debug`, `stderr`) would reach console.warn, unsanitised and multi-line: keep it out.
	const {warn} = console;
	console.warn = () => undefined;
	try {
		// Undefined when the filter printed nothing (`empty`).
		const output: string | undefined = jq.raw(JSON.stringify(value), prelude + filter, ['-r', '-c']);
		return output ? sanitizeText(output, output.length) + '\n' : '';
	} catch (error) {
		const {exitCode, stderr, message} = error as {exitCode?: number; stderr?: string; message?: string};
		const text = sanitizeLine(jqMessage(stderr ?? message ?? String(error)), limits.shownMessageMax);
		if (exitCode === 3 || (stderr ?? message ?? '').includes('compile error')) {
			throw new UsageError(`jq: ${text}`, 'see https://jqlang.org/manual/');
		}

		throw new JqError(`jq: ${text}`);
	} finally {
		console.warn = warn;
		process.exitCode = saved;
	}
}
