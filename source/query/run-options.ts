import type {Writable} from 'node:stream';

/** Every flag the CLI knows (meow parses them once, for every command). Shared by commands/ and ui/. */
export type Flags = {
	json: boolean;
	jsonl: boolean;
	fields: string | undefined;
	feed: string[];
	category: string | undefined;
	search: string | undefined;
	limit: number | undefined;
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

/** What a run hands a command or the reader: the positional arguments, the flags and the streams. */
export type RunContext = {
	/** Positional arguments after the command name. */
	input: string[];
	flags: Flags;
	io: Io;
};
