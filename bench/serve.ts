/**
A loopback feed server for the benchmarks (node:http in the bench process; the measured CLI is always a
separate process). Serves fixed bodies like a WordPress site would: content-type, ETag and Last-Modified,
answering conditional GETs with 304.
*/
import {createHash} from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

export type FeedServer = {
	origin: string;
	/** Add or replace a route; returns its absolute URL. */
	add(pathname: string, body: string | Buffer): string;
	/** Requests answered, by status. */
	counts: {ok: number; notModified: number; notFound: number};
	close(): Promise<void>;
};

/** A server on `host` (a loopback address: 127.0.0.2 and up stand for other sites). */
export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
	const routes = new Map<string, {body: Buffer; etag: string; lastModified: string}>();
	const counts = {ok: 0, notModified: 0, notFound: 0};
	const sockets = new Set<net.Socket>();
	const server = http.createServer((request, response) => {
		const route = routes.get((request.url ?? '/').split('?')[0]!);
		if (!route) {
			counts.notFound++;
			response.writeHead(404, {'content-type': 'text/plain'});
			response.end('not found');
			return;
		}

		if (request.headers['if-none-match'] === route.etag || request.headers['if-modified-since'] === route.lastModified) {
			counts.notModified++;
			response.writeHead(304, {etag: route.etag, 'last-modified': route.lastModified});
			response.end();
			return;
		}

		counts.ok++;
		response.writeHead(200, {
			'content-type': 'application/rss+xml; charset=UTF-8',
			'content-length': String(route.body.length),
			etag: route.etag,
			'last-modified': route.lastModified,
		});
		response.end(route.body);
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, host, () => {
			resolve();
		});
	});
	const {port} = server.address() as net.AddressInfo;
	const origin = `http://${host}:${port}`;
	return {
		origin,
		counts,
		add(pathname, body) {
			const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
			routes.set(pathname, {
				body: buffer,
				etag: '"' + createHash('sha1').update(buffer).digest('hex').slice(0, 16) + '"',
				lastModified: 'Wed, 25 Nov 2026 22:15:00 GMT',
			});
			return origin + pathname;
		},
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}
