import http from 'node:http';
import net from 'node:net';

export type Route
	= | {status?: number; headers?: Record<string, string>; body?: string | Buffer}
		| ((request: http.IncomingMessage, response: http.ServerResponse) => void);

export type RoutesServer = {
	origin: string;
	url(path: string): string;
	/** Every request received, in arrival order. */
	requests: Array<{path: string; headers: http.IncomingHttpHeaders}>;
	close(): Promise<void>;
};

export type RawServer = {
	origin: string;
	url(path: string): string;
	close(): Promise<void>;
};

function trackSockets(server: net.Server): Set<net.Socket> {
	const sockets = new Set<net.Socket>();
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	return sockets;
}

async function listen(server: net.Server): Promise<string> {
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address() as net.AddressInfo;
	return `http://127.0.0.1:${address.port}`;
}

async function closeServer(server: net.Server, sockets: Set<net.Socket>): Promise<void> {
	for (const socket of sockets) {
		socket.destroy();
	}

	await new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
}

/** Serve fixed routes (or handler functions) on 127.0.0.1. Unknown paths answer 404. */
export async function serveRoutes(routes: Record<string, Route>): Promise<RoutesServer> {
	const requests: RoutesServer['requests'] = [];
	const server = http.createServer((request, response) => {
		const path = request.url ?? '/';
		requests.push({path, headers: request.headers});
		const route = routes[path];
		if (route === undefined) {
			response.writeHead(404, {'content-type': 'text/plain'});
			response.end('not found');
			return;
		}

		if (typeof route === 'function') {
			route(request, response);
			return;
		}

		response.writeHead(route.status ?? 200, route.headers ?? {});
		response.end(route.body ?? '');
	});
	const sockets = trackSockets(server);
	const origin = await listen(server);
	return {
		origin,
		url: path => origin + path,
		requests,
		close: async () => closeServer(server, sockets),
	};
}

/** A raw TCP server: reads the request head, then hands the socket over for byte-exact (broken) replies. */
export async function serveRaw(handler: (socket: net.Socket, request: string) => void): Promise<RawServer> {
	const server = net.createServer(socket => {
		let head = '';
		let handed = false;
		socket.on('error', () => {});
		const onData = (chunk: Buffer) => {
			head += chunk.toString('latin1');
			const end = head.indexOf('\r\n\r\n');
			if (end !== -1 && !handed) {
				handed = true;
				socket.off('data', onData);
				handler(socket, head.slice(0, end + 4));
			}
		};

		socket.on('data', onData);
	});
	const sockets = trackSockets(server);
	const origin = await listen(server);
	return {
		origin,
		url: path => origin + path,
		close: async () => closeServer(server, sockets),
	};
}
