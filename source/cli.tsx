#!/usr/bin/env node
// The thin entry point: parse flags, pick a command, run it, map errors to exit codes.
// Everything heavy is imported lazily, so `--json` never loads ink, react, marked-terminal or turndown.
// eslint-disable-next-line import-x/no-unassigned-import, import-x/order -- first, for its side effect: NODE_ENV before React loads
import './env.js';
// eslint-disable-next-line import-x/order -- after ./env.js, which comes first
import process from 'node:process';
import {FeedError} from './feed/errors.js';
import {sanitizeLine} from './feed/sanitize.js';
import {exitCode, UsageError, type Command, type CommandContext, type Flags} from './commands/context.js';
import {exitQuietlyOnBrokenPipe, onFirstUse} from './commands/epipe.js';
import {checkFlags} from './commands/flag-check.js';
import {isFlagLike, parseFlagless} from './commands/flag-spec.js';
import {commandHelp} from './commands/command-help.js';
import {didYouMean} from './commands/did-you-mean.js';
import {limits} from './feed/limits.js';
import {version} from './version.js';
import {withoutGlobalFetch} from './without-global-fetch.js';

const help = `
	Usage
	  $ evnews                      open the reader (a plain list when stdout is not a terminal)
	  $ evnews --json [options]     the posts as JSON, newest first
	  $ evnews read ID              print one post (markdown when piped; --json for an object)
	  $ evnews feeds [--json]       list feeds, with counts, last success, last error
	  $ evnews feeds add URL|SITE   add a feed (a site URL is searched for its feed)
	  $ evnews feeds rm URL|N       remove a feed (its marks are kept)
	  $ evnews feeds full-text URL|N on|off   fetch full text for new posts of a feed
	  $ evnews import FILE.opml     import feeds from OPML
	  $ evnews export               write the feeds as OPML 2.0
	  $ evnews mark-read ID…|--all  mark posts read (--all takes --category, --feed)
	  $ evnews mark-unread ID…      mark posts unread
	  $ evnews star ID…             star posts (starred posts are kept when they leave the feed)
	  $ evnews unstar ID…
	  $ evnews unread [--json]      count unread posts
	  $ evnews categories [--json]  categories per feed (a WordPress site's own, with counts)
	  $ evnews config [--json]      show file paths and preferences
	  $ evnews completion SHELL     print a bash, zsh or fish completion script
	  $ evnews schema [NAME]        the JSON Schema of a --json output: posts, post, feeds, unread, categories

	Options
	  --json             JSON output (an array of posts)
	  --jsonl            one JSON object per line
	  --template T|@FILE a liquid template per post ({{ title }}), or over {% for post in posts %}
	  --jq EXPR          a jq filter over the JSON array; strings print raw (extra: timeago, timefmt(FMT))
	  --fields a,b,…     fields to print (id, guid, title, link, author, published, updated,
	                     categories, summary, image, feed, read, starred, content)
	  --feed URL|PATH    a feed for this run instead of the configured ones (repeatable; - is stdin)
	  --category NAME    only posts in this category (case-insensitive)
	  --search TEXT      only posts whose title, summary, author or categories contain TEXT
	  --site             with --search: also search each WordPress site (its REST API)
	  --limit N          at most N posts (with --feed SITE: older posts of a WordPress site fill up to N)
	  --since WHEN       only posts published (else updated) since WHEN: 2026-11-25, 2026-11-25T10:00Z, 2h, 3d, 1w
	  --until WHEN       only posts published (else updated) until WHEN
	  --new[=NAME]       only posts this cursor (default: "default") has not printed before; it advances
	                     once the output is written in full (cron: one name per job). Also for the plain list
	  --unread           only unread posts
	  --starred          only starred posts
	  --offline          never touch the network: serve the cache
	  --all              with mark-read: every post in scope
	  --full             with read ID or --fields content: fetch the full article (cached with the post)
	  --demo             try evnews on a built-in sample library (served locally; your feeds and marks are untouched)

	Exit codes
	  0  all good
	  1  nothing could be produced
	  2  usage error
	  3  some feeds failed; output was still printed, from the cache where possible
`;

const commands: Record<string, () => Promise<Command>> = {
	read: async () => (await import('./commands/read.js')).readCommand,
	feeds: async () => (await import('./commands/feeds.js')).feedsCommand,
	import: async () => (await import('./commands/opml.js')).importCommand,
	export: async () => (await import('./commands/opml.js')).exportCommand,
	'mark-read': async () => (await import('./commands/marks.js')).markReadCommand,
	'mark-unread': async () => (await import('./commands/marks.js')).markUnreadCommand,
	star: async () => (await import('./commands/marks.js')).starCommand,
	unstar: async () => (await import('./commands/marks.js')).unstarCommand,
	unread: async () => (await import('./commands/unread.js')).unreadCommand,
	config: async () => (await import('./commands/config.js')).configCommand,
	categories: async () => (await import('./commands/categories.js')).categoriesCommand,
	completion: async () => (await import('./commands/completion.js')).completionCommand,
	schema: async () => (await import('./commands/schema.js')).schemaCommand,
};

/** Meow parses every argv with a flag in it; an argv of words alone needs no parser, and does not load meow. */
async function parseArguments(argv: string[]): Promise<{input: string[]; flags: Flags; help: string | undefined}> {
	const checked = checkFlags(argv);
	// Meow dedents and wraps the help text on every start: it gets it only when it is asked for.
	const wantsHelp = checked.some(argument => argument === '--help' || argument.startsWith('--help='));
	const cli = checked.some(argument => isFlagLike(argument))
		? (await import('./commands/meow-arguments.js')).parseWithMeow(checked, wantsHelp ? help : '', version)
		: parseFlagless(checked);
	let limit: number | undefined;
	if (cli.flags.limit !== undefined) {
		limit = Number(cli.flags.limit);
		if (!/^\d+$/.test(cli.flags.limit.trim()) || !Number.isSafeInteger(limit)) {
			throw new UsageError(`--limit takes a whole number, not "${sanitizeLine(cli.flags.limit, limits.shownArgumentMax)}"`, 'e.g. --limit 20');
		}
	}

	if (cli.flags.site && cli.flags.search === undefined) {
		throw new UsageError('--site searches each WordPress site and needs --search TEXT', 'e.g. evnews --json --search "battery recycling" --site');
	}

	return {
		input: cli.input,
		help: cli.flags.help ? cli.help : undefined,
		flags: {
			json: cli.flags.json,
			jsonl: cli.flags.jsonl,
			fields: cli.flags.fields,
			feed: cli.flags.feed,
			category: cli.flags.category,
			search: cli.flags.search,
			site: cli.flags.site,
			limit,
			since: cli.flags.since,
			until: cli.flags.until,
			jq: cli.flags.jq,
			template: cli.flags.template,
			new: cli.flags.new,
			offline: cli.flags.offline,
			unread: cli.flags.unread,
			starred: cli.flags.starred,
			all: cli.flags.all,
			full: cli.flags.full,
			demo: cli.flags.demo,
		},
	};
}

async function pickCommand(context: CommandContext): Promise<Command> {
	const [name] = context.input;
	if (name !== undefined) {
		const load = Object.hasOwn(commands, name) ? commands[name] : undefined;
		if (!load) {
			const guess = didYouMean(name, Object.keys(commands));
			throw new UsageError(`unknown command "${sanitizeLine(name, limits.shownArgumentMax)}"`, guess ? `did you mean ${guess}?` : `commands: ${Object.keys(commands).join(', ')}`);
		}

		return load();
	}

	if (context.flags.json || context.flags.jsonl || context.flags.jq !== undefined || context.flags.template !== undefined) {
		return (await import('./commands/posts-json.js')).postsJson;
	}

	// --new prints a list even on a terminal (the reader has no cursor).
	if (!context.io.stdout.isTTY || context.flags.new !== undefined) {
		return (await import('./commands/plain-list.js')).plainList;
	}

	return withoutGlobalFetch(async () => (await import('./ui/run-reader.js')).runReader);
}

async function main(): Promise<number> {
	// Stdin is read only by `--feed -` and the reader, and stderr only for warnings and errors: each stream is made
	// when first used (making stdin loads fs streams: 3 ms).
	const io = {
		stdout: process.stdout,
		get stderr() {
			return process.stderr;
		},
		get stdin() {
			return process.stdin;
		},
		env: process.env,
	};
	try {
		const {input, flags, help} = await parseArguments(process.argv.slice(2));
		if (help !== undefined) {
			const [name] = input;
			const text = name !== undefined && Object.hasOwn(commandHelp, name) ? commandHelp[name]! : help.trim();
			io.stdout.write(text + '\n');
			return exitCode.ok;
		}

		const run = async (runIo: typeof io) => {
			const context: CommandContext = {input: input.slice(1), flags, io: runIo};
			const command = await pickCommand({...context, input});
			return command(context);
		};

		return flags.demo ? await (await import('./commands/demo.js')).withDemo(io, run) : await run(io);
	} catch (error) {
		if (error instanceof UsageError) {
			// One line: the message, then the hint.
			io.stderr.write(`evnews: ${sanitizeLine(error.message)}; ${sanitizeLine(error.hint)}\n`);
			return exitCode.usage;
		}

		if (error instanceof FeedError) {
			io.stderr.write(`evnews: ${sanitizeLine(error.message)}\n`);
			return exitCode.failed;
		}

		const message = error instanceof Error ? error.message : String(error);
		io.stderr.write(`evnews: ${sanitizeLine(message)}\n`);
		if (process.env.EVNEWS_DEBUG && error instanceof Error) {
			io.stderr.write(String(error.stack) + '\n');
		}

		return exitCode.failed;
	}
}

for (const name of ['stdout', 'stderr'] as const) {
	onFirstUse(name, stream => {
		exitQuietlyOnBrokenPipe([stream], code => process.exit(code));
	});
}

// Not a top-level await: the build turns this module into CommonJS (scripts/commonjs-output.js).
// eslint-disable-next-line unicorn/prefer-top-level-await
void main().then(code => {
	process.exitCode = code;
});
