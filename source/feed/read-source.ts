/**
What a feed source names: an http(s) URL (fetched later), or a local document read now: a path, a `file:` URL,
or `-` for stdin. Everything else (`ftp:`, `javascript:`, `data:`…) is refused. Local reads are bounded.
*/
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath, pathToFileURL} from 'node:url';
import {FeedError} from './errors.js';
import {formatBytes} from './format-bytes.js';
import {limits} from './limits.js';
import {sanitizeLine} from './sanitize.js';

export type SourceRead
	= | {kind: 'url'; url: string}
		| {kind: 'local'; url: string; bytes: Uint8Array};

/** The `url` given to a document read from stdin. */
const stdinUrl = 'file:///dev/stdin';

function show(text: string): string {
	return sanitizeLine(text, limits.shownNameMax);
}

/** Classify a source without reading it: the http(s) URL, or the local file path (or '-' for stdin). */
export function classifySource(source: string): {kind: 'url'; url: string} | {kind: 'file'; path: string} | {kind: 'stdin'} {
	const trimmed = source.trim();
	if (trimmed === '-') {
		return {kind: 'stdin'};
	}

	if (trimmed === '') {
		throw new FeedError('bad-url', 'empty feed source');
	}

	const scheme = /^([a-z][a-z\d+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
	// A one-letter "scheme" is a Windows drive letter.
	if (scheme === undefined || (scheme.length === 1 && process.platform === 'win32')) {
		return {kind: 'file', path: path.resolve(source)};
	}

	if (scheme === 'http' || scheme === 'https') {
		let url: URL;
		try {
			url = new URL(trimmed);
		} catch {
			throw new FeedError('bad-url', `not a valid URL: ${show(trimmed)}`);
		}

		if (url.hostname === '') {
			throw new FeedError('bad-url', `not a valid URL: ${show(trimmed)}`);
		}

		return {kind: 'url', url: url.href};
	}

	if (scheme === 'file') {
		try {
			const url = new URL(trimmed);
			if (url.host !== '' && url.host !== 'localhost') {
				throw new FeedError('bad-url', `not a local file URL: ${show(trimmed)}`);
			}

			return {kind: 'file', path: fileURLToPath(url)};
		} catch (error) {
			if (error instanceof FeedError) {
				throw error;
			}

			throw new FeedError('bad-url', `not a valid file URL: ${show(trimmed)}`);
		}
	}

	throw new FeedError('bad-url', `unsupported URL scheme "${show(scheme)}:" (only http, https, file and paths)`);
}

async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Uint8Array> {
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for await (const chunk of stream) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			total += bytes.byteLength;
			if (total > maxBytes) {
				throw new FeedError('too-large', `input over ${formatBytes(maxBytes)}`);
			}

			chunks.push(bytes);
		}
	} catch (error) {
		if (error instanceof FeedError) {
			(stream as {destroy?: () => void}).destroy?.();
			throw error;
		}

		throw new FeedError('io', `cannot read stdin: ${show((error as Error).message)}`, {cause: error});
	}

	return Buffer.concat(chunks, total);
}

function describe(error: unknown): string {
	const {code} = (error as NodeJS.ErrnoException);
	switch (code) {
		case 'ENOENT': {
			return 'no such file';
		}

		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'is a directory';
		}

		default: {
			return show(code ?? (error as Error).message);
		}
	}
}

async function readFileBounded(file: string, maxBytes: number): Promise<Uint8Array> {
	let handle: fs.promises.FileHandle;
	try {
		handle = await fs.promises.open(file, 'r');
	} catch (error) {
		throw new FeedError('io', `cannot read ${show(file)}: ${describe(error)}`, {cause: error});
	}

	try {
		const stat = await handle.stat();
		if (stat.isDirectory()) {
			throw new FeedError('io', `cannot read ${show(file)}: is a directory`);
		}

		if (stat.isFile() && stat.size > maxBytes) {
			throw new FeedError('too-large', `${show(file)} is over ${formatBytes(maxBytes)}`);
		}

		// Read through a stream so that FIFOs and devices are bounded too.
		return await readStream(handle.createReadStream({autoClose: false}), maxBytes);
	} catch (error) {
		if (error instanceof FeedError) {
			throw error;
		}

		throw new FeedError('io', `cannot read ${show(file)}: ${describe(error)}`, {cause: error});
	} finally {
		await handle.close().catch(() => {});
	}
}

/**
Resolve a feed source. An http(s) URL comes back as `{kind: 'url'}` (normalised); a local document is read
(bounded by `maxBytes`) and comes back with its `file:` URL, which is the feed URL and id base.
*/
export async function readSource(source: string, options: {stdin?: NodeJS.ReadableStream; maxBytes?: number} = {}): Promise<SourceRead> {
	const maxBytes = options.maxBytes ?? limits.maxBytes;
	const classified = classifySource(source);
	switch (classified.kind) {
		case 'url': {
			return classified;
		}

		case 'stdin': {
			const bytes = await readStream(options.stdin ?? process.stdin, maxBytes);
			return {kind: 'local', url: stdinUrl, bytes};
		}

		case 'file': {
			const bytes = await readFileBounded(classified.path, maxBytes);
			return {kind: 'local', url: pathToFileURL(classified.path).href, bytes};
		}
	}
}
