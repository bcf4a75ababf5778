/**
Fetch one feed over http(s), bounded in every direction (security checklist §E):
an overall deadline (slow-drip bodies included), a headers timeout, a body idle timeout, at most N redirects
followed by hand (http(s) only, loops detected, downgrades warned), at most maxBytes on the wire and after
decompression (counted while streaming, so gzip and brotli bombs stop at the cap), at most one content-coding,
conditional GET, and Retry-After for 429/503 (held for the whole host in this process: host-hold.ts). Throws only FeedError, with one-line messages.
*/
import {version} from '../version.js';
import {FeedError} from './errors.js';
import {createBudget, seconds, type RequestBudget} from './fetch-budget.js';
import {limits} from './limits.js';
import {formatBytes} from './format-bytes.js';
import {classifyResponse} from './classify-response.js';
import {checkHostHold, noteRateLimit} from './host-hold.js';
import {networkError} from './network-errors.js';
import {nextHop} from './redirect.js';
import {sanitizeLine} from './sanitize.js';
import {transportGet, type TransportResponse} from './transport.js';
import type {Validators} from './types.js';

export type FetchOptions = {
	validators?: Validators;
	signal?: AbortSignal;
	deadlineMs?: number;
	headersTimeoutMs?: number;
	bodyIdleTimeoutMs?: number;
	maxBytes?: number;
	maxRedirects?: number;
};

export type FetchResult
	= | {status: 'not-modified'; finalUrl: string; validators: Validators; warnings?: string[]; link?: string}
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

const supportedCodings = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

const accept = 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';

/** Remove the user and password from `url` (in place) and return them as a Basic authorization for its origin. */
function takeLogin(url: URL): Login | undefined {
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

/** The request's URL, or a named error for a malformed or non-http(s) one. */
function startUrl(url: string): URL {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		throw new FeedError('bad-url', `not a valid URL: ${sanitizeLine(url, limits.urlInMessageMax)}`);
	}

	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new FeedError('bad-url', `not an http(s) URL: ${sanitizeLine(url, limits.urlInMessageMax)}`);
	}

	return parsed;
}

type Login = {origin: string; authorization: string};

function requestHeaders(current: URL, validators: Validators | undefined, login: Login | undefined): Record<string, string> {
	const headers: Record<string, string> = {'user-agent': userAgent, accept, 'accept-encoding': 'gzip, deflate, br'};
	if (validators?.etag) {
		headers['if-none-match'] = validators.etag;
	}

	if (validators?.lastModified) {
		headers['if-modified-since'] = validators.lastModified;
	}

	if (login?.origin === current.origin) {
		headers.authorization = login.authorization;
	}

	return headers;
}

/** The bounds of one fetch, from the options or `limits.ts`. */
type Bounds = {headersTimeoutMs: number; bodyIdleTimeoutMs: number; maxBytes: number; maxRedirects: number};

function boundsOf(options: FetchOptions): Bounds {
	return {
		headersTimeoutMs: options.headersTimeoutMs ?? limits.headersTimeoutMs,
		bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? limits.bodyIdleTimeoutMs,
		maxBytes: options.maxBytes ?? limits.maxBytes,
		maxRedirects: options.maxRedirects ?? limits.maxRedirects,
	};
}

/** One request, its headers phase timed; a failure is the budget's stop reason or a named network error. */
async function request(current: URL, headers: Record<string, string>, budget: RequestBudget, bounds: Bounds): Promise<TransportResponse> {
	const {headersTimeoutMs, bodyIdleTimeoutMs} = bounds;
	budget.phase(headersTimeoutMs, () => new FeedError('timeout', `timeout after ${seconds(headersTimeoutMs)} waiting for response headers`));
	try {
		return await transportGet(current.href, {headers, signal: budget.signal, headersTimeoutMs, bodyIdleTimeoutMs});
	} catch (error) {
		throw budget.stopReason() ?? networkError(error, current);
	} finally {
		budget.clearPhase();
	}
}

/**
The one content-coding of a response (or none), refused early when there are several, an unknown one, or a
declared length over the cap. Returns whether the body is compressed.
*/
function checkEncoding(response: TransportResponse, maxBytes: number): boolean {
	const contentEncoding = response.headers.get('content-encoding') ?? '';
	const codings = contentEncoding.split(',').map(coding => coding.trim().toLowerCase()).filter(coding => coding !== '' && coding !== 'identity');
	if (codings.length > 1) {
		throw new FeedError('decode', `more than one content encoding (${sanitizeLine(contentEncoding, limits.shownShortMax)})`);
	}

	if (codings.length === 1 && !supportedCodings.has(codings[0]!)) {
		throw new FeedError('decode', `unsupported content encoding ${sanitizeLine(codings[0]!, limits.shownTokenMax)}`);
	}

	const declaredLength = Number(response.headers.get('content-length') ?? Number.NaN);
	if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
		throw new FeedError('too-large', `response over ${formatBytes(maxBytes)}`);
	}

	return codings.length === 1;
}

/** Where a fetch is on its way: the URL, the URLs seen, the hops taken and whether every hop was permanent. */
type Route = {current: URL; seen: Set<string>; redirects: number; permanent: boolean; warnings: string[]};

/** Follow one redirect response: the route moves on, or a named error (loop, too many hops, bad target). */
function follow(route: Route, response: TransportResponse, maxRedirects: number): void {
	const {current, seen, redirects} = route;
	const hop = nextHop({status: response.status, location: response.headers.get('location'), current, seen, redirects, maxRedirects});
	if ('error' in hop) {
		throw hop.error;
	}

	route.redirects++;
	if (hop.warning !== undefined) {
		route.warnings.push(hop.warning);
	}

	route.permanent &&= hop.permanent;
	seen.add(hop.next.href);
	route.current = hop.next;
}

const warningsOf = (route: Route) => (route.warnings.length > 0 ? {warnings: route.warnings} : {});

/** The final response's body, read within the byte cap and the idle timer, as an `ok` result. */
async function okResult(response: TransportResponse, route: Route, budget: RequestBudget, bounds: Bounds): Promise<FetchResult> {
	const {maxBytes, bodyIdleTimeoutMs} = bounds;
	const bytes = await readBody(response, {
		maxBytes,
		compressed: checkEncoding(response, maxBytes),
		armIdle() {
			budget.phase(bodyIdleTimeoutMs, () => new FeedError('timeout', `timeout after ${seconds(bodyIdleTimeoutMs)} without data`));
		},
		stopped: budget.stopReason,
		url: route.current,
	});
	budget.clearPhase();
	const contentType = response.headers.get('content-type') ?? undefined;
	return {
		status: 'ok',
		finalUrl: route.current.href,
		bytes,
		contentType: contentType === undefined ? undefined : sanitizeLine(contentType, limits.contentTypeMax),
		validators: readValidators(response),
		...(route.redirects > 0 && route.permanent ? {permanentRedirect: route.current.href} : {}),
		...warningsOf(route),
		...linkOf(response),
	};
}

/**
Fetch a feed. `finalUrl` is where it was fetched from after redirects; the caller keeps its own URL as the key.
*/
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchResult> {
	const bounds = boundsOf(options);
	const start = startUrl(url);
	const budget = createBudget({deadlineMs: options.deadlineMs ?? limits.deadlineMs, ...(options.signal ? {signal: options.signal} : {})});
	// A login in the URL (`https://user:pass@host/feed`) is sent as Basic authorization, to the same origin only,
	// and never appears in a request URL or a message.
	const login = takeLogin(start);
	const route: Route = {current: start, seen: new Set([start.href]), redirects: 0, permanent: true, warnings: []};
	try {
		for (;;) {
			checkHostHold(route.current);
			const headers = requestHeaders(route.current, options.validators, login);
			const response = await request(route.current, headers, budget, bounds);
			const verdict = classifyResponse(response.status, response.headers.get('retry-after'));
			if (verdict.kind !== 'ok') {
				cancel(response);
			}

			if (verdict.kind === 'redirect') {
				follow(route, response, bounds.maxRedirects);
				continue;
			}

			if (verdict.kind === 'error') {
				noteRateLimit(route.current, verdict.error);
				throw verdict.error;
			}

			if (verdict.kind === 'not-modified') {
				return {status: 'not-modified', finalUrl: route.current.href, validators: {...options.validators, ...readValidators(response)}, ...warningsOf(route), ...linkOf(response)};
			}

			try {
				return await okResult(response, route, budget, bounds);
			} catch (error) {
				cancel(response);
				throw error;
			}
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
