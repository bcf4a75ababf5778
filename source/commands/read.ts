import process from 'node:process';
import {type ArticleBody, type BodyCandidates, cachedCandidates, chooseBody} from '../article/article-body.js';
import {sanitizeLine, stringifyJsonSafe} from '../feed/sanitize.js';
import type {Post} from '../feed/types.js';
import {listSnapshots} from '../store/cache.js';
import {getPaths} from '../store/paths.js';
import {openMarks, type Marks} from '../store/marks.js';
import {type Preferences, readPreferences} from '../store/preferences.js';
import {readStarred} from '../store/stars.js';
import {wantsColor} from '../terminal/color.js';
import {limits} from '../feed/limits.js';
import {headerInputOf} from '../article/header-input.js';
import {allFields, pickFields} from './post-fields.js';
import {exitCode, UsageError, type Command, type CommandContext} from './context.js';
import {flushed} from './epipe.js';
import {fail, warn} from './state-output.js';

/**
`evnews read ID`: one post from the cache (or from the starred snapshots), through the one article stack
(source/article): the one header, the one body fallback order, the one renderer.
- stdout a terminal: the rendered article (ANSI unless NO_COLOR / theme none), through `$PAGER` (default `less -R`,
  spawned without a shell) when it is taller than the screen; direct output if the pager cannot run.
- piped: plain markdown: the title, metadata lines, the body, then the numbered links (enclosures first).
- `--json` / `--jsonl`: the post's fields plus `content` (markdown).
- `--full`: fetch the page's full text first and cache it with the post; a failure is one line on stderr, and the
  summary (or the feed's body) stays.
*/

type Found = {post: Post; candidates: BodyCandidates};

/** The marks, or undefined when they cannot be read (reading a post does not depend on them). */
function marksOf(context: CommandContext): Marks | undefined {
	try {
		const marks = openMarks(getPaths(context.io.env).data);
		warn(context, marks.warnings);

		return marks;
	} catch (error) {
		// The post is still printed (and not marked read).
		warn(context, [`${(error as Error).message}; the post is not marked read`]);
		return undefined;
	}
}

/** Find a post by id: the cached feed snapshots first, then the snapshot of a starred post. */
function findPost(id: string, env: NodeJS.ProcessEnv, marks?: Pick<Marks, 'isStarred'>): Found | undefined {
	const paths = getPaths(env);
	for (const snapshot of listSnapshots(paths.cache)) {
		const post = snapshot.posts.find(candidate => candidate?.id === id);
		if (post) {
			return {post, candidates: cachedCandidates(post, paths.cache)};
		}
	}

	// A snapshot counts only while the post is starred (marks.ts); without the marks, trust the snapshot.
	if (marks && !marks.isStarred(id)) {
		return undefined;
	}

	const starred = readStarred(paths.data, id, []);
	if (starred) {
		const {html, base, starredAt: _starredAt, ...post} = starred;
		const {fullText} = cachedCandidates(post, paths.cache);
		return {
			post,
			candidates: {fullText, starred: typeof html === 'string' ? {html, base: typeof base === 'string' ? base : post.link ?? post.feed.url} : undefined},
		};
	}

	return undefined;
}

function articleInput(post: Post, body: ArticleBody) {
	return {
		...headerInputOf(post),
		fullTextFrom: body.fullTextFrom,
		html: body.html,
		base: body.base,
	};
}

/** `--full`: fetch and cache the full text; on failure one line on stderr, and the body stays as it was. */
async function withFullText(context: CommandContext, found: Found, marks: Marks | undefined): Promise<{found: Found; failed: boolean}> {
	const {fetchFullText} = await import('../article/fetch-full-text.js');
	const result = await fetchFullText(found.post, {
		cacheDirectory: getPaths(context.io.env).cache,
		keep: marks ? marks.starredPosts().map(post => post.id) : [],
	});
	if (!result.ok) {
		fail(context, [`no full text for ${sanitizeLine(found.post.id, limits.shownNameMax)}: ${result.reason}`]);
		return {found, failed: true};
	}

	if (result.warning) {
		warn(context, [result.warning]);
	}

	return {found: {...found, candidates: {...found.candidates, fullText: result.content}}, failed: false};
}

async function printJson(context: CommandContext, found: Found, marks: Marks | undefined): Promise<number> {
	const {htmlToMarkdown} = await import('../feed/html-to-markdown.js');
	const {html, base} = chooseBody(found.post, found.candidates);
	// The same fields, in the same order, as `evnews --json --fields …,content`, through the same render-time
	// sanitising and URL redaction.
	const object = pickFields(
		{
			...found.post,
			read: marks?.isRead(found.post.id) ?? false,
			starred: marks?.isStarred(found.post.id) ?? false,
			content: htmlToMarkdown(html, base),
		},
		allFields,
	);
	context.io.stdout.write((context.flags.jsonl ? stringifyJsonSafe(object) : stringifyJsonSafe(object, 2)) + '\n');
	return exitCode.ok;
}

/** Plain markdown for pipes: the one header (as markdown), the body, the numbered links (enclosures first). */
async function printMarkdown(context: CommandContext, found: Found, preferences: Preferences): Promise<number> {
	const [{htmlToMarkdown}, {renderArticle}, {headerMarkdown}] = await Promise.all([
		import('../feed/html-to-markdown.js'),
		import('../article/render-article.js'),
		import('../article/article-header.js'),
	]);
	const input = articleInput(found.post, chooseBody(found.post, found.candidates));
	const lines = headerMarkdown(input, preferences.timeZone);
	const markdown = htmlToMarkdown(input.html, input.base);
	if (markdown) {
		lines.push('', markdown);
	}

	// The same numbering as the reader's `[n]` marks.
	const {links} = renderArticle(input, {width: 80, color: false});
	if (links.length > 0) {
		lines.push('', 'Links:', '');
		for (const [index, url] of links.entries()) {
			lines.push(`[${index + 1}] ${sanitizeLine(url, limits.shownUrlMax)}`);
		}
	}

	context.io.stdout.write(lines.join('\n') + '\n');
	return exitCode.ok;
}

/** Split `$PAGER` on whitespace into argv (no shell). Default `less -R`. */
export function pagerCommand(env: NodeJS.ProcessEnv): string[] {
	const words = (env.PAGER ?? '').trim().split(/\s+/).filter(Boolean);
	return words.length > 0 ? words : ['less', '-R'];
}

/** Write `text` through the pager. False when the pager could not run (the caller then writes directly). */
async function page(text: string, env: NodeJS.ProcessEnv): Promise<boolean> {
	const [command, ...args] = pagerCommand(env);
	if (!command || command === 'cat') {
		return false;
	}

	// Loaded here: node:child_process (with net, dgram…) is not in Node's start-up snapshot, and only paging needs it.
	const {spawn} = await import('node:child_process');
	// Like git: the terminal's Ctrl+C goes to the pager; evnews waits for it instead of dying under it.
	const ignore = () => undefined;
	process.on('SIGINT', ignore);
	try {
		return await new Promise<boolean>(resolve => {
			let child;
			try {
				child = spawn(command, args, {
					stdio: ['pipe', 'inherit', 'inherit'],
					env: {LESS: 'FRX', LV: '-c', ...env},
					shell: false,
				});
			} catch {
				resolve(false);
				return;
			}

			let started = false;
			let brokenPipe = false;
			child.stdin.on('error', () => {
				brokenPipe = true;
			});
			child.once('spawn', () => {
				started = true;
				child.stdin.end(text);
			});
			child.once('error', () => {
				resolve(started);
			});
			child.once('close', code => {
				// A pager that quit at once without reading (and failed) showed nothing: print directly.
				resolve(!(code !== 0 && brokenPipe));
			});
		});
	} finally {
		process.off('SIGINT', ignore);
	}
}

async function printTerminal(context: CommandContext, found: Found, preferences: Preferences): Promise<number> {
	const {io} = context;
	const [{renderArticle}, {wantsHyperlinks}] = await Promise.all([import('../article/render-article.js'), import('../article/hyperlinks.js')]);
	const columns = io.stdout.columns && io.stdout.columns > 0 ? io.stdout.columns : 80;
	const rows = io.stdout.rows && io.stdout.rows > 0 ? io.stdout.rows : 24;
	const color = wantsColor(preferences.theme, io.env);
	const article = renderArticle(articleInput(found.post, chooseBody(found.post, found.candidates)), {
		width: columns,
		color,
		articleWidth: preferences.articleWidth,
		timeZone: preferences.timeZone,
		hyperlinks: wantsHyperlinks(preferences.hyperlinks, io.env, io.stdout),
	});
	const lines = [...article.header, '', ...article.lines];
	const text = lines.join('\n') + '\n';
	if (lines.length >= rows && (await page(text, io.env))) {
		return exitCode.ok;
	}

	io.stdout.write(text);
	return exitCode.ok;
}

export const readCommand: Command = async context => {
	const {input, flags, io} = context;
	if (input.length === 0) {
		throw new UsageError('read needs a post id', 'e.g. evnews read <id> (ids are in evnews --json)');
	}

	if (input.length > 1) {
		throw new UsageError('read takes one post id', 'e.g. evnews read <id>');
	}

	const id = input[0]!.trim();
	const marks = marksOf(context);
	let found = id === '' ? undefined : findPost(id, io.env, marks);
	if (!found) {
		fail(context, [`no post with id ${sanitizeLine(id, limits.shownNameMax)}`]);
		return exitCode.failed;
	}

	let failed = false;
	if (flags.full) {
		({found, failed} = await withFullText(context, found, marks));
	}

	if (flags.json || flags.jsonl) {
		const code = await printJson(context, found, marks);
		return failed && code === exitCode.ok ? exitCode.partial : code;
	}

	const {preferences, warnings} = readPreferences(io.env);
	warn(context, warnings);

	const code = await (io.stdout.isTTY ? printTerminal(context, found, preferences) : printMarkdown(context, found, preferences));
	// Showing the article to a person marks it read, as opening it in the reader does (--json does not).
	// Only once it was written out: a closed pipe ends the run before this, and the post stays unread.
	await flushed(io.stdout);
	if (code === exitCode.ok && marks && !marks.isRead(id)) {
		try {
			marks.markRead([id]);
		} catch (error) {
			warn(context, [`could not mark ${sanitizeLine(id, limits.shownNameMax)} read: ${sanitizeLine((error as Error).message, limits.shownMessageMax)}`]);
		}
	}

	return failed && code === exitCode.ok ? exitCode.partial : code;
};
