/**
A response body read one chunk per `read()`, as a web ReadableStream with highWaterMark 0 reads it, without
Node's web streams: making the first ReadableStream loads them (about 3 ms of every fetching run). The undici
path hands over its own ReadableStream, which has the same shape.
*/

export type BodyReader = {
	read(): Promise<ReadableStreamReadResult<Uint8Array>>;
	cancel(): Promise<void>;
};

export type ResponseBody = {
	getReader(): BodyReader;
	cancel(): Promise<void>;
};

type Source = {
	/** The next chunk, or undefined at the end. */
	next(): Promise<Uint8Array | undefined>;
	/** Stop reading and release the response (once). */
	cancel(): void;
};

type State = {kind: 'open'} | {kind: 'closed'} | {kind: 'errored'; error: unknown};

/** After the end or a cancel every read is done; after an error every read fails with it, as a web stream does. */
export function pulledBody(source: Source): ResponseBody {
	let state: State = {kind: 'open'};
	const read = async (): Promise<ReadableStreamReadResult<Uint8Array>> => {
		if (state.kind === 'closed') {
			return {done: true, value: undefined};
		}

		if (state.kind === 'errored') {
			throw state.error;
		}

		try {
			const value = await source.next();
			if (value === undefined) {
				state = {kind: 'closed'};
				return {done: true, value: undefined};
			}

			return {done: false, value};
		} catch (error) {
			state = {kind: 'errored', error};
			throw error;
		}
	};

	const cancel = async (): Promise<void> => {
		if (state.kind === 'open') {
			state = {kind: 'closed'};
			source.cancel();
		}
	};

	const reader: BodyReader = {read, cancel};
	return {getReader: () => reader, cancel};
}
