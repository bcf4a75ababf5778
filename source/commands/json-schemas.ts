/**
JSON Schemas (draft 2020-12) of every `--json` output, printed by `evnews schema NAME`. Data only; loaded by that
command alone (never by `--json`). `--fields` picks a subset of a post's properties, so none is required, but no
other property appears. Keep in step with post-fields.ts, feeds.ts, unread.ts and categories.ts (test/schema.test.ts
validates real outputs against these).
*/

const draft = 'https://json-schema.org/draft/2020-12/schema';
const nullable = (schema: Record<string, unknown>) => ({anyOf: [schema, {type: 'null'}]});
const isoTime = {type: 'string', pattern: String.raw`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$`};
const httpUrl = {type: 'string', pattern: '^https?://'};
const count = {type: 'integer', minimum: 0};
const object = (properties: Record<string, unknown>, description?: string) => ({
	type: 'object',
	...(description ? {description} : {}),
	properties,
	required: Object.keys(properties),
	additionalProperties: false,
});

const enclosure = object({
	url: httpUrl,
	type: nullable({type: 'string', description: 'MIME type as the feed gives it'}),
	length: nullable({...count, description: 'bytes'}),
	duration: nullable({type: 'number', minimum: 0, description: 'seconds'}),
});

const post = {
	type: 'object',
	description: 'A post of `evnews --json` (one line of `--jsonl`; `evnews read ID --json` has every field). `--fields` chooses which properties appear, in its order.',
	properties: {
		id: {type: 'string', minLength: 1, description: 'short, stable id for read, mark-read, star'},
		guid: nullable({type: 'string'}),
		title: {type: 'string'},
		link: nullable(httpUrl),
		author: nullable({type: 'string'}),
		published: nullable(isoTime),
		updated: nullable(isoTime),
		categories: {type: 'array', items: {type: 'string'}},
		summary: {type: 'string'},
		image: nullable(httpUrl),
		enclosures: {type: 'array', items: enclosure, maxItems: 8},
		feed: object({title: {type: 'string'}, url: {type: 'string'}}),
		read: {type: 'boolean'},
		starred: {type: 'boolean'},
		content: {type: 'string', description: 'only with --fields content: the article as markdown'},
	},
	additionalProperties: false,
};

const feed = object({
	index: {type: 'integer', minimum: 1, description: 'the number for `evnews feeds rm N`'},
	url: {type: 'string'},
	title: {type: 'string'},
	folder: nullable({type: 'string'}),
	posts: count,
	unread: count,
	lastSuccess: nullable(isoTime),
	lastError: nullable(object({code: {type: 'string'}, message: {type: 'string'}, at: isoTime})),
	nextAllowed: nullable(isoTime),
	nextFetch: nullable(isoTime),
	kind: nullable({enum: ['wordpress', 'rss', 'atom', 'rdf', 'json'], description: 'the feed\'s format, or wordpress for a WordPress site; null until fetched'}),
	api: nullable({type: 'string', pattern: '^(?:ok|unknown|unavailable: .+)$', description: 'a WordPress site\'s REST API state; null for other feeds'}),
});

const wordpressCategory = object({
	name: {type: 'string'},
	slug: {type: 'string'},
	count: {...count, description: 'the site\'s post count'},
	parent: nullable({type: 'string', description: 'the parent\'s slug'}),
	feed: {type: 'string', description: 'the category\'s feed URL'},
});

const postCategory = object({name: {type: 'string'}, count: {...count, description: 'cached posts in it'}});

const group = (kind: string, row: unknown) => object({
	url: {type: 'string'},
	kind: {const: kind},
	api: {type: 'string', description: 'the WordPress REST API state: ok, unknown, unavailable (…)'},
	categories: {type: 'array', items: row},
});

export const schemas = {
	posts: {
		$schema: draft,
		$id: 'urn:evnews:schema:posts',
		title: 'evnews --json',
		type: 'array',
		items: {$ref: '#/$defs/post'},
		$defs: {post, enclosure},
	},
	post: {
		$schema: draft,
		$id: 'urn:evnews:schema:post',
		title: 'evnews --jsonl (each line), evnews read ID --json',
		...post,
	},
	feeds: {
		$schema: draft,
		$id: 'urn:evnews:schema:feeds',
		title: 'evnews feeds --json',
		type: 'array',
		items: feed,
	},
	unread: {
		$schema: draft,
		$id: 'urn:evnews:schema:unread',
		title: 'evnews unread --json',
		...object({
			total: count,
			feeds: {type: 'array', items: object({url: {type: 'string'}, title: {type: 'string'}, unread: count})},
			categories: {type: 'array', items: object({name: {type: 'string'}, unread: count})},
		}),
	},
	categories: {
		$schema: draft,
		$id: 'urn:evnews:schema:categories',
		title: 'evnews categories --json',
		type: 'array',
		items: {oneOf: [group('wordpress', wordpressCategory), group('feed', postCategory)]},
	},
} as const;

export type SchemaName = keyof typeof schemas;
