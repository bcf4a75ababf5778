/**
Content-decoding for the core-http transport: at most one coding from gzip, x-gzip, deflate (zlib-wrapped or raw)
and br. Anything else is left undecoded (fetch-feed refuses it by name). The decoders are zlib streams, so output is
produced only as fast as the reader pulls it (zlib honours backpressure inside one input chunk): a bomb is stopped
by the caller's decoded-byte cap before it grows.
*/
import type {Readable, Transform} from 'node:stream';

export const supportedCodings = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/** The one coding to undo, or undefined for identity, none, several or an unknown one (left for the caller to refuse). */
export function contentCoding(header: string | null): string | undefined {
	const codings = (header ?? '').split(',').map(coding => coding.trim().toLowerCase()).filter(coding => coding !== '' && coding !== 'identity');
	return codings.length === 1 && supportedCodings.has(codings[0]!) ? codings[0] : undefined;
}

/** A zlib-wrapped deflate stream starts with a CMF byte whose low nibble is 8 and a CMF/FLG pair divisible by 31. */
function isZlibWrapped(head: Uint8Array): boolean {
	const cmf = head[0];
	if (cmf === undefined || (cmf & 0x0F) !== 8 || (cmf >> 4) > 7) {
		return false;
	}

	const flg = head[1];
	return flg === undefined || ((cmf << 8) | flg) % 31 === 0;
}

/** A decoder for `coding`; `head` is the first bytes of the body (needed to tell zlib-wrapped from raw deflate). */
export async function createDecoder(coding: string, head: Uint8Array): Promise<Transform> {
	const zlib = await import('node:zlib');
	switch (coding) {
		case 'br': {
			return zlib.createBrotliDecompress();
		}

		case 'deflate': {
			return isZlibWrapped(head) ? zlib.createInflate() : zlib.createInflateRaw();
		}

		default: {
			return zlib.createGunzip();
		}
	}
}

/** Wait for the first chunk of `stream` (or its end); null at the end. Errors reject. */
export async function firstChunk(stream: Readable): Promise<Buffer | null> {
	for (;;) {
		if (stream.errored) {
			throw stream.errored;
		}

		const chunk = stream.read() as Buffer | null;
		if (chunk !== null) {
			return chunk;
		}

		if (stream.readableEnded || stream.destroyed) {
			return null;
		}

		await new Promise<void>((resolve, reject) => {
			const done = () => {
				stream.off('readable', done);
				stream.off('end', done);
				stream.off('close', done);
				stream.off('error', failed);
				resolve();
			};

			const failed = (error: Error) => {
				stream.off('readable', done);
				stream.off('end', done);
				stream.off('close', done);
				stream.off('error', failed);
				reject(error);
			};

			stream.on('readable', done);
			stream.on('end', done);
			stream.on('close', done);
			stream.on('error', failed);
		});
	}
}
