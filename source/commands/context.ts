import type {RunContext} from '../query/run-options.js';

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

/** The flags, streams and context types live below commands/ and ui/ (source/query/run-options.ts). */
export type {Flags, Io} from '../query/run-options.js';

export type CommandContext = RunContext;

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
