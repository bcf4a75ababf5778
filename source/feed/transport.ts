/**
The one HTTP transport. By default it is Node's built-in global `fetch` (undici, shipped precompiled: importing the
undici package costs about 76 ms per run, see perf-notes §1). When HTTP(S)_PROXY applies to a URL (NO_PROXY is honoured),
the undici package is loaded lazily and its `fetch` runs through an `EnvHttpProxyAgent` with the same timeouts.
The caller gets the same minimal response shape either way.
*/
import process from 'node:process';
import {limits} from './limits.js';

export type TransportResponse = {
	status: number;
	headers: {get(name: string): string | null};
	body: ReadableStream<Uint8Array> | null;
};

export type TransportRequest = {
	headers: Record<string, string>;
	signal: AbortSignal;
	/** Handed to the proxy dispatcher (the built-in fetch's own timeouts are enforced by the caller's timers). */
	headersTimeoutMs?: number;
	bodyIdleTimeoutMs?: number;
};

type FetchFunction = (url: string, init: Record<string, unknown>) => Promise<TransportResponse>;

const defaultPorts: Record<string, number> = {'http:': 80, 'https:': 443};

function environment(name: string): string | undefined {
	// Lowercase wins over uppercase, as in undici's EnvHttpProxyAgent.
	const value = process.env[name.toLowerCase()] ?? process.env[name.toUpperCase()];
	return value === undefined || value === '' ? undefined : value;
}

/** The proxy URL that applies to `url`, or undefined. Mirrors EnvHttpProxyAgent's rules (no CIDR ranges). */
export function proxyFor(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return undefined;
	}

	const httpProxy = environment('http_proxy');
	const proxy = parsed.protocol === 'https:' ? environment('https_proxy') ?? httpProxy : httpProxy;
	if (proxy === undefined) {
		return undefined;
	}

	const noProxy = environment('no_proxy') ?? '';
	if (noProxy.trim() === '*') {
		return undefined;
	}

	const hostname = parsed.host.replace(/:\d*$/, '').toLowerCase();
	const port = Number.parseInt(parsed.port, 10) || defaultPorts[parsed.protocol] || 0;
	for (const entry of noProxy.split(/[,\s]/)) {
		if (!entry) {
			continue;
		}

		const withPort = /^(.+):(\d+)$/.exec(entry);
		const entryHost = (withPort ? withPort[1]! : entry).replace(/^\*?\./, '').toLowerCase();
		const entryPort = withPort ? Number.parseInt(withPort[2]!, 10) : 0;
		if (entryPort && entryPort !== port) {
			continue;
		}

		if (hostname === entryHost || hostname.endsWith('.' + entryHost)) {
			return undefined;
		}
	}

	return proxy;
}

type ProxyState = {key: string; fetch: FetchFunction; dispatcher: unknown};
let proxyState: ProxyState | undefined;

async function proxyTransport(headersTimeout: number, bodyTimeout: number): Promise<ProxyState> {
	const key = ['http_proxy', 'https_proxy', 'no_proxy'].map(name => environment(name) ?? '').join('\n') + `\n${headersTimeout}\n${bodyTimeout}`;
	if (proxyState?.key === key) {
		return proxyState;
	}

	const undici = await import('undici');
	const dispatcher = new undici.EnvHttpProxyAgent({
		connect: {timeout: limits.connectTimeoutMs},
		headersTimeout,
		bodyTimeout,
		maxHeaderSize: 16 * 1024,
		// Plain http targets go to the proxy in absolute form (like curl); https targets always use CONNECT.
		proxyTunnel: false,
	} as ConstructorParameters<typeof undici.EnvHttpProxyAgent>[0]);
	proxyState = {key, fetch: undici.fetch as unknown as FetchFunction, dispatcher};
	return proxyState;
}

/** GET `url` once, without following redirects. The body is left unread. */
export async function transportGet(url: string, request: TransportRequest): Promise<TransportResponse> {
	const init: Record<string, unknown> = {
		method: 'GET',
		headers: request.headers,
		redirect: 'manual',
		signal: request.signal,
	};
	if (proxyFor(url) === undefined) {
		return (globalThis.fetch as unknown as FetchFunction)(url, init);
	}

	const state = await proxyTransport(request.headersTimeoutMs ?? limits.headersTimeoutMs, request.bodyIdleTimeoutMs ?? limits.bodyIdleTimeoutMs);
	return state.fetch(url, {...init, dispatcher: state.dispatcher});
}
