import process from 'node:process';
import type {AnyFlags, TypedFlags} from 'meow';

/**
The flags as meow is given them: camelCase keys, types and defaults. The kebab-case spellings that checkFlags
accepts are in flag-check.ts.
*/
export const meowFlags = {
	json: {type: 'boolean', default: false},
	jsonl: {type: 'boolean', default: false},
	fields: {type: 'string'},
	feed: {type: 'string', isMultiple: true, default: [] as string[]},
	category: {type: 'string'},
	search: {type: 'string'},
	site: {type: 'boolean', default: false},
	limit: {type: 'string'},
	since: {type: 'string'},
	until: {type: 'string'},
	jq: {type: 'string'},
	template: {type: 'string'},
	new: {type: 'string'},
	help: {type: 'boolean', default: false},
	offline: {type: 'boolean', default: false},
	unread: {type: 'boolean', default: false},
	starred: {type: 'boolean', default: false},
	all: {type: 'boolean', default: false},
	full: {type: 'boolean', default: false},
	demo: {type: 'boolean', default: false},
} satisfies AnyFlags;

export type ParsedFlags = TypedFlags<typeof meowFlags>;

export type ParsedArguments = {input: string[]; flags: ParsedFlags; help: string};

/** The program's name, as meow sets it from `pkg`. */
export const programName = 'evnews';

/** True when an argument is for the flag parser: a flag, `-` (stdin) or `--`. */
export function isFlagLike(argument: string): boolean {
	return argument.startsWith('-');
}

/**
An argv with no flag in it, parsed without meow: the words are the input and every flag has its default. The help
text is empty: it is read only for `--help`, a flag.
That is what meow returns for it (test/flagless-arguments.test.ts compares the two), without loading meow: `evnews
unread` in a shell prompt runs it on every prompt (issue 8 §6).
*/
export function parseFlagless(argv: readonly string[]): ParsedArguments {
	const flags: Record<string, unknown> = {};
	// As meow does, a flag with no default is left out, not set to undefined.
	for (const [name, spec] of Object.entries(meowFlags)) {
		if ('default' in spec) {
			flags[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
		}
	}

	process.title = programName;
	return {input: [...argv], flags: flags as ParsedFlags, help: ''};
}
