import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import type ConfModule from 'conf';
import {limits} from '../feed/limits.js';
import {copyAside, moveAside} from './atomic-write.js';
import {withLock} from './lock.js';
import {getPaths} from './paths.js';
import {
	type Preferences,
	preferencesRootSchema,
	preferencesSchema,
	repairPreferences,
	validatePreferences,
	withDefaults,
} from './preferences-schema.js';

/**
Preferences live in `$XDG_CONFIG_HOME/evnews/config.json` (no `-nodejs` suffix), schema-checked.

- Reads (`readPreferences`) never import conf: read, JSON.parse, and the small validator in
  preferences-schema.ts over the same schema conf uses. That keeps `--json` and `evnews unread` fast.
- Writes (`updatePreferences`) go through conf (ajv, atomic write), loaded lazily, under a lock, after a
  fresh read, so two processes never lose each other's change (last writer wins per key it changed).
- A value that breaks the schema is dropped, so its default applies, with one warning line per key
  (an invalid entry of `keys` or `feeds` drops only that entry; `repairPreferences`). The next write keeps a copy
  of the original as `config.json.corrupt-<time>` first (`copyAside`), so nothing is lost.
- A file that is not JSON, not an object, or whose `feeds` is not a list is moved aside to
  `config.json.corrupt-<time>` with one warning line, and evnews runs on defaults.
  conf's `clearInvalidConfig` is never used (it would overwrite the file).
- A symlinked `config.json` is written through (conf's atomic write resolves the link), as dotfile managers expect.
- Keys are always set whole: feed URLs never become conf dot-paths.
*/

export type {FeedEntry, Preferences} from './preferences-schema.js';
export {defaultFeed, defaultPreferences} from './preferences-schema.js';

export type PreferencesRead = {
	preferences: Preferences;
	/** One line each: a file moved aside, an unreadable file. */
	warnings: string[];
	/** The config file. */
	file: string;
	/** Whether the file exists (after any move aside). */
	exists: boolean;
	/** Whether invalid values were dropped (the file on disk still holds them). */
	repaired?: boolean;
};

/** The file's usable content, with a warning per dropped value, or the reason it cannot be used at all. */
function interpret(text: string): {value: Partial<Preferences>; warnings: string[]} | {problem: string} {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return {problem: text.trim() === '' ? 'it is empty' : 'it is not valid JSON'};
	}

	return validatePreferences(value) === undefined ? {value: value as Partial<Preferences>, warnings: []} : repairPreferences(value);
}

/** Conf's `deserialize`: the same repair as the fast reader, so conf never rejects a file the reader accepted. */
function deserialize(text: string): Record<string, unknown> {
	const result = interpret(text);
	if ('problem' in result) {
		throw new Error(result.problem);
	}

	return result.value;
}

/** Read the preferences without conf. Missing file → defaults. Corrupt → moved aside, defaults, one warning. */
export function readPreferences(env: NodeJS.ProcessEnv = process.env): PreferencesRead {
	const file = getPaths(env).configFile;
	let text: string;
	try {
		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const {code, message} = error as NodeJS.ErrnoException;
		if (code === 'ENOENT') {
			return {preferences: withDefaults({}), warnings: [], file, exists: false};
		}

		return {
			preferences: withDefaults({}),
			warnings: [`cannot read ${file} (${code ?? message}); using default preferences`],
			file,
			exists: true,
		};
	}

	const result = interpret(text);
	if ('problem' in result) {
		return {preferences: withDefaults({}), warnings: [setAside(file, result.problem)], file, exists: false};
	}

	const warnings = result.warnings.map(line => `${file}: ${line}`);
	return {preferences: withDefaults(result.value), warnings, file, exists: true, repaired: warnings.length > 0};
}

function setAside(file: string, problem: string): string {
	try {
		const moved = moveAside(file);
		return `${file} was unusable (${problem}); moved it to ${path.basename(moved)} and using default preferences`;
	} catch (error) {
		return `${file} is unusable (${problem}) and could not be moved aside (${(error as NodeJS.ErrnoException).code ?? 'error'}); using default preferences`;
	}
}

class PreferencesError extends Error {
	override name = 'PreferencesError';
}

type ConfInstance = {store: Record<string, unknown>};

/** The options evnews gives conf (exported so tests can check conf and the fast reader agree). */
export function confOptions(directory: string) {
	return {
		projectName: 'evnews',
		projectSuffix: '',
		cwd: directory,
		configName: 'config',
		// The same schema object the fast reader checks. conf's types want json-schema-typed shapes.
		schema: preferencesSchema as never,
		rootSchema: preferencesRootSchema,
		accessPropertiesByDotNotation: false,
		clearInvalidConfig: false,
		deserialize,
		// Feed URLs may hold credentials.
		configFileMode: 0o600,
	};
}

type ConfClass = typeof ConfModule;

/** Loaded before the lock is taken: importing conf and ajv takes far longer than the locked write. */
async function loadConf(): Promise<ConfClass> {
	const {default: Conf} = await import('conf');
	return Conf;
}

function openConf(Conf: ConfClass, directory: string): ConfInstance {
	return new Conf<Record<string, unknown>>(confOptions(directory));
}

/** The schema without its defaults: conf then never writes the file on its own (it fills missing keys otherwise). */
function schemaWithoutDefaults(): Record<string, unknown> {
	return Object.fromEntries(Object.entries(preferencesSchema).map(([key, {default: _default, ...rest}]) => [key, rest]));
}

/**
A conf instance made before the lock is taken, so ajv compiles the schema outside it. Without schema defaults, its
constructor only reads and validates (never writes), so it cannot race a writer; the write happens under the lock.
Undefined when the file cannot be used now (the locked path moves it aside and opens conf again).
*/
function openWriter(Conf: ConfClass, directory: string): ConfInstance | undefined {
	try {
		return new Conf<Record<string, unknown>>({...confOptions(directory), schema: schemaWithoutDefaults() as never});
	} catch {
		return undefined;
	}
}

/**
Change the preferences: `mutator` gets a copy of the current ones (read fresh, under the lock) and
edits it in place or returns a new object; it returns `false` to write nothing. The result is
validated and written through conf. An I/O failure is a PreferencesError naming the file. Returns the stored preferences and any warnings from reading the old file.
*/
export async function updatePreferences(
	mutator: (preferences: Preferences) => Preferences | void | false,
	env: NodeJS.ProcessEnv = process.env,
): Promise<{preferences: Preferences; warnings: string[]}> {
	const paths = getPaths(env);
	try {
		const Conf = await loadConf();
		fs.mkdirSync(paths.config, {recursive: true});
		const writer = openWriter(Conf, paths.config);
		return await withLock(path.join(paths.config, 'config.json.lock'), () => change(writer ?? Conf, paths, mutator, env));
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		if (error instanceof PreferencesError || code === undefined) {
			throw error;
		}

		throw new PreferencesError(`cannot write ${paths.configFile}: ${code}`);
	}
}

/** Under the lock: read fresh, change, validate, write (`confOrClass`: the writer made before the lock, else conf itself). */
function change(
	confOrClass: ConfInstance | ConfClass,
	{config: directory, configFile}: {config: string; configFile: string},
	mutator: (preferences: Preferences) => Preferences | void | false,
	env: NodeJS.ProcessEnv,
): {preferences: Preferences; warnings: string[]} {
	const read = readPreferences(env);
	const draft = structuredClone(read.preferences);
	const result = mutator(draft);
	if (result === false) {
		return {preferences: read.preferences, warnings: read.warnings};
	}

	const next = result ?? draft;
	const problem = validatePreferences(next);
	if (problem !== undefined) {
		throw new PreferencesError(`invalid preferences: ${problem}`);
	}

	if (read.repaired) {
		// The values about to be dropped for good stay readable in a copy.
		read.warnings.push(`${configFile}: kept the original as ${path.basename(copyAside(configFile))}`);
	}

	const conf = typeof confOrClass === 'function' ? openInLock(confOrClass, directory, configFile, read.warnings) : confOrClass;
	conf.store = next;
	return {preferences: next, warnings: read.warnings};
}

function openInLock(Conf: ConfClass, directory: string, configFile: string, warnings: string[]): ConfInstance {
	try {
		return openConf(Conf, directory);
	} catch (error) {
		// The file changed under us (another editor) into something conf rejects: never overwrite it.
		if ((error as NodeJS.ErrnoException).code === undefined && fs.existsSync(configFile)) {
			warnings.push(setAside(configFile, (error as Error).message.split('\n')[0]!.slice(0, limits.errorMessageMax)));
			return openConf(Conf, directory);
		}

		throw error;
	}
}

