/**
The REST API state of a WordPress site, and how a response or an error maps to it (issue 11 §7):
`ok`, `unavailable: <reason>` or `unknown`. Each of these means feed-only mode with a one-line reason:
- 401, 403 or 404 with a `rest_*` code (`rest_not_logged_in`, `rest_disabled`, `rest_no_route`…);
- `cf-mitigated: challenge` (never retried before its time);
- HTML (or anything not JSON) where JSON should be;
- a timeout; and any other failure, named.
*/
import type {FeedError} from '../feed/errors.js';
import {sanitizeLine} from '../feed/sanitize.js';
import {limits} from '../feed/limits.js';
import type {RestResponse} from './rest-get.js';

export type ApiState
	= | {state: 'ok'; root: string; checkedAt: string}
		| {state: 'unavailable'; reason: string; checkedAt: string; retryAt?: string}
		| {state: 'unknown'};

export type Verdict = {ok: true; json: unknown} | {ok: false; reason: string; retryAt?: Date; final: boolean};

/**
Classify a REST response. `final: false` means "this root is wrong, try the next candidate" (HTML at `/wp-json/` on a
plain-permalink site, a 404 without a `rest_` code); `final: true` means the API itself said no.
*/
export function classifyResponse(response: Pick<RestResponse, 'status' | 'headers' | 'contentType' | 'text'>): Verdict {
	if ((response.headers.get('cf-mitigated') ?? '').toLowerCase() === 'challenge') {
		return {ok: false, reason: `Cloudflare challenge (HTTP ${response.status})`, final: true};
	}

	const isJson = /^application\/(?:[\w.+-]+\+)?json\b/.test(response.contentType);
	const json = isJson ? parseJson(response.text) : undefined;
	const code = restCode(json);
	if (response.status >= 200 && response.status < 300) {
		if (isJson && json === undefined) {
			return {ok: false, reason: 'invalid JSON (truncated?)', final: true};
		}

		if (json === undefined) {
			return {ok: false, reason: /^\s*</.test(response.text) ? 'HTML where JSON should be' : 'not JSON', final: false};
		}

		return {ok: true, json};
	}

	if (code !== undefined && [401, 403, 404].includes(response.status)) {
		return {ok: false, reason: `HTTP ${response.status} ${code}`, final: code !== 'rest_no_route'};
	}

	if (code === 'rest_post_invalid_page_number') {
		return {ok: false, reason: code, final: true};
	}

	return {ok: false, reason: `HTTP ${response.status}${code === undefined ? '' : ` ${code}`}`, final: response.status !== 404};
}

/** A thrown FeedError (timeout, rate limit, network, size) as a reason. */
export function classifyError(error: FeedError): Verdict & {ok: false} {
	if (error.code === 'timeout') {
		return {ok: false, reason: 'timeout', final: true};
	}

	return {ok: false, reason: sanitizeLine(error.message, limits.shownNameMax), ...(error.retryAt ? {retryAt: error.retryAt} : {}), final: true};
}

/** Whether the state must be checked again now: unknown; ok older than a week; unavailable older than an hour and past its retry time. */
export function apiStateDue(state: ApiState, now = Date.now()): boolean {
	if (state.state === 'unknown') {
		return true;
	}

	const age = now - Date.parse(state.checkedAt);
	if (!Number.isFinite(age) || age < 0) {
		return true;
	}

	if (state.state === 'ok') {
		return age >= limits.wpApiOkMaxAgeMs;
	}

	const retryAt = state.retryAt === undefined ? Number.NaN : Date.parse(state.retryAt);
	return Number.isFinite(retryAt) ? now >= retryAt && age >= 0 : age >= limits.wpApiFailedMaxAgeMs;
}

/** `ok`, `unavailable: <reason>` or `unknown`: the one-line form `feeds` shows. */
export function describeApiState(state: ApiState): string {
	return state.state === 'unavailable' ? `unavailable: ${sanitizeLine(state.reason, limits.shownNameMax)}` : state.state;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return undefined;
	}
}

function restCode(json: unknown): string | undefined {
	const code = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as {code?: unknown}).code : undefined;
	return typeof code === 'string' && /^rest_\w{1,60}$/.test(code) ? code : undefined;
}
