import {once} from 'node:events';
import type {Writable} from 'node:stream';
import {stringifyJsonSafe} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import {collectPosts, type Collected} from './collect-posts.js';
import {exitCode, UsageError, type Command, type CommandContext, type Flags, type Io} from './context.js';
import {allFields, parseFields, pickFields, type OutputPost} from './post-fields.js';
import {selectPosts} from './post-filters.js';
import {inTimeRange, parseTimeRange} from './time-range.js';
import {warn} from './state-output.js';

/** The output text through `--template` (liquidjs) or `--jq` (jq-web), each loaded only then. */
async function renderScripted(objects: Array<Record<string, unknown>>, flags: Flags, io: Io): Promise<string> {
	if (flags.template !== undefined) {
		const {renderTemplate} = await import('./template.js');
		return renderTemplate(objects, flags.template, {env: io.env, isTTY: Boolean(io.stdout.isTTY)});
	}

	const {runJq} = await import('./jq-filter.js');
	return runJq(objects, flags.jq!);
}

/**
JSON (an array, indented by 2) or JSON Lines, rendered `limits.jsonBatchPosts` posts at a time, as they are
written: only one batch's output objects and text are alive at once, not 10,000 posts' (they were a third of the
collector's work, and their 7 MB of text, held to the end, was copied and promoted by the young generation). The
text is the same as one `JSON.stringify` of the whole array: each batch's array without its brackets, joined by `,\n`.
*/
export function * renderJson(posts: OutputPost[], toObject: (post: OutputPost) => Record<string, unknown>, jsonl: boolean): Generator<string, void> {
	for (let start = 0; start < posts.length; start += limits.jsonBatchPosts) {
		const objects = posts.slice(start, start + limits.jsonBatchPosts).map(post => toObject(post));
		yield jsonl ? objects.map(object => stringifyJsonSafe(object) + '\n').join('') : `${start === 0 ? '[\n' : ',\n'}${stringifyJsonSafe(objects, 2).slice(2, -2)}`;
	}

	if (!jsonl) {
		yield posts.length === 0 ? '[]\n' : '\n]\n';
	}
}

/**
Write the parts in order, each made only once the stream has taken the one before (a pipe to a slow reader says
so by returning false), so a slow reader never makes the whole output pile up in memory. If making a part fails
part-way, a JSON array is closed (or an empty one written) before the error goes on: stdout stays valid JSON.
*/
export async function writeParts(parts: Iterator<string, void>, stdout: Writable, jsonl: boolean): Promise<void> {
	let written = false;
	for (;;) {
		let next: IteratorResult<string, void>;
		try {
			next = parts.next();
		} catch (error) {
			if (!jsonl) {
				stdout.write(written ? '\n]\n' : '[]\n');
			}

			throw error;
		}

		if (next.done) {
			return;
		}

		written = true;
		if (!stdout.write(next.value)) {
			// eslint-disable-next-line no-await-in-loop -- one part at a time is the point
			await once(stdout, 'drain');
		}
	}
}

async function fullTexts(posts: OutputPost[], context: Parameters<Command>[0]) {
	const [{fullTextFor}, {getPaths}, {sanitizeLine}] = await Promise.all([
		import('../article/fetch-full-text.js'),
		import('../store/paths.js'),
		import('../feed/sanitize.js'),
	]);
	return fullTextFor(posts, {
		cacheDirectory: getPaths(context.io.env).cache,
		offline: context.flags.offline,
		keep: posts.filter(post => post.starred).map(post => post.id),
		onFailure(post, reason) {
			warn(context, [`no full text for ${sanitizeLine(post.id, limits.shownNameMax)}: ${reason}`]);
		},
	});
}

/** `evnews --json` / `--jsonl`: the posts, newest first, as JSON. stdout is always valid JSON. */
export const postsJson: Command = async context => {
	const {flags, io} = context;
	if (flags.jq !== undefined && flags.template !== undefined) {
		throw new UsageError('--jq and --template do not go together', 'use one of them');
	}

	const {fields, unknown} = parseFields(flags.fields);
	if (unknown.length > 0) {
		throw new UsageError(`unknown field ${unknown.join(', ')}`, `valid fields: ${allFields.join(', ')}`);
	}

	if (fields.length === 0) {
		throw new UsageError('--fields is empty', `valid fields: ${allFields.join(', ')}`);
	}

	if (flags.full && !fields.includes('content')) {
		throw new UsageError('--full fetches the content field', 'e.g. evnews --json --fields id,title,content --full');
	}

	const range = parseTimeRange(flags);
	// The --new cursor's module is loaded only for that flag; its name is checked before any fetch.
	const name = flags.new === undefined ? undefined : (await import('./new-cursor.js')).cursorName(flags.new);
	let collected;
	try {
		collected = await collectPosts(context, {
			needMarks: fields.includes('read') || fields.includes('starred') || flags.unread || flags.starred,
		});
	} catch (error) {
		// Nothing could be produced (no home folder, say): stdout still holds valid JSON.
		io.stdout.write(flags.jsonl || flags.jq !== undefined || flags.template !== undefined ? '' : '[]\n');
		throw error;
	}

	const cursor = name === undefined ? undefined : (await import('./new-cursor.js')).openCursor(context, name);
	try {
		// --since/--until and --new first, so --limit counts posts in the range that are new (to move into the query module later).
		const candidates = collected.posts.filter(post => inTimeRange(post, range) && (!cursor || cursor.isNew(post.id)));
		const posts = selectPosts(candidates, {...flags, folders: collected.folders, searchMatches: collected.siteMatches});
		await print(posts, collected, context);
		await cursor?.delivered(posts.map(post => post.id), collected.posts.map(post => post.id));
	} finally {
		cursor?.release();
	}

	if (collected.nothing && collected.failed) {
		return exitCode.failed;
	}

	return collected.failed ? exitCode.partial : exitCode.ok;
};

/** The chosen fields of each post (the content converted to markdown only when asked for), rendered and written once. */
async function print(selected: OutputPost[], collected: Collected, context: CommandContext): Promise<void> {
	const {flags, io} = context;
	const {fields} = parseFields(flags.fields);
	let withContent = (post: OutputPost) => post;
	if (fields.includes('content')) {
		// Turndown is only loaded when content is asked for.
		const {htmlToMarkdown} = await import('../feed/html-to-markdown.js');
		// --full: the full text (cached, else fetched and cached); Readability is loaded only then.
		const full = flags.full ? await fullTexts(selected, context) : undefined;
		withContent = post => {
			const body = full?.get(post.id) ?? collected.content(post);
			return {...post, content: body ? htmlToMarkdown(body.html, body.base) : ''};
		};
	}

	const toObject = (post: OutputPost) => pickFields(withContent(post), fields);
	if (flags.template !== undefined || flags.jq !== undefined) {
		io.stdout.write(await renderScripted(selected.map(post => toObject(post)), flags, io));
		return;
	}

	await writeParts(renderJson(selected, toObject, Boolean(flags.jsonl)), io.stdout, Boolean(flags.jsonl));
}
