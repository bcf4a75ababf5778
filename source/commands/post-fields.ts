import {sanitizeLine, sanitizeText} from '../feed/sanitize.js';
import type {Enclosure, Post} from '../feed/types.js';
import {redactUrl} from '../feed/urls.js';

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
	'enclosures',
	'feed',
	'read',
	'starred',
] as const;

export const allFields = [...defaultFields, 'content'] as const;

export type Field = (typeof allFields)[number];

export type OutputPost = Post & {read: boolean; starred: boolean; content?: string};

function isField(name: string): name is Field {
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

/**
The post as a plain object with just the chosen fields, in the chosen order. Missing values are null.
Output is render time: every string goes through the sanitiser again (the cache could have been edited), and a
feed URL never shows its password.
*/
export function pickFields(post: OutputPost, fields: readonly Field[]): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const field of fields) {
		result[field] = clean(field, post[field]);
	}

	return result;
}

function clean(field: Field, value: unknown): unknown {
	if (typeof value === 'string') {
		return field === 'content' ? sanitizeText(value, Number.MAX_SAFE_INTEGER) : sanitizeLine(value, Number.MAX_SAFE_INTEGER);
	}

	if (field === 'categories' && Array.isArray(value)) {
		return value.map(name => sanitizeLine(name, Number.MAX_SAFE_INTEGER));
	}

	if (field === 'enclosures') {
		return Array.isArray(value) ? value.filter(item => typeof item === 'object' && item !== null).map(item => cleanEnclosure(item as Enclosure)) : [];
	}

	if (field === 'feed' && value && typeof value === 'object') {
		const feed = value as Post['feed'];
		return {title: sanitizeLine(feed.title, Number.MAX_SAFE_INTEGER), url: sanitizeLine(redactUrl(feed.url), Number.MAX_SAFE_INTEGER)};
	}

	return value ?? null;
}

/** An enclosure as printed: strings sanitised again, numbers kept only when they are numbers. */
function cleanEnclosure(enclosure: Enclosure): Enclosure {
	const number = (value: unknown) => typeof value === 'number' && Number.isFinite(value) ? value : null;
	return {
		url: sanitizeLine(redactUrl(String(enclosure.url)), Number.MAX_SAFE_INTEGER),
		type: typeof enclosure.type === 'string' ? sanitizeLine(enclosure.type, Number.MAX_SAFE_INTEGER) : null,
		length: number(enclosure.length),
		duration: number(enclosure.duration),
	};
}
