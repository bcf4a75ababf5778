import meow from 'meow';
import {meowFlags, programName, type ParsedArguments} from './flag-spec.js';

/**
Meow's parse of a checked argv (commands/flag-check.ts). `help` is the help text, given only when it is asked for.
The version comes from the caller: version.ts is then on the start-up path, and not a chunk of its own, shared by
this module and the fetcher, that `--json` would load as one more file.
*/
export function parseWithMeow(argv: string[], help: string, version: string): ParsedArguments {
	const cli = meow(help, {
		importMeta: import.meta,
		// Given, so meow does not search the disk for package.json on every start.
		pkg: {name: programName, version, description: 'A keyboard-driven terminal news reader and a scriptable feed tool'},
		argv,
		autoHelp: false,
		// CheckFlags has already refused unknown flags, with a hint.
		allowUnknownFlags: false,
		flags: meowFlags,
	});
	return {input: cli.input, flags: cli.flags, help: cli.help};
}
