import type {Writable} from 'node:stream';

/** Every flag the CLI knows (meow parses them once, for every command). Shared by commands/ and ui/. */
export type Flags = {
	json: boolean;
	jsonl: boolean;
	fields: string | undefined;
	feed: string[];
	category: string | undefined;
	search: string | undefined;
	/** With `--search`: also ask each WordPress site's own search (REST `posts?search=`). */
	site?: boolean;
	limit: number | undefined;
	/** Raw `--since` / `--until` values (parsed by commands/time-range.ts). */
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
	/** Full text (reader mode): with `read ID` and `--fields content`, fetch the post's page and cache it. */
	full?: boolean;
	/** `--demo`: the built-in sample library, in a temp folder (commands/demo.ts). */
	demo?: boolean;
};

export type Io = {
	stdout: Writable & {isTTY?: boolean; columns?: number; rows?: number};
	stderr: Writable;
	stdin: NodeJS.ReadableStream & {isTTY?: boolean};
	env: NodeJS.ProcessEnv;
};

/** What a run hands a command or the reader: the positional arguments, the flags and the streams. */
export type RunContext = {
	/** Positional arguments after the command name. */
	input: string[];
	flags: Flags;
	io: Io;
};
