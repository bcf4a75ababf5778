/**
Fetch one feed over http(s), bounded in every direction (security checklist §E):
an overall deadline (slow-drip bodies included), a headers timeout, a body idle timeout, at most N redirects
followed by hand (http(s) only, loops detected, downgrades warned), at most maxBytes on the wire and after
decompression (counted while streaming, so gzip and brotli bombs stop at the cap), at most one content-coding,
conditional GET, and Retry-After for 429/503. Throws only FeedError, with one-line messages.
*/
import {FeedError} from './errors.js';
import {createBudget, seconds} from './fetch-budget.js';
import {limits} from './limits.js';
import {classifyResponse} from './classify-response.js';
import {networkError} from './network-errors.js';
import {nextHop} from './redirect.js';
import {sanitizeLine} from './sanitize.js';
import {transportGet, type TransportResponse} from './transport.js';
import type {Validators} from './types.js';
import {version} from '../version.js';

export type FetchOptions = {
	validators?: Validators;
	signal?: AbortSignal;
	deadlineMs?: number;
	headersTimeoutMs?: number;
	bodyIdleTimeoutMs?: number;
	maxBytes?: number;
	maxRedirects?: number;
};

export type FetchResult =
	| {status: 'not-modified'; finalUrl: string; validators: Validators; warnings?: string[]; link?: string}
	| {
		status: 'ok';
		finalUrl: string;
		bytes: Uint8Array;
		contentType: string | undefined;
		validators: Validators;
		/** Set when every redirect on the way was permanent (301/308) and none was a downgrade: the feed's new home. */
		permanentRedirect?: string;
		/** Non-fatal notes (an https → http downgrade…), one line each. */
		warnings?: string[];
		/** The final response's `Link` header (WordPress announces its REST API there), when short enough to keep. */
		link?: string;
	};

export const userAgent = `evnews/${version}`;

const accept = 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

/** `10 MB`, `64 KB`, `1000 bytes`. */
export function formatBytes(bytes: number): string {
	const mb = 1024 * 1024;
	if (bytes >= mb && bytes % mb === 0) {
		return `${bytes / mb} MB`;
	}

	if (bytes >= 1024 && bytes % 1024 === 0) {
		return `${bytes / 1024} KB`;
	}

	return `${bytes} bytes`;
}

/** Remove the user and password from `url` (in place) and return them as a Basic authorization for its origin. */
function takeLogin(url: URL): {origin: string; authorization: string} | undefined {
	if (url.username === '' && url.password === '') {
		return undefined;
	}

	const user = safeDecode(url.username);
	const password = safeDecode(url.password);
	url.username = '';
	url.password = '';
	return {origin: url.origin, authorization: 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64')};
}

function safeDecode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

function cancel(response: TransportResponse): void {
	response.body?.cancel().catch(() => {});
}

/**
Fetch a feed. `finalUrl` is where it was fetched from after redirects; the caller keeps its own URL as the key.
*/
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchResult> {
	const deadlineMs = options.deadlineMs ?? limits.deadlineMs;
	const headersTimeoutMs = options.headersTimeoutMs ?? limits.headersTimeoutMs;
	const bodyIdleTimeoutMs = options.bodyIdleTimeoutMs ?? limits.bodyIdleTimeoutMs;
	const maxBytes = options.maxBytes ?? limits.maxBytes;
	const maxRedirects = options.maxRedirects ?? limits.maxRedirects;

	let current: URL;
	try {
		current = new URL(url);
	} catch {
		throw new FeedError('bad-url', `not a valid URL: ${sanitizeLine(url, 200)}`);
	}

	if (current.protocol !== 'http:' && current.protocol !== 'https:') {
		throw new FeedError('bad-url', `not an http(s) URL: ${sanitizeLine(url, 200)}`);
	}

	const budget = createBudget({deadlineMs, ...(options.signal ? {signal: options.signal} : {})});
	// A login in the URL (`https://user:pass@host/feed`) is sent as Basic authorization, to the same origin only,
	// and never appears in a request URL or a message.
	const login = takeLogin(current);
	const warnings: string[] = [];
	const seen = new Set<string>([current.href]);
	let permanent = true;
	let redirects = 0;

	try {
		for (;;) {
			const headers: Record<string, string> = {
				'user-agent': userAgent,
				accept,
				'accept-encoding': 'gzip, deflate, br',
			};
			if (options.validators?.etag) {
				headers['if-none-match'] = options.validators.etag;
			}

			if (options.validators?.lastModified) {
				headers['if-modified-since'] = options.validators.lastModified;
			}

			if (login && current.origin === login.origin) {
				headers['authorization'] = login.authorization;
			}

			budget.phase(headersTimeoutMs, () => new FeedError('timeout', `timeout after ${seconds(headersTimeoutMs)} waiting for response headers`));
			let response: TransportResponse;
			try {
				// eslint-disable-next-line no-await-in-loop
				response = await transportGet(current.href, {
					headers,
					signal: budget.signal,
					headersTimeoutMs,
					bodyIdleTimeoutMs,
				});
			} catch (error) {
				throw budget.stopReason() ?? networkError(error, current);
			} finally {
				budget.clearPhase();
			}

			const {status} = response;
			const verdict = classifyResponse(status, response.headers.get('retry-after'));
			if (verdict.kind === 'redirect') {
				cancel(response);
				const hop = nextHop({status, location: response.headers.get('location'), current, seen, redirects, maxRedirects});
				if ('error' in hop) {
					throw hop.error;
				}

				redirects++;
				if (hop.warning !== undefined) {
					warnings.push(hop.warning);
				}

				permanent &&= hop.permanent;
				seen.add(hop.next.href);
				current = hop.next;
				continue;
			}

			if (verdict.kind === 'error') {
				cancel(response);
				throw verdict.error;
			}

			const responseValidators = readValidators(response);
			if (verdict.kind === 'not-modified') {
				cancel(response);
				return {
					status: 'not-modified',
					finalUrl: current.href,
					validators: {...options.validators, ...responseValidators},
					...(warnings.length > 0 ? {warnings} : {}),
					...linkOf(response),
				};
			}

			const contentEncoding = response.headers.get('content-encoding');
			const codings = (contentEncoding ?? '').split(',').map(coding => coding.trim().toLowerCase()).filter(coding => coding !== '' && coding !== 'identity');
			if (codings.length > 1) {
				cancel(response);
				throw new FeedError('decode', `more than one content encoding (${sanitizeLine(contentEncoding ?? '', 100)})`);
			}

			if (codings.length === 1 && !['gzip', 'x-gzip', 'deflate', 'br'].includes(codings[0]!)) {
				cancel(response);
				throw new FeedError('decode', `unsupported content encoding ${sanitizeLine(codings[0]!, 60)}`);
			}

			const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
			if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
				cancel(response);
				throw new FeedError('too-large', `response over ${formatBytes(maxBytes)}`);
			}

			const bytes = await readBody(response, {
				maxBytes,
				compressed: codings.length === 1,
				armIdle() {
					budget.phase(bodyIdleTimeoutMs, () => new FeedError('timeout', `timeout after ${seconds(bodyIdleTimeoutMs)} without data`));
				},
				stopped: budget.stopReason,
				url: current,
			});
			budget.clearPhase();
			const contentType = response.headers.get('content-type') ?? undefined;
			return {
				status: 'ok',
				finalUrl: current.href,
				bytes,
				contentType: contentType === undefined ? undefined : sanitizeLine(contentType, 200),
				validators: responseValidators,
				...(redirects > 0 && permanent ? {permanentRedirect: current.href} : {}),
				...(warnings.length > 0 ? {warnings} : {}),
				...linkOf(response),
			};
		}
	} finally {
		budget.dispose();
	}
}

function linkOf(response: TransportResponse): {link?: string} {
	const link = response.headers.get('link');
	return link !== null && link.length <= limits.linkHeaderMax ? {link} : {};
}

function readValidators(response: TransportResponse): Validators {
	const validators: Validators = {};
	const etag = response.headers.get('etag');
	if (etag !== null && etag.trim() !== '' && etag.length <= limits.etagMax) {
		validators.etag = sanitizeLine(etag, limits.etagMax);
	}

	const lastModified = response.headers.get('last-modified');
	if (lastModified !== null && lastModified.trim() !== '' && lastModified.length <= limits.lastModifiedMax) {
		validators.lastModified = sanitizeLine(lastModified, limits.lastModifiedMax);
	}

	return validators;
}

async function readBody(
	response: TransportResponse,
	context: {maxBytes: number; compressed: boolean; armIdle: () => void; stopped: () => FeedError | undefined; url: URL},
): Promise<Uint8Array> {
	if (response.body === null) {
		return new Uint8Array(0);
	}

	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			context.armIdle();
			let result: ReadableStreamReadResult<Uint8Array>;
			try {
				// eslint-disable-next-line no-await-in-loop
				result = await reader.read();
			} catch (error) {
				throw context.stopped() ?? networkError(error, context.url);
			}

			if (result.done) {
				break;
			}

			total += result.value.byteLength;
			if (total > context.maxBytes) {
				throw new FeedError('too-large', `response over ${formatBytes(context.maxBytes)}${context.compressed ? ' after decompression' : ''}`);
			}

			chunks.push(result.value);
		}
	} catch (error) {
		reader.cancel().catch(() => {});
		throw error;
	}

	const stopped = context.stopped();
	if (stopped) {
		throw stopped;
	}

	const bytes = new Uint8Array(total);
	let offset = 0;
	for (const chunk of chunks) {
		bytes.set(chunk, offset);
		offset += chunk.byteLength;
	}

	return bytes;
}
