import type {Writable} from 'node:stream';

/** Exit codes of every command (documented in the readme). */
export const exitCode = {
	ok: 0,
	/** Nothing could be produced. */
	failed: 1,
	/** Usage error: a one-line message and a hint. */
	usage: 2,
	/** Some feeds failed, but output was still printed (from the cache where possible). */
	partial: 3,
} as const;

/** Every flag the CLI knows (meow parses them once, for every command). */
export type Flags = {
	json: boolean;
	jsonl: boolean;
	fields: string | undefined;
	feed: string[];
	category: string | undefined;
	search: string | undefined;
	limit: number | undefined;
	/** Raw `--since` / `--until` values (parsed by time-range.ts). */
	since?: string | undefined;
	until?: string | undefined;
	/** A jq filter for the post list (jq-web, loaded only when given). */
	jq?: string | undefined;
	/** A liquid template, or @FILE (liquidjs, loaded only when given). */
	template?: string | undefined;
	/** The name of the cursor for `--new` (`default` when given bare). */
	new?: string | undefined;
	offline: boolean;
	unread: boolean;
	starred: boolean;
	all: boolean;
};

export type Io = {
	stdout: Writable & {isTTY?: boolean; columns?: number; rows?: number};
	stderr: Writable;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
};

export type CommandContext = {
	/** Positional arguments after the command name. */
	input: string[];
	flags: Flags;
	io: Io;
};

/** A command returns its exit code. It never throws for expected failures. */
export type Command = (context: CommandContext) => Promise<number>;

/** Thrown for a usage error; the CLI prints `evnews: <message>` and the hint, and exits 2. */
export class UsageError extends Error {
	override name = 'UsageError';
	readonly hint: string;
	constructor(message: string, hint = 'see evnews --help') {
		super(message);
		this.hint = hint;
	}
}
