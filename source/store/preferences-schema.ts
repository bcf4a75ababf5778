import {limits} from '../feed/limits.js';
/**
The preferences schema, shared by both readers of `config.json`:
- `conf` (with ajv) validates it on writes (`updatePreferences`), given `schema` + `rootSchema`;
- `validatePreferences` below checks the same object without ajv, for the fast read path (`readPreferences`),
  which must not import conf.

Only the JSON-Schema keywords that `validatePreferences` understands may be used here:
type, enum, minimum, maximum, minLength, maxLength, maxItems, items, properties, required,
additionalProperties (boolean or schema), anyOf, default.
*/

export type FeedEntry = {
	url: string;
	title?: string;
	refreshMinutes?: number;
	folder?: string;
	/** Fetch the full text of new posts in the background (reader mode). */
	fullText?: boolean;
};

export type Theme = 'auto' | 'dark' | 'light' | 'none';

export type Preferences = {
	feeds: FeedEntry[];
	unreadOnly: boolean;
	sort: 'newest' | 'oldest';
	refreshMinutes: number;
	theme: Theme;
	articleWidth: number;
	/** Dates in the reader, `read` and the plain list: `local`, or an IANA zone name such as `UTC`. */
	timeZone: string;
	/** OSC 8 hyperlinks on link numbers where the terminal supports them (EVNEWS_HYPERLINKS=0 turns them off). */
	hyperlinks: boolean;
	/** Post rows: one line (title · feed · time), two, or auto (one line under 40 rows). */
	density: 'auto' | 'compact' | 'comfortable';
	/** Action name → key name(s), for the reader. */
	keys: Record<string, string | string[]>;
};

export const defaultFeed: FeedEntry = {url: 'https://thedriven.io/feed/', title: 'The Driven'};

/** Caps that keep a hand-edited (or hostile) file bounded. */
export const preferenceLimits = {
	maxFeeds: limits.configMaxFeeds,
	urlMax: limits.configUrlMax,
	titleMax: limits.configTitleMax,
	folderMax: limits.configFolderMax,
	maxKeys: limits.configMaxKeys,
} as const;

export type JsonSchema = {
	type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
	enum?: readonly unknown[];
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	maxItems?: number;
	maxProperties?: number;
	items?: JsonSchema;
	properties?: Record<string, JsonSchema>;
	required?: readonly string[];
	additionalProperties?: boolean | JsonSchema;
	anyOf?: readonly JsonSchema[];
	default?: unknown;
};

const feedEntrySchema: JsonSchema = {
	type: 'object',
	properties: {
		url: {type: 'string', minLength: 1, maxLength: preferenceLimits.urlMax},
		title: {type: 'string', maxLength: preferenceLimits.titleMax},
		refreshMinutes: {type: 'number', minimum: 1},
		folder: {type: 'string', maxLength: preferenceLimits.folderMax},
		fullText: {type: 'boolean'},
	},
	required: ['url'],
	additionalProperties: false,
};

/** The `schema` option of conf: one JSON schema per top-level key. */
export const preferencesSchema = {
	feeds: {type: 'array', items: feedEntrySchema, maxItems: preferenceLimits.maxFeeds, default: [defaultFeed]},
	unreadOnly: {type: 'boolean', default: false},
	sort: {type: 'string', enum: ['newest', 'oldest'], default: 'newest'},
	refreshMinutes: {type: 'number', minimum: 1, default: 15},
	theme: {type: 'string', enum: ['auto', 'dark', 'light', 'none'], default: 'auto'},
	articleWidth: {type: 'number', minimum: 20, maximum: 1000, default: 80},
	// A zone name Intl knows, or `local`; the name itself is checked by `timeZoneProblem` (not a JSON-Schema keyword).
	timeZone: {type: 'string', minLength: 1, maxLength: 64, default: 'local'},
	hyperlinks: {type: 'boolean', default: true},
	density: {type: 'string', enum: ['auto', 'compact', 'comfortable'], default: 'auto'},
	keys: {
		type: 'object',
		maxProperties: preferenceLimits.maxKeys,
		additionalProperties: {
			anyOf: [
				{type: 'string', minLength: 1, maxLength: 32},
				{type: 'array', items: {type: 'string', minLength: 1, maxLength: 32}, maxItems: 16},
			],
		},
		default: {},
	},
} satisfies Record<keyof Preferences, JsonSchema>;

/** The `rootSchema` option of conf: no unknown top-level keys. */
export const preferencesRootSchema = {additionalProperties: false} as const;

export function defaultPreferences(): Preferences {
	return structuredClone({
		feeds: preferencesSchema.feeds.default,
		unreadOnly: preferencesSchema.unreadOnly.default,
		sort: preferencesSchema.sort.default as Preferences['sort'],
		refreshMinutes: preferencesSchema.refreshMinutes.default,
		theme: preferencesSchema.theme.default as Theme,
		articleWidth: preferencesSchema.articleWidth.default,
		timeZone: preferencesSchema.timeZone.default,
		hyperlinks: preferencesSchema.hyperlinks.default,
		density: preferencesSchema.density.default as Preferences['density'],
		keys: preferencesSchema.keys.default,
	});
}

function typeOf(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'array';
	}

	return typeof value;
}

/** Check `value` against `schema`; return the first problem as `path: message`, or undefined. */
function checkSchema(value: unknown, schema: JsonSchema, at = ''): string | undefined {
	const where = at || '/';
	if (schema.anyOf) {
		const problems = schema.anyOf.map(option => checkSchema(value, option, at));
		if (problems.every(problem => problem !== undefined)) {
			return `${where}: must match one of the allowed shapes`;
		}
	}

	const actual = typeOf(value);
	if (schema.type) {
		const ok = schema.type === 'integer'
			? Number.isInteger(value)
			: (schema.type === 'number' ? actual === 'number' && Number.isFinite(value) : actual === schema.type);
		if (!ok) {
			return `${where}: must be ${schema.type}`;
		}
	}

	if (schema.enum && !schema.enum.includes(value)) {
		return `${where}: must be one of ${schema.enum.join(', ')}`;
	}

	if (typeof value === 'number') {
		if (schema.minimum !== undefined && value < schema.minimum) {
			return `${where}: must be >= ${schema.minimum}`;
		}

		if (schema.maximum !== undefined && value > schema.maximum) {
			return `${where}: must be <= ${schema.maximum}`;
		}
	}

	if (typeof value === 'string') {
		// JSON Schema counts code points.
		const length = schema.minLength !== undefined || schema.maxLength !== undefined ? [...value].length : 0;
		if (schema.minLength !== undefined && length < schema.minLength) {
			return `${where}: must have at least ${schema.minLength} characters`;
		}

		if (schema.maxLength !== undefined && length > schema.maxLength) {
			return `${where}: must have at most ${schema.maxLength} characters`;
		}
	}

	if (Array.isArray(value)) {
		if (schema.maxItems !== undefined && value.length > schema.maxItems) {
			return `${where}: must have at most ${schema.maxItems} items`;
		}

		if (schema.items) {
			for (const [index, item] of value.entries()) {
				const problem = checkSchema(item, schema.items, `${at}/${index}`);
				if (problem) {
					return problem;
				}
			}
		}
	}

	if (actual === 'object') {
		const object = value as Record<string, unknown>;
		const keys = Object.keys(object);
		if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
			return `${where}: must have at most ${schema.maxProperties} properties`;
		}

		for (const name of schema.required ?? []) {
			if (!Object.hasOwn(object, name)) {
				return `${where}: must have property ${name}`;
			}
		}

		for (const key of keys) {
			const property = schema.properties && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
			const child = `${at}/${key}`;
			if (property) {
				const problem = checkSchema(object[key], property, child);
				if (problem) {
					return problem;
				}
			} else if (schema.additionalProperties === false) {
				return `${where}: must not have property ${JSON.stringify(key).slice(0, 80)}`;
			} else if (typeof schema.additionalProperties === 'object') {
				const problem = checkSchema(object[key], schema.additionalProperties, child);
				if (problem) {
					return problem;
				}
			}
		}
	}

	return undefined;
}

/** The whole-file check: the same rules conf applies with `schema` + `rootSchema`. */
export function validatePreferences(value: unknown): string | undefined {
	return checkSchema(value, {type: 'object', properties: preferencesSchema, ...preferencesRootSchema})
		?? timeZoneProblem((value as Partial<Preferences>).timeZone, '/timeZone');
}

/** `local`, or a zone Intl knows (IANA names, `UTC`); else the problem as `path: message`. */
function timeZoneProblem(value: unknown, at = '/timeZone'): string | undefined {
	if (value === undefined || value === 'local') {
		return undefined;
	}

	try {
		// eslint-disable-next-line no-new
		new Intl.DateTimeFormat('en', {timeZone: value as string});
		return undefined;
	} catch {
		return `${at}: must be local or a time zone name such as UTC or Europe/Paris`;
	}
}

export type Repair = {value: Partial<Preferences>; warnings: string[]} | {problem: string};

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeOf(value) === 'object';
}

const shown = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, 60);

/** A feed entry with its invalid optional fields dropped, or undefined when its url is unusable. */
function repairFeed(entry: unknown, index: number, warnings: string[]): FeedEntry | undefined {
	const at = `feeds/${index}`;
	if (!isPlainObject(entry) || checkSchema(entry.url, feedEntrySchema.properties!.url!) !== undefined) {
		warnings.push(`${at} has no usable url; that feed is left out`);
		return undefined;
	}

	const kept: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(entry)) {
		const schema = Object.hasOwn(feedEntrySchema.properties!, key) ? feedEntrySchema.properties![key] : undefined;
		const problem = schema ? checkSchema(value, schema, `/${at}/${key}`) : `/${at}: unknown key ${shown(key)}`;
		if (problem === undefined) {
			kept[key] = value;
		} else {
			warnings.push(`${problem.slice(1)}; ignored`);
		}
	}

	return kept as FeedEntry;
}

function repairKeys(value: unknown, warnings: string[]): Record<string, string | string[]> | undefined {
	if (!isPlainObject(value)) {
		warnings.push('keys: must be object; using the default key bindings');
		return undefined;
	}

	const kept: Record<string, string | string[]> = {};
	let count = 0;
	for (const [action, binding] of Object.entries(value)) {
		const problem = checkSchema(binding, preferencesSchema.keys.additionalProperties, `/keys/${action}`);
		if (problem !== undefined) {
			warnings.push(`keys/${shown(action)}: ${shown(binding)} is not a key name or a list of them; ignored`);
		} else if (count >= preferenceLimits.maxKeys) {
			warnings.push(`keys/${shown(action)}: more than ${preferenceLimits.maxKeys} bindings; ignored`);
		} else {
			kept[action] = binding as string | string[];
			count++;
		}
	}

	return kept;
}

/**
Keep what is valid in a parsed config file: an invalid key is dropped (so its default applies) with one warning
line; an invalid entry of `keys` drops only that entry, an invalid feed field only that field, and a feed
without a usable url only that feed. A file that is not an object, or whose `feeds` is not a list (or too long),
cannot be read: `problem` says why.
*/
export function repairPreferences(value: unknown): Repair {
	if (!isPlainObject(value)) {
		return {problem: `it holds ${typeOf(value) === 'array' ? 'an array' : typeOf(value)}, not an object`};
	}

	const warnings: string[] = [];
	const result: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(value)) {
		if (key === 'feeds') {
			if (!Array.isArray(field) || field.length > preferenceLimits.maxFeeds) {
				return {problem: `its feeds cannot be read (${checkSchema(field, preferencesSchema.feeds, '/feeds')!})`};
			}

			result.feeds = field.map((entry, index) => repairFeed(entry, index, warnings)).filter(entry => entry !== undefined);
		} else if (key === 'keys') {
			const keys = repairKeys(field, warnings);
			if (keys !== undefined) {
				result.keys = keys;
			}
		} else if (Object.hasOwn(preferencesSchema, key)) {
			const schema = preferencesSchema[key as keyof Preferences] as JsonSchema;
			const problem = checkSchema(field, schema, `/${key}`) ?? (key === 'timeZone' ? timeZoneProblem(field) : undefined);
			if (problem === undefined) {
				result[key] = field;
			} else {
				warnings.push(`${problem.slice(1)}, not ${shown(field)}; using the default (${shown(schema.default)})`);
			}
		} else {
			warnings.push(`unknown key ${shown(key)}; ignored`);
		}
	}

	return {value: result, warnings};
}

/** Fill defaults for missing keys (the file has been validated). */
export function withDefaults(stored: Partial<Preferences>): Preferences {
	return {...defaultPreferences(), ...structuredClone(stored)};
}
