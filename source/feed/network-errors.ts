/**
The table of transport error codes (core http's coded Errors, undici's, zlib's) and the one-line FeedError each
becomes. A code missing from the table is a `network error: CODE` line; TLS and zlib families are matched by prefix.
*/
import {FeedError, type FeedErrorCode} from './errors.js';
import {sanitizeLine} from './sanitize.js';
import {limits} from './limits.js';

type Entry = [FeedErrorCode, (host: string) => string];

const reset: Entry = ['network', () => 'connection reset'];
const closed: Entry = ['network', () => 'connection closed before the response was complete'];
const short: Entry = ['network', () => 'response shorter than its Content-Length'];
const notFound: Entry = ['network', host => `host not found: ${host}`];
const connectTimeout: Entry = ['timeout', host => `timeout connecting to ${host}`];
const headersTooLarge: Entry = ['network', () => 'response headers too large'];
const unreachable: Entry = ['network', host => `network unreachable for ${host}`];
const corrupt: Entry = ['decode', () => 'corrupt compressed response'];

export const networkErrorTable: Readonly<Record<string, Entry>> = {
	ECONNREFUSED: ['network', host => `connection refused by ${host}`],
	ECONNRESET: reset,
	EPIPE: reset,
	UND_ERR_SOCKET: closed,
	UND_ERR_CLOSED: closed,
	ERR_STREAM_PREMATURE_CLOSE: closed,
	UND_ERR_RES_CONTENT_LENGTH_MISMATCH: short,
	ERR_CONTENT_LENGTH_MISMATCH: short,
	ENOTFOUND: notFound,
	EAI_AGAIN: notFound,
	EAI_NONAME: notFound,
	EAI_FAIL: notFound,
	ETIMEDOUT: connectTimeout,
	UND_ERR_CONNECT_TIMEOUT: connectTimeout,
	UND_ERR_HEADERS_TIMEOUT: ['timeout', () => 'timeout waiting for response headers'],
	UND_ERR_BODY_TIMEOUT: ['timeout', () => 'timeout waiting for response data'],
	UND_ERR_HEADERS_OVERFLOW: headersTooLarge,
	HPE_HEADER_OVERFLOW: headersTooLarge,
	ENETUNREACH: unreachable,
	EHOSTUNREACH: unreachable,
	Z_DATA_ERROR: corrupt,
	Z_BUF_ERROR: corrupt,
	ERR_BROTLI_DECOMPRESSION_FAILED: corrupt,
	ERR__ERROR_FORMAT_PADDING_1: corrupt,
};

const tlsCodes = /^(?:ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** The first string `code` on the error or its causes (at most 5 deep). */
function errorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current; depth++) {
		const {code} = (current as {code?: unknown});
		if (typeof code === 'string') {
			return code;
		}

		current = (current as {cause?: unknown}).cause;
	}

	return undefined;
}

/** Map a transport error (core http's coded Error, or the proxy path's fetch TypeError with a `cause`) to a FeedError. */
export function networkError(error: unknown, url: URL): FeedError {
	const code = errorCode(error) ?? '';
	const host = sanitizeLine(url.host, limits.shownNameMax);
	const entry = Object.hasOwn(networkErrorTable, code) ? networkErrorTable[code] : undefined;
	if (entry) {
		return new FeedError(entry[0], entry[1](host), {cause: error});
	}

	if (tlsCodes.test(code)) {
		return new FeedError('network', `TLS error: ${sanitizeLine(code, limits.shownTypeMax)}`, {cause: error});
	}

	if (code.startsWith('Z_') || code.includes('BROTLI')) {
		return new FeedError('decode', 'corrupt compressed response', {cause: error});
	}

	const cause = (error as {cause?: unknown})?.cause;
	const message = cause instanceof Error ? cause.message : (error instanceof Error ? error.message : String(error));
	// Library messages may quote a URL: never let a login in one through.
	const text = (code || message).replaceAll(/\/\/[^/@\s]*@/g, '//');
	return new FeedError('network', `network error: ${sanitizeLine(text, limits.shownNameMax)}`, {cause: error});
}
