/**
One bounded GET for the WordPress REST API, with the feed engine's politeness: the same transport, User-Agent,
deadline, header and body-idle timeouts, byte cap (limits.ts), at most `limits.maxPerHost` requests per host at
once (the process's one limiter, shared with feed fetches: limiter.ts), Retry-After on 429/503 (held for the whole
host, feeds included: host-hold.ts), and conditional GET. Unlike fetchFeed,
every status comes back with its headers and body (a REST error is a JSON body worth reading: `rest_*` codes).
Redirects are followed by hand within the same origin only (http(s), at most limits.maxRedirects).
Throws only FeedError (timeout, network, too-large, too-many-redirects, rate-limited).
*/
import {FeedError, toFeedError} from '../feed/errors.js';
import {userAgent} from '../feed/fetch-feed.js';
import {checkHostHold, holdHost} from '../feed/host-hold.js';
import {hostLimiter} from '../feed/limiter.js';
import {limits} from '../feed/limits.js';
import {parseRetryAfter} from '../feed/retry-after.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {transportGet, type TransportResponse} from '../feed/transport.js';
import type {Validators} from '../feed/types.js';

export type RestResponse = {
	url: string;
	status: number;
	headers: {get(name: string): string | null};
	contentType: string;
	text: string;
	validators: Validators;
};

export type RestGetOptions = {
	validators?: Validators;
	signal?: AbortSignal;
	deadlineMs?: number;
	maxBytes?: number;
};

export async function restGet(url: string, options: RestGetOptions = {}): Promise<RestResponse> {
	return forHost(url, async () => getBounded(url, options));
}

/** Run a request to this URL's host under the same cap as REST calls (feed pages of a backfill use it too). */
export async function forHost<T>(url: string, task: () => Promise<T>): Promise<T> {
	return hostLimiter().run(new URL(url).host.toLowerCase(), task);
}

async function getBounded(url: string, options: RestGetOptions): Promise<RestResponse> {
	const deadlineMs = options.deadlineMs ?? limits.deadlineMs;
	const controller = new AbortController();
	let reason: FeedError | undefined;
	const stop = (error: FeedError) => {
		reason ??= error;
		controller.abort(reason);
	};

	const deadline = setTimeout(() => {
		stop(new FeedError('timeout', `timeout after ${deadlineMs / 1000} s`));
	}, deadlineMs);
	const onAbort = () => {
		stop(new FeedError('network', 'cancelled'));
	};

	options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		let current = new URL(url);
		for (let redirects = 0; ; redirects++) {
			const response = await send(current.href, options.validators, controller.signal, () => reason);
			const location = response.headers.get('location');
			if (response.status >= 300 && response.status < 400 && response.status !== 304 && location !== null) {
				response.body?.cancel().catch(() => {});
				const next = new URL(location, current);
				if (next.origin !== current.origin || redirects >= limits.maxRedirects) {
					throw new FeedError('too-many-redirects', `REST redirect to ${next.origin === current.origin ? 'too many places' : 'another site'}`);
				}

				current = next;
				continue;
			}

			if (response.status === 429 || (response.status === 503 && response.headers.get('retry-after') !== null)) {
				response.body?.cancel().catch(() => {});
				const retryAt = parseRetryAfter(response.headers.get('retry-after'));
				holdHost(current, retryAt);
				throw new FeedError('rate-limited', `rate limited (HTTP ${response.status}), retry after ${retryAt.toISOString()}`, {retryAt});
			}

			const text = await readText(response, options.maxBytes ?? limits.maxBytes, () => reason);
			return {
				url: current.href,
				status: response.status,
				headers: response.headers,
				contentType: (response.headers.get('content-type') ?? '').toLowerCase(),
				text,
				validators: validatorsOf(response),
			};
		}
	} finally {
		clearTimeout(deadline);
		options.signal?.removeEventListener('abort', onAbort);
	}
}

async function send(url: string, validators: Validators | undefined, signal: AbortSignal, stopped: () => FeedError | undefined): Promise<TransportResponse> {
	const headers: Record<string, string> = {'user-agent': userAgent, accept: 'application/json', 'accept-encoding': 'gzip, deflate, br'};
	if (validators?.etag) {
		headers['if-none-match'] = validators.etag;
	}

	if (validators?.lastModified) {
		headers['if-modified-since'] = validators.lastModified;
	}

	checkHostHold(url);
	try {
		return await transportGet(url, {headers, signal, headersTimeoutMs: limits.headersTimeoutMs, bodyIdleTimeoutMs: limits.bodyIdleTimeoutMs});
	} catch (error) {
		throw stopped() ?? toFeedError(error);
	}
}

async function readText(response: TransportResponse, maxBytes: number, stopped: () => FeedError | undefined): Promise<string> {
	if (response.body === null) {
		return '';
	}

	const reader = response.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	try {
		for (;;) {
			let idle: NodeJS.Timeout | undefined;

			const result = await Promise.race([
				reader.read(),
				new Promise<never>((_resolve, reject) => {
					idle = setTimeout(() => {
						reject(new FeedError('timeout', `timeout after ${limits.bodyIdleTimeoutMs / 1000} s without data`));
					}, limits.bodyIdleTimeoutMs);
				}),
			]).finally(() => {
				clearTimeout(idle);
			});
			if (result.done) {
				break;
			}

			total += result.value.byteLength;
			if (total > maxBytes) {
				throw new FeedError('too-large', `response over ${Math.round(maxBytes / 1024 / 1024)} MB`);
			}

			chunks.push(result.value);
		}
	} catch (error) {
		reader.cancel().catch(() => {});
		throw stopped() ?? toFeedError(error);
	}

	return Buffer.concat(chunks).toString('utf8');
}

function validatorsOf(response: TransportResponse): Validators {
	const validators: Validators = {};
	const etag = response.headers.get('etag');
	if (etag !== null && etag !== '' && etag.length <= 1024) {
		validators.etag = sanitizeLine(etag, limits.shownLineMax);
	}

	const lastModified = response.headers.get('last-modified');
	if (lastModified !== null && lastModified !== '' && lastModified.length <= 200) {
		validators.lastModified = sanitizeLine(lastModified, limits.shownNameMax);
	}

	return validators;
}
