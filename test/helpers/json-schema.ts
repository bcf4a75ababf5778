import {Ajv2020} from 'ajv/dist/2020.js';
import {knownFlags} from '../../source/commands/flag-check.js';
import {schemas, type SchemaName} from '../../source/commands/json-schemas.js';

/** The published schemas (`evnews schema NAME`), compiled once, strictly (an unknown keyword is an error). */
const ajv = new Ajv2020({strict: true, allErrors: true});
for (const schema of Object.values(schemas)) {
	ajv.addSchema(schema);
}

/** The errors of `value` against schema NAME, one line each, or [] when it is valid. */
export function schemaErrors(name: SchemaName, value: unknown): string[] {
	const validate = ajv.getSchema(schemas[name].$id)!;
	return validate(value) ? [] : (validate.errors ?? []).map(error => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

const valueFlags = new Set(Object.entries(knownFlags).filter(([, kind]) => kind === 'string').map(([name]) => `--${name}`));

/**
Which schema the stdout of `evnews ARGS` follows, or undefined when it is not a `--json` output with a schema
(`--jq`, `--template`, `config --json`, a usage error…). `jsonl` when each line is one value of the schema.
*/
export function outputSchema(args: string[]): {name: SchemaName; jsonl: boolean} | undefined {
	const positional: string[] = [];
	const flags = new Set<string>();
	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		if (argument.startsWith('--') && argument.length > 2) {
			const name = argument.split('=')[0]!;
			flags.add(name);
			if (valueFlags.has(name) && !argument.includes('=')) {
				index++;
			}
		} else {
			positional.push(argument);
		}
	}

	const jsonl = flags.has('--jsonl');
	if ((!flags.has('--json') && !jsonl) || flags.has('--jq') || flags.has('--template') || flags.has('--help')) {
		return undefined;
	}

	const [command, sub] = positional;
	switch (command) {
		case undefined: {
			return jsonl ? {name: 'post', jsonl: true} : {name: 'posts', jsonl: false};
		}

		case 'read': {
			return {name: 'post', jsonl: false};
		}

		case 'feeds': {
			return sub === undefined ? {name: 'feeds', jsonl: false} : undefined;
		}

		case 'unread':
		case 'categories': {
			return {name: command, jsonl: false};
		}

		default: {
			return undefined;
		}
	}
}

/**
Check a CLI run's stdout against its schema (see outputSchema). Returns a description of what is wrong, or undefined.
An empty stdout (nothing could be produced, or an error) is not checked; stdout that is not JSON is reported.
*/
export function checkCliOutput(args: string[], stdout: string): string | undefined {
	const target = outputSchema(args);
	if (!target || stdout === '') {
		return undefined;
	}

	let values: unknown[];
	try {
		values = target.jsonl ? stdout.split('\n').filter(Boolean).map(line => JSON.parse(line) as unknown) : [JSON.parse(stdout) as unknown];
	} catch (error) {
		return `stdout is not JSON: ${(error as Error).message}`;
	}

	const errors = values.flatMap(value => schemaErrors(target.name, value));
	return errors.length === 0 ? undefined : `evnews ${args.join(' ')}: stdout does not match \`evnews schema ${target.name}\`:\n${errors.slice(0, 10).join('\n')}`;
}
