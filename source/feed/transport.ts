/**
The one HTTP transport. By default it is Node's core `node:http` / `node:https` (loaded on first use): the built-in
global `fetch` compiles Node's internal undici and instantiates its WASM parser on every run (~110 ms, more than
a whole `node -e 0`), and importing the undici package costs ~76 ms (perf-notes §1). When HTTP(S)_PROXY applies to
a URL (NO_PROXY is honoured), the undici package is loaded lazily and its `fetch` runs through an
`EnvHttpProxyAgent` with the same timeouts. The caller gets the same minimal fetch-like response shape either way:
a status, `headers.get(name)` and the body, read like a web ReadableStream, decoded (gzip, x-gzip, deflate, br).
The overall deadline, headers and body-idle timeouts are the caller's timers, through the AbortSignal.
*/
import type {Agent as HttpAgent, ClientRequest, IncomingMessage, request as httpRequest} from 'node:http';
import type {Socket} from 'node:net';
import process from 'node:process';
import {pipeline, type Transform} from 'node:stream';
import {contentCoding, createDecoder, firstChunk} from './decompress.js';
import {limits} from './limits.js';
import {pulledBody, type ResponseBody} from './pulled-body.js';

export type TransportResponse = {
	status: number;
	headers: {get(name: string): string | null};
	body: ResponseBody | null;
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
		maxHeaderSize: limits.maxHeaderBytes,
		// Plain http targets go to the proxy in absolute form (like curl); https targets always use CONNECT.
		proxyTunnel: false,
	});
	proxyState = {key, fetch: undici.fetch as unknown as FetchFunction, dispatcher};
	return proxyState;
}

/** GET `url` once, without following redirects. The body is left unread. */
export async function transportGet(url: string, request: TransportRequest): Promise<TransportResponse> {
	if (proxyFor(url) === undefined) {
		return coreGet(url, request);
	}

	const init: Record<string, unknown> = {
		method: 'GET',
		headers: request.headers,
		redirect: 'manual',
		signal: request.signal,
	};
	const state = await proxyTransport(request.headersTimeoutMs ?? limits.headersTimeoutMs, request.bodyIdleTimeoutMs ?? limits.bodyIdleTimeoutMs);
	return state.fetch(url, {...init, dispatcher: state.dispatcher});
}

// ------------------------------------------------------------------------------------------------------------------
// The default path: node:http / node:https.

/** Error codes the core transport gives that fetch-feed maps to named messages. */
const transportErrorCodes = {
	/** The connection closed (FIN) before the body was complete. */
	prematureClose: 'ERR_STREAM_PREMATURE_CLOSE',
	/** The server announced `Connection: close`, then closed before its Content-Length was reached. */
	contentLengthMismatch: 'ERR_CONTENT_LENGTH_MISMATCH',
} as const;

function codedError(code: string, message: string, cause?: unknown): Error {
	return Object.assign(new Error(message, cause === undefined ? undefined : {cause}), {code});
}

const connectionLossCodes = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', transportErrorCodes.prematureClose]);

/** A reset, a broken pipe, the response's 'aborted' or a premature close: the connection went away. */
function isConnectionLoss(error: unknown): boolean {
	const code = (error as {code?: unknown} | undefined)?.code;
	return typeof code === 'string' && connectionLossCodes.has(code);
}

/** Statuses whose body is always empty (as in fetch, which hands back a null body for them). */
const nullBodyStatuses = new Set([101, 204, 205, 304]);

// One keep-alive agent per protocol for the process: the reader refreshes many feeds, and redirects often stay on
// a host. Idle sockets are unref'd by Node's Agent (keepSocketAlive), so they never hold a one-shot run open, and
// are closed after limits.keepAliveIdleMs idle (undici's default keep-alive timeout).
const agents: {http?: HttpAgent; https?: HttpAgent} = {};

async function clientFor(protocol: string): Promise<{request: typeof httpRequest; agent: HttpAgent}> {
	if (protocol === 'https:') {
		const https = await import('node:https');
		agents.https ??= new https.Agent({keepAlive: true, timeout: limits.keepAliveIdleMs, maxSockets: limits.maxConcurrent});
		return {request: https.request, agent: agents.https};
	}

	const http = await import('node:http');
	agents.http ??= new http.Agent({keepAlive: true, timeout: limits.keepAliveIdleMs, maxSockets: limits.maxConcurrent});
	return {request: http.request, agent: agents.http};
}

/** Undici's connect timeout covers the TCP connect (the TLS handshake waits for the headers timer). */
function armConnectTimer(client: ClientRequest, socket: Socket): NodeJS.Timeout | undefined {
	if (!socket.connecting) {
		return undefined;
	}

	const timer = setTimeout(() => {
		client.destroy(codedError('ETIMEDOUT', 'connect timeout'));
	}, limits.connectTimeoutMs);
	socket.once('connect', () => {
		clearTimeout(timer);
	});
	return timer;
}

function headersOf(incoming: IncomingMessage): TransportResponse['headers'] {
	return {
		get(name: string): string | null {
			const values = incoming.headersDistinct[name.toLowerCase()];
			return values === undefined || values.length === 0 ? null : values.join(', ');
		},
	};
}

/**
Why a body read failed. A connection lost mid-body is one outcome whichever event came first (the socket's reset,
the response's 'aborted', a premature close): the classification reads only the response headers, never the
event order. Like undici: a server that said `Connection: close` and stopped short sent a short body; any other
close mid-body is a dropped connection.
*/
function bodyError(error: unknown, socketError: Error | undefined, incoming: IncomingMessage, headers: TransportResponse['headers']): unknown {
	const cause = socketError ?? error;
	if (!isConnectionLoss(cause) && !isConnectionLoss(error)) {
		return cause;
	}

	const declared = headers.get('content-length') !== null;
	const closing = /(?:^|,)\s*close\s*(?:,|$)/i.test(headers.get('connection') ?? '') || incoming.httpVersion === '1.0';
	return declared && closing
		? codedError(transportErrorCodes.contentLengthMismatch, 'response shorter than its Content-Length', error)
		: codedError(transportErrorCodes.prematureClose, 'connection closed before the response was complete', error);
}

async function coreGet(url: string, request: TransportRequest, retried = false): Promise<TransportResponse> {
	const target = new URL(url);
	// Never send a login in the URL (fetch-feed already moved it into an Authorization header).
	target.username = '';
	target.password = '';
	const {signal} = request;
	signal.throwIfAborted();
	const {request: send, agent} = await clientFor(target.protocol);
	signal.throwIfAborted();
	return new Promise<TransportResponse>((resolve, reject) => {
		const client = send(target, {method: 'GET', headers: request.headers, agent, maxHeaderSize: limits.maxHeaderBytes});
		let response: IncomingMessage | undefined;
		let body: ReturnType<typeof responseBody> | undefined;
		// A socket error (a reset, a parse error) seen after the headers: the reason a body read fails.
		let socketError: Error | undefined;
		let connectTimer: NodeJS.Timeout | undefined;

		const onAbort = () => {
			const reason = signal.reason instanceof Error ? signal.reason : codedError('ABORT_ERR', 'aborted');
			client.destroy(reason);
			body?.destroy(reason);
		};

		signal.addEventListener('abort', onAbort, {once: true});
		const finish = () => {
			clearTimeout(connectTimer);
			signal.removeEventListener('abort', onAbort);
		};

		client.on('socket', socket => {
			connectTimer = armConnectTimer(client, socket);
		});

		client.on('error', error => {
			if (response === undefined) {
				finish();
				const {code} = (error as {code?: unknown});
				// A kept-alive socket the server closed meanwhile: try once more on a fresh one (GET is idempotent).
				if (client.reusedSocket && !retried && !signal.aborted && (code === 'ECONNRESET' || code === 'EPIPE')) {
					resolve(coreGet(url, request, true));
					return;
				}

				reject(error);
				return;
			}

			socketError ??= error;
		});

		client.on('response', (incoming: IncomingMessage) => {
			clearTimeout(connectTimer);
			response = incoming;
			const status = incoming.statusCode ?? 0;
			const headers = headersOf(incoming);
			if (nullBodyStatuses.has(status)) {
				incoming.resume();
				incoming.on('error', () => {});
				finish();
				resolve({status, headers, body: null});
				return;
			}

			body = responseBody(incoming, headers.get('content-encoding'), {
				translate: error => (signal.aborted ? signal.reason as unknown : bodyError(error, socketError, incoming, headers)),
				done: finish,
			});
			resolve({status, headers, body: body.stream});
		});

		client.end();
	});
}

/**
The response body, pulled one chunk at a time as a web ReadableStream with highWaterMark 0 would be (nothing is
read or decoded ahead of the reader), without Node's web streams (pulled-body.ts). Cancelling it destroys the
decoder and the response, which closes the socket.
*/
function responseBody(
	incoming: IncomingMessage,
	contentEncoding: string | null,
	hooks: {translate(error: unknown): unknown; done(): void},
): {stream: ResponseBody; destroy(error: Error): void} {
	const coding = contentCoding(contentEncoding);
	let source: AsyncIterator<Buffer> | undefined;
	let decoder: Transform | undefined;
	let finished = false;
	// The response's own errors surface through the iterator; keep one listener so none is ever unhandled.
	incoming.on('error', () => {});

	const destroy = (error?: Error) => {
		decoder?.destroy(error);
		incoming.destroy(error);
		if (!finished) {
			finished = true;
			hooks.done();
		}
	};

	const open = async (): Promise<AsyncIterator<Buffer>> => {
		if (coding === undefined) {
			return incoming[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
		}

		const head = await firstChunk(incoming);
		if (head === null) {
			// An empty body needs no decoding (zlib would call it truncated).
			return incoming[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
		}

		incoming.unshift(head);
		decoder = await createDecoder(coding, head);
		decoder.on('error', () => {});
		pipeline(incoming, decoder, () => {});
		return decoder[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
	};

	const stream = pulledBody({
		async next() {
			try {
				source ??= await open();
				const next = await source.next();
				if (next.done) {
					if (!finished) {
						finished = true;
						hooks.done();
					}

					return undefined;
				}

				return new Uint8Array(next.value.buffer, next.value.byteOffset, next.value.byteLength);
			} catch (error) {
				destroy();
				throw hooks.translate(error);
			}
		},
		cancel() {
			destroy();
		},
	});

	return {stream, destroy};
}
