import type {Post} from '../feed/types.js';

/** The fields of a post in `--json` output, in order. `content` is produced only when asked for. */
export const defaultFields = [
	'id',
	'guid',
	'title',
	'link',
	'author',
	'published',
	'updated',
	'categories',
	'summary',
	'image',
	'feed',
	'read',
	'starred',
] as const;

export const allFields = [...defaultFields, 'content'] as const;

export type Field = (typeof allFields)[number];

export type OutputPost = Post & {read: boolean; starred: boolean; content?: string};

export function isField(name: string): name is Field {
	return (allFields as readonly string[]).includes(name);
}

/** Parse `--fields a,b,c`; returns the unknown names as well so the caller can report them. */
export function parseFields(value: string | undefined): {fields: Field[]; unknown: string[]} {
	if (value === undefined) {
		return {fields: [...defaultFields], unknown: []};
	}

	const names = value
		.split(',')
		.map(name => name.trim())
		.filter(Boolean);
	const fields: Field[] = [];
	const unknown: string[] = [];
	for (const name of names) {
		if (!isField(name)) {
			unknown.push(name);
		} else if (!fields.includes(name)) {
			fields.push(name);
		}
	}

	return {fields, unknown};
}

/** The post as a plain object with just the chosen fields, in the chosen order. Missing values are null. */
export function pickFields(post: OutputPost, fields: readonly Field[]): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const field of fields) {
		result[field] = post[field] ?? null;
	}

	return result;
}
