/**
Every failure the engine reports is a FeedError with a stable code and a one-line, sanitised message.
Limits that are hit have their own codes, so a user (or a script) can tell them apart.
*/
export type FeedErrorCode
	= | 'timeout' // Overall deadline, header or body timeout
		| 'http' // Non-2xx status
		| 'rate-limited' // 429/503 with Retry-After, or a Retry-After still in force
		| 'too-large' // Response over the byte limit (wire or decompressed)
		| 'too-many-redirects'
		| 'redirect-loop'
		| 'bad-url' // Not http(s), unparseable, or a redirect to such a URL
		| 'network' // DNS, refused, reset, TLS…
		| 'decode' // Unsupported encoding, bad content-encoding
		| 'not-a-feed'
		| 'parse' // The document is a feed but could not be parsed at all
		| 'too-deep' // Nesting limit
		| 'too-many-items'
		| 'offline' // --offline and no cache
		| 'io'; // Local file errors

export class FeedError extends Error {
	override name = 'FeedError';
	readonly code: FeedErrorCode;
	/** For `not-a-feed` on an HTML page: the feed it links to, if any. */
	readonly feedUrl?: string;
	/** For `rate-limited`: when the feed may be fetched again. */
	readonly retryAt?: Date;

	constructor(code: FeedErrorCode, message: string, extra: {feedUrl?: string; retryAt?: Date; cause?: unknown} = {}) {
		super(oneLine(message), {cause: extra.cause});
		this.code = code;
		if (extra.feedUrl !== undefined) {
			this.feedUrl = extra.feedUrl;
		}

		if (extra.retryAt !== undefined) {
			this.retryAt = extra.retryAt;
		}
	}
}

/** Turn anything thrown into a FeedError, without stack traces. */
export function toFeedError(error: unknown): FeedError {
	if (error instanceof FeedError) {
		return error;
	}

	const message = error instanceof Error ? error.message : String(error);
	return new FeedError('network', message, {cause: error});
}

function oneLine(text: string): string {
	// Messages may echo remote data: keep them printable and on one line. (The full sanitiser runs at output.)

	return text.replaceAll(/[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/gu, ' ').trim().slice(0, 300);
}
