import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {exitCode, UsageError, type Command} from './context.js';
import {didYouMean} from './did-you-mean.js';
import {schemas} from './json-schemas.js';
import {out} from './state-output.js';

/** `evnews schema [posts|post|feeds|unread|categories]`: the JSON Schema (draft 2020-12) of a `--json` output. */
export const schemaCommand: Command = async context => {
	const [name = 'posts', ...extra] = context.input;
	const names = Object.keys(schemas);
	if (extra.length > 0) {
		throw new UsageError('schema takes one name', `e.g. evnews schema posts (names: ${names.join(', ')})`);
	}

	if (!Object.hasOwn(schemas, name)) {
		const guess = didYouMean(name, names);
		throw new UsageError(`no schema "${sanitizeLine(name, limits.shownArgumentMax)}"`, guess ? `did you mean ${guess}?` : `names: ${names.join(', ')}`);
	}

	out(context, JSON.stringify(schemas[name as keyof typeof schemas], undefined, 2) + '\n');
	return exitCode.ok;
};
