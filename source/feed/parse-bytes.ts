import {decodeFeedBytes} from './decode.js';
import {FeedError} from './errors.js';
import {parseFeed} from './parse.js';
import {sanitizeLine} from './sanitize.js';
import {limits} from './limits.js';
import type {ParsedFeed} from './types.js';

/**
Fetched bytes to a parsed feed: binary files refused by their magic numbers or media type, then decoded
(charset rules in decode.ts) and parsed. Decoding warnings go into `warnings`, one sanitised line each.
*/

/** Refuse bytes that cannot be a feed (images, archives…) before decoding them. HTML pages are parseFeed's job. */
function checkNotBinary(bytes: Uint8Array, contentType: string | undefined): void {
	const magic: Array<[number[], string]> = [
		[[0x89, 0x50, 0x4E, 0x47], 'a PNG image'],
		[[0xFF, 0xD8, 0xFF], 'a JPEG image'],
		[[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
		[[0x52, 0x49, 0x46, 0x46], 'a RIFF (WebP, WAV…) file'],
		[[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
		[[0x50, 0x4B, 0x03, 0x04], 'a ZIP archive'],
		[[0x1F, 0x8B], 'gzip data'],
	];
	for (const [signature, what] of magic) {
		if (signature.every((byte, index) => bytes[index] === byte)) {
			throw new FeedError('not-a-feed', `not a feed (${what})`);
		}
	}

	const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	if (/^(?:image|audio|video|font)\//.test(type)) {
		throw new FeedError('not-a-feed', `not a feed (${sanitizeLine(type, limits.shownTokenMax)})`);
	}
}

/** Decode and parse. `pageUrl` (the URL after redirects) resolves a linked feed named by a `not-a-feed` HTML page. */
export function parseBytes(bytes: Uint8Array, contentType: string | undefined, url: string, pageUrl: string, warnings: string[]): ParsedFeed {
	checkNotBinary(bytes, contentType);
	const decoded = decodeFeedBytes(bytes, contentType);
	warnings.push(...decoded.warnings.map(warning => sanitizeLine(warning, limits.warningMax)));
	try {
		return parseFeed(decoded.text, {url});
	} catch (error) {
		if (error instanceof FeedError && error.code === 'not-a-feed' && pageUrl !== url) {
			// Relative feed links resolve against the page's own URL.
			const retry = tryParse(decoded.text, pageUrl);
			if (retry?.feedUrl !== undefined) {
				throw retry;
			}
		}

		throw error instanceof FeedError ? error : new FeedError('parse', `cannot parse the feed: ${sanitizeLine((error as Error).message, limits.shownNameMax)}`, {cause: error});
	}
}

function tryParse(text: string, url: string): FeedError | undefined {
	try {
		parseFeed(text, {url});
	} catch (error) {
		return error instanceof FeedError ? error : undefined;
	}

	return undefined;
}
