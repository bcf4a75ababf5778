/*
Helpers of the security-checklist regression tests (/work/shared/docs/security-checklist.md), the tests titled
`item N: …` spread over the feature test files (see test/README.md): the output checks, a small RSS builder, the
temp XDG folders and the queued CLI runner, and the FeedError expectation.
*/
import type http from 'node:http';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ExecutionContext} from 'ava';
import {FeedError} from '../../source/feed/errors.js';
import {runCli, type CliResult} from './run-cli.js';
import {makeTempEnv, type TempEnv} from './temp-env.js';

/** The folder test/fixtures/security: the browser stand-in and the preference racer. */
export const securityFixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'security');

// ---------------------------------------------------------------------------------------------------------------
// Output checks

export const esc = '\u001B';
export const bel = '\u0007';
/** Anything a terminal acts on or hides, except \n and \t. */
export const forbidden = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2028\u2029\u2060-\u2064\u2066-\u2069\uFEFF]/u;
/** SGR (colour and style) sequences: the only escapes a coloured render may keep. */
export const sgr = /\u001B\[[\d;]*m/g;

/** The first forbidden character of `text`, described with its position and context; undefined when clean. */
export function firstForbidden(text: string): string | undefined {
	const match = forbidden.exec(text);
	return match ? `U+${match[0].codePointAt(0)!.toString(16).padStart(4, '0')} at ${match.index} in ${JSON.stringify(text.slice(Math.max(0, match.index - 30), match.index + 30))}` : undefined;
}

export function assertClean(t: ExecutionContext, text: string, label: string): void {
	t.is(firstForbidden(text), undefined, `${label}: a control/bidi/invisible character reached the output`);
}

// ---------------------------------------------------------------------------------------------------------------
// RSS documents

export type Item = {
	title?: string;
	guid?: string;
	guidRaw?: string;
	link?: string;
	description?: string;
	content?: string;
	author?: string;
	categories?: string[];
	pubDate?: string;
};

export function rssItem(item: Item): string {
	const parts = ['<item>'];
	if (item.title !== undefined) {
		parts.push(`<title>${item.title}</title>`);
	}

	if (item.link !== undefined) {
		parts.push(`<link>${item.link}</link>`);
	}

	if (item.guidRaw !== undefined) {
		parts.push(item.guidRaw);
	} else if (item.guid !== undefined) {
		parts.push(`<guid isPermaLink="false">${item.guid}</guid>`);
	}

	if (item.author !== undefined) {
		parts.push(`<dc:creator>${item.author}</dc:creator>`);
	}

	for (const category of item.categories ?? []) {
		parts.push(`<category>${category}</category>`);
	}

	if (item.pubDate !== undefined) {
		parts.push(`<pubDate>${item.pubDate}</pubDate>`);
	}

	if (item.description !== undefined) {
		parts.push(`<description>${item.description}</description>`);
	}

	if (item.content !== undefined) {
		parts.push(`<content:encoded>${item.content}</content:encoded>`);
	}

	parts.push('</item>');
	return parts.join('\n');
}

/** An RSS 2.0 document (with the dc and content namespaces) holding `items`, as written. */
export function rss(items: Item[], title = 'Security fixture'): string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>${title}</title>
<link>https://ev.example/</link>
${items.map(item => rssItem(item)).join('\n')}
</channel>
</rss>
`;
}

/** `count` ordinary posts, newest first: guid `${prefix}-1`…, distinct dates. */
export function goodItems(count: number, prefix = 'p'): Item[] {
	return Array.from({length: count}, (_, index) => ({
		title: `Post ${prefix} ${index + 1}`,
		guid: `${prefix}-${index + 1}`,
		link: `https://ev.example/${prefix}/${index + 1}`,
		pubDate: new Date(Date.UTC(2026, 10, 25, 20 - index)).toUTCString(),
		description: `<![CDATA[<p>Body of ${prefix} ${index + 1}</p>]]>`,
	}));
}

export const rssType: Record<string, string> = {'content-type': 'application/rss+xml; charset=utf-8'};

// ---------------------------------------------------------------------------------------------------------------
// The CLI

/** A post as `--json` prints it. */
export type JsonPost = {
	id: string;
	guid: string | null;
	title: string;
	link: string | null;
	author: string | null;
	categories: string[];
	summary: string;
	read: boolean;
	starred: boolean;
	content?: string;
};

/**
Fresh temp XDG folders for `fn`, removed afterwards. The child environment forces OSC 8 hyperlinks, as these tests
have always run the CLI (their file set FORCE_HYPERLINK=1 before making the environment): output must stay free of
OSC 8 even then (item 5).
*/
export async function withTemporary<T>(fn: (temporary: TempEnv) => Promise<T>): Promise<T> {
	const temporary = makeTempEnv();
	temporary.env.FORCE_HYPERLINK = '1';
	try {
		return await fn(temporary);
	} finally {
		temporary.cleanup();
	}
}

// At most a few CLI processes at once (per test file, which is one process): a file's tests run concurrently on
// 2 cores, and a starved machine would trip the code's own deadlines (which the tests rely on elsewhere) for reasons
// that have nothing to do with the code.
let cliRunning = 0;
const cliQueue: Array<() => void> = [];

/** Run the built CLI in `temporary`, at most 4 at once; the others wait their turn. */
export async function cli(temporary: TempEnv, args: string[]): Promise<CliResult> {
	if (cliRunning >= 4) {
		await new Promise<void>(resolve => {
			cliQueue.push(resolve);
		});
	}

	cliRunning++;
	try {
		return await runCli(args, {env: temporary.env, timeoutMs: 40_000});
	} finally {
		cliRunning--;
		cliQueue.shift()?.();
	}
}

/** The posts of a `--json` run; a failed assertion (and no posts) when stdout is not JSON. */
export function parsePosts(t: ExecutionContext, result: CliResult): JsonPost[] {
	try {
		return JSON.parse(result.stdout) as JsonPost[];
	} catch {
		t.fail(`stdout is not valid JSON: ${JSON.stringify(result.stdout.slice(0, 500))}; stderr: ${result.stderr}`);
		return [];
	}
}

/** The order of Array#sort() without a compare function: by the values as strings, in UTF-16 code unit order. */
export function byText(a: unknown, b: unknown): number {
	const left = String(a);
	const right = String(b);
	return left < right ? -1 : (left > right ? 1 : 0);
}

/** The guids (else ids) of `posts`, sorted. */
export function ids(posts: JsonPost[]): string[] {
	return posts.map(post => post.guid ?? post.id).toSorted();
}

// ---------------------------------------------------------------------------------------------------------------
// Servers and errors

export type SwitchableReply = {status: number; headers: Record<string, string>; body: string | Buffer};

/** A route whose reply the test changes between runs. */
export function switchable(initial: Partial<SwitchableReply>): {
	state: SwitchableReply;
	route: (request: http.IncomingMessage, response: http.ServerResponse) => void;
} {
	const state: SwitchableReply = {status: 200, headers: {}, body: '', ...initial};
	const route = (_request: http.IncomingMessage, response: http.ServerResponse) => {
		response.writeHead(state.status, state.headers);
		response.end(state.body);
	};

	return {state, route};
}

/** Expect `promise` to reject with a FeedError of `code` (and a message matching `message`), its message clean. */
export async function expectFeedError(t: ExecutionContext, promise: Promise<unknown>, code: FeedError['code'], message?: RegExp): Promise<FeedError | undefined> {
	try {
		const value = await promise;
		t.fail(`expected FeedError(${code}), got a result: ${JSON.stringify(value, (key, v: unknown) => (key === 'bytes' ? `<${(v as Uint8Array).length} bytes>` : v)).slice(0, 300)}`);
		return undefined;
	} catch (error) {
		t.true(error instanceof FeedError, `not a FeedError: ${String(error)}`);
		const feedError = error as FeedError;
		t.is(feedError.code, code, feedError.message);
		if (message) {
			t.regex(feedError.message, message);
		}

		assertClean(t, feedError.message, 'FeedError message');
		return feedError;
	}
}
