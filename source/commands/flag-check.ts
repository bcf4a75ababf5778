import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {UsageError} from './context.js';
import {didYouMean} from './did-you-mean.js';

/** Every flag the CLI knows, kebab-case, and whether it takes a value. */
export const knownFlags = {
	json: 'boolean',
	jsonl: 'boolean',
	fields: 'string',
	feed: 'string',
	category: 'string',
	search: 'string',
	site: 'boolean',
	limit: 'string',
	since: 'string',
	until: 'string',
	jq: 'string',
	template: 'string',
	new: 'optional',
	offline: 'boolean',
	unread: 'boolean',
	starred: 'boolean',
	all: 'boolean',
	full: 'boolean',
	demo: 'boolean',
	help: 'boolean',
	version: 'boolean',
} as const;

export type FlagName = keyof typeof knownFlags;

const names = Object.keys(knownFlags);

function unknownFlag(shown: string, name: string): UsageError {
	const guess = didYouMean(name, names);
	return new UsageError(`unknown flag ${sanitizeLine(shown, limits.shownArgumentMax)}`, guess ? `did you mean --${guess}?` : 'see evnews --help');
}

/**
Check argv before meow sees it (meow's own unknown-flag message is bare and has no hint), and spell
`--new` without a value as `--new=default`. Returns the argv to give meow.
*/
export function checkFlags(argv: string[]): string[] {
	const result: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--') {
			result.push(...argv.slice(index));
			break;
		}

		if (argument === '-h') {
			result.push('--help');
			continue;
		}

		if (!argument.startsWith('-') || argument === '-') {
			result.push(argument);
			continue;
		}

		if (!argument.startsWith('--')) {
			throw unknownFlag(argument, argument.slice(1));
		}

		const [raw = '', ...rest] = argument.slice(2).split('=');
		const name = raw.startsWith('no-') && !Object.hasOwn(knownFlags, raw) ? raw.slice(3) : raw;
		if (!Object.hasOwn(knownFlags, name)) {
			throw unknownFlag(`--${raw}`, raw);
		}

		const kind = knownFlags[name as FlagName];
		if (kind === 'optional') {
			result.push(rest.length > 0 ? argument : `--${name}=default`);
			continue;
		}

		result.push(argument);
		if (kind === 'string' && rest.length === 0) {
			const value = argv[index + 1];
			if (value === undefined || (value.startsWith('--') && value.length > 2)) {
				throw new UsageError(`--${name} needs a value`, `e.g. --${name} ${example(name as FlagName)}`);
			}

			result.push(value);
			index++;
		}
	}

	return result;
}

function example(name: FlagName): string {
	const examples: Partial<Record<FlagName, string>> = {
		fields: 'id,title,link', feed: 'https://example.com/feed', category: 'Tesla', search: 'battery', limit: '20',
		since: '2d', until: '2026-11-25', jq: '\'.[].title\'', template: '\'{{title}}\'',
	};
	return examples[name] ?? 'VALUE';
}
